//! One batch at a time per output folder.
//!
//! Two batches writing one folder at once interleave their documents and tables, and the last
//! to finish writes a summary of only its own half. A batch therefore holds an advisory lock
//! (`flock(2)`, exclusive) on `DIR/.mokuhyo.lock` for as long as it runs; the file holds the
//! holder's process id, for the message of a second batch, which fails at once or, with
//! `--wait`, waits its turn. The lock goes with the process however it ends, even killed:
//! the kernel releases it. The file is removed when the batch ends (a lock file left by a
//! killed batch is simply taken over by the next).
//!
//! `flock` comes from `libc`, which the program already links for its signal handling: the
//! `fs4` and `fd-lock` crates wrap the same call, and would add a dependency for two lines.

use std::fs::{self, File};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The lock file's name in the output folder.
pub const LOCK_FILE: &str = ".mokuhyo.lock";

/// The lock file held by this process, removed by a signal handler on the way out.
static HELD: Mutex<Option<PathBuf>> = Mutex::new(None);

/// An output folder locked for this batch; unlocked (and its lock file removed) on drop.
#[derive(Debug)]
pub struct DirLock {
    path: PathBuf,
    /// Open for as long as the lock is held: closing it releases the lock.
    _file: File,
}

/// Why a folder could not be locked.
#[derive(Debug)]
pub enum LockError {
    /// Another process holds the lock: its process id, when it could be read.
    Busy(Option<u32>),
    /// The lock file could not be opened or locked.
    Io(io::Error),
}

/// Locks the output folder `dir` (which exists) for this process. With `wait`, waits for
/// another batch to finish, calling `waiting` with its process id once before it does;
/// without, fails at once.
///
/// # Errors
///
/// [`LockError::Busy`] when another process holds the folder (without `wait`), or the I/O
/// error from opening or locking the lock file.
pub fn lock(
    dir: &Path,
    wait: bool,
    waiting: impl FnOnce(Option<u32>),
) -> Result<DirLock, LockError> {
    let path = dir.join(LOCK_FILE);
    let mut waiting = Some(waiting);
    loop {
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(LockError::Io)?;
        if !try_flock(&file, false).map_err(LockError::Io)? {
            let holder = holder(&mut file);
            if !wait {
                return Err(LockError::Busy(holder));
            }
            if let Some(w) = waiting.take() {
                w(holder);
            }
            try_flock(&file, true).map_err(LockError::Io)?;
        }
        // The holder before us removed the file it locked as it finished; a lock on that
        // file, no longer in the folder, would be a lock on nothing. Start again on the
        // file that is there now.
        if !same_file(&file, &path) {
            continue;
        }
        file.set_len(0).map_err(LockError::Io)?;
        file.rewind().map_err(LockError::Io)?;
        // Only for the message of the next batch: failing to write it changes nothing.
        let _ = writeln!(file, "{}", std::process::id());
        *HELD.lock().unwrap_or_else(|e| e.into_inner()) = Some(path.clone());
        return Ok(DirLock { path, _file: file });
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Removed while still locked, so that nobody locks the file and then loses it.
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let _ = fs::remove_file(&self.path);
        *held = None;
    }
}

/// Removes the lock file of this process, if it holds one: for a signal handler about to end
/// the process (the lock itself goes with the process).
pub fn remove_on_exit() {
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(path) = held.as_ref() {
        let _ = fs::remove_file(path);
    }
}

/// The process id written in a lock file by its holder.
fn holder(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Whether the open `file` is still the one at `path`.
#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Takes the exclusive lock on `file`: with `block`, waiting for it; without, whether it was
/// free.
#[cfg(unix)]
fn try_flock(file: &File, block: bool) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    let op = if block {
        libc::LOCK_EX
    } else {
        libc::LOCK_EX | libc::LOCK_NB
    };
    loop {
        // SAFETY: `flock` only acts on the descriptor, which `file` keeps open for the call.
        if unsafe { libc::flock(file.as_raw_fd(), op) } == 0 {
            return Ok(true);
        }
        let e = io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EWOULDBLOCK) if !block => return Ok(false),
            // A file system without locks (some network and FUSE ones): the batch goes on
            // unlocked, as it did before there was a lock.
            Some(libc::ENOLCK | libc::EOPNOTSUPP | libc::ENOSYS) => return Ok(true),
            _ => return Err(e),
        }
    }
}

/// Without `flock` the folder is not locked.
#[cfg(not(unix))]
fn try_flock(_: &File, _: bool) -> io::Result<bool> {
    Ok(true)
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn ok_second_lock_is_busy_with_the_holders_pid_then_free() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = lock(dir.path(), false, |_| {}).expect("free");
        // flock locks belong to the open file, so a second open in one process conflicts.
        match lock(dir.path(), false, |_| {}) {
            Err(LockError::Busy(pid)) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        drop(first);
        assert!(!dir.path().join(LOCK_FILE).exists(), "removed at the end");
        let again = lock(dir.path(), false, |_| {}).expect("free again");
        drop(again);
    }
}
