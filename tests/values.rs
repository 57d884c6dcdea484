//! Values and items as real reports write them, checked on whole documents: every corpus
//! report (the two written for these patterns among them) is valid against the schema file,
//! whose new fields (`bound`, `grade`, `truncated`, null achievements in a plan) accept what
//! the parser writes and reject what it must never write.

use serde_json::{json, Value};

mod common;
use common::{inputs, root};

fn file_validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).expect("read");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}

fn doc(rel: &str) -> Value {
    let bytes = std::fs::read(root().join(rel)).expect("read");
    let parsed = mokuhyo_parse::parse(&bytes, rel).expect("a report");
    serde_json::to_value(&parsed.report).expect("JSON")
}

fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn ok_every_corpus_document_is_valid() {
    let v = file_validator();
    let mut checked = 0;
    for rel in inputs() {
        let d = doc(&rel);
        assert_eq!(errors(&v, &d), Vec::<String>::new(), "{rel}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} reports");
}

const BOUNDS: &str = "corpus/achievement/r6_kankyou_bounds.txt";
const CUT: &str = "corpus/achievement/r7_kensetsu_cut.txt";

#[test]
fn ok_new_fields_in_the_pattern_reports() {
    let d = doc(BOUNDS);
    let g0 = &d["indicator_groups"][0];
    assert_eq!(g0["grade"], "B");
    assert_eq!(g0["indicators"][1]["target"]["bound"], "max_exclusive");
    assert_eq!(g0["indicators"][1]["achievement"]["status"], "not_met");
    assert_eq!(g0["indicators"][0]["target"]["value"], 12500);
    let minus = &d["indicator_groups"][2]["indicators"][0];
    assert_eq!(minus["target"]["value"], -40);
    assert_eq!(minus["actual"]["value"], -42);
    assert_eq!(minus["achievement"]["rule"], "lower_is_better");
    assert_eq!(
        d["indicator_groups"][3]["indicators"][2]["target"]["value"],
        22600
    );
    let dash = &d["indicator_groups"][4]["indicators"][0]["target"];
    assert_eq!(
        (&dash["value"], &dash["quantities"]),
        (&Value::Null, &json!([]))
    );
    let d = doc(CUT);
    let flags: Vec<&Value> = d["indicator_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| &g["truncated"])
        .collect();
    assert_eq!(flags, [false, false, false, false, true]);
    assert!(d["missions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["truncated"] == false));
    let warning = d["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "truncated-report")
        .expect("the cut is reported");
    assert!(warning["message"]
        .as_str()
        .unwrap()
        .contains("/indicator_groups/4"));
}

#[test]
fn err_the_schema_rejects_what_the_parser_never_writes() {
    let v = file_validator();
    let base = doc(BOUNDS);
    let tamper = |path: &str, value: Value| {
        let mut d = base.clone();
        *d.pointer_mut(path).expect(path) = value;
        errors(&v, &d)
    };
    let target = "/indicator_groups/0/indicators/0/target";
    for (path, value) in [
        (format!("{target}/bound"), json!("maximum")),
        (format!("{target}/bound"), json!(1)),
        ("/indicator_groups/0/grade".to_string(), json!("")),
        ("/indicator_groups/0/grade".to_string(), json!(3)),
        ("/indicator_groups/0/truncated".to_string(), json!("no")),
        ("/indicator_groups/0/truncated".to_string(), Value::Null),
        ("/missions/0/truncated".to_string(), json!(0)),
        ("/sections/0/truncated".to_string(), Value::Null),
        (
            "/indicator_groups/0/indicators/0/achievement/status".to_string(),
            json!("done"),
        ),
        (
            "/indicator_groups/0/indicators/0/achievement/rule".to_string(),
            json!("strict"),
        ),
    ] {
        let e = tamper(&path, value.clone());
        assert!(!e.is_empty(), "{path} = {value} was accepted");
        // Each error is at the tampered field or at the record holding it (a nullable value
        // is checked as `anyOf`, which reports at the value).
        let at = |m: &String| {
            let p = m.split(": ").next().unwrap_or("");
            path.starts_with(p) && path.len() - p.len() <= "/bound".len()
        };
        assert!(e.iter().all(at), "{path}: {e:?}");
    }
    // The new fields are required.
    let mut d = base.clone();
    d["indicator_groups"][0]
        .as_object_mut()
        .unwrap()
        .remove("grade");
    d["missions"][0]
        .as_object_mut()
        .unwrap()
        .remove("truncated");
    d["indicator_groups"][0]["indicators"][0]["target"]
        .as_object_mut()
        .unwrap()
        .remove("bound");
    assert_eq!(errors(&v, &d).len(), 3, "{:?}", errors(&v, &d));
    // Null achievement fields (a plan's) are allowed.
    let a = "/indicator_groups/0/indicators/0/achievement";
    let mut d = base.clone();
    *d.pointer_mut(a).unwrap() = json!({"status": null, "ratio": null, "rule": null});
    assert_eq!(errors(&v, &d), Vec::<String>::new());
}
