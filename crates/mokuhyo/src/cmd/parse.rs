//! `mokuhyo parse FILE [-o OUT]`: one report → one validated JSON document.

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ParseArgs;
use crate::{input, messages, output};

pub fn run(args: &ParseArgs) -> Exit {
    let name = args.file.display().to_string();
    let (_, mut report) = match input::read_report(&args.file, args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(&name, why),
    };
    args.place.apply(&mut report);
    // Checked on the report's tape, then written as it is serialized: the text of a large
    // document is never held whole in memory.
    match Validator::new().validate_report(&report) {
        Ok(()) => {}
        Err(violations) => {
            // The parser produced something outside the contract: a bug, but the user's data
            // must not leave as if it were fine.
            for v in &violations {
                messages::error(&name, format_args!("output breaks the schema: {v}"));
            }
            return Exit::Failure;
        }
    }
    output::write(args.output.as_deref(), Some(&args.file), |out| {
        mokuhyo_export::write_json(&report, out)
    })
}
