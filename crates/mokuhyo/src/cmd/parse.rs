//! `mokuhyo parse FILE [-o OUT]`: one report → one validated JSON document.

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ParseArgs;
use crate::stdio::{self, Input};
use crate::{messages, sheets};

pub fn run(args: &ParseArgs) -> Exit {
    let (file, sheet) = sheets::target(&args.file, args.sheet.as_deref());
    let input = Input::new(&file, args.name.as_deref());
    let name = input.name();
    if args.grid {
        return grid_text(args, &input, &file, sheet.as_deref());
    }
    let command = format!(
        "mokuhyo parse {{sheet}} {}",
        crate::hints::shell_word(&file.to_string_lossy())
    );
    let report = match super::read_one(
        &input,
        sheet.as_deref(),
        false,
        args.limits.max_input_bytes,
        &args.place,
        &args.warnings,
        &command,
    ) {
        Ok(p) => p.report,
        Err(exit) => return exit,
    };
    // Checked on the report's tape, then written as it is serialized: the text of a large
    // document is never held whole in memory.
    match Validator::new().validate_report(&report) {
        Ok(()) => {}
        Err(violations) => {
            // The parser produced something outside the contract: a bug, but the user's data
            // must not leave as if it were fine.
            for v in &violations {
                messages::error(name, format_args!("output breaks the schema: {v}"));
            }
            return Exit::Failure;
        }
    }
    stdio::write(args.output.as_deref(), &file, |out| {
        mokuhyo_export::write_json(&report, out)
    })
}

/// `parse --grid`: the text rebuilt from a PDF or workbook, as the parser reads it; of one
/// sheet when `sheet` names it.
fn grid_text(
    args: &ParseArgs,
    input: &Input<'_>,
    file: &std::path::Path,
    sheet: Option<&str>,
) -> Exit {
    let name = input.name();
    let bytes = match input.read(args.limits.max_input_bytes) {
        Ok(b) => b,
        Err(why) => return messages::fail(name, why),
    };
    let Some(format) = mokuhyo_grid::sniff(&bytes) else {
        return messages::fail(
            name,
            "not a PDF or workbook: --grid shows the cell grid of one",
        );
    };
    if sheet.is_some() && format == mokuhyo_grid::Format::Pdf {
        return messages::fail(name, sheets::NOT_A_WORKBOOK);
    }
    let text = match mokuhyo_grid::report::rebuilt_text(&bytes, format, sheet) {
        Ok(t) => t,
        Err(why) => return messages::fail(name, why),
    };
    stdio::write(args.output.as_deref(), file, |out| {
        out.write_all(text.as_bytes())
    })
}
