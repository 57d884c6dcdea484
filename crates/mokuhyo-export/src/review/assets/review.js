(function () {
  "use strict";
  // data-lines: "12", "11-15", parts joined by ",". data-spans: "8:4-8:25,8:40-8:200", each
  // LINE:COLUMN-LINE:COLUMN, columns in characters of the source line, both ends inclusive.
  function parseLines(spec) {
    var out = [];
    spec.split(",").forEach(function (part) {
      var ab = part.split("-"), a = parseInt(ab[0], 10), b = ab.length > 1 ? parseInt(ab[1], 10) : a;
      for (var n = a; n <= b; n++) out.push(n);
    });
    return out;
  }
  function parseSpans(spec) {
    if (!spec) return [];
    return spec.split(",").map(function (part) {
      var ab = part.split("-"), s = ab[0].split(":"), e = ab[1].split(":");
      return { l1: +s[0], c1: +s[1], l2: +e[0], c2: +e[1] };
    });
  }
  // Columns a node of a line's text stands for: its characters, or data-n for a marker.
  function width(node) {
    if (node.nodeType === 3) return Array.from(node.data).length;
    var n = node.getAttribute && node.getAttribute("data-n");
    return n ? parseInt(n, 10) : Array.from(node.textContent).length;
  }
  // The DOM position just before column `col` (1-based) of line `line`; past the end of the
  // line, its end.
  function point(line, col) {
    var ln = document.getElementById("L" + line);
    if (!ln) return null;
    var tx = ln.querySelector(".tx"), c = 1, nodes = tx.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i], w = width(node);
      if (col < c + w) {
        if (node.nodeType !== 3) return { node: tx, offset: i };
        var units = Array.from(node.data).slice(0, col - c).join("").length;
        return { node: node, offset: units };
      }
      c += w;
    }
    return { node: tx, offset: nodes.length };
  }
  // The line and column of a DOM position inside a line's text, or null.
  function columnAt(node, offset) {
    var el = node.nodeType === 3 ? node.parentNode : node;
    var ln = el && el.closest ? el.closest(".ln") : null;
    if (!ln) return null;
    var tx = ln.querySelector(".tx"), c = 1;
    if (!tx.contains(node)) return null;
    var nodes = tx.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n === node) return { line: +ln.id.slice(1), col: c + Array.from(n.data.slice(0, offset)).length };
      if (n.contains && n.contains(node)) return { line: +ln.id.slice(1), col: c };
      c += width(n);
    }
    return null;
  }
  function ranges(spans) {
    var out = [];
    spans.forEach(function (s) {
      var a = point(s.l1, s.c1), b = point(s.l2, s.c2 + 1);
      if (!a || !b) return;
      var r = document.createRange();
      r.setStart(a.node, a.offset);
      r.setEnd(b.node, b.offset);
      out.push(r);
    });
    return out;
  }
  var canHighlight = typeof CSS !== "undefined" && CSS.highlights && typeof Highlight === "function";
  var source = document.getElementById("source");
  function clear() {
    document.querySelectorAll(".hl,.sel,.rev").forEach(function (e) {
      e.classList.remove("hl", "sel", "rev");
    });
    if (canHighlight) CSS.highlights.delete("sel");
  }
  // Scrolls the source pane so that `rect` sits in its middle.
  function center(rect) {
    var p = source.getBoundingClientRect();
    source.scrollTop += rect.top + rect.height / 2 - (p.top + p.height / 2);
  }
  function select(field) {
    clear();
    field.classList.add("sel");
    var first = null;
    parseLines(field.getAttribute("data-lines")).forEach(function (n) {
      var ln = document.getElementById("L" + n);
      if (ln) { ln.classList.add("hl"); if (!first) first = ln; }
    });
    var rs = ranges(parseSpans(field.getAttribute("data-spans")));
    if (canHighlight && rs.length) {
      CSS.highlights.set("sel", new Highlight(...rs));
      if (first) first.scrollIntoView({ block: "center" });
      center(rs[0].getBoundingClientRect());
    } else if (first) {
      first.scrollIntoView({ block: "center" });
    }
  }
  function contains(spans, at) {
    return spans.some(function (s) {
      var afterStart = at.line > s.l1 || (at.line === s.l1 && at.col >= s.c1);
      var beforeEnd = at.line < s.l2 || (at.line === s.l2 && at.col <= s.c2);
      return afterStart && beforeEnd;
    });
  }
  // A click in the source: the fields the clicked character belongs to are outlined; on a
  // character no field took, the fields of its line.
  function reveal(line, at) {
    clear();
    var ln = document.getElementById("L" + line);
    if (ln) ln.classList.add("hl");
    var fields = document.querySelectorAll("#structure [data-lines]"), hits = [];
    if (at) {
      fields.forEach(function (f) {
        if (contains(parseSpans(f.getAttribute("data-spans")), at)) hits.push(f);
      });
    }
    if (!hits.length) {
      fields.forEach(function (f) {
        if (parseLines(f.getAttribute("data-lines")).indexOf(line) >= 0) hits.push(f);
      });
    }
    hits.forEach(function (f) { f.classList.add("rev"); });
    if (hits.length) hits[0].scrollIntoView({ block: "center" });
  }
  function caret(x, y) {
    if (document.caretPositionFromPoint) {
      var p = document.caretPositionFromPoint(x, y);
      return p ? { node: p.offsetNode, offset: p.offset } : null;
    }
    if (document.caretRangeFromPoint) {
      var r = document.caretRangeFromPoint(x, y);
      return r ? { node: r.startContainer, offset: r.startOffset } : null;
    }
    return null;
  }
  var structure = document.getElementById("structure");
  structure.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var f = ev.target.closest("[data-lines]");
    if (f) select(f);
  });
  structure.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== " ") return;
    var f = ev.target.closest("[data-lines]");
    if (f) { ev.preventDefault(); select(f); }
  });
  source.addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var ln = ev.target.closest(".ln");
    if (!ln) return;
    var c = caret(ev.clientX, ev.clientY);
    reveal(parseInt(ln.id.slice(1), 10), c ? columnAt(c.node, c.offset) : null);
  });
})();
