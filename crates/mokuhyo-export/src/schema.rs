//! The JSON Schema and a validator compiled from it.
//!
//! Two implementations of the schema are compiled. `jsonschema` decides: it answers "valid" in
//! a fraction of the time, and every document the pipeline writes goes through it, read from
//! a [`Tape`] rather than a `serde_json::Value`. `boon` only words the errors: a document
//! `jsonschema` rejects is checked again by `boon` to report each violation in plain words,
//! and should `boon` find nothing, the document is still rejected, with `jsonschema`'s own
//! errors. The unit tests run both on every document they check and require the same
//! verdict.

use std::fmt;

use boon::{Compiler, Draft, ErrorKind, SchemaIndex, Schemas, Type, ValidationError};
use serde_json::Value;

use crate::json::to_json;
use crate::tape::{ItemChecks, Tape, TapeJson};
use mokuhyo_parse::Report;

/// The output contract: `schemas/report.schema.json`, JSON Schema Draft 2020-12.
pub const SCHEMA: &str = include_str!("../../../schemas/report.schema.json");

/// The URL the schema is registered under; it is the schema's own `$id`, so references inside
/// it resolve without any lookup outside the process.
const SCHEMA_ID: &str = "urn:mokuhyo:schema:report";

/// A compiled [`SCHEMA`]. Compile once, validate many documents; it is `Send + Sync`.
pub struct Validator {
    /// The deciding check every document goes through.
    fast: jsonschema::Validator<TapeJson>,
    /// The deciding check of one item of each array member of the root object whose schema
    /// says nothing but what its items are, for checking a report one item at a time.
    items: ItemChecks,
    /// The explaining check, for documents that fail the fast one.
    schemas: Schemas,
    index: SchemaIndex,
}

/// One way a document breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// Where in the document, as a JSON Pointer (`/sections/0/minor`); empty for the document
    /// itself.
    pub path: String,
    /// What is wrong, lowercase, e.g. `missing properties 'kind'`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

impl Validator {
    /// Compiles [`SCHEMA`].
    ///
    /// # Panics
    ///
    /// If the embedded schema is not valid JSON or not a valid Draft 2020-12 schema: a bug in
    /// this crate, caught by its tests.
    pub fn new() -> Validator {
        let schema: Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        Validator::compile(&schema.clone(), schema)
    }

    /// Compiles `fast` for the deciding check and `explain` for the explaining one; they are
    /// the same schema except in the test of what happens when the two disagree.
    fn compile(fast: &Value, explain: Value) -> Validator {
        let build = |schema: &Value| {
            jsonschema::options_for::<TapeJson>()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(schema)
                .unwrap_or_else(|e| panic!("the schema compiles: {e}"))
        };
        let items = item_schemas(fast)
            .into_iter()
            .map(|(name, schema)| (name, build(&schema)))
            .collect();
        let fast = build(fast);
        let mut compiler = Compiler::new();
        compiler.set_default_draft(Draft::V2020_12);
        compiler
            .add_resource(SCHEMA_ID, explain)
            .expect("the schema's $id is a URL");
        let mut schemas = Schemas::new();
        let index = compiler
            .compile(SCHEMA_ID, &mut schemas)
            .unwrap_or_else(|e| panic!("the schema compiles: {e:#}"));
        Validator {
            fast,
            items,
            schemas,
            index,
        }
    }

    /// Checks `doc` against the schema.
    ///
    /// # Errors
    ///
    /// Every violation found, each reported once, sorted by path (array items by index). A
    /// value that matches none of a field's alternatives (an object or null, say) is reported
    /// by the alternative that got furthest: a broken object gets the object's errors, not also
    /// "want null".
    pub fn validate(&self, doc: &Value) -> Result<(), Vec<Violation>> {
        let tape = Tape::of(doc).expect("a Value always goes on a tape");
        if self.fast.is_valid(tape.root()) {
            return Ok(());
        }
        self.explain(doc, &tape)
    }

    /// The violations in `doc`, which failed the fast check; `tape` is its tape.
    fn explain(&self, doc: &Value, tape: &Tape) -> Result<(), Vec<Violation>> {
        match self.schemas.validate(doc, self.index) {
            // The two implementations disagree: reject, in the words of the one that objects.
            Ok(()) => {
                let mut out: Vec<Violation> = self
                    .fast
                    .iter_errors(tape.root())
                    .map(|e| Violation {
                        path: e.instance_path().to_string(),
                        message: e.to_string(),
                    })
                    .collect();
                out.sort_by(|a, b| pointer_key(&a.path).cmp(&pointer_key(&b.path)));
                Err(out)
            }
            Err(e) => {
                let mut out = Vec::new();
                collect(&e, &mut out);
                // boon's order follows its internal maps; sort so the same document always
                // gets the same report, top of the document first, array items by index.
                out.sort_by(|a, b| {
                    pointer_key(&a.path)
                        .cmp(&pointer_key(&b.path))
                        .then_with(|| a.message.cmp(&b.message))
                });
                out.dedup();
                Err(out)
            }
        }
    }

    /// Checks `report` against the schema: the document [`to_json`] writes, built straight
    /// from the report with the same serializer instead of being read back from the text.
    /// That saves printing and parsing every document twice, and the numbers checked are the
    /// exact values the text was printed from (a test holds the two equal on the seed). The
    /// document is checked in pieces ([`Tape::in_pieces`]): each item of its long arrays on
    /// a tape of its own, then the rest, so a large report never has a tape of the whole
    /// document. Only a report that fails is put on one whole tape and turned into a
    /// `serde_json::Value`, for the explanation.
    ///
    /// # Errors
    ///
    /// The violations, when the parser produced something the contract does not allow.
    pub fn validate_report(&self, report: &Report) -> Result<(), Vec<Violation>> {
        // One item of each long array at a time, then the rest: the same verdict as the whole
        // document's tape, in a small part of its memory.
        let (rest, items_pass) =
            Tape::in_pieces(report, self.items.clone()).expect("a Report always serializes");
        if items_pass && self.fast.is_valid(rest.root()) {
            return Ok(());
        }
        drop(rest);
        let tape = Tape::of(report).expect("a Report always serializes");
        let doc = serde_json::to_value(report).expect("a Report always serializes");
        self.explain(&doc, &tape)
    }

    /// Checks `report` with [`validate_report`](Validator::validate_report) and, when it
    /// passes, returns its JSON text from [`to_json`].
    ///
    /// # Errors
    ///
    /// The violations, when the parser produced something the contract does not allow.
    pub fn to_valid_json(&self, report: &Report) -> Result<String, Vec<Violation>> {
        self.validate_report(report)?;
        Ok(to_json(report))
    }
}

impl Default for Validator {
    fn default() -> Validator {
        Validator::new()
    }
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("schema", &SCHEMA_ID)
            .finish_non_exhaustive()
    }
}

/// The members of the root object that are arrays whose schema says nothing but the type and
/// what each item is (`"items"`; titles and descriptions aside), each with a schema for one
/// item that has the root's definitions (`$defs`) beside it, so that its references resolve.
///
/// For such an array, checking every item on its own and the document with the array left
/// empty gives the verdict of checking the whole document: no keyword that sees the array
/// (`minItems`, `uniqueItems`, `contains` …) or the document as a whole
/// (`unevaluatedProperties`, `dependentSchemas` …) is left out, as no array with such a
/// keyword and no root with such a keyword is split.
fn item_schemas(schema: &Value) -> Vec<(String, Value)> {
    // What an array member's schema may say besides "items".
    const ANNOTATIONS: [&str; 4] = ["title", "description", "$comment", "type"];
    const ROOT_KEYWORDS: [&str; 9] = [
        "$schema",
        "$id",
        "$defs",
        "$comment",
        "title",
        "description",
        "type",
        "required",
        "properties",
    ];
    let root_is_plain = schema.as_object().is_some_and(|root| {
        root.keys()
            .all(|k| ROOT_KEYWORDS.contains(&k.as_str()) || k == "additionalProperties")
            && root
                .get("additionalProperties")
                .is_none_or(|a| *a == Value::Bool(false))
    });
    let Some(properties) = schema["properties"].as_object().filter(|_| root_is_plain) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, property) in properties {
        let Some(p) = property.as_object() else {
            continue;
        };
        let plain = p.get("type") == Some(&Value::from("array"))
            && p.keys()
                .all(|k| k == "items" || ANNOTATIONS.contains(&k.as_str()));
        let Some(Value::Object(items)) = p.get("items").filter(|_| plain) else {
            continue;
        };
        if items.contains_key("$defs") || items.contains_key("$id") {
            continue;
        }
        let mut item = items.clone();
        item.insert(
            "$schema".into(),
            "https://json-schema.org/draft/2020-12/schema".into(),
        );
        if let Some(defs) = schema.get("$defs") {
            item.insert("$defs".into(), defs.clone());
        }
        out.push((name.clone(), Value::Object(item)));
    }
    out
}

/// A sort key for a JSON Pointer: array indexes compare as numbers, so `/sections/2` comes
/// before `/sections/10`.
fn pointer_key(path: &str) -> Vec<(u8, usize, &str)> {
    path.split('/')
        .skip(1)
        .map(|t| match t.parse::<usize>() {
            Ok(i) => (0, i, ""),
            Err(_) => (1, 0, t),
        })
        .collect()
}

/// Flattens boon's error tree into its leaves.
fn collect(e: &ValidationError<'_, '_>, out: &mut Vec<Violation>) {
    if matches!(e.kind, ErrorKind::AnyOf | ErrorKind::OneOf(None)) {
        // A nullable field is `anyOf: [{$ref}, {type: null}]`. When the value has the right
        // type for some alternative, the other alternatives' bare type mismatches are noise;
        // when it has the right type for none, one merged "want A or B" says it all.
        let here = e.instance_location.to_string();
        let (mismatches, informative): (Vec<_>, Vec<_>) = e
            .causes
            .iter()
            .partition(|c| type_mismatch(c, &here).is_some());
        if informative.is_empty() && !mismatches.is_empty() {
            let mut want: Vec<String> = Vec::new();
            let mut got = None;
            for (w, g) in mismatches.iter().filter_map(|c| type_mismatch(c, &here)) {
                for t in w {
                    if !want.contains(&t) {
                        want.push(t);
                    }
                }
                got = Some(g);
            }
            out.push(Violation {
                path: e.instance_location.to_string(),
                message: format!(
                    "want {}, but got {}",
                    want.join(" or "),
                    got.expect("at least one mismatch")
                ),
            });
        } else {
            for c in informative {
                collect(c, out);
            }
        }
        return;
    }
    if e.causes.is_empty() {
        out.push(Violation {
            path: e.instance_location.to_string(),
            message: e.kind.to_string(),
        });
    } else {
        for c in &e.causes {
            collect(c, out);
        }
    }
}

/// When `e` is nothing but a type mismatch of the value at `here` (possibly behind `$ref`s): the
/// types wanted, and the type found. A mismatch deeper inside the value does not count: that
/// alternative had the right type and got further.
fn type_mismatch(e: &ValidationError<'_, '_>, here: &str) -> Option<(Vec<String>, Type)> {
    match &e.kind {
        ErrorKind::Type { got, want }
            if e.causes.is_empty() && e.instance_location.to_string() == here =>
        {
            Some((want.iter().map(|t| t.to_string()).collect(), *got))
        }
        ErrorKind::Reference { .. } | ErrorKind::Schema { .. } | ErrorKind::Group
            if e.causes.len() == 1 =>
        {
            type_mismatch(&e.causes[0], here)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jsonschema::json::Node;
    use serde_json::json;

    fn seed() -> Value {
        let text =
            "令和4年度 部局経営目標（達成状況）\n作成日\t令和5年3月31日\n部局名\t総合政策部\n\
                    部局長名\t有元 均\n(2) 事業成果目標\n1-①広報の強化 ・発信します。\t\
                    指標：①アクセス件数②登録数\n\t目標値 ①450万件 ②40団体\t\
                    実績値 ①587万件 ②新規登録146団体\n";
        let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("a report")
            .report;
        serde_json::from_str(&to_json(&report)).expect("JSON")
    }

    /// What `validate` reports for `doc`, after checking that the two implementations give
    /// it the same verdict: `jsonschema` on its tape, `boon` on its own.
    fn violations(doc: &Value) -> Vec<String> {
        let v = Validator::new();
        let fast = v.fast.is_valid(Tape::of(doc).expect("tape").root());
        let explaining = v.schemas.validate(doc, v.index).is_ok();
        assert_eq!(fast, explaining, "jsonschema and boon disagree on {doc:#}");
        match v.validate(doc) {
            Ok(()) => Vec::new(),
            Err(v) => v.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn ok_schema_is_draft_2020_12_json() {
        let schema: Value = serde_json::from_str(SCHEMA).expect("JSON");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["$id"], SCHEMA_ID);
    }

    #[test]
    fn ok_validator_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Validator>();
    }

    #[test]
    fn ok_parsed_report_validates() {
        let doc = seed();
        assert_eq!(violations(&doc), Vec::<String>::new());
        // The seed exercises the nullable objects and the enums.
        assert_eq!(doc["kind"], "achievement");
        assert!(doc["created_on"].is_object());
        assert_eq!(
            doc["indicator_groups"][0]["indicators"][1]["actual"]["note"],
            "新規登録"
        );
    }

    #[test]
    fn err_when_the_two_checks_disagree_the_objecting_one_speaks() {
        // A deciding check that rejects everything, an explaining one that finds nothing: the
        // document is still rejected, with the deciding check's words.
        let schema: Value = serde_json::from_str(SCHEMA).expect("JSON");
        let v = Validator::compile(&json!({"not": {}}), schema);
        let err = v.validate(&seed()).expect_err("rejected");
        assert_eq!(err.len(), 1, "{err:?}");
        assert_eq!(err[0].path, "");
        assert!(!err[0].message.is_empty());
    }

    #[test]
    fn err_missing_required_field() {
        let mut doc = seed();
        doc.as_object_mut().expect("object").remove("kind");
        assert_eq!(violations(&doc), ["(document): missing properties 'kind'"]);
    }

    #[test]
    fn ok_nullable_fields_accept_null() {
        let mut doc = seed();
        doc["created_on"] = Value::Null;
        doc["title"] = Value::Null;
        doc["indicator_groups"][0]["indicators"][0]["actual"] = Value::Null;
        assert_eq!(violations(&doc), Vec::<String>::new());
    }

    #[test]
    fn err_non_nullable_field_rejects_null() {
        let mut doc = seed();
        doc["kind"] = Value::Null;
        doc["sections"][0]["title"] = Value::Null;
        assert_eq!(
            violations(&doc),
            [
                "/kind: want string, but got null",
                "/sections/0/title: want string, but got null"
            ]
        );
    }

    #[test]
    fn ok_integral_float_is_an_integer() {
        let mut doc = seed();
        doc["sections"][0]["major"] = json!(1.0);
        assert_eq!(violations(&doc), Vec::<String>::new());
    }

    #[test]
    fn err_string_where_a_number_belongs() {
        let mut doc = seed();
        doc["indicator_groups"][0]["indicators"][0]["target"]["value"] = json!("450万");
        assert_eq!(
            violations(&doc),
            ["/indicator_groups/0/indicators/0/target/value: want null or number, but got string"]
        );
    }

    #[test]
    fn err_broken_nullable_object_reports_the_object_only() {
        let mut doc = seed();
        doc["created_on"]["date"] = json!("2023/03/31");
        assert_eq!(
            violations(&doc),
            ["/created_on/date: '2023/03/31' does not match pattern \
              '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'"]
        );
    }

    #[test]
    fn err_wrong_type_for_nullable_object_is_one_message() {
        let mut doc = seed();
        doc["fiscal_year"] = json!("令和4年度");
        assert_eq!(
            violations(&doc),
            ["/fiscal_year: want object or null, but got string"]
        );
    }

    #[test]
    fn err_unknown_fields_at_any_depth() {
        let mut doc = seed();
        doc["extra"] = json!(1);
        doc["source"]["extra"] = json!(1);
        doc["indicator_groups"][0]["indicators"][0]["achievement"]["extra"] = json!(1);
        assert_eq!(
            violations(&doc),
            [
                "(document): additionalProperties 'extra' not allowed",
                "/indicator_groups/0/indicators/0/achievement: additionalProperties 'extra' not allowed",
                "/source: additionalProperties 'extra' not allowed",
            ]
        );
    }

    #[test]
    fn err_enums() {
        let mut doc = seed();
        doc["kind"] = json!("draft");
        doc["indicator_groups"][0]["indicators"][0]["achievement"]["status"] = json!("done");
        doc["indicator_groups"][0]["indicators"][0]["achievement"]["rule"] = json!("bigger");
        doc["diagnostics"] = json!([{"severity": "fatal", "code": "x", "message": "m", "line": null, "boxes": [], "cells": []}]);
        let v = violations(&doc);
        assert_eq!(v.len(), 4, "{v:#?}");
        assert!(v.contains(
            &"/diagnostics/0/severity: value must be one of 'error', 'warning', 'info'".to_string()
        ));
        assert!(v.contains(&"/kind: value must be one of 'achievement', 'plan'".to_string()));
        assert!(v.iter().any(
            |m| m.contains("/achievement/status: value must be one of 'met', 'not_met', 'unknown'")
        ));
        assert!(v
            .iter()
            .any(|m| m.contains("/achievement/rule: value must be one of")));
    }

    #[test]
    fn ok_patterns_accept_contract_values() {
        let mut doc = seed();
        doc["schema_version"] = json!("1.10.0-rc.1+build.5");
        doc["diagnostics"] = json!([{"severity": "info", "code": "shifted-value-row2", "message": "m", "line": 3, "boxes": [], "cells": []}]);
        assert_eq!(violations(&doc), Vec::<String>::new());
    }

    #[test]
    fn err_patterns() {
        let mut doc = seed();
        doc["schema_version"] = json!("1.0");
        doc["source"]["sha256"] = json!("ABC");
        doc["fiscal_year"]["start"] = json!("2022-4-1");
        doc["diagnostics"] = json!([{"severity": "info", "code": "Shifted_Row", "message": "m", "line": 3, "boxes": [], "cells": []}]);
        let v = violations(&doc);
        let paths: Vec<&str> = v
            .iter()
            .map(|m| m.split(": ").next().unwrap_or(""))
            .collect();
        assert_eq!(
            paths,
            [
                "/diagnostics/0/code",
                "/fiscal_year/start",
                "/schema_version",
                "/source/sha256"
            ],
            "{v:#?}"
        );
    }

    #[test]
    fn ok_ranges_at_their_bounds() {
        let mut doc = seed();
        doc["indicator_groups"][0]["indicators"][0]["no"] = json!(50);
        doc["sections"][0]["minor"] = json!(1);
        doc["sections"][0]["major"] = json!(0);
        doc["missions"] = json!([{"no": null, "title": "t", "sdgs": [{"goal": 1, "label": "l", "span": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}}, {"goal": 17, "label": "l", "span": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}}], "body": "", "lines": {"start": 1, "end": 1}, "span": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}, "spans": [], "truncated": false, "boxes": [], "cells": []}]);
        assert_eq!(violations(&doc), Vec::<String>::new());
    }

    #[test]
    fn err_ranges() {
        let mut doc = seed();
        doc["indicator_groups"][0]["indicators"][0]["no"] = json!(51);
        doc["sections"][0]["minor"] = json!(0);
        doc["sections"][0]["lines"]["start"] = json!(0);
        doc["missions"] = json!([{"no": 1, "title": "t", "sdgs": [{"goal": 18, "label": "l", "span": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}}], "body": "", "lines": {"start": 1, "end": 1}, "span": {"start": {"line": 1, "column": 1}, "end": {"line": 1, "column": 1}}, "spans": [], "truncated": false, "boxes": [], "cells": []}]);
        assert_eq!(
            violations(&doc),
            [
                "/indicator_groups/0/indicators/0/no: must be <=50, but got 51",
                "/missions/0/sdgs/0/goal: must be <=17, but got 18",
                "/sections/0/lines/start: must be >=1, but got 0",
                "/sections/0/minor: must be >=1, but got 0",
            ]
        );
    }

    #[test]
    fn ok_to_valid_json_returns_to_json() {
        let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n1-①広報 ・する。\n";
        let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("report")
            .report;
        assert_eq!(
            Validator::new().to_valid_json(&report).expect("valid"),
            to_json(&report)
        );
    }

    #[test]
    fn ok_validated_document_is_the_written_text() {
        // `validate_report` checks the document built from the report, not the text
        // `to_json` writes: the two must be the same JSON, numbers included.
        let seed = include_bytes!("../../../seeds/000_1e9e9e477dd5dd5a.txt");
        let report = mokuhyo_parse::parse(seed, "seed.txt")
            .expect("report")
            .report;
        let built = serde_json::to_value(&report).expect("serializes");
        let read: Value = serde_json::from_str(&to_json(&report)).expect("JSON");
        same_json(&built, &read, "");
        assert!(Validator::new().validate_report(&report).is_ok());
    }

    /// `a` and `b` are the same document. Floats may differ in the last place: serde_json's
    /// default float parser is fast rather than exact, so `b`, read back from text, can be one
    /// unit off; `a` holds the exact value the text was written from.
    fn same_json(a: &Value, b: &Value, at: &str) {
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                assert_eq!(
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>(),
                    "{at}"
                );
                for (k, v) in x {
                    same_json(v, &y[k], &format!("{at}/{k}"));
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{at}");
                for (i, (v, w)) in x.iter().zip(y).enumerate() {
                    same_json(v, w, &format!("{at}/{i}"));
                }
            }
            (Value::Number(x), Value::Number(y)) if x.is_f64() && y.is_f64() => {
                let (x, y) = (x.as_f64().expect("f64"), y.as_f64().expect("f64"));
                assert!(
                    (x - y).abs() <= 2.0 * f64::EPSILON * x.abs(),
                    "{at}: {x} {y}"
                );
            }
            _ => assert_eq!(a, b, "{at}"),
        }
    }

    #[test]
    fn ok_the_long_arrays_are_checked_item_by_item() {
        let schema: Value = serde_json::from_str(SCHEMA).expect("JSON");
        let mut names: Vec<String> = item_schemas(&schema).into_iter().map(|(n, _)| n).collect();
        names.sort();
        for long in [
            "diagnostics",
            "indicator_groups",
            "missions",
            "sections",
            "unparsed",
        ] {
            assert!(names.iter().any(|n| n == long), "{long} in {names:?}");
        }
        // Each item schema resolves its references on its own.
        for (name, item) in item_schemas(&schema) {
            assert!(item["$defs"].is_object(), "{name}");
        }
    }

    #[test]
    fn ok_arrays_and_roots_that_see_more_than_one_item_are_not_split() {
        let schema = |root: Value, array: Value| {
            let mut s = json!({
                "type": "object",
                "properties": {"a": array, "b": {"type": "array", "items": {"type": "integer"}}},
            });
            s.as_object_mut()
                .expect("object")
                .extend(root.as_object().expect("object").clone());
            s
        };
        let names =
            |s: &Value| -> Vec<String> { item_schemas(s).into_iter().map(|(n, _)| n).collect() };
        let plain = json!({"type": "array", "items": {"type": "integer"}});
        assert_eq!(names(&schema(json!({}), plain.clone())), ["a", "b"]);
        for array in [
            json!({"type": "array", "items": {"type": "integer"}, "minItems": 1}),
            json!({"type": "array", "items": {"type": "integer"}, "uniqueItems": true}),
            json!({"type": "array", "items": {"type": "integer"}, "contains": {"const": 1}}),
            json!({"type": ["array", "null"], "items": {"type": "integer"}}),
            json!({"type": "array", "prefixItems": [{"type": "integer"}]}),
        ] {
            assert_eq!(names(&schema(json!({}), array.clone())), ["b"], "{array}");
        }
        for root in [
            json!({"unevaluatedProperties": false}),
            json!({"additionalProperties": {"type": "array"}}),
            json!({"allOf": [{"required": ["a"]}]}),
        ] {
            assert!(
                names(&schema(root.clone(), plain.clone())).is_empty(),
                "{root}"
            );
        }
    }

    /// What `validate_report` says of `report`, after checking that checking it in pieces
    /// gives the verdict of checking its whole tape.
    fn report_violations(report: &Report) -> Vec<String> {
        let v = Validator::new();
        let whole = v.fast.is_valid(Tape::of(report).expect("tape").root());
        let (rest, items_pass) = Tape::in_pieces(report, v.items.clone()).expect("tape");
        assert_eq!(items_pass && v.fast.is_valid(rest.root()), whole);
        match v.validate_report(report) {
            Ok(()) => Vec::new(),
            Err(v) => v.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn ok_in_pieces_the_long_arrays_stay_off_the_tape() {
        let seed = include_bytes!("../../../seeds/000_1e9e9e477dd5dd5a.txt");
        let report = mokuhyo_parse::parse(seed, "seed.txt")
            .expect("report")
            .report;
        assert!(report.sections.len() > 5 && !report.missions.is_empty());
        let v = Validator::new();
        let (rest, items_pass) = Tape::in_pieces(&report, v.items.clone()).expect("tape");
        assert!(items_pass);
        let rest = rest.root().to_value().into_owned();
        let mut expected = serde_json::to_value(&report).expect("serializes");
        for (name, _) in v.items.iter() {
            assert!(expected[name].is_array(), "{name}");
            expected[name] = json!([]);
        }
        assert_eq!(rest, expected);
        assert_eq!(report_violations(&report), Vec::<String>::new());
    }

    #[test]
    fn err_in_pieces_a_broken_item_or_rest_is_found_and_named() {
        let seed = include_bytes!("../../../seeds/000_1e9e9e477dd5dd5a.txt");
        let report = mokuhyo_parse::parse(seed, "seed.txt")
            .expect("report")
            .report;
        let last = report.sections.len() - 1;
        let mut broken = report.clone();
        broken.sections[last].minor = 0;
        assert_eq!(
            report_violations(&broken),
            [format!("/sections/{last}/minor: must be >=1, but got 0")]
        );
        let mut broken = report.clone();
        let group = broken.indicator_groups.len() - 1;
        broken.indicator_groups[group].indicators[0].line = 0;
        let found = report_violations(&broken);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(&format!("/indicator_groups/{group}/indicators/0/line: ")),
            "{found:?}"
        );
        let mut broken = report.clone();
        broken.missions[0].lines.start = 0;
        broken.source.sha256 = "not hex".into();
        let found = report_violations(&broken);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("/missions/0/lines/start: "),
            "{found:?}"
        );
        assert!(found[1].starts_with("/source/sha256: "), "{found:?}");
    }

    #[test]
    fn err_to_valid_json_rejects_an_out_of_contract_report() {
        let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n1-①広報 ・する。\n";
        let mut report = mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("report")
            .report;
        report.source.sha256 = "not hex".into();
        let v = Validator::new()
            .to_valid_json(&report)
            .expect_err("invalid");
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].path, "/source/sha256");
    }
}
