//! Reading input files, with messages that say what is wrong in words.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

use mokuhyo_parse::{Error, ErrorKind};

use crate::messages::io_why;

/// The bytes of the file at `path`, or why they cannot be had. A file over `limit` bytes is
/// refused before it is read: by its size when it has one, and otherwise (a pipe, a device)
/// as soon as more than `limit` bytes have arrived, so no input can take more memory than
/// the limit allows.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    // Checked first because the OS says it differently everywhere ("Is a directory" on Unix,
    // "Access is denied" on Windows), and neither says that a file was expected.
    let meta = fs::metadata(path).map_err(|e| io_why(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a file".into());
    }
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(Some(meta.len()), limit));
    }
    let file = File::open(path).map_err(|e| format!("cannot read: {}", io_why(&e)))?;
    let expected = if meta.is_file() { meta.len() } else { 0 };
    read_limited(file, limit, usize::try_from(expected).unwrap_or(0))
}

/// Everything `r` gives, up to `limit` bytes (room for `expected` made first); more is an
/// error. One byte past the limit tells an input at the limit from one over it, even a file
/// that grew after its size was read.
pub(crate) fn read_limited(r: impl Read, limit: u64, expected: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(expected);
    r.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {}", io_why(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(None, limit));
    }
    Ok(bytes)
}

/// The message for a file over the limit, pointing at the option that sets it.
pub(crate) fn too_large(bytes: Option<u64>, limit: u64) -> String {
    let e = Error::new(ErrorKind::TooLarge { bytes, limit });
    format!("{e} (--max-input-bytes)")
}

/// Parses the text report in `bytes` (PDFs and workbooks go through
/// [`crate::sheets::parse_all`]), recording `name` as its `source.file`; or why not. `arg` is
/// the input as the user gave it (`-` for standard input), for a hint that names a command to
/// run instead (a JSON document is not a report).
pub fn parse_text(bytes: &[u8], name: &str, arg: &str) -> Result<mokuhyo_parse::Report, String> {
    if let Some(why) = crate::hints::json_document(bytes, arg) {
        return Err(why);
    }
    mokuhyo_parse::parse_report(bytes, name).map_err(|e| crate::hints::no_report(&e, arg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_file_at_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("r.txt");
        fs::write(&f, b"12345").expect("write");
        assert_eq!(read(&f, 5).expect("read"), b"12345");
        assert_eq!(read(&f, 6).expect("read"), b"12345");
    }

    #[test]
    fn err_file_over_the_limit() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("r.txt");
        fs::write(&f, b"123456").expect("write");
        assert_eq!(
            read(&f, 5).expect_err("too large"),
            "file is 6 bytes, over the limit of 5 bytes (--max-input-bytes)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn err_endless_device_stops_at_the_limit() {
        // /dev/zero has no size and no end: it must be cut at the limit, not read forever.
        let why = read(Path::new("/dev/zero"), 1 << 20).expect_err("too large");
        assert_eq!(
            why,
            "file is over the limit of 1048576 bytes (--max-input-bytes)"
        );
    }
}
