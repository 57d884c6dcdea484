//! Reading input files, with messages that say what is wrong in words.

use std::fs;
use std::path::Path;

use crate::messages::io_why;

/// The bytes of the file at `path`, or why they cannot be had.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    // Checked first because the OS says it differently everywhere ("Is a directory" on Unix,
    // "Access is denied" on Windows), and neither says that a file was expected.
    let meta = fs::metadata(path).map_err(|e| io_why(&e))?;
    if meta.is_dir() {
        return Err("is a directory, not a file".into());
    }
    fs::read(path).map_err(|e| format!("cannot read: {}", io_why(&e)))
}

/// Reads and parses the report at `path`: its bytes and its document, or why not (the
/// message names nothing but the reason; callers add the file).
pub fn read_report(path: &Path) -> Result<(Vec<u8>, mokuhyo_parse::Report), String> {
    let bytes = read(path)?;
    // The path as given is the document's `source.file`: it is what the user will recognize.
    let report = mokuhyo_parse::parse(&bytes, &path.to_string_lossy())
        .map_err(|e| e.to_string())?
        .report;
    Ok((bytes, report))
}
