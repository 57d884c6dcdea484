//! `mokuhyo schema`: print the JSON Schema.

use super::Exit;
use crate::output;

pub fn run() -> Exit {
    output::to_stdout(mokuhyo_export::SCHEMA.as_bytes())
}
