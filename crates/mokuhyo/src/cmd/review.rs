//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use super::Exit;
use crate::args::ReviewArgs;
use crate::{input, messages, output};

pub fn run(args: &ReviewArgs) -> Exit {
    let name = args.file.display().to_string();
    let bytes = match input::read(&args.file) {
        Ok(b) => b,
        Err(why) => return messages::fail(&name, why),
    };
    let file = args.file.to_string_lossy();
    let report = match mokuhyo_parse::parse(&bytes, &file) {
        Ok(p) => p.report,
        Err(e) => return messages::fail(&name, e),
    };
    let html = mokuhyo_export::review_html(&bytes, &report);
    output::to_file(&args.output, html.as_bytes())
}
