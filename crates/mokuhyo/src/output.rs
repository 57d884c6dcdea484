//! Writing results: to stdout, or atomically to a file.

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

use crate::cmd::Exit;
use crate::messages;

/// Writes `bytes` to stdout. A closed pipe (`mokuhyo parse r.txt | head`) is not an error: the
/// reader has what it wanted.
pub fn to_stdout(bytes: &[u8]) -> Exit {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Exit::Success,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
        Err(e) => messages::fail("<stdout>", messages::io_why(&e)),
    }
}

/// Writes one line to stdout; whether it was written (a closed pipe counts as written).
pub fn line_to_stdout(line: fmt::Arguments<'_>) -> bool {
    to_stdout(format!("{line}\n").as_bytes()) == Exit::Success
}

/// Writes `bytes` to `path` atomically, creating missing directories.
pub fn to_file(path: &Path, bytes: &[u8]) -> Exit {
    match mokuhyo_export::write_atomic(path, bytes) {
        Ok(()) => Exit::Success,
        Err(e) => messages::fail(
            &path.display().to_string(),
            format_args!("cannot write: {}", messages::io_why(&e)),
        ),
    }
}

/// Writes to `path` atomically what `write` writes, as it is written, creating missing
/// directories: for outputs too large to hold in memory.
pub fn to_file_with(path: &Path, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Exit {
    let written = mokuhyo_export::AtomicFile::create(path).and_then(|mut file| {
        write(&mut file)?;
        file.commit()
    });
    match written {
        Ok(()) => Exit::Success,
        Err(e) => messages::fail(
            &path.display().to_string(),
            format_args!("cannot write: {}", messages::io_why(&e)),
        ),
    }
}
