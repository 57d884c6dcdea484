//! A report's diagnostics on stderr (SPEC §4): `warning: FILE:LINE: message [code]`, info
//! ones only with `-v`, none with `-q`; and `--strict`, which fails a report with warnings.
//!
//! The diagnostics stay in the document whatever is printed: stderr is for the person at the
//! terminal, the document for whoever reads the data later.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use mokuhyo_parse::model::{Diagnostic, Severity};
use serde::Serialize;

use crate::args::WarningArgs;

/// Whether `d` is a warning (or worse): printed without `-v`, and failing its report under
/// `--strict`. Info diagnostics are neither.
pub fn is_warning(d: &Diagnostic) -> bool {
    d.severity != Severity::Info
}

/// `d` as one line, without its newline: `warning: FILE:LINE: message [code]`, or
/// `warning: FILE: message [code]` when it has no line.
pub fn line(file: &str, d: &Diagnostic) -> String {
    // A file name may hold control characters; they are shown escaped, as in every message.
    let mut s = format!("{}: {}", d.severity.as_str(), crate::messages::escape(file));
    if let Some(n) = d.line {
        let _ = write!(s, ":{n}");
    }
    // A message is one line; a stray line break in it must not start a line of its own.
    let message: String = d
        .message
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let _ = write!(s, ": {message} [{}]", d.code);
    s
}

/// The lines `opts` asks to print for the diagnostics of `file`, each ending in a newline:
/// warnings, and info diagnostics too with `-v`; nothing with `-q`.
pub fn lines(file: &str, diagnostics: &[Diagnostic], opts: &WarningArgs) -> String {
    let mut out = String::new();
    if opts.quiet {
        return out;
    }
    for d in diagnostics {
        if is_warning(d) || opts.verbose {
            out.push_str(&line(file, d));
            out.push('\n');
        }
    }
    out
}

/// Prints [`lines`] on stderr, in one write so that they stay together.
pub fn print(file: &str, diagnostics: &[Diagnostic], opts: &WarningArgs) {
    let text = lines(file, diagnostics, opts);
    if !text.is_empty() {
        // If stderr itself is gone there is nobody left to tell.
        let _ = io::stderr().lock().write_all(text.as_bytes());
    }
}

/// With `--strict`, why a report with these diagnostics fails (how many warnings, which
/// codes); `None` when it has no warnings or without `--strict`.
pub fn strict_failure(diagnostics: &[Diagnostic], opts: &WarningArgs) -> Option<String> {
    if !opts.strict {
        return None;
    }
    let warnings: Vec<&Diagnostic> = diagnostics.iter().filter(|d| is_warning(d)).collect();
    if warnings.is_empty() {
        return None;
    }
    let mut codes: Vec<&str> = Vec::new();
    for d in &warnings {
        if !codes.contains(&d.code.as_ref()) {
            codes.push(&d.code);
        }
    }
    let n = warnings.len();
    Some(format!(
        "{n} {} ({}) and --strict: nothing written",
        if n == 1 { "warning" } else { "warnings" },
        codes.join(", ")
    ))
}

/// How many diagnostics of one code were found, and how serious they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeCount {
    /// The code's severity (the most serious, should one code come with several).
    pub severity: Severity,
    /// How many diagnostics have the code.
    pub count: usize,
}

/// Diagnostics counted by code, in code order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tally(BTreeMap<Cow<'static, str>, CodeCount>);

impl Tally {
    /// Counts `d`.
    pub fn add(&mut self, d: &Diagnostic) {
        // The parser's codes are borrowed: counting copies no string.
        let c = self.0.entry(d.code.clone()).or_insert(CodeCount {
            severity: d.severity,
            count: 0,
        });
        c.count += 1;
        // Error < Warning < Info: the smaller is the more serious.
        c.severity = c.severity.min(d.severity);
    }

    /// How many warnings (and errors) were counted.
    pub fn warnings(&self) -> usize {
        self.0
            .values()
            .filter(|c| c.severity != Severity::Info)
            .map(|c| c.count)
            .sum()
    }

    /// Each code with its count and severity, in code order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &CodeCount)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(severity: Severity, code: &'static str, line: Option<u32>) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.into(),
            message: format!("about {code}"),
            line,
            boxes: Default::default(),
            cells: Default::default(),
        }
    }

    fn opts(quiet: bool, verbose: bool, strict: bool) -> WarningArgs {
        WarningArgs {
            quiet,
            verbose,
            strict,
        }
    }

    #[test]
    fn ok_line_format() {
        let d = diag(Severity::Warning, "truncated-report", Some(11));
        assert_eq!(
            line("a/r.txt", &d),
            "warning: a/r.txt:11: about truncated-report [truncated-report]"
        );
        let d = diag(Severity::Info, "page-footer", None);
        assert_eq!(
            line("<stdin>", &d),
            "info: <stdin>: about page-footer [page-footer]"
        );
        let mut d = diag(Severity::Warning, "x", Some(1));
        d.message = "two\nlines".into();
        assert_eq!(line("r", &d), "warning: r:1: two lines [x]");
    }

    #[test]
    fn ok_info_only_when_verbose_nothing_when_quiet() {
        let ds = [
            diag(Severity::Warning, "w", Some(2)),
            diag(Severity::Info, "i", Some(3)),
        ];
        let normal = lines("r", &ds, &opts(false, false, false));
        assert_eq!(normal, "warning: r:2: about w [w]\n");
        let verbose = lines("r", &ds, &opts(false, true, false));
        assert_eq!(
            verbose,
            "warning: r:2: about w [w]\ninfo: r:3: about i [i]\n"
        );
        assert_eq!(lines("r", &ds, &opts(true, false, true)), "");
    }

    #[test]
    fn ok_strict_fails_on_warnings_only() {
        let info = [diag(Severity::Info, "i", None)];
        assert_eq!(strict_failure(&info, &opts(false, false, true)), None);
        let ds = [
            diag(Severity::Warning, "b", Some(1)),
            diag(Severity::Info, "i", None),
            diag(Severity::Warning, "a", Some(5)),
            diag(Severity::Warning, "b", Some(9)),
        ];
        assert_eq!(strict_failure(&ds, &opts(false, false, false)), None);
        assert_eq!(
            strict_failure(&ds, &opts(true, false, true)).as_deref(),
            Some("3 warnings (b, a) and --strict: nothing written")
        );
    }

    #[test]
    fn ok_tally_by_code_with_severity() {
        let mut t = Tally::default();
        for d in [
            diag(Severity::Info, "i", None),
            diag(Severity::Warning, "w", None),
            diag(Severity::Info, "i", None),
            diag(Severity::Warning, "w", None),
            diag(Severity::Warning, "w", None),
        ] {
            t.add(&d);
        }
        assert_eq!(t.warnings(), 3);
        assert_eq!(
            serde_json::to_value(&t).expect("json"),
            serde_json::json!({
                "i": {"severity": "info", "count": 2},
                "w": {"severity": "warning", "count": 3},
            })
        );
    }
}
