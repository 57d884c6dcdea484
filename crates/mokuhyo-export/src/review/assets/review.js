(function () {
  "use strict";
  function parse(spec) {
    var out = [];
    spec.split(",").forEach(function (part) {
      var ab = part.split("-"), a = parseInt(ab[0], 10), b = ab.length > 1 ? parseInt(ab[1], 10) : a;
      for (var n = a; n <= b; n++) out.push(n);
    });
    return out;
  }
  function clear() {
    document.querySelectorAll(".hl,.sel,.rev").forEach(function (e) {
      e.classList.remove("hl", "sel", "rev");
    });
  }
  function select(field) {
    clear();
    field.classList.add("sel");
    var first = null;
    parse(field.getAttribute("data-lines")).forEach(function (n) {
      var ln = document.getElementById("L" + n);
      if (ln) { ln.classList.add("hl"); if (!first) first = ln; }
    });
    if (first) first.scrollIntoView({ block: "center" });
  }
  function reveal(line) {
    clear();
    var ln = document.getElementById("L" + line);
    if (ln) ln.classList.add("hl");
    var first = null;
    document.querySelectorAll("#structure [data-lines]").forEach(function (f) {
      if (parse(f.getAttribute("data-lines")).indexOf(line) >= 0) {
        f.classList.add("rev");
        if (!first) first = f;
      }
    });
    if (first) first.scrollIntoView({ block: "center" });
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
  document.getElementById("source").addEventListener("click", function (ev) {
    if (ev.target.closest("a")) return;
    var ln = ev.target.closest(".ln");
    if (ln) reveal(parseInt(ln.id.slice(1), 10));
  });
})();
