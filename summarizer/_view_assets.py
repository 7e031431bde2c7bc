"""CSS and JavaScript inlined into the pages `view.render_html` writes (kept apart so view.py stays readable).

The script is deliberately small: the marked-up text is built in Python, and the script only reacts to
events through delegation (one click and one mouseover listener), so a 75k-character report with hundreds
of highlights costs the browser nothing per character. It never uses innerHTML: popover content is set
with textContent from the JSON block, so model output cannot become markup.
"""

from __future__ import annotations

__all__ = ["ERROR_PROBE", "SCRIPT", "STYLE"]

STYLE = """
:root { --g: #bcd7ff; --a: #c6efc0; --p: #ffd9a3; --gd: #2f6fd1; --ad: #2e8b37; --pd: #c46a00;
  --line: #d9dde3; --muted: #5f6b7a; --bg: #fbfbfc; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  color: #1d232b; background: var(--bg); display: flex; flex-direction: column; }
.picker { padding: 6px 16px; background: #1d232b; color: #fff; display: flex; gap: 8px; align-items: center; }
.picker select { font: inherit; max-width: 60ch; }
.report { flex: 1; min-height: 0; display: flex; flex-direction: column; }
.report[hidden] { display: none; }
header.meta { padding: 10px 16px 8px; border-bottom: 1px solid var(--line); background: #fff; }
header.meta h1 { font-size: 18px; margin: 0 0 4px; }
header.meta h1 small { font-weight: normal; color: var(--muted); margin-left: 8px; }
.facts { display: flex; flex-wrap: wrap; gap: 2px 18px; margin: 0; color: var(--muted); }
.facts div { display: flex; gap: 4px; }
.facts dt { font-weight: 600; color: #3b4552; }
.facts dd { margin: 0; }
.legend { display: flex; gap: 12px; margin-top: 6px; flex-wrap: wrap; align-items: center; font-size: 13px; }
.legend .sw { display: inline-block; padding: 0 6px; border-radius: 3px; }
main { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 1fr) minmax(360px, 44%); }
.text { overflow: auto; padding: 16px 22px 40vh; white-space: pre-wrap; overflow-wrap: anywhere;
  font-size: 15px; line-height: 1.9; background: #fff; }
aside { overflow: auto; border-left: 1px solid var(--line); padding: 8px 12px 40px; }
aside details { margin-bottom: 10px; }
aside summary { font-weight: 600; cursor: pointer; padding: 4px 0; }
aside summary .n { color: var(--muted); font-weight: normal; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; background: #fff; }
th, td { border: 1px solid var(--line); padding: 3px 5px; text-align: left; vertical-align: top;
  white-space: nowrap; }
td.w { white-space: normal; overflow-wrap: anywhere; min-width: 7em; }
th { background: #f0f2f5; position: sticky; top: 0; z-index: 1; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr[data-id] { cursor: pointer; }
tr[data-id]:hover td { background: #f5f8ff; }
tr.sel td { background: #fff6cc !important; }
tr.unlocated td { color: var(--muted); font-style: italic; }
tr.unlocated { cursor: default; }
.tier { font-size: 11px; color: var(--muted); }
mark.hl { color: inherit; border-radius: 2px; padding: 0; cursor: pointer; }
mark.g { background: var(--g); }
mark.a { background: var(--a); }
mark.p { background: var(--p); }
mark.g.a { background: linear-gradient(var(--g) 50%, var(--a) 50%); }
mark.g.p { background: linear-gradient(var(--g) 50%, var(--p) 50%); }
mark.a.p { background: linear-gradient(var(--a) 50%, var(--p) 50%); }
mark.g.a.p { background: linear-gradient(var(--g) 33%, var(--a) 33% 66%, var(--p) 66%); }
mark.m { box-shadow: inset 0 -2px 0 rgba(0, 0, 0, .35); }
mark.sel { outline: 2px solid #e0a100; }
mark.flash { animation: flash 1.2s ease-out 1; }
@keyframes flash { 0%, 40% { background: #ffe14d; } }
.rejected td.reason { color: #a12a2a; }
.kind { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; }
.kind.g { background: var(--gd); } .kind.a { background: var(--ad); } .kind.p { background: var(--pd); }
.empty { color: var(--muted); font-style: italic; }
#popover { position: fixed; z-index: 10; max-width: 420px; background: #1d232b; color: #fff; font-size: 12.5px;
  padding: 6px 8px; border-radius: 4px; pointer-events: none; box-shadow: 0 2px 8px rgba(0, 0, 0, .3); }
#popover[hidden] { display: none; }
#popover .it + .it { border-top: 1px solid #46505c; margin-top: 4px; padding-top: 4px; }
#popover .d { color: #c9d1db; }
@media (max-width: 900px) { main { grid-template-columns: 1fr; grid-template-rows: 55% 45%; }
  aside { border-left: 0; border-top: 1px solid var(--line); } }
"""

ERROR_PROBE = (
    "window.__viewErrors=[];"
    'addEventListener("error",function(e){var t=e.target;window.__viewErrors.push(e.message?String(e.message):'
    '"resource error: "+(t&&t.tagName))},true);'
    'addEventListener("securitypolicyviolation",function(e){window.__viewErrors.push("csp: "+e.violatedDirective)});'
    'addEventListener("unhandledrejection",function(e){window.__viewErrors.push("rejection: "+String(e.reason))});'
    "(function(c){var o=c.error;c.error=function(){window.__viewErrors.push(Array.prototype.join.call("
    'arguments," "));return o.apply(c,arguments)}})(console);'
)
"""Runs first, in <head>: records script errors, failed resources and console.error for the self-test."""

SCRIPT = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("view-data").textContent);
  var pop = document.getElementById("popover");
  var KIND = {g: "goal", a: "achievement", p: "project"};
  var current = null;

  function sectionOf(id) { return document.getElementById(id.split("-")[0]); }
  function item(id) { return DATA.items[id]; }
  function marksFor(id) {
    return Array.prototype.slice.call(sectionOf(id).querySelectorAll('mark[data-ids~="' + id + '"]'));
  }
  function rowsFor(id) {
    return Array.prototype.slice.call(sectionOf(id).querySelectorAll('tr[data-id="' + id + '"]'));
  }
  function show(reportId) {
    document.querySelectorAll("section.report").forEach(function (s) { s.hidden = s.id !== reportId; });
    var picker = document.getElementById("picker");
    if (picker) picker.value = reportId;
  }
  function clearSelection() {
    if (!current) return;
    current.marks.forEach(function (m) { m.classList.remove("sel", "flash"); });
    current.rows.forEach(function (r) { r.classList.remove("sel"); });
    current = null;
  }
  // Scroll the item's first highlight to the middle of the text pane and flash all of its segments.
  function focusItem(id) {
    if (!item(id)) return false;
    show(id.split("-")[0]);
    clearSelection();
    current = {marks: marksFor(id), rows: rowsFor(id)};
    current.rows.forEach(function (r) { r.classList.add("sel"); });
    if (!current.marks.length) return false;
    current.marks[0].scrollIntoView({block: "center", inline: "nearest"});
    void current.marks[0].offsetWidth;  // restart the animation when the same item is clicked again
    current.marks.forEach(function (m) { m.classList.add("sel", "flash"); });
    showPopover(current.marks[0]);
    return true;
  }
  // A click on a highlight selects its item(s) in the side panel.
  function focusRows(ids) {
    clearSelection();
    var rows = [];
    ids.forEach(function (id) { rows = rows.concat(rowsFor(id)); });
    current = {marks: [], rows: rows};
    rows.forEach(function (r) { r.classList.add("sel"); var d = r.closest("details"); if (d) d.open = true; });
    if (rows.length) rows[0].scrollIntoView({block: "nearest"});
  }

  document.addEventListener("click", function (ev) {
    var row = ev.target.closest("tr[data-id]");
    if (row) { focusItem(row.getAttribute("data-id")); return; }
    var mark = ev.target.closest("mark.hl");
    if (mark) focusRows(mark.getAttribute("data-ids").split(" "));
  });

  // Hover popover: the items behind a highlight, built with textContent only.
  var shown = null;
  function showPopover(mark) {
    shown = mark;
    if (!mark) { pop.hidden = true; return; }
    pop.textContent = "";
    mark.getAttribute("data-ids").split(" ").forEach(function (id) {
      var it = item(id);
      if (!it) return;
      var box = document.createElement("div");
      box.className = "it";
      var head = document.createElement("div");
      var sw = document.createElement("span");
      sw.className = "kind " + it.k;
      head.appendChild(sw);
      head.appendChild(document.createTextNode(KIND[it.k] + ": " + it.t));
      var detail = document.createElement("div");
      detail.className = "d";
      detail.textContent = it.d;
      box.appendChild(head);
      box.appendChild(detail);
      pop.appendChild(box);
    });
    var r = mark.getBoundingClientRect();
    pop.hidden = false;
    var top = r.bottom + 6;
    if (top + pop.offsetHeight > window.innerHeight) top = Math.max(0, r.top - pop.offsetHeight - 6);
    pop.style.top = top + "px";
    pop.style.left = Math.max(0, Math.min(r.left, window.innerWidth - pop.offsetWidth - 8)) + "px";
  }
  document.addEventListener("mouseover", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark.hl") : null;
    if (mark !== shown) showPopover(mark);
  });

  var picker = document.getElementById("picker");
  if (picker) picker.addEventListener("change", function () { clearSelection(); show(picker.value); });

  // Self-test for the browser tests: open the page with #selftest; results go into the pre#selftest-result element.
  function codePoints(s) { return Array.from(s).length; }
  function selftest() {
    var t0 = performance.now();
    var out = {reports: [], pwned: !!window.__pwned, title: document.title,
               scripts: document.scripts.length, images: document.images.length,
               resources: performance.getEntriesByType("resource").length};
    document.querySelectorAll("section.report").forEach(function (sec) {
      show(sec.id);
      var pane = sec.querySelector(".text");
      var marks = pane.querySelectorAll("mark.hl");
      var ids = {};
      marks.forEach(function (m) { m.getAttribute("data-ids").split(" ").forEach(function (i) { ids[i] = 1; }); });
      var r = {id: sec.id, marks: marks.length, highlighted: Object.keys(ids).length,
               rows: {g: sec.querySelectorAll("tbody.g tr").length, a: sec.querySelectorAll("tbody.a tr").length,
                      p: sec.querySelectorAll("tbody.p tr").length},
               rejected: sec.querySelectorAll("tbody.rejected tr").length,
               text_chars: codePoints(pane.textContent), text: pane.textContent.length < 2000 ? pane.textContent : null,
               clicked: 0, in_view: 0, flashed: 0, span_ok: 0, hovered: 0, hover_ok: 0, failures: []};
      // hovering a highlight lists every item behind it (marks shared by several items included)
      marks.forEach(function (m) {
        m.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
        r.hovered++;
        var ok = !pop.hidden && m.getAttribute("data-ids").split(" ").every(function (i) {
          return pop.textContent.indexOf(item(i).t) >= 0;
        }) && pop.querySelectorAll(".it").length === m.getAttribute("data-ids").split(" ").length;
        if (ok) r.hover_ok++; else r.failures.push(m.getAttribute("data-ids") + ": popover");
      });
      document.body.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
      if (!pop.hidden) r.failures.push("popover stays after leaving the highlights");
      sec.querySelectorAll("tr[data-id]:not(.unlocated)").forEach(function (row) {
        var id = row.getAttribute("data-id");
        row.click();
        r.clicked++;
        var ms = marksFor(id);
        if (!ms.length) { r.failures.push(id + ": no highlight"); return; }
        var box = ms[0].getBoundingClientRect(), view = pane.getBoundingClientRect();
        var visible = box.top >= view.top - 1 && box.top < view.bottom && box.bottom > view.top &&
                      box.top >= 0 && box.top < window.innerHeight;
        if (visible) r.in_view++; else r.failures.push(id + ": not in view " + box.top + " of " + view.top + "-" + view.bottom);
        if (ms.every(function (m) { return m.classList.contains("flash"); })) r.flashed++;
        else r.failures.push(id + ": no flash");
        var text = ms.map(function (m) { return m.textContent; }).join("");
        var it = item(id);
        if (codePoints(text) === it.e - it.s) r.span_ok++; else r.failures.push(id + ": span length");
      });
      out.reports.push(r);
    });
    out.selftest_ms = performance.now() - t0;
    out.load_ms = t0;
    out.errors = window.__viewErrors.slice();
    var pre = document.createElement("pre");
    pre.id = "selftest-result";
    pre.hidden = true;
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }

  var hash = decodeURIComponent(location.hash.slice(1));
  if (hash === "selftest") selftest();
  else if (hash.indexOf("item=") === 0) focusItem(hash.slice(5));
})();
"""
