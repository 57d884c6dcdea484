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
        /// The file's size in bytes, or `None` when it has no size to read in advance (a pipe
        /// or a device) and was refused once more than `limit` bytes had arrived.
        bytes: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// The text, decoded or normalized, is [`MAX_TEXT_BYTES`](crate::ledger::MAX_TEXT_BYTES)
    /// or more: more than the parse keeps offsets for.
    TextTooLarge {
        /// The bytes of text.
        bytes: u64,
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
            ErrorKind::TooLarge {
                bytes: Some(bytes),
                limit,
            } => write!(f, "file is {bytes} bytes, over the limit of {limit} bytes"),
            ErrorKind::TooLarge { bytes: None, limit } => {
                write!(f, "file is over the limit of {limit} bytes")
            }
            ErrorKind::TextTooLarge { bytes } => write!(
                f,
                "its text is {bytes} bytes, over the {} bytes a report may hold",
                crate::ledger::MAX_TEXT_BYTES
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_messages_are_lowercase_without_final_period() {
        for kind in [
            ErrorKind::Empty,
            ErrorKind::Binary,
            ErrorKind::NoReport,
            ErrorKind::TooLarge {
                bytes: Some(10),
                limit: 5,
            },
            ErrorKind::TooLarge {
                bytes: None,
                limit: 5,
            },
            ErrorKind::TextTooLarge { bytes: 1 << 33 },
        ] {
            let m = Error::new(kind).to_string();
            assert!(m.starts_with(char::is_lowercase), "{m}");
            assert!(!m.ends_with('.'), "{m}");
        }
    }

    #[test]
    fn ok_too_large_says_size_and_limit() {
        let e = Error::new(ErrorKind::TooLarge {
            bytes: Some(70_000_000),
            limit: 67_108_864,
        });
        assert_eq!(
            e.to_string(),
            "file is 70000000 bytes, over the limit of 67108864 bytes"
        );
        let e = Error::new(ErrorKind::TooLarge {
            bytes: None,
            limit: 1024,
        });
        assert_eq!(e.to_string(), "file is over the limit of 1024 bytes");
    }
}
