//! Pass 2 and 3: normalized lines and cells → blocks (header, missions, sections, indicator
//! lists, value rows) → fields.
//!
//! The walk over lines is a small state machine: the first 部局経営目標 line is the title;
//! header label/value rows fill the header; a mission heading switches to mission items; a
//! goals heading (or the first section id) switches to goal sections, whose indicator lists
//! wait in a queue for their value rows, because a report may defer the value rows of two
//! blocks until after both.

mod header;
mod missions;
mod sections;
mod values;

#[cfg(test)]
mod tests;

pub(crate) use sections::mark_truncated;

use crate::ledger::{Claims, Span};
use crate::model::{Diagnostic, HeaderLines, Kind, Report, Severity, Source, SCHEMA_VERSION};
use crate::normalize::{Line, Normalized};
use regex::Regex;
use std::collections::VecDeque;
use std::sync::LazyLock;

/// Everything the structure passes extract, before it is assembled into a report.
#[derive(Debug)]
pub struct Extracted {
    /// The document so far: every field but `source` and `kind`.
    pub doc: Report,
    /// The edition, when the title says.
    pub kind: Option<Kind>,
    /// Whether any value row held actuals (実績値).
    pub saw_actuals: bool,
}

/// Where in the document the walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    BeforeTitle,
    Header,
    Missions,
    Sections,
    /// After a second copy of the title: the rest is another report, left unparsed.
    Done,
}

/// A mission heading: `(1)部局の役割・使命(ミッション)・経営方針`, `部局の方向性(テーマ)` …
static MISSION_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:\(\s*[1一]\s*\)|[1一][.、]?|①)\s*)?",
        r"(?:部局の役割|部局の使命|部局の方向性|部局の経営方針|部局の運営方針|役割・使命)"
    ))
    .unwrap()
});

/// A goals heading: `(2) 事業成果目標`, `指標名及び目標値`.
static GOALS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?:\(\s*[2二]\s*\)|[2二][.、]?|②)\s*)?",
        r"(?:事業成果目標|成果目標|指標名及び目標値|重点取組|重点目標)"
    ))
    .unwrap()
});

/// The first line of a saved page's footer: contact details, a survey, reader software
/// notes, a back-to-top link, a copyright line.
static PAGE_FOOTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:このページ(?:に関する)?(?:の)?(?:お?問い?合わ?せ|情報は役に立ち|の内容は|の先頭)",
        r"|お?問い?合わ?せ(?:先|は|$)|問合せ先|アンケート",
        r"|Adobe|PDF(?:形式の)?ファイルを(?:ご覧|閲覧)|ページ(?:の)?(?:先頭|トップ)へ",
        r"|Copyright|\(C\)|©)"
    ))
    .unwrap()
});

/// The walk's state.
pub(crate) struct Builder<'a> {
    pub(crate) c: Claims<'a>,
    norm: &'a Normalized,
    pub(crate) out: Extracted,
    /// Groups still waiting for their value row, oldest first.
    pending: VecDeque<usize>,
    /// Sections seen since the last indicator list.
    ungrouped: Vec<usize>,
    /// Column order of the last value header row.
    columns: Vec<values::Column>,
    /// First line of every section id seen, so repeats are found without a scan.
    section_lines: std::collections::HashMap<String, u32>,
    /// The line of the title, chosen before the walk.
    title_line: Option<u32>,
    /// Whether the last segment stops mid-sentence (the file was cut off there).
    pub(crate) cut_last: bool,
    /// Whether the report's lines are tab-separated cells (text extracted from a table), so
    /// a value row that starts with a non-empty cell lost its leading empty one.
    pub(crate) tabbed: bool,
    /// How the current mission item started, which decides how the next line is read.
    pub(crate) mission_start: missions::Start,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(norm: &'a Normalized) -> Self {
        Builder {
            c: Claims::new(norm),
            norm,
            out: Extracted {
                doc: Report {
                    schema_version: SCHEMA_VERSION.to_string(),
                    source: Source {
                        format: "text".into(),
                        pages: None,
                        sheets: None,
                        file: String::new(),
                        sha256: String::new(),
                        bytes: 0,
                        encoding: String::new(),
                        lines: norm.lines.len(),
                    },
                    title: None,
                    kind: Kind::Plan,
                    fiscal_year: None,
                    created_on: None,
                    department: None,
                    head: None,
                    municipality: None,
                    header_lines: HeaderLines::default(),
                    header_spans: Default::default(),
                    missions: Vec::new(),
                    sections: Vec::new(),
                    indicator_groups: Vec::new(),
                    diagnostics: Vec::new(),
                    unparsed: Vec::new(),
                },
                kind: None,
                saw_actuals: false,
            },
            pending: VecDeque::new(),
            ungrouped: Vec::new(),
            columns: values::DEFAULT_COLUMNS.to_vec(),
            section_lines: std::collections::HashMap::new(),
            title_line: None,
            cut_last: false,
            tabbed: norm.lines.iter().any(|l| l.cells.len() > 1),
            mission_start: missions::Start::Plain,
        }
    }

    /// Marks the last segment as cut off mid-sentence.
    pub(crate) fn cut_last(mut self, cut: bool) -> Self {
        self.cut_last = cut;
        self
    }

    pub(crate) fn diag(
        &mut self,
        severity: Severity,
        code: &'static str,
        message: String,
        line: u32,
    ) {
        crate::compact::push(
            &mut self.out.doc.diagnostics,
            Diagnostic {
                boxes: Default::default(),
                cells: Default::default(),
                severity,
                code: code.into(),
                message: crate::compact::exact(message),
                line: Some(line),
            },
        );
    }

    /// The spans of every segment of a cell.
    fn cell_spans(&self, cell: &std::ops::Range<usize>) -> Vec<Span> {
        cell.clone().map(|s| self.c.whole(s)).collect()
    }

    /// Runs the walk over every line.
    pub(crate) fn run(mut self) -> (Extracted, Claims<'a>) {
        self.title_line = header::title_line(&self);
        let mut phase = Phase::BeforeTitle;
        for line in &self.norm.lines {
            if line.is_blank() {
                continue;
            }
            phase = self.line(line, phase);
        }
        if self.out.kind == Some(Kind::Achievement) || self.out.saw_actuals {
            for g in std::mem::take(&mut self.pending) {
                let group = &self.out.doc.indicator_groups[g];
                let line = group.lines.start;
                let ids = group.section_ids.join(", ");
                self.diag(
                    Severity::Warning,
                    "missing-value-row",
                    format!("no value row found for the indicators of {ids}"),
                    line,
                );
            }
        }
        (self.out, self.c)
    }

    fn line(&mut self, line: &Line, phase: Phase) -> Phase {
        let first_seg = line.cells.filled().next().map(|c| c.start);
        let first_text = first_seg.map_or("", |s| &*self.norm.segments[s].text);

        if phase == Phase::Done {
            return phase;
        }
        if phase != Phase::BeforeTitle
            && self.out.doc.title.as_deref() == Some(first_text)
            && header::is_title(first_text)
        {
            self.diag(
                Severity::Warning,
                "repeated-report",
                "the title appears again: the file holds another report, whose text is left \
                 in `unparsed`"
                    .into(),
                line.no,
            );
            return Phase::Done;
        }
        if matches!(phase, Phase::Missions | Phase::Sections)
            && PAGE_FOOTER.is_match(first_text)
            && first_text.chars().count() <= 60
        {
            self.diag(
                Severity::Info,
                "page-footer",
                "the page footer starts here; its text is left in `unparsed`".into(),
                line.no,
            );
            return Phase::Done;
        }
        let header_row = header::is_header_row(self, line);
        if phase == Phase::BeforeTitle {
            if Some(line.no) == self.title_line {
                header::title(self, first_seg.expect("non-blank line"));
                return Phase::Header;
            }
            // A report without a title line: a header row or section still starts it.
            if !header_row && !sections::starts_section_line(self, line) {
                return phase;
            }
        }
        if header_row {
            header::header_row(self, line);
            return if phase == Phase::BeforeTitle {
                Phase::Header
            } else {
                phase
            };
        }
        if MISSION_HEADING.is_match(first_text) && first_text.chars().count() <= 60 {
            self.c.claim(
                self.c.whole(first_seg.expect("non-blank")),
                crate::ledger::Claim::Label,
            );
            return Phase::Missions;
        }
        if sections::starts_section_line(self, line) {
            sections::section_line(self, line);
            return Phase::Sections;
        }
        if GOALS_HEADING.is_match(first_text) && first_text.chars().count() <= 60 {
            for cell in line.cells.filled() {
                for seg in cell {
                    if self.norm.segments[seg].text.chars().count() <= 60 {
                        self.c.claim(self.c.whole(seg), crate::ledger::Claim::Label);
                    }
                }
            }
            return Phase::Sections;
        }
        let phase = if phase == Phase::Header
            && self.out.doc.title.is_some()
            && missions::looks_like_item(first_text)
        {
            Phase::Missions
        } else {
            phase
        };
        match phase {
            Phase::Missions => {
                for seg in line.cells.filled().flatten() {
                    let span = self.c.whole(seg);
                    missions::segment(self, span);
                }
            }
            Phase::Sections => {
                if !sections::block_line(self, line) {
                    values::row(self, line);
                }
            }
            Phase::Header | Phase::BeforeTitle | Phase::Done => {}
        }
        phase
    }
}
