/*!
The `mokuhyo` command line: thin glue over the pipeline crates.

`args` says what the user asked for, `cmd` holds one module per subcommand, `input` and
`output` touch the file system, `messages` prints what went wrong. The work itself happens in
`mokuhyo-parse` (bytes → report) and `mokuhyo-export` (report → validated JSON, files).
*/

/// mimalloc instead of the system allocator: a report is parsed into many small, short-lived
/// strings and vectors, and the system allocator took about a fifth of a batch's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod cmd;
mod input;
mod lock;
mod messages;
mod outdir;
mod output;
mod publish;
mod signals;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Before any other thread starts, so that every thread inherits the signal mask.
    signals::install();
    // Usage errors exit with 2 inside `parse`, as clap does by default.
    let args = args::Args::parse();
    cmd::run(args.command).into()
}
