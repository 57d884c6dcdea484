//! Pages → rows of cells, from the ruling lines drawn on them.
//!
//! Per page: the x of every vertical line and the y of every horizontal line cut the page
//! into elementary boxes; two neighbouring boxes whose shared edge is not drawn belong to
//! one cell. Merged cells and 方眼紙 sheets (every cell a merge over narrow columns) come out
//! of this without any model of the table's columns. A row starts at the top edge of a
//! cell; a cell merged down over the rows below leaves an empty cell in each of them.
//!
//! Across pages: running headers and footers (text outside the table at the top or bottom
//! of a page, repeated on other pages or shaped like a page number, a date, a URL or a file
//! name) are dropped, so are table header rows repeated at the top of later pages, and a
//! cell at the top of a page that goes on from the bottom cell of the page before (same
//! x-range, the border between them not drawn) is joined to it.

use std::collections::HashMap;

use crate::pdf::{Glyph, Page};
use crate::text::{self, Line};
use crate::{Cell, Origin};

/// Lines closer than this (points) are one line.
const SNAP: f64 = 2.0;

/// The most elementary boxes a page is cut into: a 方眼紙 sheet of 200 columns and 500 rows.
const MAX_BOXES: usize = 100_000;

/// A cell on one page.
#[derive(Debug, Clone)]
pub(crate) struct PCell {
    paras: Vec<String>,
    rect: [f64; 4],
    open_top: bool,
    open_bottom: bool,
    /// Spanned by a cell that started in a row above: written as an empty cell.
    spanned: bool,
    region: usize,
}

/// A row on one page.
#[derive(Debug, Clone)]
pub(crate) struct PRow {
    cells: Vec<PCell>,
    top: f64,
    /// Inside the ruled table, or free text around it.
    table: bool,
}

/// Values within `SNAP` of each other, as the mean of each group.
fn snap(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= SNAP => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// Segments along one axis: (position across, start, end along).
struct Segs(Vec<(f64, f64, f64)>);

impl Segs {
    /// Sorted by position, so that the segments near one are found by binary search.
    fn new(mut v: Vec<(f64, f64, f64)>) -> Segs {
        v.sort_by(|x, y| x.0.total_cmp(&y.0));
        Segs(v)
    }

    /// The share of `[a, b]` at `pos` covered by drawn segments.
    fn coverage(&self, pos: f64, a: f64, b: f64) -> f64 {
        let from = self.0.partition_point(|s| s.0 < pos - SNAP);
        let to = self.0.partition_point(|s| s.0 <= pos + SNAP);
        let mut parts: Vec<(f64, f64)> = self.0[from..to]
            .iter()
            .filter(|(_, s, e)| *e > a && *s < b)
            .map(|(_, s, e)| (s.max(a), e.min(b)))
            .collect();
        parts.sort_by(|x, y| x.0.total_cmp(&y.0));
        let (mut covered, mut end) = (0.0, a);
        for (s, e) in parts {
            if e > end {
                covered += e - s.max(end);
                end = e;
            }
        }
        if b > a {
            covered / (b - a)
        } else {
            1.0
        }
    }

    fn drawn(&self, pos: f64, a: f64, b: f64) -> bool {
        self.coverage(pos, a, b) >= 0.6
    }
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Index of the interval of `cuts` that holds `v`.
fn interval(cuts: &[f64], v: f64) -> Option<usize> {
    if cuts.len() < 2 || v < cuts[0] || v >= cuts[cuts.len() - 1] {
        return None;
    }
    Some(cuts.partition_point(|c| *c <= v) - 1)
}

/// The rows of one page, top to bottom.
pub(crate) fn page_rows(page: &Page) -> Vec<PRow> {
    let mut hs = Vec::new();
    let mut vs = Vec::new();
    for r in &page.rules {
        let [x0, y0, x1, y1] = r.rect;
        if r.horizontal() {
            hs.push(((y0 + y1) / 2.0, x0, x1));
        } else {
            vs.push(((x0 + x1) / 2.0, y0, y1));
        }
    }
    // The cuts: every ruling line, and the ends of the lines across it, so that a row whose
    // closing border is not drawn (split by a page break) is still a row of the table.
    let xs = snap(vs.iter().map(|v| v.0).collect());
    let mut ycuts: Vec<f64> = hs.iter().map(|h| h.0).collect();
    if !hs.is_empty() {
        ycuts.extend(vs.iter().flat_map(|v| [v.1, v.2]));
    }
    let ys = snap(ycuts);
    let (hs, vs) = (Segs::new(hs), Segs::new(vs));
    let mut rows = Vec::new();
    let mut free: Vec<&Glyph> = Vec::new();
    // A page ruled finer than any table (a hatched drawing, a hostile file) is read as
    // free text rather than cut into millions of boxes.
    let boxes = xs.len().saturating_mul(ys.len());
    if xs.len() >= 2 && ys.len() >= 2 && boxes <= MAX_BOXES {
        let (nc, nr) = (xs.len() - 1, ys.len() - 1);
        let mut parent: Vec<usize> = (0..nc * nr).collect();
        for j in 0..nr {
            for i in 0..nc {
                let e = j * nc + i;
                if i + 1 < nc && !vs.drawn(xs[i + 1], ys[j], ys[j + 1]) {
                    let (a, b) = (find(&mut parent, e), find(&mut parent, e + 1));
                    parent[a] = b;
                }
                if j + 1 < nr && !hs.drawn(ys[j + 1], xs[i], xs[i + 1]) {
                    let (a, b) = (find(&mut parent, e), find(&mut parent, e + nc));
                    parent[a] = b;
                }
            }
        }
        // Regions: (left, top, right, bottom) in cut indices.
        let mut regions: HashMap<usize, [usize; 4]> = HashMap::new();
        for j in 0..nr {
            for i in 0..nc {
                let root = find(&mut parent, j * nc + i);
                let r = regions.entry(root).or_insert([i, j, i + 1, j + 1]);
                *r = [r[0].min(i), r[1].min(j), r[2].max(i + 1), r[3].max(j + 1)];
            }
        }
        let mut glyphs_of: HashMap<usize, Vec<&Glyph>> = HashMap::new();
        for g in &page.glyphs {
            match (interval(&xs, g.cx()), interval(&ys, g.cy())) {
                (Some(i), Some(j)) => {
                    let root = find(&mut parent, j * nc + i);
                    glyphs_of.entry(root).or_default().push(g);
                }
                _ => free.push(g),
            }
        }
        let mut cells: Vec<(usize, [usize; 4], PCell)> = regions
            .iter()
            .map(|(&root, &[l, t, r, b])| {
                let rect = [xs[l], ys[t], xs[r], ys[b]];
                let gs = glyphs_of.remove(&root).unwrap_or_default();
                let lines: Vec<Line> = text::lines(&gs);
                let paras = text::paragraphs(&lines, rect[0], rect[2]);
                let cell = PCell {
                    paras,
                    rect,
                    open_top: !hs.drawn(rect[1], rect[0], rect[2]),
                    open_bottom: !hs.drawn(rect[3], rect[0], rect[2]),
                    spanned: false,
                    region: root,
                };
                (root, [l, t, r, b], cell)
            })
            .collect();
        cells.sort_by_key(|(_, [l, t, ..], _)| (*t, *l));
        let mut tops: Vec<usize> = cells.iter().map(|(_, [_, t, ..], _)| *t).collect();
        tops.dedup();
        for t in tops {
            let mut row: Vec<(usize, PCell)> = cells
                .iter()
                .filter(|(_, [_, top, _, bottom], _)| *top <= t && t < *bottom)
                .map(|(_, [l, top, ..], c)| {
                    // A cell merged down from a row above is an empty cell here: its text
                    // stays with the row it starts in.
                    let c = if *top < t {
                        PCell {
                            paras: Vec::new(),
                            spanned: true,
                            ..*c
                        }
                    } else {
                        c.clone()
                    };
                    (*l, c)
                })
                .collect();
            row.sort_by_key(|(l, _)| *l);
            let cells: Vec<PCell> = row.into_iter().map(|(_, c)| c).collect();
            if cells.iter().all(|c| c.spanned || c.paras.is_empty()) {
                continue;
            }
            rows.push(PRow {
                cells,
                top: ys[t],
                table: true,
            });
        }
    } else {
        free = page.glyphs.iter().collect();
    }
    for l in text::lines(&free) {
        rows.push(PRow {
            top: l.rect[1],
            cells: vec![PCell {
                paras: vec![l.text.clone()],
                rect: l.rect,
                open_top: false,
                open_bottom: false,
                spanned: false,
                region: usize::MAX,
            }],
            table: false,
        });
    }
    rows.sort_by(|a, b| a.top.total_cmp(&b.top));
    rows
}

/// Whether free text at the edge of a page looks like a running header or footer: a page
/// number, a date or time, a URL or a file name.
fn looks_running(text: &str) -> bool {
    let t = text.trim();
    let digits_only = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let stripped = t.trim_matches(|c: char| matches!(c, '-' | '–' | '—' | ' ' | 'ー'));
    if digits_only(stripped) {
        return true;
    }
    if let Some((a, b)) = stripped.split_once('/') {
        if digits_only(a.trim()) && digits_only(b.trim()) {
            return true;
        }
    }
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("page ")
        || stripped.ends_with("ページ") && digits_only(stripped.trim_end_matches("ページ").trim())
    {
        return true;
    }
    if lower.contains("://") || lower.starts_with("file:") {
        return true;
    }
    let exts = [
        ".html", ".htm", ".pdf", ".xlsx", ".xls", ".ods", ".doc", ".docx",
    ];
    if exts.iter().any(|e| lower.contains(e)) {
        return true;
    }
    // A numeric date (12/1/26, 2026-12-01, 2026.12.1) or a clock time.
    let b = t.as_bytes();
    let date = (0..b.len()).any(|i| {
        let num = |s: usize| b[s..].iter().take_while(|c| c.is_ascii_digit()).count();
        let n1 = num(i);
        if n1 == 0 || (i > 0 && b[i - 1].is_ascii_digit()) {
            return false;
        }
        let s1 = i + n1;
        if s1 >= b.len() || !matches!(b[s1], b'/' | b'-' | b'.' | b':') {
            return false;
        }
        let n2 = num(s1 + 1);
        if n2 == 0 {
            return false;
        }
        let s2 = s1 + 1 + n2;
        b[s1] == b':' && n2 == 2 || (s2 < b.len() && b[s2] == b[s1] && num(s2 + 1) > 0)
    });
    date
}

/// The digits of a text replaced, so that `1/3` and `2/3` are the same running line.
fn shape(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn row_texts(r: &PRow) -> Vec<String> {
    r.cells
        .iter()
        .map(|c| {
            if c.spanned {
                String::new()
            } else {
                c.paras.join("\n")
            }
        })
        .collect()
}

/// A cell's box in PDF user space (y up) on 1-based `page`.
fn origin(page: usize, height: f64, rect: [f64; 4]) -> Origin {
    let r = |v: f64| (v * 100.0).round() / 100.0;
    Origin::Box {
        page,
        bbox: [
            r(rect[0]),
            r(height - rect[3]),
            r(rect[2]),
            r(height - rect[1]),
        ],
    }
}

/// The rows of cells of a whole document.
pub fn rows(pages: &[Page]) -> Vec<Vec<Cell>> {
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();
    rows_of_pages(pages.iter().map(page_rows).collect(), &heights)
}

/// The rows of cells of a whole document from the rows of each page ([`page_rows`]) and the
/// height of each page.
pub(crate) fn rows_of_pages(mut per_page: Vec<Vec<PRow>>, heights: &[f64]) -> Vec<Vec<Cell>> {
    // Free lines at the top or bottom of each page, outside the table.
    let margins = |rows: &[PRow]| -> Vec<usize> {
        let first = rows.iter().position(|r| r.table);
        let last = rows.iter().rposition(|r| r.table);
        (0..rows.len())
            .filter(|&i| !rows[i].table)
            .filter(|&i| match (first, last) {
                (Some(f), Some(l)) => i < f || i > l,
                _ => true,
            })
            .collect()
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for rows in &per_page {
        let mut on_page: Vec<String> = margins(rows)
            .into_iter()
            .map(|i| shape(&rows[i].cells[0].paras.join(" ")))
            .collect();
        on_page.sort();
        on_page.dedup();
        for s in on_page {
            *seen.entry(s).or_default() += 1;
        }
    }
    let header: Vec<Vec<String>> = per_page
        .iter()
        .find(|rows| rows.iter().any(|r| r.table))
        .map(|rows| {
            rows.iter()
                .filter(|r| r.table)
                .take(3)
                .map(row_texts)
                .collect()
        })
        .unwrap_or_default();

    let mut out: Vec<Vec<Cell>> = Vec::new();
    // Where the cells of the previous page's last table row went: (rect, open bottom, row, col).
    let mut bottom: Vec<([f64; 4], bool, usize, usize)> = Vec::new();
    let mut first_table_page = true;
    let many_pages = per_page.len() > 1;
    for (p, rows) in per_page.iter_mut().enumerate() {
        let page_no = p + 1;
        let height = heights[p];
        let drop: Vec<usize> = margins(rows)
            .into_iter()
            .filter(|&i| {
                let t = rows[i].cells[0].paras.join(" ");
                looks_running(&t) || (many_pages && seen.get(&shape(&t)).copied().unwrap_or(0) > 1)
            })
            .collect();
        let mut table_rows_seen = 0;
        let mut header_left = !first_table_page;
        let mut where_now: HashMap<usize, (usize, usize)> = HashMap::new();
        // Only the first table row of a page (after repeated header rows) can go on from the
        // page before.
        let mut first_row = true;
        for (i, row) in rows.iter_mut().enumerate() {
            if drop.contains(&i) {
                continue;
            }
            if row.table {
                if header_left {
                    if let Some(h) = header.get(table_rows_seen) {
                        if *h == row_texts(row) {
                            table_rows_seen += 1;
                            continue;
                        }
                    }
                    header_left = false;
                }
                table_rows_seen += 1;
            }
            let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
            // Each cell's text moves into the grid (nothing reads it from the page again).
            for c in &mut row.cells {
                if c.spanned {
                    cells.push(Cell::default());
                    continue;
                }
                // The first table row of a page may go on from the page before.
                if row.table && first_row {
                    let cont = bottom.iter().find(|(r, open, _, _)| {
                        (c.open_top || *open)
                            && (r[0] - c.rect[0]).abs() <= 3.0
                            && (r[2] - c.rect[2]).abs() <= 3.0
                    });
                    if let (Some(&(_, _, ri, ci)), false) = (cont, c.paras.is_empty()) {
                        let target = &mut out[ri][ci];
                        append(&mut target.paragraphs, &c.paras);
                        target.origins.push(origin(page_no, height, c.rect));
                        cells.push(Cell::default());
                        continue;
                    }
                }
                cells.push(Cell {
                    origins: if c.paras.is_empty() {
                        Vec::new()
                    } else {
                        vec![origin(page_no, height, c.rect)]
                    },
                    paragraphs: std::mem::take(&mut c.paras),
                });
            }
            if row.table {
                first_row = false;
            }
            if cells.iter().all(|c| c.paragraphs.is_empty()) {
                continue;
            }
            let ri = out.len();
            if row.table {
                for (ci, c) in row.cells.iter().enumerate() {
                    if !c.spanned {
                        where_now.insert(c.region, (ri, ci));
                    }
                }
            }
            out.push(cells);
        }
        if rows.iter().any(|r| r.table) {
            first_table_page = false;
            // Cells that reach the bottom of this page's table.
            let table_bottom = rows
                .iter()
                .filter(|r| r.table)
                .flat_map(|r| r.cells.iter().map(|c| c.rect[3]))
                .fold(f64::NEG_INFINITY, f64::max);
            bottom = rows
                .iter()
                .filter(|r| r.table)
                .flat_map(|r| r.cells.iter())
                .filter(|c| !c.spanned && (c.rect[3] - table_bottom).abs() <= SNAP)
                .filter_map(|c| {
                    where_now
                        .get(&c.region)
                        .map(|&(ri, ci)| (c.rect, c.open_bottom, ri, ci))
                })
                .collect();
        }
    }
    out
}

/// Appends a cell's continuation: its first paragraph goes on the last one unless it starts
/// a paragraph of its own.
fn append(paras: &mut Vec<String>, more: &[String]) {
    let mut more = more.iter();
    if let (Some(last), Some(first)) = (paras.last_mut(), more.clone().next()) {
        if !text::starts_paragraph(first) {
            last.push_str(first);
            more.next();
        }
    }
    paras.extend(more.cloned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Rule;

    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                text: c.to_string(),
                rect: [
                    x + 10.0 * i as f64,
                    y - 9.0,
                    x + 10.0 * (i + 1) as f64,
                    y + 1.0,
                ],
                size: 10.0,
                baseline: y,
            })
            .collect()
    }

    fn box_rules(x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<Rule> {
        vec![
            Rule {
                rect: [x0, y0 - 0.4, x1, y0 + 0.4],
            },
            Rule {
                rect: [x0, y1 - 0.4, x1, y1 + 0.4],
            },
            Rule {
                rect: [x0 - 0.4, y0, x0 + 0.4, y1],
            },
            Rule {
                rect: [x1 - 0.4, y0, x1 + 0.4, y1],
            },
        ]
    }

    fn texts(rows: &[Vec<Cell>]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.paragraphs.join("|")).collect())
            .collect()
    }

    #[test]
    fn ok_merged_cell_spans_two_columns_and_leaves_a_gap_below() {
        // ┌──────────┬────┐
        // │ 題名(2行)│ A  │
        // │          ├────┤
        // │          │ B  │
        // ├────┬─────┼────┤
        // │ C  │ D   │ E  │
        // └────┴─────┴────┘
        let mut rules = box_rules(0.0, 0.0, 300.0, 90.0);
        rules.push(Rule {
            rect: [200.0 - 0.4, 0.0, 200.0 + 0.4, 90.0],
        });
        rules.push(Rule {
            rect: [200.0, 30.0 - 0.4, 300.0, 30.0 + 0.4],
        });
        rules.push(Rule {
            rect: [0.0, 60.0 - 0.4, 300.0, 60.0 + 0.4],
        });
        rules.push(Rule {
            rect: [100.0 - 0.4, 60.0, 100.0 + 0.4, 90.0],
        });
        let mut gs = glyphs("題名", 5.0, 15.0);
        gs.extend(glyphs("A", 205.0, 15.0));
        gs.extend(glyphs("B", 205.0, 45.0));
        gs.extend(glyphs("C", 5.0, 75.0));
        gs.extend(glyphs("D", 105.0, 75.0));
        gs.extend(glyphs("E", 205.0, 75.0));
        let page = Page {
            width: 400.0,
            height: 400.0,
            glyphs: gs,
            rules,
            images: 0,
        };
        let rows = rows(&[page]);
        assert_eq!(
            texts(&rows),
            vec![vec!["題名", "A"], vec!["", "B"], vec!["C", "D", "E"]]
        );
        assert_eq!(
            rows[0][0].origins,
            vec![Origin::Box {
                page: 1,
                bbox: [0.0, 340.0, 200.0, 400.0]
            }]
        );
    }

    #[test]
    fn ok_running_footer_and_repeated_header_row_are_dropped() {
        let page = |body: &str, n: u32| {
            let mut rules = box_rules(0.0, 50.0, 200.0, 110.0);
            rules.push(Rule {
                rect: [0.0, 80.0 - 0.4, 200.0, 80.0 + 0.4],
            });
            let mut gs = glyphs("見出し", 5.0, 65.0);
            gs.extend(glyphs(body, 5.0, 95.0));
            gs.extend(glyphs(&format!("{n}/2"), 90.0, 380.0));
            Page {
                width: 300.0,
                height: 400.0,
                glyphs: gs,
                rules,
                images: 0,
            }
        };
        let rows = rows(&[page("本文一", 1), page("本文二", 2)]);
        assert_eq!(
            texts(&rows),
            vec![vec!["見出し"], vec!["本文一"], vec!["本文二"]]
        );
    }

    #[test]
    fn ok_cell_open_at_a_page_break_goes_on_over_the_next_page() {
        // Page 1: the cell's bottom border is not drawn; page 2: nor is its top.
        let open = |top: bool| {
            let (y0, y1) = (50.0, 350.0);
            let mut rules = vec![
                Rule {
                    rect: [-0.4, y0, 0.4, y1],
                },
                Rule {
                    rect: [199.6, y0, 200.4, y1],
                },
            ];
            let edge = if top { y1 } else { y0 };
            rules.push(Rule {
                rect: [0.0, edge - 0.4, 200.0, edge + 0.4],
            });
            rules
        };
        let mut g1 = glyphs("前半の文章が", 5.0, 340.0);
        g1.extend(glyphs("表題", 5.0, 20.0));
        let p1 = Page {
            width: 300.0,
            height: 400.0,
            glyphs: g1,
            rules: open(false),
            images: 0,
        };
        let p2 = Page {
            width: 300.0,
            height: 400.0,
            glyphs: glyphs("続きます。", 5.0, 65.0),
            rules: open(true),
            images: 0,
        };
        let rows = rows(&[p1, p2]);
        assert_eq!(
            texts(&rows),
            vec![vec!["表題"], vec!["前半の文章が続きます。"]]
        );
        assert_eq!(rows[1][0].origins.len(), 2);
    }

    #[test]
    fn ok_a_page_ruled_too_finely_is_free_text() {
        let mut rules = Vec::new();
        for i in 0..400 {
            let v = f64::from(i) * 3.0;
            rules.push(Rule {
                rect: [v, 0.0, v + 0.2, 1200.0],
            });
            rules.push(Rule {
                rect: [0.0, v, 1200.0, v + 0.2],
            });
        }
        let page = Page {
            width: 1200.0,
            height: 1200.0,
            glyphs: glyphs("本文", 5.0, 600.0),
            rules,
            images: 0,
        };
        assert_eq!(texts(&rows(&[page])), vec![vec!["本文"]]);
    }

    #[test]
    fn ok_running_text_shapes() {
        for t in [
            "1/3",
            "- 2 -",
            "12/1/26, 11:49 PM",
            "file:///tmp/a.html",
            "3 ページ",
            "Page 4",
        ] {
            assert!(looks_running(t), "{t}");
        }
        for t in [
            "令和4年度 部局経営目標（達成状況）",
            "①60人 ②40団体",
            "35%",
            "1-①",
        ] {
            assert!(!looks_running(t), "{t}");
        }
    }
}
