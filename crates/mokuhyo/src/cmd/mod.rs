//! One module per subcommand; each reports its own problems and returns an [`Exit`].

mod batch;
mod parse;
mod review;
mod schema;
mod validate;

use std::process::ExitCode;

use crate::args::{Command, Place, WarningArgs};
use crate::stdio::Input;
use crate::{messages, sheets, warnings};

/// How a run ended. Usage errors never get here: clap exits with 2 before any command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked: exit 0.
    Success,
    /// At least one file failed, and was reported: exit 1.
    Failure,
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        match e {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Failure => ExitCode::from(1),
        }
    }
}

/// Runs `command`.
pub fn run(command: Command) -> Exit {
    match command {
        Command::Parse(args) => parse::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Schema => schema::run(),
    }
}

/// What `parse` and `review` share: the one report of `input` (the sheet `sheet`, or the only
/// report; with `view`, a PDF's drawn pages too), its municipality set from `place`, its
/// warnings printed, `--strict` applied. `command` is the command line with `{sheet}` where
/// `--sheet NAME` goes, for the hint when several sheets hold a report. Every failure is
/// reported here; the caller only returns the [`Exit`].
fn read_one(
    input: &Input<'_>,
    sheet: Option<&str>,
    view: bool,
    limit: u64,
    place: &Place,
    opts: &WarningArgs,
    command: &str,
) -> Result<sheets::Parsed, Exit> {
    let name = input.name();
    let found = input
        .read_all(limit, view)
        .map_err(|why| messages::fail(name, why))?;
    sheets::note_skipped(name, &found.skipped, opts.verbose);
    let mut parsed =
        sheets::pick(found, sheet, command).map_err(|why| messages::fail(name, why))?;
    place.apply(&mut parsed.report);
    warnings::print(name, &parsed.report.diagnostics, opts);
    if let Some(why) = warnings::strict_failure(&parsed.report.diagnostics, opts) {
        return Err(messages::fail(name, why));
    }
    Ok(parsed)
}
