//! Flat indicator tables (SPEC §5): one [`Row`] per indicator, written as NDJSON, CSV or
//! Parquet.
//!
//! The writers stream: each takes rows one at a time and holds at most one Parquet row group
//! ([`ROW_GROUP_ROWS`] rows), so a table of any size is written in bounded memory. Given the
//! same rows in the same order they write the same bytes: nothing depends on time, threads or
//! how the rows were batched.
//!
//! The text formats can also be encoded apart from their file ([`encode_ndjson`],
//! [`encode_csv`]) and the bytes appended later (`write_encoded`), so that a batch encodes
//! each report's rows on the thread that parsed it. The bytes are those `write_row` writes.

use std::io::{self, Write};
use std::sync::Arc;

use mokuhyo_parse::model::{Kind, Status, Value};
use mokuhyo_parse::Report;
use parquet::basic::{ConvertedType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;
use serde::Serialize;

/// The type of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A 64-bit integer.
    Int64,
    /// A 64-bit float.
    Float64,
}

/// One column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column name (SPEC §5).
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// Whether a cell can be empty (null).
    pub nullable: bool,
}

const fn col(name: &'static str, ty: ColumnType, nullable: bool) -> Column {
    Column { name, ty, nullable }
}

use ColumnType::{Float64, Int64, Text};

/// The columns of the indicator table, in order (SPEC §5). [`Row`]'s fields and
/// [`Row::cells`] follow this order.
pub const COLUMNS: [Column; 21] = [
    col("report_file", Text, false),
    col("report_sha256", Text, false),
    col("fiscal_year", Int64, true),
    col("era_label", Text, true),
    col("department", Text, true),
    col("kind", Text, false),
    col("mission_no", Int64, true),
    col("section_ids", Text, false),
    col("group_index", Int64, false),
    col("indicator_no", Int64, true),
    col("indicator_name", Text, false),
    col("target_text", Text, true),
    col("target_value", Float64, true),
    col("target_unit", Text, true),
    col("actual_text", Text, true),
    col("actual_value", Float64, true),
    col("actual_unit", Text, true),
    col("achievement_status", Text, false),
    col("achievement_ratio", Float64, true),
    col("evaluation", Text, true),
    col("next_year_issues", Text, true),
];

/// Rows per Parquet row group. A fixed count, so the file's layout never depends on how the
/// rows arrived.
pub const ROW_GROUP_ROWS: usize = 10_000;

/// One indicator, flattened (SPEC §5). Fields are in [`COLUMNS`] order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// `source.file` of the report.
    pub report_file: String,
    /// `source.sha256` of the report.
    pub report_sha256: String,
    /// Western year in which the fiscal year starts.
    pub fiscal_year: Option<i64>,
    /// The fiscal year as written, e.g. `令和4年度`.
    pub era_label: Option<String>,
    /// 部局名.
    pub department: Option<String>,
    /// `achievement` or `plan`.
    pub kind: String,
    /// The major number of the group's first section: the mission item it serves.
    pub mission_no: Option<i64>,
    /// Ids of the sections sharing the indicator list, comma-separated (`2-①,2-②`).
    pub section_ids: String,
    /// Index of the indicator group in the report.
    pub group_index: i64,
    /// The indicator's circled number, when numbered.
    pub indicator_no: Option<i64>,
    /// The indicator's name.
    pub indicator_name: String,
    /// Target cell text.
    pub target_text: Option<String>,
    /// Target number.
    pub target_value: Option<f64>,
    /// Target unit.
    pub target_unit: Option<String>,
    /// Actual cell text.
    pub actual_text: Option<String>,
    /// Actual number.
    pub actual_value: Option<f64>,
    /// Actual unit.
    pub actual_unit: Option<String>,
    /// `met`, `not_met` or `unknown`.
    pub achievement_status: String,
    /// actual / target.
    pub achievement_ratio: Option<f64>,
    /// The group's 評価 cell.
    pub evaluation: Option<String>,
    /// The group's 次年度への課題 cell.
    pub next_year_issues: Option<String>,
}

/// One cell of a [`Row`], typed as its column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// A text cell.
    Text(Option<&'a str>),
    /// An integer cell.
    Int64(Option<i64>),
    /// A float cell.
    Float64(Option<f64>),
}

impl Row {
    /// The cells in [`COLUMNS`] order.
    pub fn cells(&self) -> [Cell<'_>; 21] {
        fn t(s: &Option<String>) -> Option<&str> {
            s.as_deref()
        }
        [
            Cell::Text(Some(&self.report_file)),
            Cell::Text(Some(&self.report_sha256)),
            Cell::Int64(self.fiscal_year),
            Cell::Text(t(&self.era_label)),
            Cell::Text(t(&self.department)),
            Cell::Text(Some(&self.kind)),
            Cell::Int64(self.mission_no),
            Cell::Text(Some(&self.section_ids)),
            Cell::Int64(Some(self.group_index)),
            Cell::Int64(self.indicator_no),
            Cell::Text(Some(&self.indicator_name)),
            Cell::Text(t(&self.target_text)),
            Cell::Float64(self.target_value),
            Cell::Text(t(&self.target_unit)),
            Cell::Text(t(&self.actual_text)),
            Cell::Float64(self.actual_value),
            Cell::Text(t(&self.actual_unit)),
            Cell::Text(Some(&self.achievement_status)),
            Cell::Float64(self.achievement_ratio),
            Cell::Text(t(&self.evaluation)),
            Cell::Text(t(&self.next_year_issues)),
        ]
    }
}

/// The rows of `report`: one per indicator, groups and indicators in document order.
pub fn rows(report: &Report) -> Vec<Row> {
    let kind = match report.kind {
        Kind::Achievement => "achievement",
        Kind::Plan => "plan",
    };
    let fy = report.fiscal_year.as_ref();
    let mut out = Vec::new();
    for group in &report.indicator_groups {
        // The group's first section is the first one pointing at it; ids can repeat in a
        // source, so the id is only the fallback.
        let first = report
            .sections
            .iter()
            .find(|s| s.group == Some(group.index))
            .or_else(|| {
                let id = group.section_ids.first()?;
                report.sections.iter().find(|s| &s.id == id)
            });
        for ind in &group.indicators {
            let (target_text, target_value, target_unit) = value_parts(ind.target.as_ref());
            let (actual_text, actual_value, actual_unit) = value_parts(ind.actual.as_ref());
            out.push(Row {
                report_file: report.source.file.clone(),
                report_sha256: report.source.sha256.clone(),
                fiscal_year: fy.map(|f| i64::from(f.year)),
                era_label: fy.map(|f| f.label.clone()),
                department: report.department.clone(),
                kind: kind.to_string(),
                mission_no: first.map(|s| i64::from(s.major)),
                section_ids: group.section_ids.join(","),
                group_index: group.index as i64,
                indicator_no: ind.no.map(i64::from),
                indicator_name: ind.name.clone(),
                target_text,
                target_value,
                target_unit,
                actual_text,
                actual_value,
                actual_unit,
                achievement_status: match ind.achievement.status {
                    Some(Status::Met) => "met",
                    Some(Status::NotMet) => "not_met",
                    Some(Status::Unknown) | None => "unknown",
                }
                .to_string(),
                achievement_ratio: ind.achievement.ratio,
                evaluation: group.evaluation.clone(),
                next_year_issues: group.next_year_issues.clone(),
            });
        }
    }
    out
}

fn value_parts(v: Option<&Value>) -> (Option<String>, Option<f64>, Option<String>) {
    match v {
        Some(v) => (Some(v.text.clone()), v.value.map(|n| n.0), v.unit.clone()),
        None => (None, None, None),
    }
}

/// Writes rows as NDJSON: one JSON object per line, keys in [`COLUMNS`] order, numbers of
/// float columns always with a decimal point.
#[derive(Debug)]
pub struct NdjsonWriter<W: Write> {
    out: W,
}

impl<W: Write> NdjsonWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> NdjsonWriter<W> {
        NdjsonWriter { out }
    }

    /// Writes one row, in several small writes to `out` (give it a buffered writer).
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_row(&mut self, row: &Row) -> io::Result<()> {
        ndjson_line(&mut self.out, row)
    }

    /// Appends rows encoded by [`encode_ndjson`].
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_encoded(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Flushes and returns the output.
    ///
    /// # Errors
    ///
    /// Any I/O error from flushing `out`.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Writes rows as CSV (RFC 4180, UTF-8, a header row of [`COLUMNS`]); an empty cell is a null.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
}

impl<W: Write> CsvWriter<W> {
    /// A writer to `out`; with `bom`, the file starts with a UTF-8 byte order mark so that
    /// Excel reads it as UTF-8. The header row is written at once, so a table without rows
    /// still names its columns.
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn new(mut out: W, bom: bool) -> io::Result<CsvWriter<W>> {
        if bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut header = csv_writer();
        header.write_record(COLUMNS.iter().map(|c| c.name))?;
        out.write_all(&csv_bytes(header)?)?;
        Ok(CsvWriter { out })
    }

    /// Writes one row, in one `write_all` to `out` (give it a buffered writer).
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_row(&mut self, row: &Row) -> io::Result<()> {
        self.out.write_all(&encode_csv(std::slice::from_ref(row))?)
    }

    /// Appends rows encoded by [`encode_csv`].
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_encoded(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    /// Flushes and returns the output.
    ///
    /// # Errors
    ///
    /// Any I/O error from flushing `out`.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// One NDJSON line: the row's object and a line feed.
fn ndjson_line(mut out: impl Write, row: &Row) -> io::Result<()> {
    serde_json::to_writer(&mut out, row)?;
    out.write_all(b"\n")
}

/// Appends `rows` to `out` as the NDJSON lines [`NdjsonWriter::write_row`] writes.
pub fn encode_ndjson(rows: &[Row], out: &mut Vec<u8>) {
    for row in rows {
        ndjson_line(&mut *out, row).expect("writing to a Vec cannot fail");
    }
}

/// `rows` as the CSV records [`CsvWriter::write_row`] writes, without the header.
///
/// # Errors
///
/// A row the CSV writer refuses (none is expected: every cell is text or a number).
pub fn encode_csv(rows: &[Row]) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    for row in rows {
        w.serialize(row).map_err(io::Error::other)?;
    }
    csv_bytes(w)
}

/// The CSV writer every record goes through: RFC 4180, no header of its own.
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new())
}

fn csv_bytes(w: csv::Writer<Vec<u8>>) -> io::Result<Vec<u8>> {
    w.into_inner().map_err(|e| e.into_error())
}

/// Writes rows as Parquet with typed columns: `INT64`, `DOUBLE` and `BYTE_ARRAY` annotated as
/// UTF-8, nullable columns `OPTIONAL`, the others `REQUIRED`; uncompressed, one row group per
/// [`ROW_GROUP_ROWS`] rows.
pub struct ParquetWriter<W: Write + Send> {
    out: SerializedFileWriter<W>,
    pending: Vec<Row>,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

/// The Parquet schema of [`COLUMNS`].
fn parquet_schema() -> parquet::errors::Result<Type> {
    let fields = COLUMNS
        .iter()
        .map(|c| {
            let (physical, converted) = match c.ty {
                Text => (PhysicalType::BYTE_ARRAY, ConvertedType::UTF8),
                Int64 => (PhysicalType::INT64, ConvertedType::NONE),
                Float64 => (PhysicalType::DOUBLE, ConvertedType::NONE),
            };
            let repetition = if c.nullable {
                Repetition::OPTIONAL
            } else {
                Repetition::REQUIRED
            };
            Type::primitive_type_builder(c.name, physical)
                .with_converted_type(converted)
                .with_repetition(repetition)
                .build()
                .map(Arc::new)
        })
        .collect::<parquet::errors::Result<Vec<_>>>()?;
    Type::group_type_builder("indicator")
        .with_fields(fields)
        .build()
}

fn pq_err(e: parquet::errors::ParquetError) -> io::Error {
    match e {
        parquet::errors::ParquetError::External(e) => match e.downcast::<io::Error>() {
            Ok(e) => *e,
            Err(e) => io::Error::other(e),
        },
        e => io::Error::other(e),
    }
}

impl<W: Write + Send> ParquetWriter<W> {
    /// A writer to `out`; writes the file's magic number at once.
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn new(out: W) -> io::Result<ParquetWriter<W>> {
        let schema = Arc::new(parquet_schema().map_err(pq_err)?);
        let props = Arc::new(WriterProperties::builder().build());
        let out = SerializedFileWriter::new(out, schema, props).map_err(pq_err)?;
        Ok(ParquetWriter {
            out,
            pending: Vec::new(),
        })
    }

    /// Adds one row; every [`ROW_GROUP_ROWS`] rows a row group is written.
    ///
    /// # Errors
    ///
    /// Any I/O or encoding error.
    pub fn write_row(&mut self, row: &Row) -> io::Result<()> {
        self.write_rows(std::iter::once(row.clone()))
    }

    /// Adds rows it may keep, without copying them; every [`ROW_GROUP_ROWS`] rows a row
    /// group is written.
    ///
    /// # Errors
    ///
    /// Any I/O or encoding error.
    pub fn write_rows(&mut self, rows: impl IntoIterator<Item = Row>) -> io::Result<()> {
        for row in rows {
            self.pending.push(row);
            if self.pending.len() >= ROW_GROUP_ROWS {
                self.flush_group()?;
            }
        }
        Ok(())
    }

    fn flush_group(&mut self) -> io::Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let rows = std::mem::take(&mut self.pending);
        let cells: Vec<[Cell<'_>; 21]> = rows.iter().map(Row::cells).collect();
        let mut group = self.out.next_row_group().map_err(pq_err)?;
        for (i, column) in COLUMNS.iter().enumerate() {
            let mut writer = group
                .next_column()
                .map_err(pq_err)?
                .ok_or_else(|| io::Error::other("parquet schema has too few columns"))?;
            let levels: Vec<i16> = cells.iter().map(|r| i16::from(!is_null(&r[i]))).collect();
            let def = column.nullable.then_some(levels.as_slice());
            match column.ty {
                Text => {
                    let values: Vec<ByteArray> = cells
                        .iter()
                        .filter_map(|r| match r[i] {
                            Cell::Text(s) => s.map(ByteArray::from),
                            _ => None,
                        })
                        .collect();
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&values, def, None)
                }
                Int64 => {
                    let values: Vec<i64> = cells
                        .iter()
                        .filter_map(|r| match r[i] {
                            Cell::Int64(v) => v,
                            _ => None,
                        })
                        .collect();
                    writer.typed::<Int64Type>().write_batch(&values, def, None)
                }
                Float64 => {
                    let values: Vec<f64> = cells
                        .iter()
                        .filter_map(|r| match r[i] {
                            Cell::Float64(v) => v,
                            _ => None,
                        })
                        .collect();
                    writer.typed::<DoubleType>().write_batch(&values, def, None)
                }
            }
            .map_err(pq_err)?;
            writer.close().map_err(pq_err)?;
        }
        group.close().map_err(pq_err)?;
        Ok(())
    }

    /// Writes the last row group and the footer, and returns the output.
    ///
    /// # Errors
    ///
    /// Any I/O or encoding error.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_group()?;
        let mut out = self.out.into_inner().map_err(pq_err)?;
        out.flush()?;
        Ok(out)
    }
}

fn is_null(c: &Cell<'_>) -> bool {
    matches!(
        c,
        Cell::Text(None) | Cell::Int64(None) | Cell::Float64(None)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    const TEXT: &str = "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n\
        (2) 事業成果目標\n2-①広報の強化 ・発信します。\n2-②登録の促進 ・募ります。\t\
        指標：①アクセス件数②登録数\n\t目標値 ①450万件 ②40団体\t実績値 ①587万件 ②\"新規\"登録146団体\n\
        3-①年度内の整備 ・します。\t指標：整備\n\t目標値 6月\t実績値 －\n";

    fn report() -> Report {
        mokuhyo_parse::parse(TEXT.as_bytes(), "in/r.txt")
            .expect("a report")
            .report
    }

    #[test]
    fn ok_columns_match_row_fields_in_order() {
        let row = &rows(&report())[0];
        let v = serde_json::to_value(row).expect("json");
        let keys: Vec<&str> = v
            .as_object()
            .expect("object")
            .keys()
            .map(|k| k.as_str())
            .collect();
        let names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        // serde_json's map is sorted unless preserve_order is on; compare the sets, then the
        // order through the serialized text.
        let mut sorted = names.clone();
        sorted.sort_unstable();
        let mut got = keys.clone();
        got.sort_unstable();
        assert_eq!(got, sorted);
        let text = serde_json::to_string(row).expect("json");
        let mut last = 0;
        for name in names {
            let at = text.find(&format!("\"{name}\":")).expect(name);
            assert!(at >= last, "{name} out of order in {text}");
            last = at;
        }
        for (cell, column) in row.cells().iter().zip(COLUMNS) {
            let ty = match cell {
                Cell::Text(_) => Text,
                Cell::Int64(_) => Int64,
                Cell::Float64(_) => Float64,
            };
            assert_eq!(ty, column.ty, "{}", column.name);
            if !column.nullable {
                assert!(!is_null(cell), "{}", column.name);
            }
        }
    }

    #[test]
    fn ok_one_row_per_indicator_with_group_fields() {
        let report = report();
        let rows = rows(&report);
        let n: usize = report
            .indicator_groups
            .iter()
            .map(|g| g.indicators.len())
            .sum();
        assert_eq!(rows.len(), n);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].section_ids, "2-①,2-②");
        assert_eq!(rows[0].mission_no, Some(2));
        assert_eq!(rows[0].indicator_no, Some(1));
        assert_eq!(rows[0].target_value, Some(4_500_000.0));
        assert_eq!(rows[0].actual_value, Some(5_870_000.0));
        assert_eq!(rows[0].fiscal_year, Some(2022));
        assert_eq!(rows[0].era_label.as_deref(), Some("令和4年度"));
        assert_eq!(rows[0].kind, "achievement");
        assert_eq!(rows[2].mission_no, Some(3));
        assert_eq!(rows[2].group_index, 1);
        assert_eq!(rows[2].indicator_no, None);
    }

    #[test]
    fn ok_ndjson_one_object_per_line_floats_as_floats() {
        let mut w = NdjsonWriter::new(Vec::new());
        for r in rows(&report()) {
            w.write_row(&r).expect("write");
        }
        let out = String::from_utf8(w.finish().expect("finish")).expect("utf-8");
        assert_eq!(out.lines().count(), 3);
        assert!(out.ends_with('\n'));
        let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
        assert_eq!(first["target_value"], serde_json::json!(4_500_000.0));
        assert!(out.contains("\"target_value\":4500000.0"), "{out}");
        assert!(out.contains("\"fiscal_year\":2022,"), "{out}");
    }

    #[test]
    fn ok_csv_header_rows_quotes_and_bom() {
        let mut w = CsvWriter::new(Vec::new(), false).expect("csv");
        for r in rows(&report()) {
            w.write_row(&r).expect("write");
        }
        let out = String::from_utf8(w.finish().expect("finish")).expect("utf-8");
        let header = out.lines().next().expect("header");
        assert_eq!(header, COLUMNS.map(|c| c.name).join(","));
        let mut r = csv::Reader::from_reader(out.as_bytes());
        let recs: Vec<csv::StringRecord> = r.records().map(|r| r.expect("record")).collect();
        assert_eq!(recs.len(), 3);
        assert!(recs.iter().all(|r| r.len() == COLUMNS.len()));
        assert_eq!(&recs[0][12], "4500000.0");
        assert_eq!(&recs[2][9], "", "null is an empty cell");

        let with = CsvWriter::new(Vec::new(), true)
            .expect("csv")
            .finish()
            .expect("finish");
        assert!(with.starts_with(b"\xEF\xBB\xBFreport_file,"));
        let without = CsvWriter::new(Vec::new(), false)
            .expect("csv")
            .finish()
            .expect("finish");
        assert!(without.starts_with(b"report_file,"));
    }

    fn read_back(bytes: &[u8]) -> SerializedFileReader<std::fs::File> {
        let mut tmp = tempfile::tempfile().expect("tempfile");
        tmp.write_all(bytes).expect("write");
        SerializedFileReader::new(tmp).expect("a parquet file")
    }

    #[test]
    fn ok_parquet_reads_back_typed() {
        let rows = rows(&report());
        let mut w = ParquetWriter::new(Vec::new()).expect("parquet");
        for r in &rows {
            w.write_row(r).expect("write");
        }
        let reader = read_back(&w.finish().expect("finish"));
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 3);
        let schema = meta.file_metadata().schema_descr();
        let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
        assert_eq!(names, COLUMNS.map(|c| c.name));
        assert_eq!(schema.column(2).physical_type(), PhysicalType::INT64);
        assert_eq!(schema.column(12).physical_type(), PhysicalType::DOUBLE);
        assert_eq!(schema.column(0).physical_type(), PhysicalType::BYTE_ARRAY);
        let got: Vec<_> = reader
            .get_row_iter(None)
            .expect("rows")
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(got.len(), 3);
        let cols: Vec<(&String, &Field)> = got[0].get_column_iter().collect();
        assert_eq!(cols[2], (&"fiscal_year".to_string(), &Field::Long(2022)));
        assert_eq!(cols[12].1, &Field::Double(4_500_000.0));
        assert_eq!(
            cols[11].1,
            &Field::Str(rows[0].target_text.clone().unwrap())
        );
        let last: Vec<(&String, &Field)> = got[2].get_column_iter().collect();
        assert_eq!(last[9].1, &Field::Null);
    }

    #[test]
    fn ok_parquet_same_bytes_whatever_the_row_groups_seen() {
        let write = |n: usize| {
            let mut w = ParquetWriter::new(Vec::new()).expect("parquet");
            for r in rows(&report()).iter().cycle().take(n) {
                w.write_row(r).expect("write");
            }
            w.finish().expect("finish")
        };
        assert_eq!(write(ROW_GROUP_ROWS + 5), write(ROW_GROUP_ROWS + 5));
        let reader = read_back(&write(0));
        assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
        let reader = read_back(&write(ROW_GROUP_ROWS + 5));
        assert_eq!(reader.metadata().num_row_groups(), 2);
    }

    #[test]
    fn ok_encoded_rows_are_the_bytes_write_row_writes() {
        let rows = rows(&report());
        assert!(rows.len() >= 3);
        // Encoded in two pieces, appended in order, as a batch does report by report.
        let (a, b) = rows.split_at(1);

        let mut direct = NdjsonWriter::new(Vec::new());
        let mut appended = NdjsonWriter::new(Vec::new());
        for row in &rows {
            direct.write_row(row).expect("write");
        }
        for part in [a, b] {
            let mut bytes = Vec::new();
            encode_ndjson(part, &mut bytes);
            appended.write_encoded(&bytes).expect("write");
        }
        let direct = direct.finish().expect("finish");
        assert_eq!(appended.finish().expect("finish"), direct);
        assert_eq!(direct.iter().filter(|&&c| c == b'\n').count(), rows.len());

        let mut direct = CsvWriter::new(Vec::new(), true).expect("csv");
        let mut appended = CsvWriter::new(Vec::new(), true).expect("csv");
        for row in &rows {
            direct.write_row(row).expect("write");
        }
        for part in [a, b] {
            appended
                .write_encoded(&encode_csv(part).expect("encode"))
                .expect("write");
        }
        let direct = direct.finish().expect("finish");
        assert_eq!(appended.finish().expect("finish"), direct);
        let text = String::from_utf8(direct).expect("utf-8");
        assert!(text.starts_with("\u{feff}report_file,"), "{text}");
        // The header and one record per row; a quoted cell with a doubled quote survives.
        assert!(text.contains("\"\"\"新規\"\"登録146団体\""), "{text}");
    }
}
