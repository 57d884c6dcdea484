//! Atomic file writes, and what they leave behind when a run is cut short.
//!
//! An output path is resolved before anything is written ([`AtomicFile::create`]): a symbolic
//! link is followed to the file it names, so the link survives and its target gets the new
//! bytes; a regular file (or nothing) is replaced atomically through a temporary file beside
//! it; a character device or a FIFO (`/dev/null`, a named pipe) is written straight to, as
//! no rename can be atomic there and replacing one would destroy it; a block device or a
//! socket is refused.
//!
//! Every temporary file is named `.mokuhyo-XXXXXX.tmp` (19 bytes whatever the output's name,
//! so an output name may use all 255 bytes a file system allows) and is listed, while it
//! exists, in a process-wide register: [`remove_temporaries`] deletes every one still in
//! flight (what a signal handler calls before the process exits), and
//! [`is_temporary_name`] tells a stale one left by a killed run (`kill -9`, a power cut) from
//! anything else, for a sweep of an output folder.

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use tempfile::NamedTempFile;

/// The start of every temporary file's name.
const TEMP_PREFIX: &str = ".mokuhyo-";
/// The end of every temporary file's name.
const TEMP_SUFFIX: &str = ".tmp";
/// The random letters between the two.
const TEMP_RANDOM: usize = 6;

/// How many symbolic links are followed from an output path before giving up, as the kernel's
/// own limit (`ELOOP`).
const MAX_LINKS: usize = 40;

/// The temporary files that exist right now, each until it is renamed into place or removed.
/// Held while a temporary file is created, renamed or removed, so that
/// [`remove_temporaries`] sees every file that exists and none appears after it.
static IN_FLIGHT: Mutex<Option<HashSet<PathBuf>>> = Mutex::new(None);

fn in_flight() -> MutexGuard<'static, Option<HashSet<PathBuf>>> {
    // A thread that panicked while holding the lock left a consistent set: every change
    // is one insert or one remove.
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary file of this process still in flight, and keeps any new one from
/// being created: for a signal handler that is about to end the process. Returns while still
/// holding the register, so no other thread can create or commit a file until the process
/// exits; the returned guard must be kept until then.
pub fn remove_temporaries() -> impl Sized {
    let mut guard = in_flight();
    if let Some(set) = guard.as_mut() {
        for p in set.drain() {
            let _ = fs::remove_file(p);
        }
    }
    guard
}

/// Whether `name` is the name of one of this tool's temporary files (`.mokuhyo-XXXXXX.tmp`),
/// which a run that was killed may have left behind. Nothing else has such a name unless made
/// to look like one.
pub fn is_temporary_name(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|r| r.len() == TEMP_RANDOM && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether a write waits for its bytes to reach the disk before it returns.
///
/// Either way the write is atomic: readers see the old file or the whole new one. The
/// difference is what a crash or power cut leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// The file is synced before the rename and its folder after it, so once the write returns
    /// the new file survives a crash. Two disk flushes per file.
    #[default]
    Synced,
    /// The rename happens without syncing; a crash before the file system is next synced may
    /// leave the file empty or missing. For many files written in one go and then made
    /// durable together with [`sync_files`] (what `mokuhyo batch` does).
    Deferred,
}

/// Writes `bytes` to `path` atomically: readers see the old file or the whole new one, never
/// a part.
///
/// The bytes go to a temporary file in `path`'s directory (a rename is only atomic within one
/// file system), which is flushed to disk and then renamed over `path`. Missing parent
/// directories are created. On any error the temporary file is removed and `path` is left as it
/// was. The new file gets the permissions a plain `File::create` would give it (0o666 less the
/// umask on Unix), not the owner-only mode of a temporary file.
///
/// # Errors
///
/// Any I/O error from creating the directories, writing, syncing or renaming; notably when a
/// parent is not a directory, the directory is not writable, or `path` is an existing
/// directory.
pub fn write_atomic(path: impl AsRef<Path>, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, Durability::Synced)
}

/// [`write_atomic`] with a choice of [`Durability`].
///
/// # Errors
///
/// As [`write_atomic`].
pub fn write_atomic_with(
    path: impl AsRef<Path>,
    bytes: &[u8],
    durability: Durability,
) -> io::Result<()> {
    let mut file = AtomicFile::create_with(path, durability)?;
    file.write_all(bytes)?;
    file.commit()
}

/// Makes files written with [`Durability::Deferred`] durable, with the folders that hold them.
///
/// On Linux this is one `syncfs` of the file system that holds `dir` (every written file must
/// be on that file system); elsewhere each of `files` is synced, then each folder holding one.
///
/// # Errors
///
/// Any I/O error from opening or syncing.
pub fn sync_files(dir: &Path, files: &[PathBuf]) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        syncfs(dir)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = dir;
        let mut dirs = std::collections::BTreeSet::new();
        for f in files {
            fs::File::open(f)?.sync_all()?;
            if let Some(d) = f.parent() {
                dirs.insert(d.to_path_buf());
            }
        }
        for d in dirs {
            sync_dir(&d);
        }
        Ok(())
    }
}

/// `syncfs(2)` on the file system holding `dir`: one flush for everything written there.
#[cfg(target_os = "linux")]
fn syncfs(dir: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    extern "C" {
        fn syncfs(fd: std::ffi::c_int) -> std::ffi::c_int;
    }
    let d = fs::File::open(dir)?;
    // SAFETY: `syncfs` only reads its argument, a descriptor that `d` keeps open for the call.
    if unsafe { syncfs(d.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// What an output path turned out to be, once symbolic links are followed.
enum Resolved {
    /// Nothing, or a regular file: written through a temporary file renamed over it.
    Replace(PathBuf),
    /// A character device or a FIFO: written straight to.
    Direct(PathBuf),
}

/// Follows `path` through symbolic links to what it finally names, and says how to write it.
fn resolve(path: &Path) -> io::Result<Resolved> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        // An error here (nothing there, a parent that is a file, no permission) is met again,
        // with a clearer message, when the file is created.
        let Ok(meta) = fs::symlink_metadata(&p) else {
            return Ok(Resolved::Replace(p));
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            let to = fs::read_link(&p)?;
            p = match p.parent() {
                Some(dir) if to.is_relative() => dir.join(to),
                _ => to,
            };
            continue;
        }
        if kind.is_file() {
            return Ok(Resolved::Replace(p));
        }
        if kind.is_dir() {
            return Err(is_a_directory());
        }
        return special(p, &kind);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}

/// `EISDIR`, worded by the operating system.
fn is_a_directory() -> io::Error {
    #[cfg(unix)]
    {
        io::Error::from_raw_os_error(21)
    }
    #[cfg(not(unix))]
    {
        io::Error::new(io::ErrorKind::InvalidInput, "is a directory")
    }
}

/// How to write `p`, which is neither a regular file, a folder nor a link.
#[cfg(unix)]
fn special(p: PathBuf, kind: &fs::FileType) -> io::Result<Resolved> {
    use std::os::unix::fs::FileTypeExt;
    let refuse = |what: &str| {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{what}; not written, left as it is"),
        ))
    };
    if kind.is_char_device() || kind.is_fifo() {
        Ok(Resolved::Direct(p))
    } else if kind.is_block_device() {
        // A disk or a partition: writing a document over its first bytes would destroy it.
        refuse("is a block device")
    } else if kind.is_socket() {
        refuse("is a socket")
    } else {
        refuse("is not a regular file")
    }
}

#[cfg(not(unix))]
fn special(p: PathBuf, _: &fs::FileType) -> io::Result<Resolved> {
    Ok(Resolved::Replace(p))
}

/// A file written in pieces that appears at its path only when [`commit`](AtomicFile::commit)
/// succeeds, for outputs too large to hold in memory (the flat tables of `mokuhyo batch`).
///
/// The bytes go, buffered, to a temporary file in the target's directory; `commit` flushes and
/// (unless [`Durability::Deferred`]) syncs it and renames it over the target, as
/// [`write_atomic`] does. Dropping an `AtomicFile` without committing removes the temporary
/// file and leaves the target as it was.
///
/// The target is what the path names once symbolic links are followed (see the module
/// documentation): the temporary file sits beside the link's target, and the link stays. A
/// character device or a FIFO gets the bytes directly, as they are written.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    /// Taken by `commit`; what is left at drop is removed.
    sink: Option<Sink>,
    durability: Durability,
}

/// Where an [`AtomicFile`]'s bytes go.
#[derive(Debug)]
enum Sink {
    /// A temporary file, renamed to `target` in `dir` on commit.
    Replace {
        target: PathBuf,
        dir: PathBuf,
        tmp: BufWriter<NamedTempFile>,
    },
    /// A device or a FIFO, opened for writing.
    Direct(BufWriter<fs::File>),
}

impl AtomicFile {
    /// Starts writing `path`, creating missing parent directories.
    ///
    /// # Errors
    ///
    /// As [`write_atomic`]: the directories cannot be created, a parent is a file, `path` names
    /// no file, is a directory, a block device or a socket, or the temporary file cannot be
    /// created.
    pub fn create(path: impl AsRef<Path>) -> io::Result<AtomicFile> {
        AtomicFile::create_with(path, Durability::Synced)
    }

    /// [`create`](AtomicFile::create) with a choice of [`Durability`].
    ///
    /// # Errors
    ///
    /// As [`create`](AtomicFile::create).
    pub fn create_with(path: impl AsRef<Path>, durability: Durability) -> io::Result<AtomicFile> {
        let path = path.as_ref();
        if path.file_name().is_none() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "output path does not name a file",
            ));
        }
        let target = match resolve(path)? {
            Resolved::Direct(device) => {
                let file = fs::OpenOptions::new().write(true).open(device)?;
                return Ok(AtomicFile {
                    path: path.to_path_buf(),
                    sink: Some(Sink::Direct(BufWriter::with_capacity(64 * 1024, file))),
                    durability,
                });
            }
            Resolved::Replace(target) => target,
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
                // `create_dir_all` would say "file exists", which reads as if the output were
                // there.
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is a file, not a directory", file.display()),
                ));
            }
            fs::create_dir_all(&dir)?;
        }

        let mut builder = tempfile::Builder::new();
        builder
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .rand_bytes(TEMP_RANDOM);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = {
            let mut register = in_flight();
            let tmp = builder.tempfile_in(&dir)?;
            register
                .get_or_insert_with(HashSet::new)
                .insert(tmp.path().to_path_buf());
            tmp
        };
        Ok(AtomicFile {
            path: path.to_path_buf(),
            sink: Some(Sink::Replace {
                target,
                dir,
                tmp: BufWriter::with_capacity(64 * 1024, tmp),
            }),
            durability,
        })
    }

    /// The path the file will have once committed, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs (unless [`Durability::Deferred`]) and renames the file into place.
    ///
    /// # Errors
    ///
    /// Any I/O error from writing, syncing or renaming (for instance when the target is an
    /// existing directory); the temporary file is then removed.
    pub fn commit(mut self) -> io::Result<()> {
        match self.sink.take() {
            None => Ok(()),
            Some(Sink::Direct(w)) => {
                let file = w.into_inner().map_err(|e| e.into_error())?;
                if self.durability == Durability::Synced {
                    // A terminal or a pipe cannot be synced, and needs not be.
                    let _ = file.sync_all();
                }
                Ok(())
            }
            Some(Sink::Replace { target, dir, tmp }) => {
                let tmp = match tmp.into_inner() {
                    Ok(t) => t,
                    Err(e) => {
                        let (e, w) = e.into_parts();
                        forget(w.into_parts().0);
                        return Err(e);
                    }
                };
                if self.durability == Durability::Synced {
                    if let Err(e) = tmp.as_file().sync_all() {
                        forget(tmp);
                        return Err(e);
                    }
                }
                {
                    let mut register = in_flight();
                    let tmp_path = tmp.path().to_path_buf();
                    // On failure the temporary file comes back inside the error, and is
                    // removed when the error is dropped, here, with the register held.
                    let r = tmp.persist(&target).map(drop).map_err(|e| e.error);
                    if let Some(set) = register.as_mut() {
                        set.remove(&tmp_path);
                    }
                    r?;
                }
                if self.durability == Durability::Synced {
                    sync_dir(&dir);
                }
                Ok(())
            }
        }
    }
}

/// Removes a temporary file that will not be committed, and takes it off the register.
fn forget(tmp: NamedTempFile) {
    let mut register = in_flight();
    let path = tmp.path().to_path_buf();
    drop(tmp);
    if let Some(set) = register.as_mut() {
        set.remove(&path);
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(Sink::Replace { tmp, .. }) = self.sink.take() {
            // Whatever is still buffered is not written: the file is going away.
            let (tmp, _) = tmp.into_parts();
            forget(tmp);
        }
    }
}

impl AtomicFile {
    /// The writer; the sink is only ever gone once `commit` or `drop` has taken it, when
    /// nothing can write any more.
    fn writer(&mut self) -> io::Result<&mut dyn Write> {
        match self.sink.as_mut() {
            Some(Sink::Replace { tmp, .. }) => Ok(tmp),
            Some(Sink::Direct(w)) => Ok(w),
            None => Err(io::Error::other("the file is already committed")),
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

/// Makes the rename itself durable. Best effort: some file systems refuse to sync a directory,
/// and the data is already safely in place either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .expect("read_dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn ok_writes_new_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        write_atomic(&out, b"{}\n").expect("write");
        assert_eq!(fs::read(&out).expect("read"), b"{}\n");
        assert_eq!(names(dir.path()), ["r.json"]);
    }

    #[test]
    fn ok_replaces_existing_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        fs::write(&out, "old old old old").expect("seed");
        write_atomic(&out, b"new").expect("write");
        assert_eq!(fs::read(&out).expect("read"), b"new");
        assert_eq!(names(dir.path()), ["r.json"]);
    }

    #[test]
    fn ok_creates_missing_parents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("a/b/c/r.json");
        write_atomic(&out, b"x").expect("write");
        assert_eq!(fs::read(&out).expect("read"), b"x");
    }

    #[cfg(unix)]
    #[test]
    fn ok_file_is_not_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        write_atomic(&out, b"x").expect("write");
        let mode = fs::metadata(&out).expect("meta").permissions().mode();
        // Whatever the umask, the owner can read and write; a tempfile's 0o600 would also pass
        // that, so check the mode matches what File::create gives under the same umask.
        let plain = dir.path().join("plain");
        fs::File::create(&plain).expect("create");
        let want = fs::metadata(&plain).expect("meta").permissions().mode();
        assert_eq!(mode, want);
    }

    #[test]
    fn err_parent_is_a_file_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("f");
        fs::write(&file, "keep").expect("seed");
        let err = write_atomic(file.join("sub/r.json"), b"x").expect_err("not a dir");
        assert_eq!(
            err.to_string(),
            format!("{} is a file, not a directory", file.display())
        );
        assert_eq!(fs::read(&file).expect("read"), b"keep");
        assert_eq!(names(dir.path()), ["f"]);
    }

    #[test]
    fn err_target_is_a_directory_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("r.json");
        fs::create_dir(&out).expect("mkdir");
        assert!(write_atomic(&out, b"x").is_err());
        assert!(out.is_dir());
        assert_eq!(names(dir.path()), ["r.json"]);
    }

    #[test]
    fn ok_atomic_file_appears_on_commit_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("t/rows.csv");
        let mut f = AtomicFile::create(&out).expect("create");
        assert_eq!(f.path(), out);
        f.write_all(b"a,b\n").expect("write");
        f.write_all(b"1,2\n").expect("write");
        assert!(!out.exists(), "not visible before commit");
        f.commit().expect("commit");
        assert_eq!(fs::read(&out).expect("read"), b"a,b\n1,2\n");
        assert_eq!(names(&dir.path().join("t")), ["rows.csv"]);
    }

    #[test]
    fn err_atomic_file_dropped_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("rows.csv");
        fs::write(&out, "old").expect("seed");
        let mut f = AtomicFile::create(&out).expect("create");
        f.write_all(b"new").expect("write");
        drop(f);
        assert_eq!(fs::read(&out).expect("read"), b"old");
        assert_eq!(names(dir.path()), ["rows.csv"]);
    }

    #[test]
    fn ok_deferred_writes_are_atomic_and_synced_later() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("a/r.json");
        fs::create_dir_all(out.parent().expect("parent")).expect("mkdir");
        fs::write(&out, "old").expect("seed");
        write_atomic_with(&out, b"new", Durability::Deferred).expect("write");
        assert_eq!(fs::read(&out).expect("read"), b"new");
        assert_eq!(names(&dir.path().join("a")), ["r.json"]);
        sync_files(dir.path(), std::slice::from_ref(&out)).expect("sync");
    }

    #[test]
    fn ok_temporary_names_recognized() {
        use std::ffi::OsStr;
        for name in [".mokuhyo-Ab12Cd.tmp", ".mokuhyo-000000.tmp"] {
            assert!(is_temporary_name(OsStr::new(name)), "{name}");
        }
        for name in [
            ".mokuhyo-Ab12C.tmp",
            ".mokuhyo-Ab12Cde.tmp",
            ".mokuhyo-Ab.2Cd.tmp",
            "mokuhyo-Ab12Cd.tmp",
            ".r.json.Ab12Cd.tmp",
            ".mokuhyo.lock",
        ] {
            assert!(!is_temporary_name(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn ok_longest_name_a_file_system_allows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join(format!("{}.json", "r".repeat(250)));
        let f = AtomicFile::create(&out).expect("create");
        let tmp = names(dir.path());
        assert_eq!(tmp.len(), 1);
        assert!(is_temporary_name(std::ffi::OsStr::new(&tmp[0])), "{tmp:?}");
        f.commit().expect("commit");
        assert!(out.is_file());
    }

    #[cfg(unix)]
    #[test]
    fn ok_symlink_kept_and_its_target_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::create_dir(dir.path().join("t")).expect("mkdir");
        let target = dir.path().join("t/r.json");
        fs::write(&target, "old").expect("seed");
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink("t/r.json", &link).expect("symlink");
        write_atomic(&link, b"new").expect("write");
        assert!(fs::symlink_metadata(&link).expect("meta").is_symlink());
        assert_eq!(fs::read(&target).expect("read"), b"new");
        assert_eq!(names(&dir.path().join("t")), ["r.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn err_symlink_loop() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).expect("symlink");
        std::os::unix::fs::symlink("a", dir.path().join("b")).expect("symlink");
        let err = write_atomic(&a, b"x").expect_err("a loop");
        assert_eq!(err.to_string(), "too many levels of symbolic links");
        assert_eq!(names(dir.path()), ["a", "b"]);
    }

    #[cfg(unix)]
    #[test]
    fn ok_character_device_written_in_place() {
        // /dev/null takes anything and stays what it is.
        write_atomic("/dev/null", b"x").expect("write");
        use std::os::unix::fs::FileTypeExt;
        let kind = fs::symlink_metadata("/dev/null").expect("meta").file_type();
        assert!(kind.is_char_device());
    }

    #[test]
    fn err_path_without_file_name() {
        let err = write_atomic(Path::new("/"), b"x").expect_err("no file name");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
