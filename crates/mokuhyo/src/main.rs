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
/// On Linux, blocks of several MiB are mapped on their own, so that a long list grows
/// without a copy (`alloc`).
#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

/// mimalloc's `mi_option_purge_delay`: its place in `mi_option_e` (`mimalloc.h` of mimalloc
/// 3, which the bindings build); the bindings name only some of the options.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory stays with the allocator before it goes back to the system, in
/// milliseconds: mimalloc 2's default. mimalloc 3 keeps it for a second, and lists under
/// [`alloc::BIG`] (all lists, off Linux) grow by copying, so the old copies of the last
/// second stayed resident beside the new ones: a quarter more peak memory on a report of
/// many sections, before big blocks were mapped on their own, for no time gained
/// (`MIMALLOC_PURGE_DELAY` still decides when it is set).
const PURGE_DELAY_MS: std::ffi::c_long = 10;

/// Sets the allocator's options; first thing in `main`.
fn configure_allocator() {
    purge_freed_memory_soon();
    no_transparent_huge_pages();
}

/// Freed memory goes back to the system after [`PURGE_DELAY_MS`] (unless the environment
/// sets the delay: `MIMALLOC_PURGE_DELAY`).
fn purge_freed_memory_soon() {
    // SAFETY: sets one integer option, which mimalloc reads at each purge; called first thing
    // in `main`, before any other thread runs. A value from the environment stays.
    unsafe { libmimalloc_sys::mi_option_set_default(PURGE_DELAY, PURGE_DELAY_MS) };
}

/// On Linux, turns transparent huge pages off for the process (unless `MIMALLOC_ALLOW_THP`
/// is set): where the kernel gives them (to memory mimalloc asks them for with `madvise`, or
/// to all memory under the `always` setting), it zeroes 2 MiB at each first touch of memory
/// a run mostly never fills. A batch of 200 small reports peaked at 41 MiB with them
/// and 19 MiB without, a 60 MB report at 341 and 321 MiB, in the same time. The prctl flag
/// holds for every later fault, in mappings made before too.
fn no_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with integer arguments only; a failure leaves huge pages on.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

mod alloc;
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
    configure_allocator();
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

#[cfg(test)]
mod tests {
    /// The option set is the purge delay: mimalloc 3 starts it at 1000 ms (this test binary
    /// never runs `main`, and no other test sets it), and it takes the value set.
    #[test]
    fn ok_purge_delay_is_the_option_set() {
        let get = || unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(), 1000);
        }
        super::purge_freed_memory_soon();
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(), super::PURGE_DELAY_MS);
        }
    }

    /// Transparent huge pages are off for the process once asked.
    #[cfg(target_os = "linux")]
    #[test]
    fn ok_no_transparent_huge_pages() {
        super::no_transparent_huge_pages();
        if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
            let off = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
            assert_eq!(off, 1);
        }
    }
}
