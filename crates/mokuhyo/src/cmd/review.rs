//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use std::io::IsTerminal;

use super::Exit;
use crate::args::ReviewArgs;
use crate::stdio::{self, Input};
use crate::{messages, sheets};

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
        report,
        pages,
        ..
    } = match super::read_one(
        &input,
        sheet.as_deref(),
        true,
        args.limits.max_input_bytes,
        &args.place,
        &args.warnings,
        &command,
    ) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    // Streamed: the page is never whole in memory. A PDF's pages, drawn from what was read,
    // go at its end.
    stdio::write(args.output.as_deref(), &file, |out| {
        mokuhyo_export::write_review_with(out, &bytes, &report, &pages)
    })
}
