//! `datapackage.json`: a Frictionless Data Package (v1, `tabular-data-package`) describing
//! the tables a batch wrote, so that a publisher can ship them with their data dictionary.
//!
//! Each table becomes a resource with its path, format, encoding and a Table Schema: every
//! field's name, type, Japanese title and description, `required` for columns that are never
//! empty, the primary key and the foreign keys between the tables. `frictionless validate
//! datapackage.json` checks the files against it.

use serde_json::{json, Map, Value};

use crate::table::{CsvOptions, Header, TableDef};

/// The file format a package describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackageFormat {
    /// `NAME.csv`, written with these options.
    Csv(CsvOptions),
    /// `NAME.parquet`.
    Parquet,
    /// `NAME.ndjson`.
    Ndjson,
}

/// The package describing `tables` in `format`: JSON text, ending in a line feed. With a
/// Japanese CSV header the field names are the Japanese titles (the names the file's header
/// row holds), and each description starts with the English column name.
pub fn datapackage_json(tables: &[&TableDef], format: PackageFormat, title: &str) -> String {
    let titles = matches!(
        format,
        PackageFormat::Csv(CsvOptions {
            header: Header::Titles,
            ..
        })
    );
    let field_name = |def: &TableDef, name: &str| -> String {
        match def.columns.iter().find(|c| c.name == name) {
            Some(c) if titles => c.title.to_string(),
            _ => name.to_string(),
        }
    };
    let resources: Vec<Value> = tables
        .iter()
        .map(|def| {
            let fields: Vec<Value> = def
                .columns
                .iter()
                .map(|c| {
                    let mut f = Map::new();
                    f.insert("name".into(), field_name(def, c.name).into());
                    f.insert("type".into(), c.ty.frictionless().into());
                    f.insert("title".into(), c.title.into());
                    let description = if titles {
                        format!("{}: {}", c.name, c.description)
                    } else {
                        c.description.to_string()
                    };
                    f.insert("description".into(), description.into());
                    if !c.nullable {
                        f.insert("constraints".into(), json!({ "required": true }));
                    }
                    Value::Object(f)
                })
                .collect();
            let foreign_keys: Vec<Value> = def
                .foreign_keys
                .iter()
                .filter_map(|fk| {
                    // A key to a table this package does not hold is left out.
                    let other = tables.iter().find(|t| t.name == fk.table)?;
                    Some(json!({
                        "fields": fk.fields.iter().map(|f| field_name(def, f)).collect::<Vec<_>>(),
                        "reference": {
                            "resource": fk.table,
                            "fields": fk.reference.iter().map(|f| field_name(other, f)).collect::<Vec<_>>(),
                        },
                    }))
                })
                .collect();
            let mut schema = Map::new();
            schema.insert("fields".into(), fields.into());
            schema.insert(
                "primaryKey".into(),
                def.primary_key
                    .iter()
                    .map(|f| field_name(def, f))
                    .collect::<Vec<_>>()
                    .into(),
            );
            if !foreign_keys.is_empty() {
                schema.insert("foreignKeys".into(), foreign_keys.into());
            }
            schema.insert("missingValues".into(), json!([""]));
            let mut r = Map::new();
            r.insert("name".into(), def.name.into());
            r.insert("title".into(), def.title.into());
            r.insert("description".into(), def.description.into());
            r.insert("profile".into(), "tabular-data-resource".into());
            let (ext, mediatype) = match format {
                PackageFormat::Csv(_) => ("csv", "text/csv"),
                PackageFormat::Parquet => ("parquet", "application/vnd.apache.parquet"),
                PackageFormat::Ndjson => ("ndjson", "application/x-ndjson"),
            };
            r.insert("path".into(), format!("{}.{ext}", def.name).into());
            r.insert("format".into(), ext.into());
            r.insert("mediatype".into(), mediatype.into());
            if let PackageFormat::Csv(options) = format {
                // Python's name for UTF-8 after a byte order mark, which Frictionless reads.
                let encoding = if options.bom { "utf-8-sig" } else { "utf-8" };
                r.insert("encoding".into(), encoding.into());
                r.insert(
                    "dialect".into(),
                    json!({ "delimiter": ",", "quoteChar": "\"", "doubleQuote": true, "header": true }),
                );
            } else if format == PackageFormat::Ndjson {
                r.insert("encoding".into(), "utf-8".into());
            }
            r.insert("schema".into(), Value::Object(schema));
            Value::Object(r)
        })
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "mokuhyo-tables",
        "title": title,
        "description": "部局経営目標 reports as flat tables, written by mokuhyo: one table per \
                        level (reports, missions and their SDG goals, goal sections, indicators, \
                        the numbers in each value cell), joined on report_file and the *_index \
                        columns.",
        "resources": resources,
    });
    let mut text = serde_json::to_string_pretty(&package).expect("a package always serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::TABLES;

    fn package(format: PackageFormat) -> Value {
        serde_json::from_str(&datapackage_json(&TABLES, format, "真庭市 部局経営目標"))
            .expect("JSON")
    }

    #[test]
    fn ok_every_table_and_column_described() {
        let p = package(PackageFormat::Csv(CsvOptions::default()));
        let resources = p["resources"].as_array().expect("resources");
        assert_eq!(resources.len(), TABLES.len());
        for (r, def) in resources.iter().zip(TABLES) {
            assert_eq!(r["path"], format!("{}.csv", def.name));
            assert_eq!(r["encoding"], "utf-8");
            let fields = r["schema"]["fields"].as_array().expect("fields");
            assert_eq!(fields.len(), def.columns.len());
            for (f, c) in fields.iter().zip(def.columns) {
                assert_eq!(f["name"], c.name);
                assert_eq!(f["type"], c.ty.frictionless());
                assert!(
                    !c.title.is_empty() && !c.description.is_empty(),
                    "{}",
                    c.name
                );
                assert_eq!(f["title"], c.title);
                assert_eq!(f["constraints"]["required"] == true, !c.nullable);
            }
            // Titles name the columns of a Japanese header: they must be unique.
            let mut titles: Vec<&str> = def.columns.iter().map(|c| c.title).collect();
            titles.sort_unstable();
            titles.dedup();
            assert_eq!(titles.len(), def.columns.len(), "{}", def.name);
            assert_eq!(
                r["schema"]["primaryKey"].as_array().map(Vec::len),
                Some(def.primary_key.len())
            );
        }
        let indicators = &resources[4]["schema"];
        assert_eq!(
            indicators["foreignKeys"][1]["reference"],
            json!({"resource": "sections", "fields": ["report_file", "section_index"]})
        );
    }

    #[test]
    fn ok_japanese_header_names_fields_by_title() {
        let p = package(PackageFormat::Csv(CsvOptions {
            bom: true,
            header: Header::Titles,
            excel: false,
        }));
        let r = &p["resources"][4];
        assert_eq!(r["encoding"], "utf-8-sig");
        assert_eq!(r["schema"]["fields"][2]["name"], "年度");
        assert!(r["schema"]["fields"][2]["description"]
            .as_str()
            .unwrap()
            .starts_with("fiscal_year: "));
        assert_eq!(r["schema"]["primaryKey"][0], "報告書ファイル");
    }
}
