//! The output document: one [`Report`] per input file.
//!
//! Field names follow `SPEC.md` §3 and are fixed; fields beyond the spec are additions, never
//! renames. Every record carries the source lines it came from.

use serde::{Deserialize, Serialize, Serializer};
/// The vector of `boxes` and `cells`: one pointer, and no allocation when empty.
pub use thin_vec::ThinVec;

/// Version of the output contract (`schemas/report.schema.json`).
pub const SCHEMA_VERSION: &str = "1.1.0";

/// One parsed report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Semver of the output contract.
    pub schema_version: String,
    /// Facts about the input file.
    pub source: Source,
    /// The normalized title line.
    pub title: Option<String>,
    /// `achievement` for the 達成状況 edition, `plan` otherwise.
    pub kind: Kind,
    /// The fiscal year the report covers.
    pub fiscal_year: Option<FiscalYear>,
    /// The 作成日 header date.
    pub created_on: Option<DateField>,
    /// 部局名.
    pub department: Option<String>,
    /// 部局長名.
    pub head: Option<String>,
    /// The municipality the report belongs to, when named on the command line or clear from
    /// the text.
    pub municipality: Option<Municipality>,
    /// Source lines of the header fields (title, department, head).
    pub header_lines: HeaderLines,
    /// Characters of the header fields (title, department, head) in the decoded source.
    pub header_spans: HeaderSpans,
    /// Mission items (部局の役割・使命).
    pub missions: Vec<Mission>,
    /// Goal sections (`1-①` …), in document order.
    pub sections: Vec<Section>,
    /// Indicator lists with their values; sections point here through `group`.
    pub indicator_groups: Vec<IndicatorGroup>,
    /// Problems found in the document.
    pub diagnostics: Vec<Diagnostic>,
    /// Text that fits no field, with its line.
    pub unparsed: Vec<Unparsed>,
}

/// The municipality a report belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// Its name, e.g. `真庭市`; null when only a code was given and the text names none.
    pub name: Option<String>,
    /// Its 6-digit 全国地方公共団体コード with the check digit, e.g. `332143`; only ever from
    /// the command line.
    pub code: Option<String>,
    /// How it was found.
    pub source: MunicipalitySource,
}

/// How the municipality of a report was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MunicipalitySource {
    /// Named on the command line (`--municipality`, `--lg-code`).
    Option,
    /// Detected in the text: named in the title, or far more often than any other place.
    Text,
}

/// Facts about the input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// The path as given.
    pub file: String,
    /// SHA-256 of the raw bytes, lowercase hex.
    pub sha256: String,
    /// Size of the raw input in bytes.
    pub bytes: u64,
    /// WHATWG name of the encoding the bytes were decoded with.
    pub encoding: String,
    /// Number of lines in the decoded text.
    pub lines: usize,
    /// What the file is: `text`, `html`, `pdf`, `xlsx`, `xls`, `xlsb` or `ods`.
    #[serde(default = "text_format")]
    pub format: String,
    /// Pages in the PDF; null for other formats.
    #[serde(default)]
    pub pages: Option<usize>,
    /// Sheets in the workbook; null for other formats.
    #[serde(default)]
    pub sheets: Option<usize>,
}

fn text_format() -> String {
    "text".into()
}

/// A box on a page of a PDF: where a record's cells are in the original.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageBox {
    /// 1-based page number.
    pub page: usize,
    /// `[x0, y0, x1, y1]` in PDF points, y up.
    pub bbox: [f64; 4],
}

/// A cell or merged range of a workbook sheet: where a record's cells are in the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellRange {
    /// The sheet's name.
    pub sheet: String,
    /// The range in A1 notation, e.g. `B12:D12`.
    pub range: String,
}

/// Which edition a report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The 達成状況 edition: targets with actuals.
    Achievement,
    /// A plan: no actuals.
    Plan,
}

/// A Japanese fiscal year (April to March).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiscalYear {
    /// As written, e.g. `令和4年度`.
    pub label: String,
    /// Era name, e.g. `令和`; null when the label gives a Western year.
    pub era: Option<String>,
    /// Year within the era (元年 = 1); null when the label gives a Western year.
    pub era_year: Option<u32>,
    /// Western year in which the fiscal year starts.
    pub year: i32,
    /// First day, ISO 8601.
    pub start: String,
    /// Last day, ISO 8601.
    pub end: String,
    /// Source line of the label.
    pub line: u32,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
}

/// A date as written and as ISO 8601.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateField {
    /// As written, e.g. `令和5年3月31日`.
    pub label: String,
    /// ISO 8601, or null when the label is not a valid date.
    pub date: Option<String>,
    /// Source line of the label.
    pub line: u32,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
}

/// Source lines of single-valued header fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeaderLines {
    /// Line of the title.
    pub title: Option<u32>,
    /// Line of 部局名.
    pub department: Option<u32>,
    /// Line of 部局長名.
    pub head: Option<u32>,
}

/// Characters of single-valued header fields; null where the field is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeaderSpans {
    /// Characters of the title.
    pub title: Option<SourceSpan>,
    /// Characters of 部局名.
    pub department: Option<SourceSpan>,
    /// Characters of 部局長名.
    pub head: Option<SourceSpan>,
}

/// A character position in the decoded source. Lines and columns, like every line number of
/// the report, are 32 bits: a parse refuses text of 4 GiB or more, and a report holds many
/// positions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters (Unicode scalar values) of the decoded line.
    pub column: u32,
}

/// A range of characters in the decoded source, both ends inclusive: `end` is the position of
/// the last character, as `Lines::end` is the last line. The characters are those of the
/// text as decoded, before NFKC, tag removal and entity decoding; a field that became one
/// character out of several (`ｶﾞ` → `ガ`, `&amp;` → `&`) covers all of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    /// The first character.
    pub start: Position,
    /// The last character.
    pub end: Position,
}

/// An inclusive range of 1-based source lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lines {
    /// First line.
    pub start: u32,
    /// Last line.
    pub end: u32,
}

impl Lines {
    /// A range covering one line.
    pub fn one(line: u32) -> Lines {
        Lines {
            start: line,
            end: line,
        }
    }

    /// Widens the range to include `line`.
    pub fn include(&mut self, line: u32) {
        self.start = self.start.min(line);
        self.end = self.end.max(line);
    }
}

/// A mission item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mission {
    /// The item's number, when numbered.
    pub no: Option<u32>,
    /// Title, without number and tags.
    pub title: String,
    /// SDG tags `【No.N:LABEL】`.
    pub sdgs: Vec<Sdg>,
    /// Body text; empty when the item has none.
    pub body: String,
    /// Source lines.
    pub lines: Lines,
    /// Whether the end of the file cut this item off (a `truncated-report` warning points here).
    pub truncated: bool,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
    /// The characters each of its fields was read from, in source order: one span per
    /// stretch (a title, a body paragraph …).
    pub spans: Vec<SourceSpan>,
    /// Boxes on the PDF's pages that the record's lines were read from (PDF input only).
    #[serde(default)]
    pub boxes: ThinVec<PageBox>,
    /// Workbook cells that the record's lines were read from (workbook input only).
    #[serde(default)]
    pub cells: ThinVec<CellRange>,
}

/// One SDG tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sdg {
    /// Goal number, 1–17.
    pub goal: u8,
    /// The label as written.
    pub label: String,
    /// Where the tag was read.
    pub span: SourceSpan,
}

/// A goal section (`1-①`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The id as written, e.g. `1-①`.
    pub id: String,
    /// The number before the dash: the mission item served.
    pub major: u32,
    /// The circled number as an integer.
    pub minor: u32,
    /// Title.
    pub title: String,
    /// Paragraphs, sub-headings and bullets in order, markers removed.
    pub body: Vec<String>,
    /// Index into `indicator_groups`, or null.
    pub group: Option<u32>,
    /// Source lines.
    pub lines: Lines,
    /// Whether the end of the file cut this section off.
    pub truncated: bool,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
    /// The characters each of its fields was read from, in source order: one span per
    /// stretch (a title, a body paragraph …).
    pub spans: Vec<SourceSpan>,
    /// Boxes on the PDF's pages that the record's lines were read from (PDF input only).
    #[serde(default)]
    pub boxes: ThinVec<PageBox>,
    /// Workbook cells that the record's lines were read from (workbook input only).
    #[serde(default)]
    pub cells: ThinVec<CellRange>,
}

/// An indicator list shared by one or more sections, with its values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorGroup {
    /// Position in `indicator_groups`.
    pub index: u32,
    /// Ids of the sections that share this list.
    pub section_ids: Vec<String>,
    /// The indicators.
    pub indicators: Vec<Indicator>,
    /// The 評価 cell.
    pub evaluation: Option<String>,
    /// The 次年度への課題 cell.
    pub next_year_issues: Option<String>,
    /// Source lines: the indicator list through its last value row.
    pub lines: Lines,
    /// The grade the 評価 cell starts with (`A`, `B`, `◎`, `○`, `△`, `×` …), or null.
    pub grade: Option<String>,
    /// Whether the end of the file cut this group off.
    pub truncated: bool,
    /// Where it was read: from the first character of its indicator list to the last of its
    /// value rows.
    pub span: SourceSpan,
    /// The characters of its own cells (評価, 次年度への課題), in source order; its indicators
    /// carry their own.
    pub spans: Vec<SourceSpan>,
    /// Boxes on the PDF's pages that the record's lines were read from (PDF input only).
    #[serde(default)]
    pub boxes: ThinVec<PageBox>,
    /// Workbook cells that the record's lines were read from (workbook input only).
    #[serde(default)]
    pub cells: ThinVec<CellRange>,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// The circled number as an integer, or null when unnumbered.
    pub no: Option<u32>,
    /// Name as written.
    pub name: String,
    /// Target value.
    pub target: Option<Value>,
    /// Actual value (achievement reports only).
    pub actual: Option<Value>,
    /// Whether the target was met.
    pub achievement: Achievement,
    /// Source line of the name.
    pub line: u32,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
}

/// A parsed value cell part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Value {
    /// This indicator's part of the cell.
    pub text: String,
    /// The first quantity's value.
    pub value: Option<Number>,
    /// The first quantity's unit.
    pub unit: Option<String>,
    /// Every quantity in the text.
    pub quantities: Vec<Quantity>,
    /// Words beside the numbers.
    pub note: Option<String>,
    /// The bound a direction word after the number sets (`以下` → `max`), or null.
    pub bound: Option<Bound>,
    /// Source line.
    pub line: u32,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
}

/// What a direction word after a target makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// 以下, 以内, まで: at most the target.
    Max,
    /// 未満: less than the target.
    MaxExclusive,
    /// 以上: at least the target.
    Min,
    /// 超: more than the target.
    MinExclusive,
}

/// A number with its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number, multipliers applied.
    pub value: Number,
    /// The unit, e.g. `件`, `%`, `月`.
    pub unit: Option<String>,
}

/// A number that serializes as an integer when it is one.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Deserialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            s.serialize_i64(v as i64)
        } else {
            s.serialize_f64(v)
        }
    }
}

/// Whether an indicator met its target. In a plan every field is null: a plan has no actuals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    /// Met, not met, or unknown; null in a plan.
    pub status: Option<Status>,
    /// actual / target, when both are numbers and the target is not 0.
    pub ratio: Option<f64>,
    /// How the comparison was made; null in a plan.
    pub rule: Option<Rule>,
}

/// Achievement status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The actual reaches the target.
    Met,
    /// The actual falls short.
    NotMet,
    /// No comparison possible.
    Unknown,
}

/// The comparison rule used for an achievement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// actual ≥ target.
    HigherIsBetter,
    /// actual ≤ target (a target of 0, or one written with 以下, 以内, まで; < for 未満).
    LowerIsBetter,
    /// A month deadline, fiscal order April → March.
    Deadline,
    /// No rule applies.
    None,
}

/// A problem found in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// Stable kebab-case code. The parser's codes are constants, borrowed rather than copied
    /// into each diagnostic: a file may hold hundreds of thousands of one code.
    pub code: std::borrow::Cow<'static, str>,
    /// Human-readable explanation.
    pub message: String,
    /// Source line, when one applies.
    pub line: Option<u32>,
    /// Boxes on the PDF's pages that the record's lines were read from (PDF input only).
    #[serde(default)]
    pub boxes: ThinVec<PageBox>,
    /// Workbook cells that the record's lines were read from (workbook input only).
    #[serde(default)]
    pub cells: ThinVec<CellRange>,
}

/// Diagnostic severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Part of the document could not be read.
    Error,
    /// Probably a source error; the parse kept going.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The word for the severity, as the document writes it (`error`, `warning`, `info`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Text that fits no field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unparsed {
    /// Source line.
    pub line: u32,
    /// The normalized text.
    pub text: String,
    /// Where it was read: from its first to its last character in the decoded source.
    pub span: SourceSpan,
    /// Boxes on the PDF's pages that the record's lines were read from (PDF input only).
    #[serde(default)]
    pub boxes: ThinVec<PageBox>,
    /// Workbook cells that the record's lines were read from (workbook input only).
    #[serde(default)]
    pub cells: ThinVec<CellRange>,
}
