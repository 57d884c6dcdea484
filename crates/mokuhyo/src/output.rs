//! Writing results: to stdout, or atomically to a file.
//!
//! [`write`] is the one place that decides where a command's output goes; every command that
//! writes a result goes through it, so a new kind of destination is added there once.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use mokuhyo_export::AtomicFile;

use crate::cmd::Exit;
use crate::messages;

/// Writes `bytes` to stdout. A closed pipe (`mokuhyo parse r.txt | head`) is not an error: the
/// reader has what it wanted.
pub fn to_stdout(bytes: &[u8]) -> Exit {
    write(None, None, |out| out.write_all(bytes))
}

/// Writes one line to stdout; whether it was written (a closed pipe counts as written).
pub fn line_to_stdout(line: fmt::Arguments<'_>) -> bool {
    to_stdout(format!("{line}\n").as_bytes()) == Exit::Success
}

/// Writes `bytes` to `path` atomically, creating missing directories, unless `path` is the
/// file `input` (see [`write`]).
pub fn to_file(path: &Path, input: &Path, bytes: &[u8]) -> Exit {
    write(Some(path), Some(input), |out| out.write_all(bytes))
}

/// Runs `fill` on the destination and finishes it: stdout when `target` is `None`, else the
/// file `target`, written through an [`AtomicFile`] (so a symbolic link is followed, a
/// device or FIFO is written straight to, and a regular file is replaced only once `fill`
/// has succeeded). A `target` that is the same file as `input` (the same device and inode,
/// through a link or a second name) is refused before anything is written. A closed pipe on
/// stdout is not an error.
pub fn write(
    target: Option<&Path>,
    input: Option<&Path>,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Exit {
    let Some(path) = target else {
        // Buffered here: a document is serialized in many small pieces, and stdout's own
        // buffer flushes at every line.
        let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
        return match fill(&mut out).and_then(|()| out.flush()) {
            Ok(()) => Exit::Success,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
            Err(e) => messages::fail("<stdout>", messages::io_why(&e)),
        };
    };
    let name = path.display().to_string();
    if let Some(input) = input {
        if file_id(path).is_some() && file_id(path) == file_id(input) {
            return messages::fail(&name, "cannot write: it is the input file; not replaced");
        }
    }
    let written = AtomicFile::create(path).and_then(|mut file| {
        fill(&mut file)?;
        file.commit()
    });
    match written {
        Ok(()) => Exit::Success,
        Err(e) => messages::fail(
            &name,
            format_args!("cannot write: {}", messages::io_why(&e)),
        ),
    }
}

/// What identifies the file `path` names, symbolic links followed: its device and inode on
/// Unix, its canonical path elsewhere; `None` when nothing is there.
pub fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(FileId::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path).ok().map(FileId::Path)
    }
}

/// See [`file_id`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileId {
    /// A device and an inode number.
    #[cfg(unix)]
    Inode(u64, u64),
    /// A canonical path.
    #[cfg(not(unix))]
    Path(std::path::PathBuf),
}
