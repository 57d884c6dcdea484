//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use super::Exit;
use crate::args::ReviewArgs;
use crate::{input, messages, output};

pub fn run(args: &ReviewArgs) -> Exit {
    let name = args.file.display().to_string();
    let (bytes, report) = match input::read_report(&args.file, args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(&name, why),
    };
    // Streamed: the page is never whole in memory.
    output::to_file_with(&args.output, |w| {
        mokuhyo_export::write_review(w, &bytes, &report)
    })
}
