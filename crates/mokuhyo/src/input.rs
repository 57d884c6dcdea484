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
