"""The summary as one static HTML page: no server, no external assets, opened from disk.

The data is embedded as JSON; a small script draws the totals, what stops working by ``--before``, the timeline
of upcoming shutdowns and two sortable, filterable tables (models, repositories). Every value is set with
``textContent`` (never parsed as HTML), and a Content-Security-Policy forbids loading anything from elsewhere.
"""

from __future__ import annotations

import json
from typing import Any, Dict

STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.totals{color:#555}.muted{color:#777}
table{border-collapse:collapse;width:100%;margin-top:8px}
th,td{border-bottom:1px solid #e3e3e3;padding:5px 8px;text-align:left;vertical-align:top}
th{cursor:pointer;user-select:none;background:#f6f6f6;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.status{padding:1px 6px;border-radius:8px;font-size:12px;white-space:nowrap}
.s-retired{background:#fde2e1;color:#8a1c14}.s-shutdown-scheduled{background:#fff1d6;color:#7a4b00}
.s-deprecated{background:#f1e7ff;color:#4b2a86}.s-unknown{background:#e8e8e8;color:#333}
.s-active{background:#e1f5e6;color:#17602a}.s-failed{background:#fde2e1;color:#8a1c14}
.timeline{border-left:3px solid #d0d0d0;margin:8px 0 0 6px;padding-left:16px}
.tl-date{font-weight:600;margin-top:10px}.tl-date::before{content:"";display:inline-block;width:11px;height:11px;
border-radius:50%;background:#c77700;margin-left:-24px;margin-right:10px}
.tl-model{margin:2px 0 2px 4px}.repos{color:#555}
.controls{display:flex;gap:8px;align-items:center;margin-top:6px}
input[type=search]{padding:4px 8px;min-width:260px}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sweep-data").textContent);
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function statusChip(status) { return el("span", status, "status s-" + String(status).replace(/ /g, "-")); }
  function n(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
  var t = data.totals;
  document.getElementById("totals").textContent =
    n(t.repositories, "repository").replace("repositorys", "repositories") + " (" + t.scanned + " scanned, " +
    t.failed + " failed), " + n(t.files_scanned, "file") + ", " + n(t.models, "model") + " at " +
    n(t.call_sites, "call site") + "; " + n(t.errors, "error") + ", " + n(t.warnings, "warning") +
    ". As of " + data.today + ".";

  var breaking = document.getElementById("breaking");
  if (data.breaking) {
    breaking.appendChild(el("h2", "What stops working by " + data.breaking.date));
    if (!data.breaking.models.length) {
      breaking.appendChild(el("p", "Nothing: no repository uses a model shut down by then."));
    }
    var models = el("ul");
    data.breaking.models.forEach(function (m) {
      var item = el("li");
      item.appendChild(el("code", m.model));
      item.appendChild(el("span", (m.status === "retired" ? " already shut down" : " shuts down on " + m.shutdown) +
        (m.replacement ? "; replacement: " + m.replacement : "") + " (" + n(m.repositories.length, "repository")
        .replace("repositorys", "repositories") + ", " + n(m.call_sites, "call site") + ")"));
      models.appendChild(item);
    });
    breaking.appendChild(models);
    breaking.appendChild(el("p", "Repositories affected, with their owners:"));
    var list = el("ul");
    data.breaking.repositories.forEach(function (r) {
      var item = el("li");
      item.appendChild(el("strong", r.source));
      item.appendChild(el("span", " (" + (r.owners.length ? r.owners.join(", ") : "no CODEOWNERS") + "): " +
        r.breaking.join(", ")));
      list.appendChild(item);
    });
    breaking.appendChild(list);
  }

  var timeline = document.getElementById("timeline");
  if (!data.timeline.length) {
    timeline.appendChild(el("p", "None of the models in use has an announced shutdown date.", "muted"));
  }
  data.timeline.forEach(function (entry) {
    timeline.appendChild(el("div", entry.date, "tl-date"));
    entry.models.forEach(function (m) {
      var row = el("div", null, "tl-model");
      row.appendChild(el("code", m.model));
      if (m.replacement) row.appendChild(el("span", " \u2192 " + m.replacement));
      row.appendChild(el("div", n(m.repositories.length, "repository").replace("repositorys", "repositories") +
        ", " + n(m.call_sites, "call site") + ": " +
        m.repositories.join(", "), "repos"));
      timeline.appendChild(row);
    });
  });

  function table(id, rows, columns) {
    var holder = document.getElementById(id);
    var controls = el("div", null, "controls");
    var filter = el("input");
    filter.type = "search";
    filter.id = id + "-filter";
    filter.placeholder = "Filter (any column)";
    controls.appendChild(filter);
    var count = el("span", "", "muted");
    count.id = id + "-count";
    controls.appendChild(count);
    holder.appendChild(controls);
    var tbl = el("table");
    tbl.id = id + "-table";
    var head = el("tr");
    columns.forEach(function (c) {
      var th = el("th", c.title);
      th.dataset.key = c.key;
      th.tabIndex = 0;
      head.appendChild(th);
    });
    var thead = el("thead");
    thead.appendChild(head);
    tbl.appendChild(thead);
    var body = el("tbody");
    tbl.appendChild(body);
    holder.appendChild(tbl);
    var state = { key: null, dir: 1 };
    function value(row, c) {
      var v = c.value ? c.value(row) : row[c.key];
      return v === null || v === undefined ? "" : v;
    }
    function text(row) { return columns.map(function (c) { return String(value(row, c)); }).join(" ").toLowerCase(); }
    function draw() {
      var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = rows.filter(function (r) {
        var all = text(r);
        return words.every(function (w) { return all.indexOf(w) >= 0; });
      });
      if (state.key) {
        var col = columns.filter(function (c) { return c.key === state.key; })[0];
        shown.sort(function (a, b) {
          var x = value(a, col), y = value(b, col);
          if (typeof x === "number" && typeof y === "number") return (x - y) * state.dir;
          return String(x).localeCompare(String(y)) * state.dir;
        });
      }
      body.textContent = "";
      shown.forEach(function (r) {
        var tr = el("tr");
        columns.forEach(function (c) {
          var v = value(r, c);
          var td = el("td", c.chip ? null : v, typeof v === "number" ? "num" : "");
          if (c.chip) td.appendChild(statusChip(v));
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      count.textContent = shown.length + " of " + rows.length;
    }
    head.addEventListener("click", function (event) {
      var th = event.target.closest("th");
      if (!th) return;
      state.dir = state.key === th.dataset.key ? -state.dir : 1;
      state.key = th.dataset.key;
      Array.prototype.forEach.call(head.children, function (h) {
        h.setAttribute("aria-sort", h === th ? (state.dir > 0 ? "ascending" : "descending") : "none");
      });
      draw();
    });
    filter.addEventListener("input", draw);
    draw();
  }
  function count(list) { return list.length; }
  function join(list) { return (list || []).join(", "); }
  table("models", data.models, [
    { key: "model", title: "Model" },
    { key: "platform", title: "Platform" },
    { key: "status", title: "Status", chip: true },
    { key: "shutdown", title: "Shutdown" },
    { key: "replacement", title: "Replacement" },
    { key: "repositories", title: "Repositories", value: function (r) { return count(r.repositories); } },
    { key: "files", title: "Files" },
    { key: "call_sites", title: "Call sites" },
    { key: "used_in", title: "Used in", value: function (r) { return join(r.repositories); } }
  ]);
  table("repositories", data.repositories, [
    { key: "source", title: "Repository" },
    { key: "status", title: "Status", chip: true },
    { key: "errors", title: "Errors" },
    { key: "warnings", title: "Warnings" },
    { key: "owners", title: "Owners", value: function (r) { return join(r.owners); } },
    { key: "models", title: "Models", value: function (r) { return join(r.models); } },
    { key: "commit", title: "Commit", value: function (r) { return (r.commit || "").slice(0, 12); } },
    { key: "error", title: "Error" }
  ]);
})();
"""


def _embed(summary: Dict[str, Any]) -> str:
    """The summary as JSON safe inside a <script> element (no ``</``, no ``<!--``)."""
    text = json.dumps(summary, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(summary: Dict[str, Any]) -> str:
    """The whole page."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>gemlint sweep, {summary['today']}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        '<h1>gemlint sweep</h1>\n<p class="totals" id="totals"></p>\n<section id="breaking"></section>\n'
        '<h2>Upcoming shutdowns</h2>\n<div class="timeline" id="timeline"></div>\n'
        '<h2>Models</h2>\n<div id="models"></div>\n<h2>Repositories</h2>\n<div id="repositories"></div>\n'
        "<noscript><p>This page draws its tables with JavaScript; summary.md and the CSV files hold the same "
        "data.</p></noscript>\n"
        f'<script type="application/json" id="sweep-data">{_embed(summary)}</script>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
