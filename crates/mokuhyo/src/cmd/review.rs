//! `mokuhyo review FILE -o PAGE.html`: one report → a self-contained page to check it by eye.

use super::Exit;
use crate::args::ReviewArgs;
use crate::{input, messages, output};

pub fn run(args: &ReviewArgs) -> Exit {
    let name = args.file.display().to_string();
    let (bytes, report, pages) =
        match input::read_report_with_pages(&args.file, args.limits.max_input_bytes) {
            Ok(r) => r,
            Err(why) => return messages::fail(&name, why),
        };
    let mut html = mokuhyo_export::review_html(&bytes, &report);
    // A PDF's pages, drawn from what was read, go at the end of the page.
    if let Some(end) = html.rfind("</body>") {
        html.insert_str(end, &pages);
    }
    output::to_file(&args.output, html.as_bytes())
}
