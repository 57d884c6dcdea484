//! `mokuhyo parse FILE [-o OUT]`: one report → one validated JSON document.

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ParseArgs;
use crate::{input, messages, output};

pub fn run(args: &ParseArgs) -> Exit {
    let name = args.file.display().to_string();
    if args.grid {
        return grid_text(args, &name);
    }
    let (_, report) = match input::read_report(&args.file, args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(&name, why),
    };
    let json = match Validator::new().to_valid_json(&report) {
        Ok(json) => json,
        Err(violations) => {
            // The parser produced something outside the contract: a bug, but the user's data
            // must not leave as if it were fine.
            for v in &violations {
                messages::error(&name, format_args!("output breaks the schema: {v}"));
            }
            return Exit::Failure;
        }
    };
    match &args.output {
        Some(out) => output::to_file(out, json.as_bytes()),
        None => output::to_stdout(json.as_bytes()),
    }
}

/// `parse --grid`: the text rebuilt from a PDF or workbook, as the parser reads it.
fn grid_text(args: &ParseArgs, name: &str) -> Exit {
    let bytes = match input::read(&args.file, args.limits.max_input_bytes) {
        Ok(b) => b,
        Err(why) => return messages::fail(name, why),
    };
    let Some(format) = mokuhyo_grid::sniff(&bytes) else {
        return messages::fail(
            name,
            "not a PDF or workbook: --grid shows the cell grid of one",
        );
    };
    let text = match mokuhyo_grid::report::rebuilt_text(&bytes, format) {
        Ok(t) => t,
        Err(why) => return messages::fail(name, why),
    };
    match &args.output {
        Some(out) => output::to_file(out, text.as_bytes()),
        None => output::to_stdout(text.as_bytes()),
    }
}
