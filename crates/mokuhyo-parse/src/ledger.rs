//! The ledger: which part of every normalized segment went where.
//!
//! Each pass claims the byte ranges it consumed: as a field of the output (named by its JSON
//! pointer), a structural label (目標値, 指標 …) or markup (bullets, brackets, separators).
//! Whatever no pass claimed becomes an `unparsed` entry, so nothing is dropped silently.

use crate::model::Unparsed;
use crate::normalize::Normalized;
use std::ops::Range;

/// What a claimed range of text became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// A field of the output document, as a JSON pointer (`/sections/0/title`).
    Field(String),
    /// A structural label such as `目標値` or `指標:`.
    Label,
    /// Markup: bullets, brackets, separators, item numbers.
    Markup,
}

/// One segment of normalized text and the claims on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerSegment {
    /// 1-based source line.
    pub line: usize,
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
    /// The ledger of `norm` with the claims [`Claims::into_claims`] returned, the segments'
    /// text moved in rather than copied.
    pub(crate) fn from_claims(norm: Normalized, claims: SegmentClaims) -> Ledger {
        Ledger {
            segments: norm
                .segments
                .into_iter()
                .zip(claims)
                .map(|(s, claims)| LedgerSegment {
                    line: s.line,
                    text: s.text,
                    claims,
                })
                .collect(),
        }
    }
}

/// A JSON pointer from literal pieces and indices: `pointer!("/sections/", i, "/title")` is
/// `format!("/sections/{i}/title")`, built without the formatting machinery, which costs
/// several times what the pointer itself does, and with no spare capacity.
macro_rules! pointer {
    ($($part:expr),+ $(,)?) => {{
        use $crate::ledger::PointerPart as _;
        let mut p = String::with_capacity(0 $(+ $part.len_in_pointer())+);
        $($part.push_to(&mut p);)+
        p
    }};
}
pub(crate) use pointer;

/// A piece of a [`pointer!`]: literal text or an index.
pub(crate) trait PointerPart {
    /// Bytes the piece takes.
    fn len_in_pointer(&self) -> usize;
    /// Appends the piece.
    fn push_to(&self, pointer: &mut String);
}

impl PointerPart for &str {
    fn len_in_pointer(&self) -> usize {
        self.len()
    }

    fn push_to(&self, pointer: &mut String) {
        pointer.push_str(self);
    }
}

impl PointerPart for usize {
    fn len_in_pointer(&self) -> usize {
        self.checked_ilog10().unwrap_or(0) as usize + 1
    }

    fn push_to(&self, pointer: &mut String) {
        let mut n = *self;
        if n < 10 {
            // Most indices.
            pointer.push(char::from(b'0' + n as u8));
            return;
        }
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        pointer.extend(digits[start..].iter().map(|&d| char::from(d)));
    }
}

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

/// Collects claims while the passes run.
#[derive(Debug)]
pub struct Claims<'a> {
    norm: &'a Normalized,
    /// Every claim with its segment, in the order made: one vector for all segments grows far
    /// less often than one per segment.
    claims: Vec<(usize, Range<usize>, Claim)>,
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
    pub fn line(&self, s: Span) -> usize {
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
            self.claims.push((s.seg, s.start..s.end, claim));
        }
    }

    /// Records a field claim.
    pub fn field(&mut self, s: Span, pointer: String) {
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
                    text: s.text.clone(),
                    claims,
                })
                .collect(),
        }
    }

    /// The claims of every segment, unclaimed runs added as `unparsed` entries.
    pub(crate) fn into_claims(self, unparsed: &mut Vec<Unparsed>) -> SegmentClaims {
        // Each segment's claims in the order made, in a vector of the right size.
        let mut counts = vec![0; self.norm.segments.len()];
        for (seg, ..) in &self.claims {
            counts[*seg] += 1;
        }
        let mut out: SegmentClaims = counts.into_iter().map(Vec::with_capacity).collect();
        for (seg, r, claim) in self.claims {
            out[seg].push((r, claim));
        }
        let mut gaps = Vec::new();
        for (claims, segment) in out.iter_mut().zip(&self.norm.segments) {
            claims.sort_by_key(|(r, _)| (r.start, r.end));
            let mut pos = 0;
            for (r, _) in claims.iter() {
                if r.start > pos {
                    gaps.push(pos..r.start);
                }
                pos = pos.max(r.end);
            }
            gaps.push(pos..segment.text.len());
            for gap in gaps.drain(..) {
                let t = &segment.text[gap.clone()];
                let trimmed = t.trim();
                if trimmed.is_empty() {
                    continue;
                }
                let start = gap.start + (t.len() - t.trim_start().len());
                claims.push((
                    start..start + trimmed.len(),
                    Claim::Field(pointer!("/unparsed/", unparsed.len(), "/text")),
                ));
                unparsed.push(Unparsed {
                    boxes: Vec::new(),
                    cells: Vec::new(),
                    line: segment.line,
                    text: trimmed.to_string(),
                    span: Default::default(),
                });
            }
            claims.sort_by_key(|(r, _)| (r.start, r.end));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ok_pointers_read_as_formatted() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(pointer!("/a/", n, "/b"), format!("/a/{n}/b"));
            assert_eq!(
                pointer!("/a/", n, "/b").capacity(),
                format!("/a/{n}/b").len()
            );
        }
    }
}
