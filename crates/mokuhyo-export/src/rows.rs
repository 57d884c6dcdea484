//! The published tables (SPEC §5): what each holds, with Japanese titles, keys between them,
//! and the rows of one report for each.
//!
//! | table | one row per | key |
//! |---|---|---|
//! | `report_rows` | report | `report_file` |
//! | `missions` | mission item | `report_file`, `mission_index` |
//! | `mission_sdgs` | SDG tag of a mission | `report_file`, `mission_index`, `sdg_index` |
//! | `sections` | goal section | `report_file`, `section_index` |
//! | `indicators` | indicator | `report_file`, `group_index`, `indicator_index` |
//! | `quantities` | number in a target or actual cell | … `side`, `quantity_index` |
//!
//! Text columns are nullable except the keys and codes that are never empty; an empty text
//! is written as a null, as CSV cannot tell the two apart.
//!
//! The report table is `report_rows`, not `reports`: `reports.ndjson` holds the whole
//! documents. Every row carries `municipality` and `lg_code`. Positions (`*_index`) count
//! from 0 in document order; they identify a row where the numbers written in a source can be
//! missing or repeated.

use mokuhyo_parse::model::{Indicator, IndicatorGroup, Kind, Rule, Status, Value};
use mokuhyo_parse::Report;

use crate::table::{Column, ColumnType, Datum, ForeignKey, Row, TableDef};

use ColumnType::{Date, Float64, Int64, Text};

const fn col(
    name: &'static str,
    ty: ColumnType,
    nullable: bool,
    title: &'static str,
    description: &'static str,
) -> Column {
    Column {
        name,
        ty,
        nullable,
        title,
        description,
    }
}

const REPORT_FILE: Column = col(
    "report_file",
    Text,
    false,
    "報告書ファイル",
    "The input file, relative to the input folder (or the file's own folder when named \
     directly), with / separators; the same from any working directory.",
);
const MUNICIPALITY: Column = col(
    "municipality",
    Text,
    true,
    "自治体名",
    "The municipality (市町村), from --municipality or detected in the text; empty when unknown.",
);
const LG_CODE: Column = col(
    "lg_code",
    Text,
    true,
    "全国地方公共団体コード",
    "The 6-digit local government code with its check digit, from --lg-code.",
);

const TO_REPORT: ForeignKey = ForeignKey {
    fields: &["report_file"],
    table: "report_rows",
    reference: &["report_file"],
};

/// One row per report.
pub static REPORTS: TableDef = TableDef {
    name: "report_rows",
    title: "報告書一覧",
    description: "One row per report (部局経営目標): its file, municipality, fiscal year, \
                  department and counts.",
    columns: &[
        REPORT_FILE,
        col(
            "report_sha256",
            Text,
            false,
            "SHA-256",
            "SHA-256 of the input file's bytes, lowercase hex.",
        ),
        MUNICIPALITY,
        LG_CODE,
        col("title", Text, true, "表題", "The title line, normalized."),
        col(
            "kind",
            Text,
            false,
            "種別",
            "achievement (達成状況, with actuals) or plan.",
        ),
        col(
            "fiscal_year",
            Int64,
            true,
            "年度",
            "The Western year in which the fiscal year starts (令和4年度 → 2022).",
        ),
        col(
            "era_label",
            Text,
            true,
            "年度表記",
            "The fiscal year as written, e.g. 令和4年度.",
        ),
        col(
            "department",
            Text,
            true,
            "部局名",
            "The department (部局名).",
        ),
        col(
            "head",
            Text,
            true,
            "部局長名",
            "The head of the department (部局長名).",
        ),
        col(
            "created_on",
            Date,
            true,
            "作成日",
            "The date the report was made (作成日), ISO 8601.",
        ),
        col(
            "encoding",
            Text,
            false,
            "文字コード",
            "The input's encoding (WHATWG name).",
        ),
        col("missions", Int64, false, "ミッション数", "Mission items."),
        col("sections", Int64, false, "目標数", "Goal sections."),
        col("indicators", Int64, false, "指標数", "Indicators."),
        col(
            "diagnostics",
            Int64,
            false,
            "診断数",
            "Problems found in the document (see the JSON document for each).",
        ),
        col(
            "unparsed",
            Int64,
            false,
            "未解析数",
            "Pieces of text that fit no field.",
        ),
    ],
    primary_key: &["report_file"],
    foreign_keys: &[],
};

/// One row per mission item.
pub static MISSIONS: TableDef = TableDef {
    name: "missions",
    title: "ミッション",
    description: "One row per mission item (部局の役割・使命) of a report.",
    columns: &[
        REPORT_FILE,
        MUNICIPALITY,
        LG_CODE,
        col(
            "mission_index",
            Int64,
            false,
            "ミッション位置",
            "Position of the item in the report, from 0.",
        ),
        col(
            "mission_no",
            Int64,
            true,
            "ミッション番号",
            "The item's number as written, when numbered.",
        ),
        col("title", Text, true, "ミッション名", "The item's title."),
        col(
            "sdg_goals",
            Text,
            true,
            "SDGs目標番号",
            "SDG goal numbers of the item's tags, comma-separated (11,17); see mission_sdgs.",
        ),
        col("body", Text, true, "本文", "The item's body text."),
    ],
    primary_key: &["report_file", "mission_index"],
    foreign_keys: &[TO_REPORT],
};

/// One row per SDG tag of a mission item.
pub static MISSION_SDGS: TableDef = TableDef {
    name: "mission_sdgs",
    title: "ミッションとSDGs",
    description: "One row per SDG tag (【No.N：LABEL】) of a mission item.",
    columns: &[
        REPORT_FILE,
        MUNICIPALITY,
        LG_CODE,
        col(
            "mission_index",
            Int64,
            false,
            "ミッション位置",
            "Position of the mission item in the report, from 0.",
        ),
        col(
            "mission_no",
            Int64,
            true,
            "ミッション番号",
            "The mission item's number as written.",
        ),
        col(
            "sdg_index",
            Int64,
            false,
            "タグ位置",
            "Position of the tag in the item, from 0.",
        ),
        col(
            "sdg_goal",
            Int64,
            false,
            "SDGs目標番号",
            "The SDG goal, 1 to 17.",
        ),
        col(
            "sdg_label",
            Text,
            true,
            "SDGs目標名",
            "The goal's label as written.",
        ),
    ],
    primary_key: &["report_file", "mission_index", "sdg_index"],
    foreign_keys: &[
        TO_REPORT,
        ForeignKey {
            fields: &["report_file", "mission_index"],
            table: "missions",
            reference: &["report_file", "mission_index"],
        },
    ],
};

/// One row per goal section.
pub static SECTIONS: TableDef = TableDef {
    name: "sections",
    title: "事業成果目標",
    description: "One row per goal section (1-①, 1-②, …) of a report.",
    columns: &[
        REPORT_FILE,
        MUNICIPALITY,
        LG_CODE,
        col(
            "section_index",
            Int64,
            false,
            "目標位置",
            "Position of the section in the report, from 0 (ids can repeat in a source).",
        ),
        col(
            "section_id",
            Text,
            true,
            "目標番号",
            "The id as written, e.g. 1-①.",
        ),
        col(
            "major",
            Int64,
            false,
            "大項目",
            "The number before the dash: the mission item served.",
        ),
        col(
            "minor",
            Int64,
            false,
            "小項目",
            "The circled number after the dash.",
        ),
        col("title", Text, true, "目標名", "The section's title."),
        col(
            "group_index",
            Int64,
            true,
            "指標群番号",
            "The indicator list it shares (indicators.group_index), if any.",
        ),
        col(
            "body",
            Text,
            true,
            "本文",
            "Paragraphs and bullets, one per line, markers removed.",
        ),
    ],
    primary_key: &["report_file", "section_index"],
    foreign_keys: &[TO_REPORT],
};

/// One row per indicator: the 21 columns of SPEC §5, then the additions.
pub static INDICATORS: TableDef = TableDef {
    name: "indicators",
    title: "指標",
    description: "One row per indicator (指標) with its target (目標値), actual (実績値) and \
                  achievement; a cell with several numbers has them all in quantities.",
    columns: &[
        REPORT_FILE,
        col(
            "report_sha256",
            Text,
            false,
            "SHA-256",
            "SHA-256 of the input file's bytes.",
        ),
        col(
            "fiscal_year",
            Int64,
            true,
            "年度",
            "The Western year in which the fiscal year starts.",
        ),
        col(
            "era_label",
            Text,
            true,
            "年度表記",
            "The fiscal year as written.",
        ),
        col("department", Text, true, "部局名", "The department."),
        col(
            "kind",
            Text,
            false,
            "種別",
            "achievement or plan (a plan has no actuals and no achievement).",
        ),
        col(
            "mission_no",
            Int64,
            true,
            "ミッション番号",
            "The mission item served: the major number of the group's first section.",
        ),
        col(
            "section_ids",
            Text,
            true,
            "目標番号",
            "Ids of the sections sharing the indicator list, comma-separated (2-①,2-②).",
        ),
        col(
            "group_index",
            Int64,
            false,
            "指標群番号",
            "Position of the indicator list in the report, from 0.",
        ),
        col(
            "indicator_no",
            Int64,
            true,
            "指標番号",
            "The indicator's circled number, when numbered.",
        ),
        col(
            "indicator_name",
            Text,
            true,
            "指標名",
            "The indicator's name.",
        ),
        col(
            "target_text",
            Text,
            true,
            "目標値",
            "The target as written (this indicator's part of the cell).",
        ),
        col(
            "target_value",
            Float64,
            true,
            "目標値（数値）",
            "The target's first number, multipliers applied (450万 → 4500000).",
        ),
        col(
            "target_unit",
            Text,
            true,
            "目標値の単位",
            "The target's unit.",
        ),
        col(
            "actual_text",
            Text,
            true,
            "実績値",
            "The actual as written.",
        ),
        col(
            "actual_value",
            Float64,
            true,
            "実績値（数値）",
            "The actual's first number.",
        ),
        col(
            "actual_unit",
            Text,
            true,
            "実績値の単位",
            "The actual's unit.",
        ),
        col(
            "achievement_status",
            Text,
            true,
            "達成状況",
            "met, not_met or unknown; empty for a plan.",
        ),
        col(
            "achievement_ratio",
            Float64,
            true,
            "達成率",
            "actual / target, when both are numbers; empty for a plan.",
        ),
        col("evaluation", Text, true, "評価", "The group's 評価 cell."),
        col(
            "next_year_issues",
            Text,
            true,
            "次年度への課題",
            "The group's 次年度への課題 cell.",
        ),
        col(
            "indicator_index",
            Int64,
            false,
            "指標位置",
            "Position of the indicator in its list, from 0.",
        ),
        col(
            "section_index",
            Int64,
            true,
            "目標位置",
            "The group's first section (sections.section_index).",
        ),
        col(
            "section_titles",
            Text,
            true,
            "目標名",
            "Titles of the sections sharing the list, one per line.",
        ),
        col(
            "achievement_rule",
            Text,
            true,
            "判定方法",
            "higher_is_better, lower_is_better, deadline or none; empty for a plan.",
        ),
        col(
            "target_note",
            Text,
            true,
            "目標値の注記",
            "Words beside the target's numbers.",
        ),
        col(
            "actual_note",
            Text,
            true,
            "実績値の注記",
            "Words beside the actual's numbers.",
        ),
        MUNICIPALITY,
        LG_CODE,
    ],
    primary_key: &["report_file", "group_index", "indicator_index"],
    foreign_keys: &[
        TO_REPORT,
        ForeignKey {
            fields: &["report_file", "section_index"],
            table: "sections",
            reference: &["report_file", "section_index"],
        },
    ],
};

/// One row per number in a target or actual cell.
pub static QUANTITIES: TableDef = TableDef {
    name: "quantities",
    title: "数量",
    description: "Every number of a target or actual cell with its unit (② 5人5社 gives two \
                  rows), so that no value is lost when a cell holds several.",
    columns: &[
        REPORT_FILE,
        MUNICIPALITY,
        LG_CODE,
        col(
            "group_index",
            Int64,
            false,
            "指標群番号",
            "The indicator's list (indicators.group_index).",
        ),
        col(
            "indicator_index",
            Int64,
            false,
            "指標位置",
            "The indicator (indicators.indicator_index).",
        ),
        col(
            "side",
            Text,
            false,
            "区分",
            "target (目標値) or actual (実績値).",
        ),
        col(
            "quantity_index",
            Int64,
            false,
            "数量位置",
            "Position of the number in the cell, from 0.",
        ),
        col(
            "value",
            Float64,
            false,
            "数値",
            "The number, multipliers applied.",
        ),
        col("unit", Text, true, "単位", "Its unit (人, 社, %, 月 …)."),
    ],
    primary_key: &[
        "report_file",
        "group_index",
        "indicator_index",
        "side",
        "quantity_index",
    ],
    foreign_keys: &[
        TO_REPORT,
        ForeignKey {
            fields: &["report_file", "group_index", "indicator_index"],
            table: "indicators",
            reference: &["report_file", "group_index", "indicator_index"],
        },
    ],
};

/// Every table, in the order they are written and described; a referenced table comes
/// before the tables that refer to it.
pub static TABLES: [&TableDef; 6] = [
    &REPORTS,
    &MISSIONS,
    &MISSION_SDGS,
    &SECTIONS,
    &INDICATORS,
    &QUANTITIES,
];

/// The rows of one report for every table, in [`TABLES`] order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportRows {
    /// `tables[i]` holds the rows for `TABLES[i]`.
    pub tables: [Vec<Row>; 6],
}

/// A text cell; an empty text is a null, as CSV cannot tell the two apart.
fn text(s: &str) -> Datum {
    Datum::Text((!s.is_empty()).then(|| s.to_string()))
}

fn opt(s: Option<&str>) -> Datum {
    s.map_or(Datum::Text(None), text)
}

fn int(n: impl TryInto<i64>) -> Datum {
    Datum::Int64(n.try_into().ok())
}

fn opt_int<T: TryInto<i64>>(n: Option<T>) -> Datum {
    Datum::Int64(n.and_then(|n| n.try_into().ok()))
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Achievement => "achievement",
        Kind::Plan => "plan",
    }
}

/// The rows of `report` for every table. `report_file` is the name the tables give it
/// (relative to the input folder, `/`-separated: the batch decides).
pub fn report_rows(report: &Report, report_file: &str) -> ReportRows {
    let place = report.municipality.as_ref();
    let muni = || opt(place.and_then(|m| m.name.as_deref()));
    let code = || opt(place.and_then(|m| m.code.as_deref()));
    let file = || text(report_file);
    let fy = report.fiscal_year.as_ref();
    let mut out = ReportRows::default();
    let indicators: usize = report
        .indicator_groups
        .iter()
        .map(|g| g.indicators.len())
        .sum();
    out.tables[0].push(vec![
        file(),
        text(&report.source.sha256),
        muni(),
        code(),
        opt(report.title.as_deref()),
        text(kind_name(report.kind)),
        opt_int(fy.map(|f| f.year)),
        opt(fy.map(|f| f.label.as_str())),
        opt(report.department.as_deref()),
        opt(report.head.as_deref()),
        Datum::Date(report.created_on.as_ref().and_then(|c| c.date.clone())),
        text(&report.source.encoding),
        int(report.missions.len()),
        int(report.sections.len()),
        int(indicators),
        int(report.diagnostics.len()),
        int(report.unparsed.len()),
    ]);
    for (i, m) in report.missions.iter().enumerate() {
        let goals: Vec<String> = m.sdgs.iter().map(|s| s.goal.to_string()).collect();
        out.tables[1].push(vec![
            file(),
            muni(),
            code(),
            int(i),
            opt_int(m.no),
            text(&m.title),
            Datum::Text((!goals.is_empty()).then(|| goals.join(","))),
            text(&m.body),
        ]);
        for (k, s) in m.sdgs.iter().enumerate() {
            out.tables[2].push(vec![
                file(),
                muni(),
                code(),
                int(i),
                opt_int(m.no),
                int(k),
                int(s.goal),
                text(&s.label),
            ]);
        }
    }
    for (i, s) in report.sections.iter().enumerate() {
        out.tables[3].push(vec![
            file(),
            muni(),
            code(),
            int(i),
            text(&s.id),
            int(s.major),
            int(s.minor),
            text(&s.title),
            opt_int(s.group),
            text(&s.body.join("\n")),
        ]);
    }
    for group in &report.indicator_groups {
        // The group's first section is the first one pointing at it; ids can repeat in a
        // source, so the id is only the fallback.
        let first = report
            .sections
            .iter()
            .position(|s| s.group == Some(group.index))
            .or_else(|| {
                let id = group.section_ids.first()?;
                report.sections.iter().position(|s| &s.id == id)
            });
        let titles = section_titles(report, group);
        for (k, ind) in group.indicators.iter().enumerate() {
            out.tables[4].push(indicator_row(
                report,
                report_file,
                group,
                first,
                &titles,
                k,
                ind,
            ));
            for (side, v) in [("target", &ind.target), ("actual", &ind.actual)] {
                let Some(v) = v else { continue };
                for (q, quantity) in v.quantities.iter().enumerate() {
                    out.tables[5].push(vec![
                        file(),
                        muni(),
                        code(),
                        int(group.index),
                        int(k),
                        text(side),
                        int(q),
                        Datum::Float64(Some(quantity.value.0)),
                        opt(quantity.unit.as_deref()),
                    ]);
                }
            }
        }
    }
    out
}

/// The titles of the sections that share `group`, one per line, or `None` when there are
/// none.
fn section_titles(report: &Report, group: &IndicatorGroup) -> Option<String> {
    let titles: Vec<&str> = report
        .sections
        .iter()
        .filter(|s| s.group == Some(group.index))
        .map(|s| s.title.as_str())
        .collect();
    (!titles.is_empty()).then(|| titles.join("\n"))
}

fn indicator_row(
    report: &Report,
    report_file: &str,
    group: &IndicatorGroup,
    first: Option<usize>,
    titles: &Option<String>,
    k: usize,
    ind: &Indicator,
) -> Row {
    let fy = report.fiscal_year.as_ref();
    let place = report.municipality.as_ref();
    let (target_text, target_value, target_unit, target_note) = value_parts(ind.target.as_ref());
    let (actual_text, actual_value, actual_unit, actual_note) = value_parts(ind.actual.as_ref());
    // A plan has no achievement: its status, ratio and rule are null, not "unknown".
    let achievement = (report.kind == Kind::Achievement).then_some(&ind.achievement);
    vec![
        text(report_file),
        text(&report.source.sha256),
        opt_int(fy.map(|f| f.year)),
        opt(fy.map(|f| f.label.as_str())),
        opt(report.department.as_deref()),
        text(kind_name(report.kind)),
        opt_int(first.map(|i| report.sections[i].major)),
        text(&group.section_ids.join(",")),
        int(group.index),
        opt_int(ind.no),
        text(&ind.name),
        target_text,
        target_value,
        target_unit,
        actual_text,
        actual_value,
        actual_unit,
        opt(achievement
            .and_then(|a| a.status)
            .map(|status| match status {
                Status::Met => "met",
                Status::NotMet => "not_met",
                Status::Unknown => "unknown",
            })),
        Datum::Float64(achievement.and_then(|a| a.ratio)),
        opt(group.evaluation.as_deref()),
        opt(group.next_year_issues.as_deref()),
        int(k),
        opt_int(first),
        opt(titles.as_deref()),
        opt(achievement.and_then(|a| a.rule).map(|rule| match rule {
            Rule::HigherIsBetter => "higher_is_better",
            Rule::LowerIsBetter => "lower_is_better",
            Rule::Deadline => "deadline",
            Rule::None => "none",
        })),
        target_note,
        actual_note,
        opt(place.and_then(|m| m.name.as_deref())),
        opt(place.and_then(|m| m.code.as_deref())),
    ]
}

fn value_parts(v: Option<&Value>) -> (Datum, Datum, Datum, Datum) {
    match v {
        Some(v) => (
            text(&v.text),
            Datum::Float64(v.value.map(|n| n.0)),
            opt(v.unit.as_deref()),
            opt(v.note.as_deref()),
        ),
        None => (
            Datum::Text(None),
            Datum::Float64(None),
            Datum::Text(None),
            Datum::Text(None),
        ),
    }
}

/// The indicator rows of `report` alone, as [`report_rows`] makes them.
pub fn indicator_rows(report: &Report, report_file: &str) -> Vec<Row> {
    let [_, _, _, _, indicators, _] = report_rows(report, report_file).tables;
    indicators
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
        (1) 部局の役割・使命（ミッション）・経営方針\n\
        <p>1. 発信【No.17：パートナーシップ】【No.11：まちづくり】 真庭市の魅力を発信</p>\n\
        (2) 事業成果目標\n2-①広報の強化 ・発信します。\n2-②登録の促進 ・募ります。\t\
        指標：①アクセス件数②登録数\n\t目標値 ①450万件 ②5人5社\t実績値 ①587万件 ②\"新規\"登録146団体\n\
        3-①年度内の整備 ・します。\t指標：整備\n\t目標値 6月\t実績値 －\n";

    fn report() -> Report {
        mokuhyo_parse::parse(TEXT.as_bytes(), "in/r.txt")
            .expect("a report")
            .report
    }

    fn col(def: &TableDef, row: &Row, name: &str) -> Datum {
        row[def.index(name).unwrap_or_else(|| panic!("{name}"))].clone()
    }

    #[test]
    fn ok_every_row_fits_its_table() {
        let mut r = report();
        r.municipality =
            mokuhyo_parse::municipality::from_options(Some("真庭市"), Some("332143"), None);
        let rows = report_rows(&r, "r.txt");
        for (def, rows) in TABLES.iter().zip(&rows.tables) {
            assert!(!rows.is_empty(), "{}", def.name);
            for row in rows {
                assert_eq!(row.len(), def.columns.len(), "{}", def.name);
                for (d, c) in row.iter().zip(def.columns) {
                    assert_eq!(d.ty(), c.ty, "{}.{}", def.name, c.name);
                    assert!(c.nullable || !d.is_null(), "{}.{}", def.name, c.name);
                }
                assert_eq!(col(def, row, "report_file"), text("r.txt"));
                assert_eq!(col(def, row, "municipality"), text("真庭市"));
                assert_eq!(col(def, row, "lg_code"), text("332143"));
            }
            for key in def.primary_key {
                assert!(def.index(key).is_some(), "{}.{key}", def.name);
            }
            for fk in def.foreign_keys {
                let other = TABLES.iter().find(|t| t.name == fk.table).expect("table");
                for (a, b) in fk.fields.iter().zip(fk.reference) {
                    let (a, b) = (def.index(a).expect("field"), other.index(b).expect("ref"));
                    assert_eq!(def.columns[a].ty, other.columns[b].ty);
                }
            }
        }
        // The first 21 indicator columns are SPEC §5's, in order.
        let names: Vec<&str> = INDICATORS.columns[..21].iter().map(|c| c.name).collect();
        assert_eq!(names[0], "report_file");
        assert_eq!(names[20], "next_year_issues");
    }

    #[test]
    fn ok_rows_per_level() {
        let r = report();
        let rows = report_rows(&r, "r.txt");
        let [reports, missions, sdgs, sections, indicators, quantities] = &rows.tables;
        assert_eq!(reports.len(), 1);
        assert_eq!(
            col(&REPORTS, &reports[0], "indicators"),
            Datum::Int64(Some(3))
        );
        assert_eq!(missions.len(), r.missions.len());
        assert_eq!(col(&MISSIONS, &missions[0], "sdg_goals"), text("17,11"));
        assert_eq!(sdgs.len(), 2);
        assert_eq!(
            col(&MISSION_SDGS, &sdgs[1], "sdg_goal"),
            Datum::Int64(Some(11))
        );
        assert_eq!(sections.len(), 3);
        assert_eq!(indicators.len(), 3);
        let first = &indicators[0];
        assert_eq!(col(&INDICATORS, first, "section_ids"), text("2-①,2-②"));
        assert_eq!(
            col(&INDICATORS, first, "section_titles"),
            text("広報の強化\n登録の促進")
        );
        assert_eq!(
            col(&INDICATORS, first, "section_index"),
            Datum::Int64(Some(0))
        );
        assert_eq!(col(&INDICATORS, first, "achievement_status"), text("met"));
        // ② 5人5社: both quantities of the target are kept.
        let second: Vec<&Row> = quantities
            .iter()
            .filter(|q| {
                q[QUANTITIES.index("indicator_index").unwrap()] == Datum::Int64(Some(1))
                    && q[QUANTITIES.index("side").unwrap()] == text("target")
            })
            .collect();
        let got: Vec<(Datum, Datum)> = second
            .iter()
            .map(|q| (col(&QUANTITIES, q, "value"), col(&QUANTITIES, q, "unit")))
            .collect();
        assert_eq!(
            got,
            [
                (Datum::Float64(Some(5.0)), text("人")),
                (Datum::Float64(Some(5.0)), text("社"))
            ]
        );
        // No municipality named or clear: nulls, not guesses.
        assert_eq!(col(&INDICATORS, first, "municipality"), Datum::Text(None));
    }

    #[test]
    fn ok_plan_rows_have_no_achievement() {
        let mut r = report();
        r.kind = Kind::Plan;
        for row in indicator_rows(&r, "r.txt") {
            for name in [
                "achievement_status",
                "achievement_ratio",
                "achievement_rule",
            ] {
                assert!(col(&INDICATORS, &row, name).is_null(), "{name}");
            }
        }
    }
}
