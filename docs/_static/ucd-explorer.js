// Filter for the Unit Cost Database explorer page: keeps the rows in which every word
// typed appears (in any column, ignoring case). Written for this site; no dependencies.
(function () {
  "use strict";
  function setUp() {
    var input = document.getElementById("ucd-filter-input");
    var table = document.querySelector("table.ucd-explorer");
    if (!input || !table) {
      return;
    }
    var count = document.querySelector(".ucd-filter .ucd-count");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) {
      return row.textContent.toLowerCase();
    });
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (word) {
          return texts[i].indexOf(word) !== -1;
        });
        row.hidden = !keep;
        if (keep) {
          shown += 1;
        }
      });
      if (count) {
        count.textContent = shown + " of " + rows.length + " values";
      }
    }
    input.addEventListener("input", apply);
    var query = new URLSearchParams(window.location.search).get("filter");
    if (query) {
      input.value = query;
    }
    apply();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
