//! One module per subcommand; each reports its own problems and returns an [`Exit`].

mod batch;
mod parse;
mod review;
mod schema;
mod validate;

use std::process::ExitCode;

use crate::args::Command;

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
