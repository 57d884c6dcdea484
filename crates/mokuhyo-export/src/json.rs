//! Reports as JSON text.

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
