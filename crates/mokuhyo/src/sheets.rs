//! Every report in one input: a text report or a PDF holds one, a workbook one per sheet
//! that holds a report. `parse` and `review` pick one sheet (`--sheet NAME`, or
//! `FILE#NAME`); `batch` writes each, under a name made from the file's and the sheet's.
//! Also a PDF's drawn pages, for its review page (`review` and `batch --review`).

use std::path::{Path, PathBuf};

use mokuhyo_parse::Report;

/// One report read from an input.
pub struct Parsed {
    /// The sheet it was read from, for a workbook.
    pub sheet: Option<String>,
    /// The text the report's `lines` point into (for a PDF or workbook, the text rebuilt from
    /// its cell grid).
    pub bytes: Vec<u8>,
    /// The document.
    pub report: Report,
    /// For a PDF, when asked for, the review page's view of its pages; empty otherwise.
    pub pages: String,
}

/// The reports of one input, in the file's order (at least one), and the sheets of a
/// workbook that hold none, with why.
pub struct Found {
    /// The reports.
    pub reports: Vec<Parsed>,
    /// Sheets without a report: name, and the parser's reason.
    pub skipped: Vec<(String, String)>,
}

/// Every report in `bytes`, recording `name` as its `source.file` (a sheet's adds
/// `#SHEET`); a PDF or workbook is told by its content, not its name. With `view`, a PDF's
/// reports carry the review page's view of its pages. `arg` is the input as the user gave it,
/// for hints ([`crate::input::parse_text`]).
pub fn parse_all(bytes: Vec<u8>, name: &str, arg: &str, view: bool) -> Result<Found, String> {
    let Some(format) = mokuhyo_grid::sniff(&bytes) else {
        let report = crate::input::parse_text(&bytes, name, arg)?;
        return Ok(Found {
            reports: vec![Parsed {
                sheet: None,
                bytes,
                report,
                pages: String::new(),
            }],
            skipped: Vec::new(),
        });
    };
    // The pages' glyphs are kept only for a page view; otherwise a PDF is read one page at
    // a time.
    let options = mokuhyo_grid::ReadOptions { keep_pages: view };
    let all = mokuhyo_grid::report::read_all(&bytes, format, name, options)?;
    drop(bytes);
    let reports = all
        .reports
        .into_iter()
        .map(|r| {
            // Without `view` no page was kept, and the view is empty.
            let pages = r.pages_html();
            Parsed {
                sheet: r.sheet,
                bytes: r.text.into_bytes(),
                report: r.report,
                pages,
            }
        })
        .collect();
    Ok(Found {
        reports,
        skipped: all.skipped,
    })
}

/// Why `--sheet` (or `FILE#SHEET`) cannot be followed: the file is not a workbook.
pub const NOT_A_WORKBOOK: &str = "--sheet picks a sheet of a workbook, and this is not one";

/// The one report a command reads from `found`: the sheet named by `sheet`, or the only
/// report. Several reports and no sheet named is an error that lists the sheets and gives
/// the command that picks one: `command` is the command line with `{sheet}` where
/// `--sheet NAME` goes.
pub fn pick(found: Found, sheet: Option<&str>, command: &str) -> Result<Parsed, String> {
    let Found {
        mut reports,
        skipped,
    } = found;
    let names = || {
        reports
            .iter()
            .filter_map(|r| r.sheet.as_deref())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match sheet {
        Some(want) => {
            if let Some(i) = reports
                .iter()
                .position(|r| r.sheet.as_deref() == Some(want))
            {
                return Ok(reports.swap_remove(i));
            }
            if let Some((_, why)) = skipped.iter().find(|(s, _)| s == want) {
                return Err(format!("sheet {want} holds no report ({why})"));
            }
            if reports.iter().all(|r| r.sheet.is_none()) {
                return Err(NOT_A_WORKBOOK.into());
            }
            Err(format!(
                "no sheet named {want} (sheets with a report: {})",
                names()
            ))
        }
        None if reports.len() == 1 => Ok(reports.pop().expect("one")),
        None => {
            let first = reports[0].sheet.as_deref().unwrap_or_default();
            let example = command.replace(
                "{sheet}",
                &format!("--sheet {}", crate::hints::shell_word(first)),
            );
            Err(format!(
                "{} sheets hold a report ({}): pick one with --sheet NAME, e.g. `{example}`",
                reports.len(),
                names()
            ))
        }
    }
}

/// The file to read and the sheet asked for: `--sheet NAME`, or the `SHEET` of
/// `FILE#SHEET` when no file has that whole name (see [`split_sheet`]).
pub fn target(file: &Path, sheet: Option<&str>) -> (PathBuf, Option<String>) {
    if sheet.is_some() || crate::stdio::is_dash(file) {
        return (file.to_path_buf(), sheet.map(str::to_string));
    }
    match split_sheet(file) {
        Some((file, sheet)) => (file, Some(sheet)),
        None => (file.to_path_buf(), None),
    }
}

/// The `note:` lines (each ending in a newline) that name, with `-v`, the sheets skipped
/// because they hold no report; empty without `-v`.
pub fn skipped_notes(name: &str, skipped: &[(String, String)], verbose: bool) -> String {
    let mut out = String::new();
    if verbose {
        for (sheet, why) in skipped {
            out.push_str(&crate::messages::note_line(format_args!(
                "{name}: sheet {sheet} holds no report ({why}); skipped"
            )));
        }
    }
    out
}

/// Prints [`skipped_notes`] on stderr.
pub fn note_skipped(name: &str, skipped: &[(String, String)], verbose: bool) {
    let notes = skipped_notes(name, skipped, verbose);
    if !notes.is_empty() {
        // If stderr itself is gone there is nobody left to tell.
        let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), notes.as_bytes());
    }
}

/// For `FILE#SHEET` naming no file: the file and the sheet, when such a file exists. With a
/// `#` in the file's name too, the longest name that exists wins.
pub fn split_sheet(path: &Path) -> Option<(PathBuf, String)> {
    if path.exists() {
        return None;
    }
    let text = path.to_str()?;
    text.match_indices('#').rev().find_map(|(i, _)| {
        let (file, sheet) = (&text[..i], &text[i + 1..]);
        (!sheet.is_empty() && Path::new(file).is_file())
            .then(|| (PathBuf::from(file), sheet.to_string()))
    })
}

/// Where the document of sheet `sheet` goes when a workbook holds several reports: beside
/// the workbook's own `output` (`a/book.json`), named `a/book#SHEET.json`. In the sheet's
/// name, characters that file systems refuse or treat specially (`/ \ : * ? " < > |`,
/// control characters, a leading or trailing dot or space), `#` and `%` are written `%XX`:
/// the name is then unique to its file and sheet.
pub fn sheet_output(output: &Path, sheet: &str) -> PathBuf {
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    output.with_file_name(format!("{stem}#{}.json", safe_name(sheet)))
}

/// `sheet` made safe in a file name (see [`sheet_output`]).
fn safe_name(sheet: &str) -> String {
    let last = sheet.chars().count().saturating_sub(1);
    let mut out = String::with_capacity(sheet.len());
    for (i, c) in sheet.chars().enumerate() {
        let edge = (i == 0 || i == last) && matches!(c, '.' | ' ');
        if edge || c.is_control() || "/\\:*?\"<>|#%".contains(c) {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_sheet_outputs_sit_beside_the_workbooks() {
        let out = |o: &str, s: &str| sheet_output(Path::new(o), s);
        assert_eq!(
            out("a/book.json", "Sheet1"),
            Path::new("a/book#Sheet1.json")
        );
        assert_eq!(
            out("book.xlsx.json", "土木部"),
            Path::new("book.xlsx#土木部.json")
        );
        assert_eq!(out("b.json", "a/b: c?"), Path::new("b#a%2Fb%3A c%3F.json"));
        assert_eq!(out("b.json", ".x "), Path::new("b#%2Ex%20.json"));
        assert_eq!(out("b.json", "1#2 50%"), Path::new("b#1%232 50%25.json"));
    }

    #[test]
    fn ok_different_sheets_never_share_a_file_name() {
        let names = [
            "a/b", "a%2Fb", "a_b", "a#b", "a%23b", " a", "%20a", ".", "%2E",
        ];
        let mut outs: Vec<PathBuf> = names
            .iter()
            .map(|s| sheet_output(Path::new("x.json"), s))
            .collect();
        outs.sort();
        outs.dedup();
        assert_eq!(outs.len(), names.len());
    }

    #[test]
    fn ok_file_hash_sheet_when_no_such_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let book = dir.path().join("a#b.xlsx");
        std::fs::write(&book, b"x").expect("write");
        let arg = |s: &str| PathBuf::from(format!("{}{s}", book.display()));
        assert_eq!(
            split_sheet(&arg("#S#2")),
            Some((book.clone(), "S#2".into()))
        );
        assert_eq!(split_sheet(&book), None, "an existing file is a file");
        assert_eq!(split_sheet(&arg("#")), None, "no sheet named");
        assert_eq!(split_sheet(&dir.path().join("none.xlsx#S")), None);
    }
}
