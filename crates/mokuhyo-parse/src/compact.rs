//! Keeps the spare capacity of a report's vectors and strings small.
//!
//! The passes build a report by pushing onto vectors that start empty, and a vector that
//! receives one item takes room for four: an indicator list of one indicator would hold room
//! for four indicators of some 300 bytes each, a value of one quantity room for four. For a
//! report of half a million sections that spare room is a large part of the memory the parse
//! takes. The long lists grow by a quarter ([`push`]), short ones one item at a time
//! ([`push_short`]), and what is still spare inside the records is given back ([`compact`])
//! before the claims are settled, when the parse takes the most memory.
//!
//! Fields not named here keep whatever capacity they have: compacting is never needed for a
//! correct document, only for a smaller one.

use crate::model::{Report, Value};

/// Pushes `item` onto `v`, growing it the way a report's long lists grow: by a quarter of
/// their length (at least 8 items), not by doubling. Growth stays amortized constant, a list
/// of half a million sections holds at most a quarter spare, not up to all of it, and the copy
/// a growth makes (where the allocator copies) is smaller too.
pub(crate) fn push<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact((v.len() / 4).max(8));
    }
    v.push(item);
}

/// Pushes `item` onto a short list (a section's paragraphs): room for one more item at a
/// time up to four, then doubling. A section of one paragraph holds room for one, where
/// `Vec::push` would take room for four.
pub(crate) fn push_short<T>(v: &mut Vec<T>, item: T) {
    if v.len() == v.capacity() {
        v.reserve_exact(if v.len() < 4 { 1 } else { v.len() });
    }
    v.push(item);
}

/// `s` in a string with no spare room, copied only when it has some: a `format!` string
/// takes room for up to twice its text. A copy, because `shrink_to_fit` may free nothing:
/// mimalloc keeps a block in place when it shrinks by less than half.
pub(crate) fn exact(s: String) -> String {
    if s.capacity() == s.len() {
        s
    } else {
        s.as_str().to_owned()
    }
}

/// Shrinks the vectors and strings inside `report`'s records that hold spare capacity to
/// their length. The record lists themselves (sections, indicator groups …) are left as
/// [`push`] grew them, at most a quarter spare: that room is never written, so it takes no
/// resident memory, while shrinking a list of half a million records may copy it (mimalloc
/// moves a block it shrinks by half or more) and put the copy beside it at the parse's peak.
pub(crate) fn compact(report: &mut Report) {
    for m in &mut report.missions {
        m.title.shrink_to_fit();
        m.body.shrink_to_fit();
        m.sdgs.shrink_to_fit();
    }
    for s in &mut report.sections {
        s.title.shrink_to_fit();
        s.body.shrink_to_fit();
        for b in &mut s.body {
            b.shrink_to_fit();
        }
    }
    for g in &mut report.indicator_groups {
        g.section_ids.shrink_to_fit();
        g.indicators.shrink_to_fit();
        for i in &mut g.indicators {
            i.name.shrink_to_fit();
            for v in [&mut i.target, &mut i.actual].into_iter().flatten() {
                value(v);
            }
        }
    }
    for d in &mut report.diagnostics {
        d.message.shrink_to_fit();
    }
}

/// Shrinks a value's text, quantities and note to their length.
pub(crate) fn value(v: &mut Value) {
    v.text.shrink_to_fit();
    v.quantities.shrink_to_fit();
    if let Some(note) = &mut v.note {
        note.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(sections: usize) -> Report {
        let mut text = String::from(
            "令和4年度 部局経営目標（達成状況）\n部局名\t総合政策部\n(2) 事業成果目標\n",
        );
        for i in 0..sections {
            text.push_str(&format!(
                "1-①取組{i} ・内容を進めます。\t指標：①件数{i}\n\t目標値 ①{i}件\t実績値 ①{}件 増加\n",
                i + 1
            ));
        }
        crate::parse(text.as_bytes(), "r.txt")
            .expect("a report")
            .report
    }

    /// The record lists hold at most a quarter of their length spare (8 for short ones).
    fn assert_lists_grown_by_a_quarter(r: &Report) {
        let spare = |len: usize, cap: usize| cap - len <= (len / 4).max(8);
        assert!(spare(r.sections.len(), r.sections.capacity()));
        assert!(spare(
            r.indicator_groups.len(),
            r.indicator_groups.capacity()
        ));
        assert!(spare(r.diagnostics.len(), r.diagnostics.capacity()));
    }

    #[test]
    fn ok_records_keep_no_spare_capacity_and_nothing_changes() {
        let mut compacted = report(50);
        let before = compacted.clone();
        compact(&mut compacted);
        assert_eq!(compacted, before);
        let r = &compacted;
        assert_lists_grown_by_a_quarter(r);
        for s in &r.sections {
            assert_eq!(s.body.capacity(), s.body.len(), "{}", s.id);
        }
        for g in &r.indicator_groups {
            assert_eq!(g.indicators.capacity(), g.indicators.len());
            for i in &g.indicators {
                for v in [&i.target, &i.actual].into_iter().flatten() {
                    assert_eq!(v.quantities.capacity(), v.quantities.len(), "{}", v.text);
                    assert!(v.note.as_ref().is_none_or(|n| n.capacity() == n.len()));
                }
            }
        }
    }

    #[test]
    fn ok_short_lists_and_exact_strings_hold_no_spare_room() {
        let mut v = Vec::new();
        for n in 1..=4 {
            push_short(&mut v, n);
            assert_eq!(v.capacity(), n, "one at a time up to four");
        }
        push_short(&mut v, 5);
        assert_eq!(v.capacity(), 8, "then doubling");
        let id = std::hint::black_box(String::from("1-①"));
        let grown = format!("section id {id} appears again (first on line {})", id.len());
        assert!(grown.capacity() > grown.len(), "format! leaves room");
        let s = exact(grown.clone());
        assert_eq!((s.as_str(), s.capacity()), (grown.as_str(), grown.len()));
        let mut long = Vec::new();
        for n in 0..100 {
            push(&mut long, n);
            assert!(long.capacity() - long.len() <= (long.len() / 4).max(8));
        }
    }

    #[test]
    fn ok_parse_returns_a_compacted_report() {
        // 49 repeats of 1-① give one diagnostic each.
        let r = report(50);
        assert!(r.diagnostics.len() >= 49);
        assert_lists_grown_by_a_quarter(&r);
        assert_eq!(
            r.sections[0].body.capacity(),
            1,
            "one paragraph, room for one"
        );
        assert_eq!(
            r.diagnostics[0].message.capacity(),
            r.diagnostics[0].message.len()
        );
        let g = &r.indicator_groups[7];
        assert_eq!(g.indicators.capacity(), 1);
        let target = g.indicators[0].target.as_ref().expect("a target");
        assert_eq!(target.quantities.capacity(), 1);
    }
}
