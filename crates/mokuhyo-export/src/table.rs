//! Flat tables (SPEC §5): a [`TableDef`] says what a table's columns are; its rows are lists
//! of [`Datum`]s in column order, written as NDJSON, CSV or Parquet. The tables themselves
//! (reports, missions, SDG goals, sections, indicators, quantities) are in [`crate::rows`].
//!
//! The writers stream: each takes rows one at a time and holds at most one Parquet row group
//! ([`ROW_GROUP_ROWS`] rows), so a table of any size is written in bounded memory. Given the
//! same rows in the same order they write the same bytes: nothing depends on time, threads or
//! how the rows were batched.
//!
//! The text formats can also be encoded apart from their file ([`encode_ndjson`],
//! [`encode_csv`]) and the bytes appended later (`write_encoded`), so that a batch encodes
//! each report's rows on the thread that parsed it. The bytes are those `write_row` writes.
//!
//! Numbers: a whole number is written without a decimal point in CSV and NDJSON (`60`, not
//! `60.0`); Parquet keeps the declared type. A null is an empty CSV cell, a JSON `null` and a
//! Parquet null.

use std::io::{self, Write};
use std::sync::Arc;

use parquet::basic::{ConvertedType, Repetition, Type as PhysicalType};
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::Type;

/// The type of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text.
    Text,
    /// A 64-bit integer.
    Int64,
    /// A 64-bit float.
    Float64,
    /// A calendar date, ISO 8601 (`2023-03-31`) in the text formats.
    Date,
}

impl ColumnType {
    /// The Frictionless Table Schema type.
    pub fn frictionless(self) -> &'static str {
        match self {
            ColumnType::Text => "string",
            ColumnType::Int64 => "integer",
            ColumnType::Float64 => "number",
            ColumnType::Date => "date",
        }
    }

    /// The SQL type a database gives the column (DuckDB's names).
    pub fn sql(self) -> &'static str {
        match self {
            ColumnType::Text => "VARCHAR",
            ColumnType::Int64 => "BIGINT",
            ColumnType::Float64 => "DOUBLE",
            ColumnType::Date => "DATE",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column name (SPEC §5), the CSV header by default.
    pub name: &'static str,
    /// Its type.
    pub ty: ColumnType,
    /// Whether a cell can be empty (null).
    pub nullable: bool,
    /// The Japanese title (`--csv-header ja`, and `title` in datapackage.json).
    pub title: &'static str,
    /// What the column holds (`description` in datapackage.json).
    pub description: &'static str,
}

/// A foreign key: `fields` of one table name a row of `table` by its `reference` fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    /// The columns of the referring table.
    pub fields: &'static [&'static str],
    /// The name of the table referred to.
    pub table: &'static str,
    /// Its columns, in the order of `fields`.
    pub reference: &'static [&'static str],
}

/// A table: its name (the file stem), titles and columns, and its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TableDef {
    /// The name, also the stem of its files (`indicators` → `indicators.csv`).
    pub name: &'static str,
    /// The Japanese title.
    pub title: &'static str,
    /// What one row is.
    pub description: &'static str,
    /// The columns, in order.
    pub columns: &'static [Column],
    /// The columns that identify a row.
    pub primary_key: &'static [&'static str],
    /// References to rows of other tables.
    pub foreign_keys: &'static [ForeignKey],
}

impl TableDef {
    /// The position of the column `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// One cell, typed as its column.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    /// A text cell.
    Text(Option<String>),
    /// An integer cell.
    Int64(Option<i64>),
    /// A float cell.
    Float64(Option<f64>),
    /// A date cell, ISO 8601 (`YYYY-MM-DD`).
    Date(Option<String>),
}

impl Datum {
    /// Whether the cell is null.
    pub fn is_null(&self) -> bool {
        matches!(
            self,
            Datum::Text(None) | Datum::Int64(None) | Datum::Float64(None) | Datum::Date(None)
        )
    }

    /// The column type this cell belongs to.
    pub fn ty(&self) -> ColumnType {
        match self {
            Datum::Text(_) => ColumnType::Text,
            Datum::Int64(_) => ColumnType::Int64,
            Datum::Float64(_) => ColumnType::Float64,
            Datum::Date(_) => ColumnType::Date,
        }
    }

    /// The text of a text or date cell.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Datum::Text(s) | Datum::Date(s) => s.as_deref(),
            _ => None,
        }
    }
}

/// A row: one [`Datum`] per column, in column order.
pub type Row = Vec<Datum>;

/// A float as the text formats write it: a whole number without a decimal point (`60`), any
/// other in the shortest form that reads back as the same float (`0.35`); `None` for a value
/// that is not finite (there is no such number in JSON).
pub fn format_number(v: f64) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        return Some(format!("{}", v as i64));
    }
    Some(format!("{v}"))
}

/// Rows per Parquet row group. A fixed count, so the file's layout never depends on how the
/// rows arrived.
pub const ROW_GROUP_ROWS: usize = 10_000;

/// Writes rows as NDJSON: one JSON object per line, keys in column order.
#[derive(Debug)]
pub struct NdjsonWriter<W: Write> {
    out: W,
    def: &'static TableDef,
}

impl<W: Write> NdjsonWriter<W> {
    /// A writer of `def`'s rows to `out`.
    pub fn new(out: W, def: &'static TableDef) -> NdjsonWriter<W> {
        NdjsonWriter { out, def }
    }

    /// Writes one row (give it a buffered writer).
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_row(&mut self, row: &[Datum]) -> io::Result<()> {
        let mut line = Vec::new();
        ndjson_line(&mut line, self.def, row);
        self.out.write_all(&line)
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

/// One NDJSON line: the row's object and a line feed.
fn ndjson_line(out: &mut Vec<u8>, def: &TableDef, row: &[Datum]) {
    out.push(b'{');
    for (i, (column, datum)) in def.columns.iter().zip(row).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_string(out, column.name);
        out.push(b':');
        match datum {
            Datum::Text(Some(s)) | Datum::Date(Some(s)) => json_string(out, s),
            Datum::Int64(Some(n)) => out.extend_from_slice(n.to_string().as_bytes()),
            Datum::Float64(Some(v)) => match format_number(*v) {
                Some(s) => out.extend_from_slice(s.as_bytes()),
                None => out.extend_from_slice(b"null"),
            },
            _ => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b"}\n");
}

fn json_string(out: &mut Vec<u8>, s: &str) {
    serde_json::to_writer(&mut *out, s).expect("writing a string to a Vec cannot fail");
}

/// Appends `rows` of `def` to `out` as the NDJSON lines [`NdjsonWriter::write_row`] writes.
pub fn encode_ndjson(def: &TableDef, rows: &[Row], out: &mut Vec<u8>) {
    for row in rows {
        ndjson_line(out, def, row);
    }
}

/// The language of the CSV header row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Header {
    /// Column names (`fiscal_year`): what a warehouse expects.
    #[default]
    Names,
    /// Japanese titles (`年度`).
    Titles,
}

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8.
    pub bom: bool,
    /// The header row.
    pub header: Header,
    /// Excel mode: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a leading `'`, so that a spreadsheet never runs it as a formula (OWASP
    /// "CSV Injection"). Numeric columns, and text that is a plain number (`-5`), are left
    /// as they are. Implies nothing else; the batch turns `bom` on with it.
    pub excel: bool,
}

/// Writes rows as CSV (RFC 4180, UTF-8, a header row); an empty cell is a null.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    def: &'static TableDef,
    options: CsvOptions,
}

impl<W: Write> CsvWriter<W> {
    /// A writer of `def`'s rows to `out`. The header row (and the byte order mark, if asked
    /// for) is written at once, so a table without rows still names its columns.
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn new(
        mut out: W,
        def: &'static TableDef,
        options: CsvOptions,
    ) -> io::Result<CsvWriter<W>> {
        if options.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut header = csv_writer();
        header.write_record(def.columns.iter().map(|c| match options.header {
            Header::Names => c.name,
            Header::Titles => c.title,
        }))?;
        out.write_all(&csv_bytes(header)?)?;
        Ok(CsvWriter { out, def, options })
    }

    /// Writes one row, in one `write_all` to `out` (give it a buffered writer).
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn write_row(&mut self, row: &[Datum]) -> io::Result<()> {
        let bytes = encode_csv(self.def, std::slice::from_ref(&row.to_vec()), self.options)?;
        self.out.write_all(&bytes)
    }

    /// Appends rows encoded by [`encode_csv`] with the same options.
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

/// `rows` as the CSV records [`CsvWriter::write_row`] writes with `options`, without the
/// header.
///
/// # Errors
///
/// A row the CSV writer refuses (none is expected: every cell is text or a number).
pub fn encode_csv(def: &TableDef, rows: &[Row], options: CsvOptions) -> io::Result<Vec<u8>> {
    let mut w = csv_writer();
    let mut record: Vec<String> = Vec::with_capacity(def.columns.len());
    for row in rows {
        record.clear();
        record.extend(row.iter().map(|d| csv_cell(d, options.excel)));
        w.write_record(&record)?;
    }
    csv_bytes(w)
}

/// One CSV cell: empty for a null, numbers as [`format_number`] writes them, text as it is
/// (or made safe for a spreadsheet with `excel`).
fn csv_cell(d: &Datum, excel: bool) -> String {
    match d {
        Datum::Text(Some(s)) if excel => excel_safe(s),
        Datum::Text(Some(s)) | Datum::Date(Some(s)) => s.clone(),
        Datum::Int64(Some(n)) => n.to_string(),
        Datum::Float64(Some(v)) => format_number(*v).unwrap_or_default(),
        _ => String::new(),
    }
}

/// `s` for a spreadsheet: prefixed with `'` when it starts with a character that makes a cell
/// a formula (`=`, `+`, `-`, `@`) or that a spreadsheet strips before looking (tab, carriage
/// return), unless it is a plain number such as `-5` or `+3.5`, which stays a number.
pub fn excel_safe(s: &str) -> String {
    let risky = matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && !is_plain_number(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// A sign, digits, and at most one decimal point followed by digits: `-5`, `+3.5`.
fn is_plain_number(s: &str) -> bool {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
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

/// Days from 1970-01-01 to the ISO date `s` (`YYYY-MM-DD`), or `None` when it is not one.
fn epoch_days(s: &str) -> Option<i32> {
    let mut parts = s.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    i32::try_from(era * 146_097 + doe - 719_468).ok()
}

/// Writes rows as Parquet with typed columns: `INT64`, `DOUBLE`, `INT32` annotated as `DATE`
/// and `BYTE_ARRAY` annotated as UTF-8, nullable columns `OPTIONAL`, the others `REQUIRED`;
/// uncompressed, one row group per [`ROW_GROUP_ROWS`] rows.
pub struct ParquetWriter<W: Write + Send> {
    out: SerializedFileWriter<W>,
    def: &'static TableDef,
    pending: Vec<Row>,
}

impl<W: Write + Send> std::fmt::Debug for ParquetWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParquetWriter")
            .field("table", &self.def.name)
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

/// The Parquet schema of `def`.
fn parquet_schema(def: &TableDef) -> parquet::errors::Result<Type> {
    let fields = def
        .columns
        .iter()
        .map(|c| {
            let (physical, converted) = match c.ty {
                ColumnType::Text => (PhysicalType::BYTE_ARRAY, ConvertedType::UTF8),
                ColumnType::Int64 => (PhysicalType::INT64, ConvertedType::NONE),
                ColumnType::Float64 => (PhysicalType::DOUBLE, ConvertedType::NONE),
                ColumnType::Date => (PhysicalType::INT32, ConvertedType::DATE),
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
    Type::group_type_builder(def.name)
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
    /// A writer of `def`'s rows to `out`; writes the file's magic number at once.
    ///
    /// # Errors
    ///
    /// Any I/O error from `out`.
    pub fn new(out: W, def: &'static TableDef) -> io::Result<ParquetWriter<W>> {
        let schema = Arc::new(parquet_schema(def).map_err(pq_err)?);
        let props = Arc::new(WriterProperties::builder().build());
        let out = SerializedFileWriter::new(out, schema, props).map_err(pq_err)?;
        Ok(ParquetWriter {
            out,
            def,
            pending: Vec::new(),
        })
    }

    /// Adds one row; every [`ROW_GROUP_ROWS`] rows a row group is written.
    ///
    /// # Errors
    ///
    /// Any I/O or encoding error.
    pub fn write_row(&mut self, row: &[Datum]) -> io::Result<()> {
        self.write_rows(std::iter::once(row.to_vec()))
    }

    /// Adds rows it may keep, without copying them; every [`ROW_GROUP_ROWS`] rows a row
    /// group is written.
    ///
    /// # Errors
    ///
    /// Any I/O or encoding error; a row whose cells do not match the columns.
    pub fn write_rows(&mut self, rows: impl IntoIterator<Item = Row>) -> io::Result<()> {
        for row in rows {
            let fits = row.len() == self.def.columns.len()
                && row
                    .iter()
                    .zip(self.def.columns)
                    .all(|(d, c)| d.ty() == c.ty && (c.nullable || !d.is_null()));
            if !fits {
                return Err(io::Error::other(format!(
                    "a row does not fit the columns of table {}",
                    self.def.name
                )));
            }
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
        let mut group = self.out.next_row_group().map_err(pq_err)?;
        for (i, column) in self.def.columns.iter().enumerate() {
            let mut writer = group
                .next_column()
                .map_err(pq_err)?
                .ok_or_else(|| io::Error::other("parquet schema has too few columns"))?;
            let levels: Vec<i16> = rows.iter().map(|r| i16::from(!r[i].is_null())).collect();
            let def = column.nullable.then_some(levels.as_slice());
            match column.ty {
                ColumnType::Text => {
                    let values: Vec<ByteArray> = rows
                        .iter()
                        .filter_map(|r| r[i].as_str().map(ByteArray::from))
                        .collect();
                    writer
                        .typed::<ByteArrayType>()
                        .write_batch(&values, def, None)
                }
                ColumnType::Int64 => {
                    let values: Vec<i64> = rows
                        .iter()
                        .filter_map(|r| match r[i] {
                            Datum::Int64(v) => v,
                            _ => None,
                        })
                        .collect();
                    writer.typed::<Int64Type>().write_batch(&values, def, None)
                }
                ColumnType::Float64 => {
                    let values: Vec<f64> = rows
                        .iter()
                        .filter_map(|r| match r[i] {
                            Datum::Float64(v) => v,
                            _ => None,
                        })
                        .collect();
                    writer.typed::<DoubleType>().write_batch(&values, def, None)
                }
                ColumnType::Date => {
                    let mut values = Vec::new();
                    for r in &rows {
                        if let Some(s) = r[i].as_str() {
                            values.push(epoch_days(s).ok_or_else(|| {
                                io::Error::other(format!("{s:?} is not an ISO 8601 date"))
                            })?);
                        }
                    }
                    writer.typed::<Int32Type>().write_batch(&values, def, None)
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

#[cfg(test)]
mod tests {
    use super::*;
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;

    const fn col(name: &'static str, ty: ColumnType, nullable: bool) -> Column {
        Column {
            name,
            ty,
            nullable,
            title: name,
            description: "",
        }
    }

    static T: TableDef = TableDef {
        name: "t",
        title: "表",
        description: "a test table",
        columns: &[
            col("name", ColumnType::Text, false),
            col("n", ColumnType::Int64, true),
            col("v", ColumnType::Float64, true),
            col("d", ColumnType::Date, true),
        ],
        primary_key: &["name"],
        foreign_keys: &[],
    };

    fn row(name: &str, n: Option<i64>, v: Option<f64>, d: Option<&str>) -> Row {
        vec![
            Datum::Text(Some(name.into())),
            Datum::Int64(n),
            Datum::Float64(v),
            Datum::Date(d.map(String::from)),
        ]
    }

    fn rows() -> Vec<Row> {
        vec![
            row("a", Some(1), Some(60.0), Some("2023-03-31")),
            row("=SUM(A1)", None, Some(0.35), None),
            row("-5", Some(-2), Some(-4_500_000.0), Some("1970-01-01")),
            row("\"新規\"登録", None, None, None),
        ]
    }

    #[test]
    fn ok_whole_numbers_without_a_point() {
        assert_eq!(format_number(60.0).as_deref(), Some("60"));
        assert_eq!(format_number(-4_500_000.0).as_deref(), Some("-4500000"));
        assert_eq!(format_number(0.35).as_deref(), Some("0.35"));
        assert_eq!(
            format_number(1.0 / 3.0).unwrap().parse::<f64>(),
            Ok(1.0 / 3.0)
        );
        assert_eq!(format_number(f64::NAN), None);
    }

    #[test]
    fn ok_ndjson_keys_in_order_whole_numbers_as_integers() {
        let mut out = Vec::new();
        encode_ndjson(&T, &rows(), &mut out);
        let text = String::from_utf8(out).expect("utf-8");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0], r#"{"name":"a","n":1,"v":60,"d":"2023-03-31"}"#);
        assert_eq!(
            lines[1], r#"{"name":"=SUM(A1)","n":null,"v":0.35,"d":null}"#,
            "NDJSON is never altered"
        );
        let v: serde_json::Value = serde_json::from_str(lines[3]).expect("json");
        assert_eq!(v["name"], "\"新規\"登録");
        let mut w = NdjsonWriter::new(Vec::new(), &T);
        for r in rows() {
            w.write_row(&r).expect("write");
        }
        assert_eq!(w.finish().expect("finish"), text.as_bytes());
    }

    fn csv_text(options: CsvOptions) -> String {
        let mut w = CsvWriter::new(Vec::new(), &T, options).expect("csv");
        let rows = rows();
        w.write_row(&rows[0]).expect("write");
        w.write_encoded(&encode_csv(&T, &rows[1..], options).expect("encode"))
            .expect("write");
        String::from_utf8(w.finish().expect("finish")).expect("utf-8")
    }

    #[test]
    fn ok_csv_plain_is_raw() {
        let text = csv_text(CsvOptions::default());
        assert_eq!(
            text,
            "name,n,v,d\na,1,60,2023-03-31\n=SUM(A1),,0.35,\n-5,-2,-4500000,1970-01-01\n\
             \"\"\"新規\"\"登録\",,,\n"
        );
    }

    #[test]
    fn ok_csv_excel_mode_defuses_formulas_only() {
        let options = CsvOptions {
            bom: true,
            header: Header::Titles,
            excel: true,
        };
        let text = csv_text(options);
        assert!(text.starts_with("\u{feff}name,n,v,d\n"), "{text}");
        assert!(text.contains("\n'=SUM(A1),,0.35,\n"), "{text}");
        // A plain number stays a number, negative or not, in text and numeric columns.
        assert!(text.contains("\n-5,-2,-4500000,1970-01-01\n"), "{text}");
        for (cell, want) in [
            ("=1+1", "'=1+1"),
            ("+81 3", "'+81 3"),
            ("-", "'-"),
            ("-1+2", "'-1+2"),
            ("@SUM(1)", "'@SUM(1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("+3.5", "+3.5"),
            ("-0.25", "-0.25"),
            ("5人", "5人"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(excel_safe(cell), want, "{cell:?}");
        }
    }

    #[test]
    fn ok_csv_japanese_header() {
        static J: TableDef = TableDef {
            name: "j",
            title: "表",
            description: "",
            columns: &[Column {
                name: "fiscal_year",
                ty: ColumnType::Int64,
                nullable: true,
                title: "年度",
                description: "",
            }],
            primary_key: &[],
            foreign_keys: &[],
        };
        let w = CsvWriter::new(
            Vec::new(),
            &J,
            CsvOptions {
                header: Header::Titles,
                ..CsvOptions::default()
            },
        )
        .expect("csv");
        assert_eq!(w.finish().expect("finish"), "年度\n".as_bytes());
    }

    fn read_back(bytes: &[u8]) -> SerializedFileReader<std::fs::File> {
        let mut tmp = tempfile::tempfile().expect("tempfile");
        tmp.write_all(bytes).expect("write");
        SerializedFileReader::new(tmp).expect("a parquet file")
    }

    #[test]
    fn ok_parquet_reads_back_typed() {
        let mut w = ParquetWriter::new(Vec::new(), &T).expect("parquet");
        w.write_rows(rows()).expect("write");
        let reader = read_back(&w.finish().expect("finish"));
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 4);
        let schema = meta.file_metadata().schema_descr();
        let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
        assert_eq!(names, ["name", "n", "v", "d"]);
        let got: Vec<_> = reader
            .get_row_iter(None)
            .expect("rows")
            .map(|r| r.expect("row"))
            .collect();
        let cols: Vec<&Field> = got[0].get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(cols[1], &Field::Long(1));
        assert_eq!(cols[2], &Field::Double(60.0));
        assert_eq!(cols[3], &Field::Date(19_447), "2023-03-31");
        let cols: Vec<&Field> = got[1].get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(cols[0], &Field::Str("=SUM(A1)".into()), "never altered");
        assert_eq!(cols[1], &Field::Null);
        let cols: Vec<&Field> = got[2].get_column_iter().map(|(_, f)| f).collect();
        assert_eq!(cols[3], &Field::Date(0));
    }

    #[test]
    fn err_parquet_row_that_does_not_fit() {
        let mut w = ParquetWriter::new(Vec::new(), &T).expect("parquet");
        let mut bad = row("a", None, None, None);
        bad[1] = Datum::Float64(Some(1.0));
        assert!(w.write_rows([bad]).is_err());
        assert!(w.write_rows([vec![Datum::Text(None)]]).is_err());
        let mut w = ParquetWriter::new(Vec::new(), &T).expect("parquet");
        assert!(w
            .write_rows([row("a", None, None, Some("2023-13-01"))])
            .is_ok());
        assert!(w.finish().is_err(), "not a date");
    }

    #[test]
    fn ok_parquet_same_bytes_whatever_the_row_groups_seen() {
        let write = |n: usize| {
            let mut w = ParquetWriter::new(Vec::new(), &T).expect("parquet");
            for r in rows().iter().cycle().take(n) {
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
    fn ok_epoch_days() {
        assert_eq!(epoch_days("1970-01-01"), Some(0));
        assert_eq!(epoch_days("2000-03-01"), Some(11_017));
        assert_eq!(epoch_days("1969-12-31"), Some(-1));
        assert_eq!(epoch_days("2023-3"), None);
    }
}
