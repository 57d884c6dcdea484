//! Errors: for inputs that hold no report at all. Problems inside a report are diagnostics.

use std::fmt;

/// Why a file yields no report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
}

/// The kind of [`Error`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file has no bytes, or only whitespace.
    Empty,
    /// The bytes are not text.
    Binary,
    /// Text, but no title, mission or section.
    NoReport,
    /// Larger than the configured limit.
    TooLarge {
        /// The file's size in bytes.
        bytes: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

impl Error {
    /// An error of `kind`.
    pub fn new(kind: ErrorKind) -> Error {
        Error { kind }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Empty => write!(f, "file is empty"),
            ErrorKind::Binary => write!(f, "not a text file (binary data)"),
            ErrorKind::NoReport => write!(f, "no report found: no mission item or goal section"),
            ErrorKind::TooLarge { bytes, limit } => {
                write!(f, "file is {bytes} bytes, over the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for Error {}
