//! The ledger: which part of every normalized segment went where.
//!
//! Each pass claims the byte ranges it consumed: as a field of the output (named by its JSON
//! pointer), a structural label (目標値, 指標 …) or markup (bullets, brackets, separators).
//! Whatever no pass claimed becomes an `unparsed` entry, so nothing is dropped silently.

use crate::model::Unparsed;
use crate::normalize::Normalized;
use std::ops::Range;

/// What a claimed range of text became.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Claim {
    /// A field of the output document (`/sections/0/title` once written out).
    Field(Pointer),
    /// A structural label such as `目標値` or `指標:`.
    Label,
    /// Markup: bullets, brackets, separators, item numbers.
    Markup,
}

/// A field of the output document that a claim names, held as the kind of field and its
/// indices: its JSON pointer text (`/sections/3/title`, [`Display`](std::fmt::Display)) is
/// made only when asked for, so a claim takes no room of its own beyond the ledger's entry.
/// Indices are 32 bits: the parse refuses text of 4 GiB or more, which is the most that could
/// hold 2³² records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pointer {
    /// `/title`
    Title,
    /// `/department`
    Department,
    /// `/head`
    Head,
    /// `/fiscal_year/label`
    FiscalYear,
    /// `/created_on/label`
    CreatedOn,
    /// `/missions/{i}/no`
    MissionNo(u32),
    /// `/missions/{i}/title`
    MissionTitle(u32),
    /// `/missions/{i}/body`
    MissionBody(u32),
    /// `/missions/{i}/sdgs/{k}/goal`
    SdgGoal(u32, u32),
    /// `/missions/{i}/sdgs/{k}/label`
    SdgLabel(u32, u32),
    /// `/sections/{i}/id`
    SectionId(u32),
    /// `/sections/{i}/title`
    SectionTitle(u32),
    /// `/sections/{i}/body/{k}`
    SectionBody(u32, u32),
    /// `/indicator_groups/{g}/evaluation`
    Evaluation(u32),
    /// `/indicator_groups/{g}/next_year_issues`
    NextYearIssues(u32),
    /// `/indicator_groups/{g}/indicators/{k}/no`
    IndicatorNo(u32, u32),
    /// `/indicator_groups/{g}/indicators/{k}/name`
    IndicatorName(u32, u32),
    /// `/indicator_groups/{g}/indicators/{k}/target/text`
    Target(u32, u32),
    /// `/indicator_groups/{g}/indicators/{k}/actual/text`
    Actual(u32, u32),
    /// `/unparsed/{i}/text`
    Unparsed(u32),
}

impl std::fmt::Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Pointer::Title => f.write_str("/title"),
            Pointer::Department => f.write_str("/department"),
            Pointer::Head => f.write_str("/head"),
            Pointer::FiscalYear => f.write_str("/fiscal_year/label"),
            Pointer::CreatedOn => f.write_str("/created_on/label"),
            Pointer::MissionNo(i) => write!(f, "/missions/{i}/no"),
            Pointer::MissionTitle(i) => write!(f, "/missions/{i}/title"),
            Pointer::MissionBody(i) => write!(f, "/missions/{i}/body"),
            Pointer::SdgGoal(i, k) => write!(f, "/missions/{i}/sdgs/{k}/goal"),
            Pointer::SdgLabel(i, k) => write!(f, "/missions/{i}/sdgs/{k}/label"),
            Pointer::SectionId(i) => write!(f, "/sections/{i}/id"),
            Pointer::SectionTitle(i) => write!(f, "/sections/{i}/title"),
            Pointer::SectionBody(i, k) => write!(f, "/sections/{i}/body/{k}"),
            Pointer::Evaluation(g) => write!(f, "/indicator_groups/{g}/evaluation"),
            Pointer::NextYearIssues(g) => write!(f, "/indicator_groups/{g}/next_year_issues"),
            Pointer::IndicatorNo(g, k) => write!(f, "/indicator_groups/{g}/indicators/{k}/no"),
            Pointer::IndicatorName(g, k) => {
                write!(f, "/indicator_groups/{g}/indicators/{k}/name")
            }
            Pointer::Target(g, k) => {
                write!(f, "/indicator_groups/{g}/indicators/{k}/target/text")
            }
            Pointer::Actual(g, k) => {
                write!(f, "/indicator_groups/{g}/indicators/{k}/actual/text")
            }
            Pointer::Unparsed(i) => write!(f, "/unparsed/{i}/text"),
        }
    }
}

/// One segment of normalized text and the claims on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSegment {
    /// 1-based source line.
    pub line: u32,
    /// The normalized text.
    pub text: String,
    /// Claimed byte ranges of `text`, sorted by start.
    pub claims: Vec<(Range<usize>, Claim)>,
}

/// Every segment of a document with its claims.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    /// In document order.
    pub segments: Vec<LedgerSegment>,
}

/// The claims of each segment, in segment order, as [`Claims`] leaves them.
pub(crate) type SegmentClaims = Vec<Vec<(Range<usize>, Claim)>>;

impl Ledger {
    /// The ledger of `norm` with `claims` (as [`Claims::settle`] leaves them), split among
    /// its segments, the segments' text moved in rather than copied.
    pub(crate) fn from_claims(norm: Normalized, claims: Vec<Flat>) -> Ledger {
        let claims = split(claims, norm.segments.len());
        Ledger {
            segments: norm
                .segments
                .into_iter()
                .zip(claims)
                .map(|(s, claims)| LedgerSegment {
                    line: s.line,
                    text: s.text.into(),
                    claims,
                })
                .collect(),
        }
    }
}

/// `i` in 32 bits: every index and offset of a parse fits, since the parse refuses text of
/// [`MAX_TEXT_BYTES`] or more; past that it would stop at the largest value, not wrap.
pub(crate) fn ix(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The most bytes of text, decoded or normalized, that a parse takes: offsets and indices
/// are kept in 32 bits.
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// A claim as the passes keep it: the segment, the byte range in it and what it became, in
/// 24 bytes.
pub(crate) type Flat = (u32, Range<u32>, Claim);

/// A byte range inside one segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Index of the segment.
    pub seg: usize,
    /// Start byte.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
}

impl Span {
    /// Whether the span holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    /// The sub-span `[a, b)` relative to this span's start.
    pub fn sub(&self, a: usize, b: usize) -> Span {
        Span {
            seg: self.seg,
            start: self.start + a,
            end: self.start + b,
        }
    }

    /// The rest of the span from relative offset `a`.
    pub fn from(&self, a: usize) -> Span {
        self.sub(a, self.end - self.start)
    }
}

/// The claims of [`Claims::settle`] split among `segments` segments, each segment's in a
/// vector of the right size (empty for a segment with none).
pub(crate) fn split(flat: Vec<Flat>, segments: usize) -> SegmentClaims {
    let mut counts = vec![0; segments];
    for (seg, ..) in &flat {
        counts[*seg as usize] += 1;
    }
    let mut out: SegmentClaims = counts.into_iter().map(Vec::with_capacity).collect();
    for (seg, r, claim) in flat {
        out[seg as usize].push((r.start as usize..r.end as usize, claim));
    }
    out
}

/// Collects claims while the passes run.
#[derive(Debug)]
pub struct Claims<'a> {
    norm: &'a Normalized,
    /// Every claim with its segment, in the order made: one vector for all segments grows far
    /// less often than one per segment.
    claims: Vec<Flat>,
}

impl<'a> Claims<'a> {
    /// An empty ledger over `norm`.
    pub fn new(norm: &'a Normalized) -> Self {
        Claims {
            norm,
            // Reports make three or four claims a segment.
            claims: Vec::with_capacity(norm.segments.len() * 4),
        }
    }

    /// The text of a span.
    pub fn text(&self, s: Span) -> &'a str {
        &self.norm.segments[s.seg].text[s.start..s.end]
    }

    /// The texts of `spans`, joined by one space.
    pub(crate) fn joined(&self, spans: &[Span]) -> String {
        let len = spans
            .iter()
            .map(|s| s.end.saturating_sub(s.start) + 1)
            .sum::<usize>();
        let mut out = String::with_capacity(len.saturating_sub(1));
        for (k, &s) in spans.iter().enumerate() {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(self.text(s));
        }
        out
    }

    /// The source line of a span.
    pub fn line(&self, s: Span) -> u32 {
        self.norm.segments[s.seg].line
    }

    /// The whole of segment `seg` as a span.
    pub fn whole(&self, seg: usize) -> Span {
        Span {
            seg,
            start: 0,
            end: self.norm.segments[seg].text.len(),
        }
    }

    /// `s` without leading and trailing whitespace.
    pub fn trim(&self, s: Span) -> Span {
        let t = self.text(s);
        let start = t.len() - t.trim_start().len();
        let end = t.trim_end().len().max(start);
        s.sub(start, end)
    }

    /// Records that `s` (trimmed) became `claim`; empty spans are ignored.
    pub fn claim(&mut self, s: Span, claim: Claim) {
        let s = self.trim(s);
        if !s.is_empty() {
            self.claims.push((ix(s.seg), ix(s.start)..ix(s.end), claim));
        }
    }

    /// Records a field claim.
    pub fn field(&mut self, s: Span, pointer: Pointer) {
        self.claim(s, Claim::Field(pointer));
    }

    /// Turns every unclaimed run of non-whitespace text into an `unparsed` entry (numbered from
    /// `unparsed.len()`) and returns the finished ledger.
    pub fn finish(self, unparsed: &mut Vec<Unparsed>) -> Ledger {
        let norm = self.norm;
        let claims = self.into_claims(unparsed);
        Ledger {
            segments: norm
                .segments
                .iter()
                .zip(claims)
                .map(|(s, claims)| LedgerSegment {
                    line: s.line,
                    text: s.text.to_string(),
                    claims,
                })
                .collect(),
        }
    }

    /// The claims of every segment, unclaimed runs added as `unparsed` entries.
    pub(crate) fn into_claims(self, unparsed: &mut Vec<Unparsed>) -> SegmentClaims {
        let segments = self.norm.segments.len();
        split(self.settle(unparsed), segments)
    }

    /// Every claim, unclaimed runs added as `unparsed` entries (numbered from
    /// `unparsed.len()`), in one vector sorted by segment, then start and end; claims of the
    /// same range by what they claim (fields first, in [`Pointer`]'s order, then labels, then
    /// markup). The claims are sorted where they lie: no second copy of them is made.
    pub(crate) fn settle(self, unparsed: &mut Vec<Unparsed>) -> Vec<Flat> {
        // Sorted in place: a stable sort takes a buffer of half the claims, and this is when
        // the parse holds the most. Claims on one range are ordered by what they claim, so
        // the order stays total.
        let order = |a: &Flat, b: &Flat| {
            (a.0, a.1.start, a.1.end, &a.2).cmp(&(b.0, b.1.start, b.1.end, &b.2))
        };
        let mut claims = self.claims;
        claims.sort_unstable_by(order);
        let mut runs = Vec::new();
        let mut gaps = Vec::new();
        let mut next = 0;
        for (seg, segment) in self.norm.segments.iter().enumerate() {
            let mut pos = 0;
            while let Some((_, r, _)) = claims.get(next).filter(|c| c.0 as usize == seg) {
                let (start, end) = (r.start as usize, r.end as usize);
                if start > pos {
                    gaps.push(pos..start);
                }
                pos = pos.max(end);
                next += 1;
            }
            gaps.push(pos..segment.text.len());
            for gap in gaps.drain(..) {
                let t = &segment.text[gap.clone()];
                let trimmed = t.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let start = gap.start + (t.len() - t.trim_start().len());
                runs.push((
                    ix(seg),
                    ix(start)..ix(start + trimmed.len()),
                    Claim::Field(Pointer::Unparsed(ix(unparsed.len()))),
                ));
                crate::compact::push(
                    unparsed,
                    Unparsed {
                        boxes: Default::default(),
                        cells: Default::default(),
                        line: segment.line,
                        text: trimmed.to_string(),
                        span: Default::default(),
                    },
                );
            }
        }
        merge_into(&mut claims, runs, order);
        claims
    }
}

/// `sorted` and `more` (both sorted by `order`) merged into `sorted`, from the back: room is
/// made for `more` alone, and every claim moves at most once.
fn merge_into(
    sorted: &mut Vec<Flat>,
    mut more: Vec<Flat>,
    order: impl Fn(&Flat, &Flat) -> std::cmp::Ordering,
) {
    if more.is_empty() {
        return;
    }
    let mut i = sorted.len();
    sorted.reserve_exact(more.len());
    sorted.resize(i + more.len(), (0, 0..0, Claim::Markup));
    // `sorted[..i]` are the claims not yet placed, `sorted[k..]` the merged tail; the slots
    // between are free.
    let mut k = sorted.len();
    while let Some(last) = more.pop() {
        while i > 0 && order(&sorted[i - 1], &last).is_gt() {
            sorted.swap(i - 1, k - 1);
            i -= 1;
            k -= 1;
        }
        sorted[k - 1] = last;
        k -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{merge_into, Claim, Flat, Pointer};

    #[test]
    fn ok_merge_into_keeps_the_order() {
        let flat = |seg: u32, start: u32| (seg, start..start + 1, Claim::Label);
        let order = |a: &Flat, b: &Flat| (a.0, a.1.start).cmp(&(b.0, b.1.start));
        for (a, b) in [
            (
                vec![(0, 1), (0, 5), (2, 0)],
                vec![(0, 0), (0, 3), (1, 0), (3, 9)],
            ),
            (vec![], vec![(1, 1)]),
            (vec![(1, 1)], vec![]),
            (vec![(5, 0), (6, 0)], vec![(0, 0), (1, 0)]),
        ] {
            let mut sorted: Vec<Flat> = a.iter().map(|&(s, p)| flat(s, p)).collect();
            let more: Vec<Flat> = b.iter().map(|&(s, p)| flat(s, p)).collect();
            let mut want: Vec<Flat> = sorted.iter().chain(&more).cloned().collect();
            want.sort_by(order);
            merge_into(&mut sorted, more, order);
            assert_eq!(sorted, want);
        }
    }

    #[test]
    fn ok_pointers_read_as_json_pointers() {
        for n in [0, 1, 9, 10, 12_345, u32::MAX] {
            assert_eq!(
                Pointer::SectionTitle(n).to_string(),
                format!("/sections/{n}/title")
            );
            assert_eq!(
                Pointer::Actual(n, 7).to_string(),
                format!("/indicator_groups/{n}/indicators/7/actual/text")
            );
            assert_eq!(
                Pointer::SdgLabel(2, n).to_string(),
                format!("/missions/2/sdgs/{n}/label")
            );
        }
        assert_eq!(Pointer::FiscalYear.to_string(), "/fiscal_year/label");
        assert_eq!(std::mem::size_of::<super::Claim>(), 12);
        assert_eq!(std::mem::size_of::<super::Flat>(), 24);
    }
}
