/*!
The `mokuhyo` command line: thin glue over the pipeline crates.

`args` says what the user asked for, `cmd` holds one module per subcommand, `input` and
`output` touch the file system (`stdio` makes `-` standard input and output), `messages`
prints what went wrong, `warnings` prints what was found, and `hints` tells inputs that are
something else than a report. The work itself happens in
`mokuhyo-parse` (bytes → report) and `mokuhyo-export` (report → validated JSON, files).
*/

/// mimalloc instead of the system allocator: a report is parsed into many small, short-lived
/// strings and vectors, and the system allocator took about a fifth of a batch's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod cmd;
mod hints;
mod input;
mod lock;
mod messages;
mod outdir;
mod output;
mod publish;
mod sheets;
mod signals;
mod stdio;
mod warnings;

use clap::{CommandFactory, Parser};

fn main() -> std::process::ExitCode {
    // Before any other thread starts, so that every thread inherits the signal mask.
    signals::install();
    // Usage errors exit with 2 inside `parse`, as clap does by default.
    let args = args::Args::parse();
    if let Some((subcommand, why)) = stdio::misuse(&args.command) {
        // Worded as clap words its own usage errors, with the subcommand's usage line.
        let mut command = args::Args::command();
        command.build();
        let command = command
            .find_subcommand_mut(subcommand)
            .expect("misuse names a subcommand");
        command
            .error(clap::error::ErrorKind::ArgumentConflict, why)
            .exit();
    }
    cmd::run(args.command).into()
}
