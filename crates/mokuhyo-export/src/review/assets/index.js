(function () {
  "use strict";
  // Sorting: a click on a header sorts its table by that column, again in reverse.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th");
    heads.forEach(function (th, col) {
      th.setAttribute("tabindex", "0");
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.getAttribute("data-type") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var t = row.cells[col] ? row.cells[col].textContent.trim() : "";
          return num ? (t === "" ? -Infinity : parseFloat(t)) : t;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var c = num ? x - y : x.localeCompare(y, "ja");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); }
      });
    });
  });
  // Filtering: rows whose text holds every word typed stay shown.
  var box = document.getElementById("filter"), shown = document.getElementById("shown");
  function filter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), n = 0, all = 0;
    document.querySelectorAll("table.sortable tbody tr").forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.classList.toggle("hidden", !ok);
      all++;
      if (ok) n++;
    });
    shown.textContent = words.length ? n + " / " + all + " 行" : "";
  }
  box.addEventListener("input", filter);
})();
