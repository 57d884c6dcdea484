//! `mokuhyo validate FILE.json...`: check documents against the schema.
//!
//! A document is checked for what it is before any tree is built: a top level that is not an
//! object (a 64 MB array, say) is refused from its first byte, without reading it into a tree
//! several times its size. A key given twice in one object is an error (a JSON reader would
//! keep one of the two values, and which one differs between readers). At most
//! `--max-errors` problems are printed per document, then how many more there are.

use std::fmt;
use std::path::Path;

use mokuhyo_export::Validator;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Exit;
use crate::args::ValidateArgs;
use crate::{input, messages, output};

pub fn run(args: &ValidateArgs) -> Exit {
    let validator = Validator::new();
    let mut exit = Exit::Success;
    for path in &args.files {
        // One bad file is reported and the rest are still checked.
        if !check(
            &validator,
            path,
            args.limits.max_input_bytes,
            args.max_errors,
        ) {
            exit = Exit::Failure;
        }
    }
    exit
}

/// Checks one document of at most `limit` bytes, reporting the outcome with at most
/// `max_errors` problems (0: all); whether it is valid.
fn check(validator: &Validator, path: &Path, limit: u64, max_errors: usize) -> bool {
    let name = path.display().to_string();
    let bytes = match input::read(path, limit) {
        Ok(b) => b,
        Err(why) => {
            messages::error(&name, why);
            return false;
        }
    };
    let Some(&first) = bytes.iter().find(|b| !b.is_ascii_whitespace()) else {
        messages::error(&name, "file is empty");
        return false;
    };
    if first != b'{' {
        messages::error(&name, not_an_object(first));
        return false;
    }
    let doc = match serde_json::from_slice::<Strict>(&bytes) {
        Ok(Strict(doc)) => doc,
        Err(e) => {
            messages::error(&name, format_args!("not JSON: {e}"));
            return false;
        }
    };
    drop(bytes);
    match validator.validate(&doc) {
        Ok(()) => output::line_to_stdout(format_args!("{}: ok", messages::escape(&name))),
        Err(violations) => {
            let shown = if max_errors == 0 {
                violations.len()
            } else {
                max_errors.min(violations.len())
            };
            for v in &violations[..shown] {
                messages::error(&name, v);
            }
            let rest = violations.len() - shown;
            if rest > 0 {
                messages::error(
                    &name,
                    format_args!(
                        "{rest} more problem{} not shown (--max-errors)",
                        if rest == 1 { "" } else { "s" }
                    ),
                );
            }
            false
        }
    }
}

/// Why a document whose first byte (after white space) is `first`, not `{`, is refused.
fn not_an_object(first: u8) -> String {
    let what = match first {
        b'[' => "an array",
        b'"' => "a string",
        b'-' | b'0'..=b'9' => "a number",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => return "not JSON: a document starts with '{'".into(),
    };
    format!("not a report: the top level is {what}, not an object")
}

/// A JSON value read as `serde_json::Value` is, except that a key given twice in one object
/// is an error.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON text holds no NaN or infinity; `from` would make them null.
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if members.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key {key:?}")));
            }
            let Strict(v) = map.next_value()?;
            members.insert(key, v);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(text: &str) -> Result<Value, String> {
        serde_json::from_str::<Strict>(text)
            .map(|Strict(v)| v)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn ok_same_value_as_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": 18446744073709551615}"#;
        let want: Value = serde_json::from_str(text).expect("JSON");
        assert_eq!(strict(text).expect("JSON"), want);
    }

    #[test]
    fn err_duplicate_key_with_position() {
        let why = strict("{\"a\": 1,\n \"b\": {\"k\": 1, \"k\": 2}}").expect_err("duplicate");
        assert!(why.starts_with("duplicate key \"k\" at line 2"), "{why}");
        // The same key in two different objects is fine.
        assert!(strict(r#"{"a": {"k": 1}, "b": {"k": 2}}"#).is_ok());
    }

    #[test]
    fn err_top_level_named_by_first_byte() {
        assert_eq!(
            not_an_object(b'['),
            "not a report: the top level is an array, not an object"
        );
        assert_eq!(
            not_an_object(b'7'),
            "not a report: the top level is a number, not an object"
        );
        assert_eq!(not_an_object(b'<'), "not JSON: a document starts with '{'");
    }
}
