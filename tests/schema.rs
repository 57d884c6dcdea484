//! The schema file (`schemas/report.schema.json`) checked from the outside.
//!
//! The schema is compiled here by `jsonschema` straight from the file, and compared with what
//! `mokuhyo validate` says. The binary decides with `jsonschema` too, but explains with `boon`:
//! each tampered copy of the seed's document must be rejected by the file's schema and by the
//! binary, and the binary's `boon` messages must point at the same place, so a bug in either
//! implementation shows.

use std::sync::LazyLock;

use serde_json::{json, Value};

mod common;
use common::{mokuhyo, root, SEED};

/// The schema as stored in the repository, not as compiled into the binary.
fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).expect("read");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn file_validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// The seed's document, as `mokuhyo parse` prints it: parsed once, a fresh copy for each
/// caller.
fn seed_doc() -> Value {
    static DOC: LazyLock<Value> = LazyLock::new(|| {
        let out = mokuhyo(["parse", SEED]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("parse prints JSON")
    });
    DOC.clone()
}

/// The instance paths of every error `jsonschema` finds.
fn file_schema_errors(doc: &Value) -> Vec<String> {
    let v = file_validator();
    let mut paths: Vec<String> = v
        .iter_errors(doc)
        .map(|e| e.instance_path().to_string())
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// Runs `mokuhyo validate` on `doc` written to a temporary file: (exit code, stderr).
fn shipped_validator(doc: &Value) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("doc.json");
    std::fs::write(&path, serde_json::to_string_pretty(doc).expect("json")).expect("write");
    let out = mokuhyo(["validate", path.to_str().expect("utf-8 path")]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts both validators reject `doc` at `path`, and nowhere else.
fn assert_rejected_at(doc: &Value, path: &str) {
    assert_rejected_at_each(doc, path, path);
}

/// Like [`assert_rejected_at`], for a value inside an `anyOf` (a nullable object): `jsonschema`
/// reports the failed `anyOf` where it is, `mokuhyo validate` the error inside the alternative
/// that got furthest.
fn assert_rejected_at_each(doc: &Value, file_path: &str, path: &str) {
    assert_eq!(file_schema_errors(doc), [file_path], "jsonschema");
    let (code, stderr) = shipped_validator(doc);
    assert_eq!(code, Some(1), "mokuhyo validate: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(!lines.is_empty(), "no error printed");
    for line in &lines {
        assert!(line.starts_with("error: "), "{line}");
        let shown = if path.is_empty() { "(document)" } else { path };
        assert!(line.contains(&format!("doc.json: {shown}: ")), "{line}");
    }
}

#[test]
fn schema_is_a_valid_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("not a valid schema: {e} at {}", e.instance_path());
    }
}

#[test]
fn schema_command_prints_the_schema_file() {
    let out = mokuhyo(["schema"]);
    assert!(out.status.success());
    let file = std::fs::read(root().join("schemas/report.schema.json")).expect("read");
    assert_eq!(out.stdout, file);
}

/// Walks every subschema: each object type is closed and requires all of its properties, so a
/// field can be neither added nor dropped without the schema noticing.
#[test]
fn every_object_is_closed_and_requires_all_its_properties() {
    fn walk(at: &str, s: &Value, objects: &mut usize) {
        match s {
            Value::Object(m) => {
                if let Some(props) = m.get("properties").and_then(Value::as_object) {
                    *objects += 1;
                    assert_eq!(m.get("additionalProperties"), Some(&json!(false)), "{at}");
                    let mut want: Vec<&str> = props.keys().map(String::as_str).collect();
                    let mut got: Vec<&str> = m["required"]
                        .as_array()
                        .unwrap_or_else(|| panic!("{at}: no required"))
                        .iter()
                        .map(|v| v.as_str().expect("string"))
                        .collect();
                    want.sort();
                    got.sort();
                    assert_eq!(got, want, "{at}");
                    for (k, v) in props {
                        assert!(
                            v.get("description").is_some() || v.get("$ref").is_some(),
                            "{at}/properties/{k}: no description"
                        );
                    }
                }
                for (k, v) in m {
                    walk(&format!("{at}/{k}"), v, objects);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{at}/{i}"), v, objects);
                }
            }
            _ => {}
        }
    }
    let mut objects = 0;
    walk("#", &schema(), &mut objects);
    // The report, its header objects and every record type of the model.
    assert!(objects >= 16, "only {objects} object schemas");
}

#[test]
fn seed_document_validates_with_the_file_and_the_binary() {
    let doc = seed_doc();
    assert_eq!(file_schema_errors(&doc), Vec::<String>::new());
    let (code, stderr) = shipped_validator(&doc);
    assert_eq!(code, Some(0), "{stderr}");
    // The seed exercises the interesting parts of the schema, so passing means something.
    assert_eq!(doc["kind"], "achievement");
    assert!(doc["indicator_groups"].as_array().expect("array").len() > 10);
    assert!(!doc["diagnostics"].as_array().expect("array").is_empty());
}

#[test]
fn rejects_a_missing_required_field() {
    let mut doc = seed_doc();
    doc.as_object_mut().expect("object").remove("kind");
    assert_rejected_at(&doc, "");
}

#[test]
fn rejects_a_missing_required_nested_field() {
    let mut doc = seed_doc();
    doc["indicator_groups"][0]["indicators"][0]["achievement"]
        .as_object_mut()
        .expect("object")
        .remove("rule");
    assert_rejected_at(&doc, "/indicator_groups/0/indicators/0/achievement");
}

#[test]
fn rejects_a_string_where_a_number_belongs() {
    let mut doc = seed_doc();
    let value = &mut doc["indicator_groups"][0]["indicators"][0]["target"]["value"];
    assert!(
        value.is_number(),
        "the seed's first target has a number: {value}"
    );
    *value = json!("60");
    assert_rejected_at_each(
        &doc,
        "/indicator_groups/0/indicators/0/target",
        "/indicator_groups/0/indicators/0/target/value",
    );
}

#[test]
fn rejects_a_string_where_an_integer_belongs() {
    let mut doc = seed_doc();
    doc["source"]["bytes"] = json!("38087");
    assert_rejected_at(&doc, "/source/bytes");
}

#[test]
fn rejects_an_unknown_top_level_field() {
    let mut doc = seed_doc();
    doc["generated_by"] = json!("someone");
    assert_rejected_at(&doc, "");
}

#[test]
fn rejects_a_status_outside_its_enum() {
    let mut doc = seed_doc();
    doc["indicator_groups"][0]["indicators"][0]["achievement"]["status"] = json!("partly_met");
    assert_rejected_at(&doc, "/indicator_groups/0/indicators/0/achievement/status");
}

#[test]
fn rejects_an_sdg_goal_outside_1_to_17() {
    let mut doc = seed_doc();
    doc["missions"][0]["sdgs"][0]["goal"] = json!(18);
    assert_rejected_at(&doc, "/missions/0/sdgs/0/goal");
}

#[test]
fn rejects_a_malformed_sha256() {
    let mut doc = seed_doc();
    let sha = doc["source"]["sha256"]
        .as_str()
        .expect("string")
        .to_uppercase();
    doc["source"]["sha256"] = json!(sha);
    assert_rejected_at(&doc, "/source/sha256");
}

#[test]
fn accepts_null_in_every_nullable_header_field() {
    let mut doc = seed_doc();
    for field in ["title", "fiscal_year", "created_on", "department", "head"] {
        doc[field] = Value::Null;
    }
    assert_eq!(file_schema_errors(&doc), Vec::<String>::new());
    assert_eq!(shipped_validator(&doc).0, Some(0));
}
