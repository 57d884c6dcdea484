//! A PDF page drawn from what was read on it, as inline SVG: each glyph at its place and
//! size, each ruling line, and highlighted boxes. No rendering library is involved, so the
//! drawing shows exactly what the grid reader saw.

use std::fmt::Write;

use crate::pdf::Page;

/// A highlighted box: `[x0, y0, x1, y1]` in PDF points, y up (as in `boxes[].bbox`).
pub type Highlight = [f64; 4];

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The SVG of one page (1-based `number`, used in element ids), with `highlights` drawn as
/// translucent boxes of class `pdf-box` (not `hl`, which the review page uses for source lines),
/// each naming the line of the rebuilt text it belongs to (`data-line`) when it has one.
pub fn page(page: &Page, number: usize, highlights: &[(Option<usize>, Highlight)]) -> String {
    let mut s = String::new();
    let (w, h) = (page.width, page.height);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="pdf-page" id="page-{number}" data-page="{number}" viewBox="0 0 {w:.2} {h:.2}" width="{w:.0}" height="{h:.0}" role="img" aria-label="page {number}">"#
    );
    let _ = write!(
        s,
        r##"<rect x="0" y="0" width="{w:.2}" height="{h:.2}" fill="#fff" stroke="#999" stroke-width="0.5"/>"##
    );
    s.push_str(r##"<g class="rules" fill="#444">"##);
    for r in &page.rules {
        let [x0, y0, x1, y1] = r.rect;
        let _ = write!(
            s,
            r#"<rect x="{x0:.2}" y="{y0:.2}" width="{:.2}" height="{:.2}"/>"#,
            (x1 - x0).max(0.3),
            (y1 - y0).max(0.3)
        );
    }
    s.push_str("</g>");
    s.push_str(r##"<g class="glyphs" fill="#000" font-family="sans-serif">"##);
    for g in &page.glyphs {
        let _ = write!(
            s,
            r#"<text x="{:.2}" y="{:.2}" font-size="{:.2}" textLength="{:.2}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
            g.rect[0],
            g.baseline,
            g.size,
            (g.rect[2] - g.rect[0]).max(0.1),
            escape(&g.text)
        );
    }
    s.push_str("</g>");
    for (i, (line, b)) in highlights.iter().enumerate() {
        // Back from PDF space (y up) to the drawing's y down.
        let (x0, x1) = (b[0].min(b[2]), b[0].max(b[2]));
        let (top, bottom) = (h - b[1].max(b[3]), h - b[1].min(b[3]));
        let line = line.map_or(String::new(), |l| format!("data-line=\"{l}\" "));
        let _ = write!(
            s,
            r##"<rect class="pdf-box" data-hl="{i}" {line}x="{x0:.2}" y="{top:.2}" width="{:.2}" height="{:.2}" fill="#ffd400" fill-opacity="0.35" stroke="#e08000" stroke-width="1.5"/>"##,
            x1 - x0,
            bottom - top
        );
    }
    s.push_str("</svg>");
    s
}

/// The review page's view of a PDF: every page drawn, and for every line of the rebuilt
/// text the boxes of its cells as hidden highlights (`data-line`). A small script shows the
/// highlights of the lines of whatever field is selected (any element with `data-lines`,
/// `12` or `11-15`, outside this view) and scrolls the first one into view.
///
/// `origins[i]` are the boxes of line `i + 1` ([`crate::Grid::write`]).
pub fn pages_html(pages: &[Page], origins: &[Vec<crate::Origin>]) -> String {
    let mut per_page: Vec<Vec<(Option<usize>, Highlight)>> = vec![Vec::new(); pages.len()];
    // Each (page, line, box) once, in the order first met.
    let mut seen = std::collections::HashSet::new();
    for (i, line) in origins.iter().enumerate() {
        for o in line {
            if let crate::Origin::Box { page, bbox } = o {
                if let Some(v) = page.checked_sub(1).and_then(|p| per_page.get_mut(p)) {
                    if seen.insert((*page, i + 1, bbox.map(f64::to_bits))) {
                        v.push((Some(i + 1), *bbox));
                    }
                }
            }
        }
    }
    let mut h = String::from(
        "<section id=\"pdf-pages\" aria-label=\"PDF pages\"><h2>PDF pages</h2>\n\
         <style>#pdf-pages svg{display:block;max-width:100%;height:auto;margin:0 0 1em;\
         box-shadow:0 0 3px #888}#pdf-pages .pdf-box{display:none}#pdf-pages .pdf-box.on{display:inline}</style>\n",
    );
    for (i, p) in pages.iter().enumerate() {
        h.push_str(&page(p, i + 1, &per_page[i]));
        h.push('\n');
    }
    h.push_str("<script>");
    h.push_str(PAGES_JS);
    h.push_str("</script></section>\n");
    h
}

/// Shows the page highlights of the selected field's lines.
const PAGES_JS: &str = r#"(function () {
  var view = document.getElementById("pdf-pages");
  if (!view) return;
  function range(s) {
    var m = /^(\d+)(?:-(\d+))?$/.exec(s || "");
    return m ? [+m[1], +(m[2] || m[1])] : null;
  }
  function show(r) {
    var first = null;
    view.querySelectorAll(".pdf-box").forEach(function (e) {
      var l = +e.getAttribute("data-line");
      var on = !!r && l >= r[0] && l <= r[1];
      e.classList.toggle("on", on);
      if (on && !first) first = e;
    });
    if (first) first.ownerSVGElement.scrollIntoView({ block: "nearest" });
  }
  function pick(ev) {
    var f = ev.target.closest && ev.target.closest("[data-lines]");
    if (f && !view.contains(f)) show(range(f.getAttribute("data-lines")));
  }
  document.addEventListener("click", pick, true);
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" || ev.key === " ") pick(ev);
  }, true);
})();"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Glyph, Rule};

    #[test]
    fn ok_glyphs_rules_and_highlights_are_drawn_where_they_were() {
        let p = Page {
            width: 100.0,
            height: 200.0,
            glyphs: vec![Glyph {
                text: "<部>".into(),
                rect: [10.0, 11.0, 20.0, 21.0],
                size: 10.0,
                baseline: 20.0,
            }],
            rules: vec![Rule {
                rect: [0.0, 50.0, 100.0, 50.5],
            }],
            images: 0,
        };
        let svg = page(&p, 3, &[(None, [10.0, 150.0, 60.0, 190.0])]);
        assert!(svg.contains(r#"id="page-3""#));
        assert!(svg.contains(r#"<text x="10.00" y="20.00" font-size="10.00""#));
        assert!(svg.contains("&lt;部&gt;"));
        assert!(svg.contains(r#"<rect x="0.00" y="50.00" width="100.00""#));
        // y up 150..190 on a 200 pt page is y down 10..50.
        assert!(svg.contains(r#"x="10.00" y="10.00" width="50.00" height="40.00""#));
    }

    #[test]
    fn ok_page_view_tags_each_highlight_with_its_line() {
        let p = Page {
            width: 100.0,
            height: 200.0,
            ..Page::default()
        };
        let b = |page, y: f64| crate::Origin::Box {
            page,
            bbox: [0.0, y, 50.0, y + 10.0],
        };
        let origins = vec![vec![], vec![b(1, 100.0), b(2, 20.0)], vec![b(2, 50.0)]];
        let html = pages_html(&[p.clone(), p], &origins);
        assert_eq!(html.matches("<svg").count(), 2);
        assert_eq!(html.matches(r#"data-line="2""#).count(), 2);
        assert_eq!(html.matches(r#"data-line="3""#).count(), 1);
        // Line 3's box is on page 2, after line 2's second box.
        let p2 = html.find(r#"id="page-2""#).unwrap();
        assert!(html[p2..].contains(r#"data-hl="1" data-line="3""#));
    }
}
