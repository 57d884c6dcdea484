//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use super::Exit;
use crate::args::ReviewArgs;
use crate::{input, messages, output};

pub fn run(args: &ReviewArgs) -> Exit {
    let name = args.file.display().to_string();
    let (bytes, mut report) = match input::read_report(&args.file, args.limits.max_input_bytes) {
        Ok(r) => r,
        Err(why) => return messages::fail(&name, why),
    };
    args.place.apply(&mut report);
    let html = mokuhyo_export::review_html(&bytes, &report);
    output::to_file(&args.output, &args.file, html.as_bytes())
}
