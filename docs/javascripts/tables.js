/*
 * Sortable, filterable tables.
 *
 * Any table inside an element with the class "sortable-table" gets:
 *   - a button in each column header that sorts the rows by that column (click, Enter or Space);
 *     the header's aria-sort says the current order, and Material's own sort icons show it;
 *   - a labelled text box above the table that hides the rows not containing every word typed,
 *     with a live count of the rows shown.
 *
 * Sorting understands numbers ("25,000", "12.5 %"), the site's dates ("6 January 2026",
 * "c. March 2025", "2025", "2025-03-01") and text (natural order, accents ignored); it is stable,
 * and empty or "unknown" cells always go last. Footnote numbers are ignored when comparing.
 * A cell may give its own sort key in a data-sort attribute.
 *
 * Plain JavaScript, no dependencies, no network. The table keeps no class of its own, so Material
 * still styles it and wraps it for horizontal scrolling.
 */
(function () {
  "use strict";

  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december"];
  var BLANK = /^(|unknown|n\/a|—|–|-|\?)$/i;
  var uid = 0;

  var collator = typeof Intl !== "undefined" && Intl.Collator
    ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: "base" })
    : null;

  function fold(text) {
    // Lower case, without accents, with runs of white space made single.
    var t = text.toLowerCase();
    if (t.normalize) t = t.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    return t.replace(/\s+/g, " ").trim();
  }

  function cellText(cell) {
    // The visible text of a cell, without footnote numbers or permalink signs.
    if (!cell) return "";
    if (cell.hasAttribute("data-sort")) return cell.getAttribute("data-sort");
    var copy = cell.cloneNode(true);
    var drop = copy.querySelectorAll("sup[id^='fnref'], .footnote-ref, .headerlink");
    for (var i = 0; i < drop.length; i++) drop[i].remove();
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function parseNumber(text) {
    // "25,000", "-3.5", "12 %", "€1,200", "25,000–30,000" (the lower bound) -> number, else null.
    var t = text.replace(/^(c\.|ca\.|~|≈|about)\s*/i, "").replace(/[\s\u00a0\u202f]/g, "");
    var m = /^([€$£]?)([-−+]?\d{1,3}(?:,\d{3})+|[-−+]?\d+)(\.\d+)?(%?)(?:[–-][\d,.]+%?)?$/.exec(t);
    if (!m) return null;
    return parseFloat((m[2] + (m[3] || "")).replace(/,/g, "").replace("−", "-"));
  }

  function parseDate(text) {
    // The site's date formats -> yyyymmdd as a number (missing parts count as 0), else null.
    var t = text.replace(/^c\.\s*/i, "").trim();
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(t);
    if (m) return +m[1] * 10000 + (+m[2] || 0) * 100 + (+m[3] || 0);
    m = /^(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})$/.exec(t);
    if (m) {
      var month = MONTHS.indexOf(m[2].toLowerCase());
      if (month < 0) return null;
      return +m[3] * 10000 + (month + 1) * 100 + (+m[1] || 0);
    }
    return null;
  }

  function columnType(texts) {
    // "number" or "date" when every non-blank cell parses as one, else "text".
    var seen = 0, numbers = 0, dates = 0;
    for (var i = 0; i < texts.length; i++) {
      if (BLANK.test(texts[i])) continue;
      seen++;
      if (parseNumber(texts[i]) !== null) numbers++;
      // A bare year is both a number and a date: dates win only when some cell is more than a year.
      if (parseDate(texts[i]) !== null) dates++;
    }
    if (!seen) return "text";
    if (dates === seen && numbers < seen) return "date";
    if (numbers === seen) return "number";
    return "text";
  }

  function compareText(a, b) {
    return collator ? collator.compare(a, b) : (fold(a) < fold(b) ? -1 : fold(a) > fold(b) ? 1 : 0);
  }

  function bodyRows(table) {
    var rows = [];
    for (var b = 0; b < table.tBodies.length; b++) {
      var r = table.tBodies[b].rows;
      for (var i = 0; i < r.length; i++) rows.push(r[i]);
    }
    return rows;
  }

  function sortBy(table, headers, column, direction) {
    var tbody = table.tBodies[0];
    var rows = bodyRows(table);
    var texts = rows.map(function (row) { return cellText(row.cells[column]); });
    var type = columnType(texts);
    var items = rows.map(function (row, index) {
      var text = texts[index];
      var key = null;
      if (!BLANK.test(text)) key = type === "number" ? parseNumber(text) : type === "date" ? parseDate(text) : text;
      var original = parseInt(row.getAttribute("data-sortable-index"), 10);
      return { row: row, key: key, index: isNaN(original) ? index : original };
    });
    var sign = direction === "descending" ? -1 : 1;
    items.sort(function (a, b) {
      // Blanks last in either order; ties keep the original order (stable in every browser).
      if (a.key === null || b.key === null) {
        if (a.key === null && b.key === null) return a.index - b.index;
        return a.key === null ? 1 : -1;
      }
      var c = type === "text" ? compareText(a.key, b.key) : a.key - b.key;
      return c ? sign * c : a.index - b.index;
    });
    items.forEach(function (item) { tbody.appendChild(item.row); });
    headers.forEach(function (th, i) {
      if (i === column) th.setAttribute("aria-sort", direction);
      else if (th.hasAttribute("aria-sort")) th.removeAttribute("aria-sort");
    });
  }

  function setUpSorting(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head || !table.tBodies.length) return;
    bodyRows(table).forEach(function (row, i) { row.setAttribute("data-sortable-index", String(i)); });
    var headers = Array.prototype.slice.call(head.cells);
    // Each cell names its column, so a phone can show the rows as cards (extra.css).
    bodyRows(table).forEach(function (row) {
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (headers[i]) cell.setAttribute("data-label", headers[i].textContent.trim());
      });
    });
    table.setAttribute("data-cards", "");
    headers.forEach(function (th, column) {
      if (!th.textContent.trim()) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sortable-table__sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      // Material draws its sort icons on th[role=columnheader][aria-sort].
      th.setAttribute("role", "columnheader");
      // A click anywhere in the header, or Enter/Space on its button (a native click), sorts.
      th.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortBy(table, headers, column, next);
      });
    });
  }

  function setUpFilter(table) {
    var rows = bodyRows(table);
    if (!rows.length) return;
    var id = "sortable-table-filter-" + (++uid);
    var box = document.createElement("div");
    box.className = "sortable-table__filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = "Type to filter";
    var count = document.createElement("span");
    count.className = "sortable-table__count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", id + "-count");
    count.id = id + "-count";
    box.appendChild(label);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(input);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(count);

    var index = rows.map(function (row) {
      return { row: row, text: fold(Array.prototype.map.call(row.cells, cellText).join(" ")) };
    });
    function update() {
      var words = fold(input.value).split(" ").filter(Boolean);
      var shown = 0;
      index.forEach(function (item) {
        var match = words.every(function (w) { return item.text.indexOf(w) !== -1; });
        item.row.hidden = !match;
        if (match) shown++;
      });
      count.textContent = words.length
        ? shown + " of " + index.length + " rows shown"
        : index.length + " rows";
    }
    input.addEventListener("input", update);
    update();

    // Above the table, or above Material's scrolling wrapper when it is already there.
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  var STYLE = [
    ".sortable-table__filter{display:flex;flex-wrap:wrap;align-items:center;gap:.4em .8em;margin:1em 0 .5em}",
    ".sortable-table__filter label{font-weight:700}",
    ".sortable-table__filter input{font:inherit;color:var(--md-typeset-color);background:var(--md-default-bg-color);" +
      "border:1px solid var(--md-default-fg-color--light);border-radius:.2em;padding:.2em .5em;min-width:14em}",
    ".sortable-table__filter input:focus{outline:2px solid var(--md-accent-fg-color);outline-offset:1px}",
    ".sortable-table__count{color:var(--md-default-fg-color--light)}",
    ".sortable-table__sort{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;" +
      "text-align:inherit;cursor:pointer}",
    ".sortable-table__sort:focus-visible{outline:2px solid var(--md-accent-fg-color);outline-offset:2px}"
  ].join("\n");

  function addStyle() {
    if (document.getElementById("sortable-table-style")) return;
    var style = document.createElement("style");
    style.id = "sortable-table-style";
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  function init(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var tables = scope.querySelectorAll(".sortable-table table");
    for (var i = 0; i < tables.length; i++) {
      var table = tables[i];
      if (table.hasAttribute("data-sortable")) continue;
      table.setAttribute("data-sortable", "");
      addStyle();
      setUpFilter(table);
      setUpSorting(table);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Material's instant navigation swaps the page without a reload and announces it on document$.
  if (typeof window.document$ !== "undefined" && window.document$ && window.document$.subscribe) {
    window.document$.subscribe(function () { init(document); });
  }
})();
