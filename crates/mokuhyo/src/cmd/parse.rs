//! `mokuhyo parse FILE [-o OUT]`: one report → one validated JSON document.

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ParseArgs;
use crate::stdio::{self, Input};
use crate::{messages, warnings};

pub fn run(args: &ParseArgs) -> Exit {
    let input = Input::new(&args.file, args.name.as_deref());
    let name = input.name();
    let (_, report) = match input.read_report(args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(name, why),
    };
    warnings::print(name, &report.diagnostics, &args.warnings);
    if let Some(why) = warnings::strict_failure(&report.diagnostics, &args.warnings) {
        return messages::fail(name, why);
    }
    let json = match Validator::new().to_valid_json(&report) {
        Ok(json) => json,
        Err(violations) => {
            // The parser produced something outside the contract: a bug, but the user's data
            // must not leave as if it were fine.
            for v in &violations {
                messages::error(name, format_args!("output breaks the schema: {v}"));
            }
            return Exit::Failure;
        }
    };
    stdio::write(args.output.as_deref(), json.as_bytes())
}
