//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use std::io::IsTerminal;

use super::Exit;
use crate::args::ReviewArgs;
use crate::stdio::{self, Input};
use crate::{messages, warnings};

pub fn run(args: &ReviewArgs) -> Exit {
    let input = Input::new(&args.file, args.name.as_deref());
    let name = input.name();
    if args.output.is_none() && std::io::stdout().is_terminal() {
        // A page of HTML is no use on a terminal; say where it could go instead.
        return messages::fail(
            name,
            "not writing an HTML page to the terminal: give -o PAGE.html, or redirect stdout \
             (> page.html)",
        );
    }
    let (bytes, mut report, pages) = match input.read_report_with_pages(args.limits.max_input_bytes)
    {
        Ok(r) => r,
        Err(why) => return messages::fail(name, why),
    };
    args.place.apply(&mut report);
    warnings::print(name, &report.diagnostics, &args.warnings);
    if let Some(why) = warnings::strict_failure(&report.diagnostics, &args.warnings) {
        return messages::fail(name, why);
    }
    if pages.is_empty() {
        // Streamed: the page is never whole in memory.
        return stdio::write(args.output.as_deref(), &args.file, |out| {
            mokuhyo_export::write_review(out, &bytes, &report)
        });
    }
    // A PDF's pages, drawn from what was read, go at the end of the page.
    let mut html = Vec::new();
    if let Err(e) = mokuhyo_export::write_review(&mut html, &bytes, &report) {
        return messages::fail(name, format_args!("cannot make the page: {e}"));
    }
    let end = html
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    html.splice(end..end, pages.into_bytes());
    stdio::write(args.output.as_deref(), &args.file, |out| {
        out.write_all(&html)
    })
}
