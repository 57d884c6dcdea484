//! Problem reports on stderr: `error: FILE: why`, lowercase, no final period.
//!
//! Every line printed here goes through [`escape`]: a file name (or a string from a
//! document) holding an escape sequence or a line break must not retitle or recolour the
//! terminal, nor start a line of its own that looks like another message.

use std::fmt::{Display, Write as _};
use std::io::{self, Write};

use crate::cmd::Exit;

/// Prints `error: FILE: why` on stderr.
pub fn error(file: &str, why: impl Display) {
    // If stderr itself is gone there is nobody left to tell.
    let line = format!("{file}: {why}");
    let _ = writeln!(io::stderr().lock(), "error: {}", escape(&line));
}

/// Prints `note: what` on stderr: something the user may want to know, not a failure.
pub fn note(what: impl Display) {
    let _ = io::stderr().lock().write_all(note_line(what).as_bytes());
}

/// The line [`note`] prints, ending in a newline, for output that is gathered first.
pub fn note_line(what: impl Display) -> String {
    format!("note: {}\n", escape(&what.to_string()))
}

/// `text` safe to print on a terminal: control characters (C0, DEL, C1) and the invisible
/// characters that reorder text (bidirectional overrides and isolates) are written as
/// escapes, `\n`, `\t`, `\r`, `\x1b`, `\u{202e}`, as ripgrep and `ls` do with file names.
/// Everything else, Japanese included, is kept as it is.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.into()
}

/// Prints `error: FILE: why` and returns [`Exit::Failure`].
pub fn fail(file: &str, why: impl Display) -> Exit {
    error(file, why);
    Exit::Failure
}

/// An I/O error in house style: `No such file or directory (os error 2)` becomes
/// `no such file or directory`. What follows the OS error is dropped too: the temporary
/// file of an atomic write adds ` at path ".r.json.XXXX.tmp"`, a name the user never gave.
/// Only the operating system's words are lowercased: a message of ours may begin with a
/// path (`Out/x is a file, not a directory`), which must stay as the user wrote it.
pub fn io_why(e: &io::Error) -> String {
    let s = e.to_string();
    let (s, from_os) = match s.find(" (os error ") {
        Some(i) => (&s[..i], true),
        None => (s.as_str(), e.raw_os_error().is_some()),
    };
    let s = s.trim_end_matches('.');
    let mut chars = s.chars();
    match chars.next() {
        // Lowercase only a capitalized word, never an acronym such as "UTF-8".
        Some(c) if from_os && c.is_uppercase() && !chars.next().is_some_and(char::is_uppercase) => {
            c.to_lowercase().chain(s[c.len_utf8()..].chars()).collect()
        }
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_control_characters_escaped() {
        assert_eq!(escape("a/b.txt"), "a/b.txt");
        assert_eq!(escape("部局.txt"), "部局.txt");
        assert_eq!(
            escape("x\u{1b}]0;owned\u{7}.txt"),
            "x\\x1b]0;owned\\x07.txt"
        );
        assert_eq!(escape("a\nerror: b"), "a\\nerror: b");
        assert_eq!(escape("\t\r\u{7f}"), "\\t\\r\\x7f");
        assert_eq!(escape("\u{9b}31m \u{202e}txt"), "\\u{9b}31m \\u{202e}txt");
    }

    #[test]
    fn ok_os_error_is_lowercased_without_code() {
        let e = io::Error::from_raw_os_error(2);
        assert!(e.to_string().contains("(os error 2)"));
        let why = io_why(&e);
        assert!(!why.contains("os error"), "{why}");
        assert!(why.starts_with(char::is_lowercase), "{why}");
    }

    #[test]
    fn ok_temporary_file_path_dropped() {
        // As tempfile reports a failure to create the temporary file of an atomic write.
        let e = io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} at path {:?}",
                io::Error::from_raw_os_error(13),
                "/out/.r.json.YV7PE6.tmp"
            ),
        );
        assert_eq!(io_why(&e), "permission denied");
    }

    #[test]
    fn ok_custom_error_kept() {
        let e = io::Error::new(
            io::ErrorKind::InvalidInput,
            "output path does not name a file",
        );
        assert_eq!(io_why(&e), "output path does not name a file");
    }

    #[test]
    fn ok_path_at_the_start_of_our_message_kept() {
        let e = io::Error::new(
            io::ErrorKind::InvalidInput,
            "Out/x is a file, not a directory",
        );
        assert_eq!(io_why(&e), "Out/x is a file, not a directory");
    }

    #[test]
    fn err_acronym_not_lowercased() {
        let e = io::Error::other("UTF-8 trouble.");
        assert_eq!(io_why(&e), "UTF-8 trouble");
    }
}
