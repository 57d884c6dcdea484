//! Atomic file writes.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

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
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        // `create_dir_all` would say "file exists", which reads as if the output were there.
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is a file, not a directory", file.display()),
        ));
    }
    fs::create_dir_all(dir)?;

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
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
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
    fn err_path_without_file_name() {
        let err = write_atomic(Path::new("/"), b"x").expect_err("no file name");
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    }
}
