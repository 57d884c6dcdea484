//! Ctrl-C, `kill`, a closed terminal: the run ends, and leaves no temporary file behind.
//!
//! SIGINT, SIGTERM and SIGHUP are blocked in every thread ([`install`] runs before any other
//! thread starts, and threads inherit the mask) and taken by one thread of their own with
//! `sigwait`, where ordinary code may run: it removes every temporary file still in flight
//! ([`mokuhyo_export::remove_temporaries`]), and the output folder's lock file, and exits with
//! 128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process
//! ended by that signal. Files already renamed into place are complete; nothing half-written
//! is left. A signal the parent set to be ignored (`nohup`, a background job) stays ignored.
//!
//! SIGKILL cannot be caught: what it leaves is swept by the next batch into the same folder
//! (see `outdir`).

/// Starts taking the signals; call first thing in `main`.
#[cfg(unix)]
pub fn install() {
    // SAFETY: the sigset functions fill the set they are given; `sigaction` with a null new
    // action only reads the current one; `pthread_sigmask` changes this thread's mask, which
    // is only this program's business.
    let set = unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            let mut old: libc::sigaction = std::mem::zeroed();
            let ignored = libc::sigaction(sig, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN;
            if !ignored {
                libc::sigaddset(&mut set, sig);
            }
        }
        if libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) != 0 {
            return;
        }
        set
    };
    let taker = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || loop {
            let mut sig = 0;
            // SAFETY: `set` is a valid, initialized signal set and `sig` a place to write.
            if unsafe { libc::sigwait(&set, &mut sig) } == 0 {
                end(sig);
            }
        });
    if taker.is_err() {
        // Nobody would take them: let them act as they did before.
        // SAFETY: as above.
        unsafe {
            libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
        }
    }
}

/// Nothing to do where there are no such signals.
#[cfg(not(unix))]
pub fn install() {}

/// Removes what is in flight and exits as a process ended by `sig` would be reported.
#[cfg(unix)]
fn end(sig: i32) -> ! {
    // Held until the process is gone: no other thread creates or commits a file after this.
    let _held = mokuhyo_export::remove_temporaries();
    crate::lock::remove_on_exit();
    std::process::exit(128 + sig)
}
