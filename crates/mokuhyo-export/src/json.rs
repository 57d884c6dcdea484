//! Reports as JSON text.

use std::io::{self, Write};

use mokuhyo_parse::Report;

/// Serializes `report` as pretty JSON: 2-space indent, fields in model order, and a trailing
/// newline so the output is a well-formed text file.
///
/// Non-finite numbers (which the model should never hold) become `null`, as `serde_json`
/// writes them; [`Validator`](crate::Validator) then rejects the document rather than letting
/// it out.
pub fn to_json(report: &Report) -> String {
    // Serializing a Report cannot fail: every map key is a string and every type is plain
    // data, so the only possible error (a non-string key) does not arise.
    let mut out = serde_json::to_string_pretty(report).expect("a Report always serializes");
    out.push('\n');
    out
}

/// Writes `report` to `out` as [`to_json`] would return it, byte for byte, as it is
/// serialized: the text is never held whole in memory, which for a large report is several
/// times the size of the report itself. Check the report first
/// ([`Validator::validate_report`](crate::Validator::validate_report)), as
/// [`Validator::to_valid_json`](crate::Validator::to_valid_json) does.
///
/// # Errors
///
/// Any I/O error from `out`.
pub fn write_json(report: &Report, out: impl Write) -> io::Result<()> {
    // The pretty printer writes a few bytes at a time (indents, quotes, commas): gathered
    // here, `out` sees 64 KiB writes whatever it is.
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    // An I/O error comes back as itself; any other (as in `to_json`, none can arise) as an
    // I/O error of its own.
    serde_json::to_writer_pretty(&mut out, report).map_err(io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Report {
        let text = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
                    (2) 事業成果目標\n1-①広報の強化 ・発信します。\t指標：アクセス件数\n\
                    \t目標値 450万件\t実績値 35.5%\n";
        mokuhyo_parse::parse(text.as_bytes(), "r.txt")
            .expect("a report")
            .report
    }

    #[test]
    fn ok_pretty_two_spaces_trailing_newline() {
        let json = to_json(&seed());
        assert!(json.starts_with("{\n  \"schema_version\": \"1.1.0\",\n  \"source\": {\n    \""));
        assert!(json.ends_with("}\n"));
        assert!(!json.ends_with("}\n\n"));
        assert!(!json.contains('\t'));
    }

    #[test]
    fn ok_written_as_to_json_returns_it() {
        let report = seed();
        let mut out = Vec::new();
        write_json(&report, &mut out).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf-8"), to_json(&report));
    }

    #[test]
    fn ok_round_trips_through_the_model() {
        let report = seed();
        let back: Report = serde_json::from_str(&to_json(&report)).expect("valid JSON");
        assert_eq!(back, report);
    }

    #[test]
    fn ok_integral_numbers_are_integers() {
        let json = to_json(&seed());
        assert!(json.contains("\"value\": 4500000,"), "{json}");
        assert!(!json.contains("4500000.0"), "{json}");
        assert!(json.contains("\"value\": 35.5,"), "{json}");
    }

    #[test]
    fn err_non_finite_number_is_not_a_number_in_json() {
        let mut report = seed();
        let target = report.indicator_groups[0].indicators[0]
            .target
            .as_mut()
            .expect("a target");
        target.quantities[0].value = mokuhyo_parse::model::Number(f64::NAN);
        let doc: serde_json::Value = serde_json::from_str(&to_json(&report)).expect("JSON");
        let q = &doc["indicator_groups"][0]["indicators"][0]["target"]["quantities"][0];
        assert!(q["value"].is_null(), "{q}");
        assert!(crate::Validator::new().validate(&doc).is_err());
    }
}
