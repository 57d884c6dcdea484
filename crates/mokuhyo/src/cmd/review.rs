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
    let (bytes, mut report) = match input.read_report(args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(name, why),
    };
    args.place.apply(&mut report);
    warnings::print(name, &report.diagnostics, &args.warnings);
    if let Some(why) = warnings::strict_failure(&report.diagnostics, &args.warnings) {
        return messages::fail(name, why);
    }
    // Streamed: the page is never whole in memory.
    stdio::write(args.output.as_deref(), &args.file, |out| {
        mokuhyo_export::write_review(out, &bytes, &report)
    })
}
