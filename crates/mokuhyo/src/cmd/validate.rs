//! `mokuhyo validate FILE.json...`: check documents against the schema.

use std::path::Path;

use mokuhyo_export::Validator;

use super::Exit;
use crate::args::ValidateArgs;
use crate::{input, messages, output};

pub fn run(args: &ValidateArgs) -> Exit {
    let validator = Validator::new();
    let mut exit = Exit::Success;
    for path in &args.files {
        // One bad file is reported and the rest are still checked.
        if !check(&validator, path, args.limits.max_input_bytes) {
            exit = Exit::Failure;
        }
    }
    exit
}

/// Checks one document of at most `limit` bytes, reporting the outcome; whether it is valid.
fn check(validator: &Validator, path: &Path, limit: u64) -> bool {
    let name = path.display().to_string();
    let bytes = match input::read(path, limit) {
        Ok(b) => b,
        Err(why) => {
            messages::error(&name, why);
            return false;
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        messages::error(&name, "file is empty");
        return false;
    }
    let doc: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(doc) => doc,
        Err(e) => {
            messages::error(&name, format_args!("not JSON: {e}"));
            return false;
        }
    };
    match validator.validate(&doc) {
        Ok(()) => output::line_to_stdout(format_args!("{name}: ok")),
        Err(violations) => {
            for v in &violations {
                messages::error(&name, v);
            }
            false
        }
    }
}
