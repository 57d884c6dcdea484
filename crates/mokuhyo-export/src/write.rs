//! Atomic file writes.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

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

/// A file written in pieces that appears at its path only when [`commit`](AtomicFile::commit)
/// succeeds, for outputs too large to hold in memory (the flat tables of `mokuhyo batch`).
///
/// The bytes go, buffered, to a temporary file in the target's directory; `commit` flushes and
/// (unless [`Durability::Deferred`]) syncs it and renames it over the target, as
/// [`write_atomic`] does. Dropping an `AtomicFile` without committing removes the temporary
/// file and leaves the target as it was.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    dir: PathBuf,
    tmp: BufWriter<NamedTempFile>,
    durability: Durability,
}

impl AtomicFile {
    /// Starts writing `path`, creating missing parent directories.
    ///
    /// # Errors
    ///
    /// As [`write_atomic`]: the directories cannot be created, a parent is a file, `path` names
    /// no file, or the temporary file cannot be created.
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
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = path.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "output path does not name a file",
            )
        })?;
        if !dir.is_dir() {
            if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
                // `create_dir_all` would say "file exists", which reads as if the output were
                // there.
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} is a file, not a directory", file.display()),
                ));
            }
            fs::create_dir_all(dir)?;
        }

        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(name);
        prefix.push(".");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let tmp = builder.tempfile_in(dir)?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
            tmp: BufWriter::with_capacity(64 * 1024, tmp),
            durability,
        })
    }

    /// The path the file will have once committed.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, syncs (unless [`Durability::Deferred`]) and renames the file into place.
    ///
    /// # Errors
    ///
    /// Any I/O error from writing, syncing or renaming (for instance when the target is an
    /// existing directory); the temporary file is then removed.
    pub fn commit(self) -> io::Result<()> {
        let tmp = self.tmp.into_inner().map_err(|e| e.into_error())?;
        if self.durability == Durability::Synced {
            tmp.as_file().sync_all()?;
        }
        tmp.persist(&self.path).map_err(|e| e.error)?;
        if self.durability == Durability::Synced {
            sync_dir(&self.dir);
        }
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.tmp.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.tmp.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.tmp.flush()
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
    fn err_path_without_file_name() {
        let err = write_atomic(Path::new("/"), b"x").expect_err("no file name");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
