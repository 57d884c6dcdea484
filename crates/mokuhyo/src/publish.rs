//! What `batch` adds for publishing: each report's table rows encoded on its worker, stable
//! names for the tables' `report_file`, duplicate inputs, the manifest of files written, and
//! documents an earlier run left behind.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use mokuhyo_export::rows::ReportRows;
use mokuhyo_export::table::{self, CsvOptions, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Prints `warning: FILE: why` on stderr, escaped as every message is.
pub fn warn(file: &str, why: impl std::fmt::Display) {
    use std::io::Write;
    let line = format!("{file}: {why}");
    let _ = writeln!(
        io::stderr().lock(),
        "warning: {}",
        crate::messages::escape(&line)
    );
}

/// One report's rows, ready for each table file: NDJSON and CSV bytes (encoded on the worker,
/// so the thread writing the tables only appends) and the rows themselves for Parquet. Each
/// list has one entry per table ([`mokuhyo_export::rows::TABLES`]), empty when the format is
/// not written.
#[derive(Debug, Default)]
pub struct Encoded {
    /// NDJSON lines per table.
    pub ndjson: Vec<Vec<u8>>,
    /// CSV records per table.
    pub csv: Vec<Vec<u8>>,
    /// Rows per table, for Parquet.
    pub parquet: Vec<Vec<Row>>,
}

/// Encodes `rows` for the formats asked for.
pub fn encode(
    rows: ReportRows,
    ndjson: bool,
    csv: Option<CsvOptions>,
    parquet: bool,
) -> io::Result<Encoded> {
    let defs = mokuhyo_export::rows::TABLES;
    let mut out = Encoded::default();
    for (def, rows) in defs.iter().zip(rows.tables) {
        let mut n = Vec::new();
        if ndjson {
            table::encode_ndjson(def, &rows, &mut n);
        }
        out.ndjson.push(n);
        out.csv.push(match csv {
            Some(options) => table::encode_csv(def, &rows, options)?,
            None => Vec::new(),
        });
        out.parquet.push(if parquet { rows } else { Vec::new() });
    }
    Ok(out)
}

/// The name the tables give an input at `rel` (relative to its input folder, or its bare file
/// name): components joined with `/` whatever the platform, so that the same archive gives
/// the same names from any working directory. A name that is not valid UTF-8 is written with
/// each invalid byte as `\xNN` (and `\` as `\\`), never with U+FFFD; the flag says so.
pub fn report_name(rel: &Path) -> (String, bool) {
    let mut parts = Vec::new();
    let mut escaped = false;
    for c in rel.components() {
        if let Component::Normal(s) = c {
            match s.to_str() {
                Some(s) => parts.push(s.to_string()),
                None => {
                    escaped = true;
                    parts.push(escape_bytes(s));
                }
            }
        }
    }
    (parts.join("/"), escaped)
}

#[cfg(unix)]
fn escape_bytes(s: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in s.as_bytes().utf8_chunks() {
        out.push_str(&chunk.valid().replace('\\', "\\\\"));
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(not(unix))]
fn escape_bytes(s: &std::ffi::OsStr) -> String {
    // Windows names are UTF-16: an unpaired surrogate is the only way to be invalid.
    use std::os::windows::ffi::OsStrExt;
    char::decode_utf16(s.encode_wide())
        .map(|r| match r {
            Ok('\\') => "\\\\".to_string(),
            Ok(c) => c.to_string(),
            Err(e) => format!("\\u{{{:04X}}}", e.unpaired_surrogate()),
        })
        .collect()
}

/// Inputs with the same content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// Their SHA-256.
    pub sha256: String,
    /// Their names, in input order; the first is the one kept by `--skip-duplicates`.
    pub files: Vec<String>,
}

/// The groups of `(name, sha256)` pairs that share a SHA-256, in order of first appearance.
pub fn duplicates(inputs: &[(String, String)]) -> Vec<Duplicate> {
    let mut groups: BTreeMap<&str, (usize, Vec<String>)> = BTreeMap::new();
    for (i, (name, sha)) in inputs.iter().enumerate() {
        groups
            .entry(sha.as_str())
            .or_insert_with(|| (i, Vec::new()))
            .1
            .push(name.clone());
    }
    let mut out: Vec<(usize, Duplicate)> = groups
        .into_iter()
        .filter(|(_, (_, files))| files.len() > 1)
        .map(|(sha, (first, files))| {
            (
                first,
                Duplicate {
                    sha256: sha.to_string(),
                    files,
                },
            )
        })
        .collect();
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, d)| d).collect()
}

/// The size and lowercase hex SHA-256 of the file at `path`, read in pieces.
pub fn sha256_file(path: &Path) -> io::Result<(u64, String)> {
    let mut f = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((bytes, hex))
}

/// One file a batch wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    /// Its path inside the output folder, `/`-separated.
    pub path: String,
    /// Its size.
    pub bytes: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
}

/// The files a batch wrote, with the size and SHA-256 of those it wrote from bytes at hand
/// (documents and review pages, hashed by the worker that wrote them), so that the manifest
/// reads back only the others (the tables, streamed to disk).
#[derive(Debug, Default)]
pub struct Written {
    /// Every file, in the order written.
    pub paths: Vec<PathBuf>,
    /// Size and SHA-256 of the files written from bytes at hand.
    digests: HashMap<PathBuf, (u64, String)>,
}

impl Written {
    /// A file written whole from `bytes`.
    pub fn bytes(&mut self, path: PathBuf, bytes: &[u8]) {
        let digest = (bytes.len() as u64, mokuhyo_parse::sha256_hex(bytes));
        self.digests.insert(path.clone(), digest);
        self.paths.push(path);
    }

    /// A file written otherwise: the manifest reads it back.
    pub fn file(&mut self, path: PathBuf) {
        self.digests.remove(&path);
        self.paths.push(path);
    }

    /// Moves the files of `other` to the end of these.
    pub fn append(&mut self, other: &mut Written) {
        self.paths.append(&mut other.paths);
        self.digests.extend(other.digests.drain());
    }
}

/// The manifest of `written` (files under `out_dir`), sorted by path.
pub fn manifest(out_dir: &Path, written: &Written) -> io::Result<Vec<ManifestEntry>> {
    let mut out = Vec::with_capacity(written.paths.len());
    for p in &written.paths {
        let rel = p.strip_prefix(out_dir).unwrap_or(p);
        let (bytes, sha256) = match written.digests.get(p) {
            Some(known) => known.clone(),
            None => sha256_file(p)?,
        };
        out.push(ManifestEntry {
            path: report_name(rel).0,
            bytes,
            sha256,
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

/// The first bytes of every document mokuhyo writes (`to_json`).
const DOCUMENT_START: &[u8] = b"{\n  \"schema_version\": \"";
/// The first bytes of every page mokuhyo writes (a review page, the index page): the head up
/// to the strict Content-Security-Policy.
const PAGE_START: &[u8] =
    b"<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
    <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';";

/// Whether the file at `path` is one of mokuhyo's documents: a `.json` report document or a
/// `.html` page, told by how it starts.
pub fn is_our_document(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let want: &[u8] = match ext {
        "json" => DOCUMENT_START,
        "html" => PAGE_START,
        _ => return false,
    };
    let mut head = Vec::with_capacity(want.len());
    match fs::File::open(path) {
        Ok(f) => {
            if f.take(want.len() as u64).read_to_end(&mut head).is_err() {
                return false;
            }
        }
        Err(_) => return false,
    }
    head == want
}

/// mokuhyo's documents under `out_dir` that are not in `written`: what an earlier run left.
/// Symbolic links are not followed, nothing but regular files is listed, and the folders in
/// `inputs` (the batch's input folders, when the output folder holds one) are not entered:
/// documents a user keeps among the inputs are theirs.
pub fn stale_documents(out_dir: &Path, written: &[PathBuf], inputs: &[PathBuf]) -> Vec<PathBuf> {
    let written: HashSet<&Path> = written.iter().map(PathBuf::as_path).collect();
    let inputs: HashSet<PathBuf> = inputs
        .iter()
        .filter_map(|p| fs::canonicalize(p).ok())
        .collect();
    walkdir::WalkDir::new(out_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            !(e.depth() > 0
                && e.file_type().is_dir()
                && fs::canonicalize(e.path()).is_ok_and(|p| inputs.contains(&p)))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| !written.contains(p.as_path()) && is_our_document(p))
        .collect()
}

/// `t` as RFC 3339 in UTC, to the second: `2026-12-01T23:55:36Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ok_rfc3339() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_709_210_096);
        assert_eq!(rfc3339(t), "2024-02-29T12:34:56Z");
    }

    #[test]
    fn ok_report_names_use_slashes() {
        let p: PathBuf = ["a", "b", "c.txt"].iter().collect();
        assert_eq!(report_name(&p), ("a/b/c.txt".to_string(), false));
        assert_eq!(report_name(Path::new("./x.txt")).0, "x.txt");
    }

    #[cfg(unix)]
    #[test]
    fn ok_invalid_utf8_names_escaped_not_replaced() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"r\xff\\\xe3\x81\x82.txt");
        let (s, escaped) = report_name(Path::new(name));
        assert!(escaped);
        assert_eq!(s, "r\\xFF\\\\あ.txt");
        assert!(!s.contains('\u{FFFD}'));
    }

    #[test]
    fn ok_duplicates_grouped_in_input_order() {
        let pairs: Vec<(String, String)> =
            [("a", "2"), ("b", "1"), ("c", "2"), ("d", "1"), ("e", "3")]
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect();
        let d = duplicates(&pairs);
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].sha256.as_str(), d[0].files.clone()),
            ("2", vec!["a".into(), "c".into()])
        );
        assert_eq!(d[1].files, ["b", "d"]);
    }

    #[test]
    fn ok_only_our_documents_are_stale() {
        let dir = tempfile::tempdir().expect("tempdir");
        let put = |n: &str, s: &[u8]| fs::write(dir.path().join(n), s).expect("write");
        put("old.json", b"{\n  \"schema_version\": \"1.0.0\",\n}");
        put("new.json", b"{\n  \"schema_version\": \"1.1.0\",\n}");
        put("user.json", b"{\"schema_version\": \"1\"}");
        put("page.html", PAGE_START);
        put("user.html", b"<!DOCTYPE html><html>");
        put("notes.txt", b"{\n  \"schema_version\": \"");
        // Documents inside an input folder are the user's.
        fs::create_dir(dir.path().join("in")).expect("mkdir");
        put("in/kept.json", b"{\n  \"schema_version\": \"1.0.0\",\n}");
        let stale = stale_documents(
            dir.path(),
            &[dir.path().join("new.json")],
            &[dir.path().join("in")],
        );
        let names: Vec<_> = stale
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["old.json", "page.html"]);
        let all = stale_documents(dir.path(), &[], &[]);
        assert_eq!(all.len(), 4, "{all:?}");
    }

    #[test]
    fn ok_sha256_file_in_pieces() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("f");
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&p, &bytes).expect("write");
        assert_eq!(
            sha256_file(&p).expect("hash"),
            (200_000, mokuhyo_parse::sha256_hex(&bytes))
        );
    }
}
