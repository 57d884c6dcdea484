//! Inputs that are something other than a report, told apart so that the message says what
//! the input is and which command reads it.

use mokuhyo_parse::{Error, ErrorKind};

/// When `bytes` hold a JSON document (an object or an array, such as `mokuhyo parse`
/// writes), the message saying so and naming `mokuhyo validate`; `arg` is the input as the
/// user gave it. A report's text never parses as JSON, so no report is refused for this.
pub fn json_document(bytes: &[u8], arg: &str) -> Option<String> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = text.iter().find(|b| !b.is_ascii_whitespace())?;
    if !matches!(first, b'{' | b'[') {
        return None;
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(text).ok()?;
    Some(format!(
        "a JSON document, not a report: to check it against the report schema, run \
         `mokuhyo validate {}`",
        shell_word(arg)
    ))
}

/// The message for `e`; when a file named `*.json` holds no report (a JSON document that
/// does not parse, say), it also names `mokuhyo validate`.
pub fn no_report(e: &Error, arg: &str) -> String {
    let json_name = arg
        .rsplit_once('.')
        .is_some_and(|(_, ext)| ext.eq_ignore_ascii_case("json"));
    if matches!(e.kind(), ErrorKind::NoReport) && json_name {
        format!(
            "{e} (for a JSON document, run `mokuhyo validate {}`)",
            shell_word(arg)
        )
    } else {
        e.to_string()
    }
}

/// `s` as one word a shell reads back as `s`: as it is when it holds nothing a shell treats
/// specially (letters, digits, any non-ASCII character, `-_./:,+=@%`), else in single quotes.
pub fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-_./:,+=@%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_json_object_and_array_are_named() {
        for doc in [
            &b"{\"a\": 1}\n"[..],
            b"  [1, 2]",
            b"\xEF\xBB\xBF{}",
            b"\n\n{\"title\": \"\xE4\xBB\xA4\xE5\x92\x8C4\xE5\xB9\xB4\xE5\xBA\xA6\"}",
        ] {
            let why = json_document(doc, "r.json").expect("JSON");
            assert!(why.starts_with("a JSON document, not a report"), "{why}");
            assert!(why.contains("`mokuhyo validate r.json`"), "{why}");
        }
    }

    #[test]
    fn err_text_and_broken_json_are_not_documents() {
        for text in [
            &b"\xE4\xBB\xA4\xE5\x92\x8C4\xE5\xB9\xB4\xE5\xBA\xA6"[..],
            b"{\"a\": ",
            b"[1, 2] and more",
            b"",
            b"   ",
            b"{not json}",
        ] {
            assert_eq!(json_document(text, "r.txt"), None, "{text:?}");
        }
    }

    #[test]
    fn ok_no_report_in_a_json_file_names_validate() {
        let e = Error::new(ErrorKind::NoReport);
        assert!(no_report(&e, "out/r.JSON").contains("`mokuhyo validate out/r.JSON`"));
        assert_eq!(no_report(&e, "r.txt"), e.to_string());
        let empty = Error::new(ErrorKind::Empty);
        assert_eq!(no_report(&empty, "r.json"), empty.to_string());
    }

    #[test]
    fn ok_shell_words() {
        assert_eq!(shell_word("out/令和4年度.json"), "out/令和4年度.json");
        assert_eq!(shell_word("-"), "-");
        assert_eq!(shell_word("my r.json"), "'my r.json'");
        assert_eq!(shell_word("it's.json"), r"'it'\''s.json'");
        assert_eq!(shell_word("$HOME.json"), "'$HOME.json'");
        // Sheet names and paths, as the sheet-picking hints write them.
        assert_eq!(shell_word("土木部"), "土木部");
        assert_eq!(shell_word("dir/book.xlsx"), "dir/book.xlsx");
        assert_eq!(shell_word("Sheet 1"), "'Sheet 1'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
