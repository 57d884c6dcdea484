//! `mokuhyo validate FILE.json...`: check documents against the schema.

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ValidateArgs;
use crate::stdio::Input;
use crate::{messages, output};

pub fn run(args: &ValidateArgs) -> Exit {
    let validator = Validator::new();
    let mut exit = Exit::Success;
    for path in &args.files {
        // One bad file is reported and the rest are still checked.
        let input = Input::new(path, args.name.as_deref());
        if !check(&validator, &input, args.limits.max_input_bytes) {
            exit = Exit::Failure;
        }
    }
    exit
}

/// Checks one document of at most `limit` bytes, reporting the outcome; whether it is valid.
fn check(validator: &Validator, input: &Input<'_>, limit: u64) -> bool {
    let name = input.name();
    let bytes = match input.read(limit) {
        Ok(b) => b,
        Err(why) => {
            messages::error(name, why);
            return false;
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        messages::error(name, "file is empty");
        return false;
    }
    let doc: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            messages::error(name, format_args!("not JSON: {e}"));
            return false;
        }
    };
    match validator.validate(&doc) {
        Ok(()) => output::line_to_stdout(format_args!("{name}: ok")),
        Err(violations) => {
            for v in &violations {
                messages::error(name, v);
            }
            false
        }
    }
}
