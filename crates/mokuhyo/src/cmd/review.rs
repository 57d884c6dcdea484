//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use std::io::IsTerminal;

use super::Exit;
use crate::args::ReviewArgs;
use crate::stdio::{self, Input};
use crate::{messages, sheets, warnings};

pub fn run(args: &ReviewArgs) -> Exit {
    let (file, sheet) = sheets::target(&args.file, args.sheet.as_deref());
    let input = Input::new(&file, args.name.as_deref());
    let name = input.name();
    if args.output.is_none() && std::io::stdout().is_terminal() {
        // A page of HTML is no use on a terminal; say where it could go instead.
        return messages::fail(
            name,
            "not writing an HTML page to the terminal: give -o PAGE.html, or redirect stdout \
             (> page.html)",
        );
    }
    let found = match input.read_all(args.limits.max_input_bytes, true) {
        Ok(r) => r,
        Err(why) => return messages::fail(name, why),
    };
    sheets::note_skipped(name, &found.skipped, args.warnings.verbose);
    let output = match &args.output {
        Some(o) => format!(" -o {}", crate::hints::shell_word(&o.to_string_lossy())),
        None => " > page.html".into(),
    };
    let command = format!(
        "mokuhyo review {{sheet}} {}{output}",
        crate::hints::shell_word(&file.to_string_lossy())
    );
    let sheets::Parsed {
        bytes,
        mut report,
        pages,
        ..
    } = match sheets::pick(found, sheet.as_deref(), &command) {
        Ok(p) => p,
        Err(why) => return messages::fail(name, why),
    };
    args.place.apply(&mut report);
    warnings::print(name, &report.diagnostics, &args.warnings);
    if let Some(why) = warnings::strict_failure(&report.diagnostics, &args.warnings) {
        return messages::fail(name, why);
    }
    // Streamed: the page is never whole in memory. A PDF's pages, drawn from what was read,
    // go at its end.
    stdio::write(args.output.as_deref(), &file, |out| {
        mokuhyo_export::write_review_with(out, &bytes, &report, &pages)
    })
}
