/*!
Schema, validation and writers for mokuhyo reports.

Input: a [`Report`] from `mokuhyo-parse`, or any JSON document claiming to be one (a
[`serde_json::Value`]). Output: the report as JSON text ([`to_json`]), the list of ways a
document breaks the contract ([`Validator`], [`Violation`]), files written atomically
([`write_atomic`], [`AtomicFile`]), flat tables at every level of a report (reports,
missions, SDG goals, sections, indicators, quantities: [`rows`]) as NDJSON, CSV or Parquet
([`table`]), and the Frictionless `datapackage.json` that describes them ([`datapackage`]).

The contract is [`SCHEMA`], the JSON Schema (Draft 2020-12) kept in
`schemas/report.schema.json` and compiled into this crate, so the binary and the file can
never disagree.

```
use mokuhyo_export::{to_json, Validator};

let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
            (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
            \t目標値 450万件\t実績値 587万件\n";
let report = mokuhyo_parse::parse(text.as_bytes(), "r.txt").unwrap().report;

let json = to_json(&report);
assert!(json.starts_with("{\n  \"schema_version\": "));
assert!(json.ends_with("}\n"));

let validator = Validator::new();
let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
assert!(validator.validate(&doc).is_ok());

// A document that breaks the contract gets one violation per problem.
let mut bad = doc.clone();
bad["kind"] = "draft".into();
let violations = validator.validate(&bad).unwrap_err();
assert_eq!(violations[0].path, "/kind");
```
*/
#![deny(missing_docs)]

pub mod datapackage;
mod json;
mod review;
pub mod rows;
mod schema;
pub mod table;
mod tape;
mod write;

pub use json::{to_json, write_json};
pub use mokuhyo_parse::Report;
pub use review::{
    page_href, review_html, review_html_with, review_index_html, write_review, write_review_with,
    IndexEntry,
};
pub use schema::{Validator, Violation, SCHEMA};
pub use write::{
    is_temporary_name, remove_temporaries, sync_files, write_atomic, write_atomic_with, AtomicFile,
    Durability,
};
