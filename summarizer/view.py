"""A self-contained HTML page to read a summary against its report: every item's evidence highlighted.

The report text is cut into segments at every evidence boundary, so overlapping or identical quotes of
several items simply give a segment carrying several item ids; the marked-up text is built here, once,
and the page's script only reacts to clicks and hovers. Everything taken from a report or a model is
escaped (html.escape for markup, JSON with <, >, & as \\u escapes for the data block), and a
Content-Security-Policy allows only this page's own two scripts (by hash) and no network access at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from ._view_assets import ERROR_PROBE, SCRIPT, STYLE
from .ground import SourceText
from .models import Achievement, Evidence, Goal, KeyProject, Report, ReportSummary

__all__ = ["Highlight", "highlights", "mark_text", "render_html", "render_many"]

KIND_CODES = {"goals": "g", "achievements": "a", "key_projects": "p"}
KIND_LABELS = {"goals": "Goals", "achievements": "Achievements", "key_projects": "Key projects"}


@dataclass(frozen=True)
class Highlight:
    """One item's evidence span in the report text, with how it was found."""

    id: str
    kind: str  # "g", "a" or "p"
    start: int
    end: int
    tier: str  # exact / normalized / fuzzy as grounded, or "relocated" when the viewer found the quote


def render_html(summary: ReportSummary, report: Report, *, title: str | None = None) -> str:
    """One HTML page (inline CSS and JS, no network) showing `summary` over `report`'s text."""
    return render_many([(summary, report)], title=title)


def render_many(pairs: Sequence[tuple[ReportSummary, Report]], *, title: str | None = None) -> str:
    """One page for several reports, with a picker when there is more than one."""
    if not pairs:
        raise ValueError("render_many needs at least one (summary, report) pair")
    sections: list[str] = []
    items: dict[str, dict[str, Any]] = {}
    options: list[str] = []
    for i, (summary, report) in enumerate(pairs):
        rid = f"r{i}"
        body, data = _report_section(rid, summary, report, hidden=i > 0)
        sections.append(body)
        items.update(data)
        options.append(f'<option value="{rid}">{_esc(_report_label(summary, report))}</option>')
    if title is None:
        title = _report_label(*pairs[0]) if len(pairs) == 1 else f"{len(pairs)} reports"
    picker = ""
    if len(pairs) > 1:
        picker = (
            '<nav class="picker"><label for="picker">Report</label>'
            f'<select id="picker">{"".join(options)}</select></nav>'
        )
    data_json = _json_for_script({"items": items})
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {_script_hash(ERROR_PROBE)} {_script_hash(SCRIPT)}; img-src 'none'; connect-src 'none'"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><script>{ERROR_PROBE}</script><style>{STYLE}</style></head>\n"
        f"<body>{picker}{''.join(sections)}"
        '<div id="popover" role="tooltip" hidden></div>'
        f'<script type="application/json" id="view-data">{data_json}</script>'
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def highlights(summary: ReportSummary, report: Report, prefix: str = "") -> list[Highlight | None]:
    """Each item's span in report order of the summary's lists (goals, achievements, projects).

    Offsets are trusted when they slice out the quote; otherwise (missing or stale offsets) the quote is
    looked up exactly or normalized, and None means it is not in this report.
    """
    text = report.text
    source: SourceText | None = None
    found: list[Highlight | None] = []
    for kind, code in KIND_CODES.items():
        for n, item in enumerate(getattr(summary, kind)):
            ev: Evidence = item.evidence
            hid = f"{prefix}{code}{n}"
            if _offsets_valid(ev, text) and ev.start is not None and ev.end is not None:
                found.append(Highlight(hid, code, ev.start, ev.end, str(ev.match or "exact")))
                continue
            source = source or SourceText(text, fuzzy=False)
            near = (ev.start, ev.end) if ev.start is not None and ev.end is not None else None
            located = source.locate(ev.quote, near) if ev.quote.strip() else None
            if located is None or located.start is None or located.end is None:
                found.append(None)
            else:
                found.append(Highlight(hid, code, located.start, located.end, "relocated"))
    return found


def mark_text(text: str, spans: Sequence[Highlight]) -> str:
    """`text` escaped, with every run covered by one or more spans wrapped in a <mark> naming their ids.

    The text is split at every span boundary; a segment's mark lists every item covering it (in the
    order the items were given), so unescaping the marks' contents gives back `text` exactly.
    """
    starts: dict[int, list[Highlight]] = {}
    ends: dict[int, list[Highlight]] = {}
    for h in spans:
        starts.setdefault(h.start, []).append(h)
        ends.setdefault(h.end, []).append(h)
    bounds = sorted({0, len(text), *starts, *ends})
    order = {h.id: i for i, h in enumerate(spans)}
    active: dict[str, Highlight] = {}
    out: list[str] = []
    for a, b in pairwise(bounds):
        for h in ends.get(a, ()):
            active.pop(h.id, None)
        for h in starts.get(a, ()):
            active[h.id] = h
        piece = html.escape(text[a:b], quote=False)
        if not active:
            out.append(piece)
            continue
        covering = sorted(active.values(), key=lambda h: order[h.id])
        classes = "".join(sorted({h.kind for h in covering}, key="gap".index))
        css = "hl " + " ".join(classes) + (" m" if len(covering) > 1 else "")
        ids = " ".join(h.id for h in covering)
        out.append(f'<mark class="{css}" data-ids="{ids}">{piece}</mark>')
    return "".join(out)


def _offsets_valid(ev: Evidence, text: str) -> bool:
    if ev.start is None or ev.end is None or not 0 <= ev.start < ev.end <= len(text):
        return False
    return not ev.quote or text[ev.start : ev.end] == ev.quote


def _report_section(
    rid: str, summary: ReportSummary, report: Report, *, hidden: bool
) -> tuple[str, dict[str, dict[str, Any]]]:
    spans = highlights(summary, report, prefix=f"{rid}-")
    located = [h for h in spans if h is not None]
    all_items: list[Goal | Achievement | KeyProject] = [
        *summary.goals,
        *summary.achievements,
        *summary.key_projects,
    ]
    data = {}
    for item, span in zip(all_items, spans, strict=True):
        if span is not None:
            title, detail = _item_label(item)
            data[span.id] = {"k": span.kind, "t": title, "d": detail, "s": span.start, "e": span.end}
    by_id = {h.id: h for h in located}
    tables = "".join(
        _items_table(kind, getattr(summary, kind), rid, by_id)
        for kind in ("goals", "achievements", "key_projects")
    )
    body = (
        f'<section class="report" id="{rid}"{" hidden" if hidden else ""}>'
        f"{_header(summary, report, spans)}"
        f'<main><article class="text" lang="zh">{mark_text(report.text, located)}</article>'
        f"<aside>{tables}{_rejected_table(summary)}</aside></main></section>"
    )
    return body, data


def _report_label(summary: ReportSummary, report: Report) -> str:
    meta = summary.meta
    parts = [meta.region or report.meta.region or report.id, str(meta.year or report.meta.year or "")]
    return " ".join(p for p in parts if p) + f" ({report.id})"


def _header(summary: ReportSummary, report: Report, spans: Sequence[Highlight | None]) -> str:
    meta, rmeta = summary.meta, report.meta
    facts = [
        ("region", meta.region or rmeta.region),
        ("level", meta.admin_level or rmeta.admin_level),
        ("year", meta.year or rmeta.year),
        ("type", meta.doc_type or rmeta.doc_type),
        ("date", meta.date or rmeta.date),
        ("speaker", meta.speaker or rmeta.speaker),
        ("source", f"{summary.source or report.source or '-'} #{summary.report_index}"),
        ("backend", summary.backend),
    ]
    u = summary.usage
    usage = [
        ("calls", u.calls),
        (
            "tokens",
            f"{u.prompt_tokens + u.completion_tokens} ({u.prompt_tokens} in / {u.completion_tokens} out)",
        ),
        ("cost", f"${u.cost:.4f}"),
        ("seconds", f"{u.seconds:.1f}"),
    ]
    dl = "".join(
        f"<div><dt>{_esc(k)}</dt><dd>{_esc(v)}</dd></div>" for k, v in [*facts, *usage] if v not in (None, "")
    )
    counts = {code: 0 for code in KIND_CODES.values()}
    for h in spans:
        if h is not None:
            counts[h.kind] += 1
    totals = {"g": len(summary.goals), "a": len(summary.achievements), "p": len(summary.key_projects)}
    legend = "".join(
        f'<span><mark class="sw {code}">{KIND_LABELS[kind]}</mark> {counts[code]}/{totals[code]} highlighted</span>'
        for kind, code in KIND_CODES.items()
    )
    legend += (
        '<span><mark class="sw g a m">overlap</mark> several items</span>'
        f"<span>{len(summary.rejected)} rejected</span>"
        '<span class="tier">click a row to jump to its quote; hover a highlight to see its items</span>'
    )
    heading = _esc(rmeta.title or meta.title or _report_label(summary, report))
    return (
        f'<header class="meta"><h1>{heading}<small>{_esc(report.id)}</small></h1>'
        f'<dl class="facts">{dl}</dl><div class="legend">{legend}</div></header>'
    )


_COLUMNS = {
    "goals": (
        "indicator",
        "description",
        "low",
        "high",
        "unit",
        "qualifier",
        "horizon",
        "base_year",
        "stated_in",
    ),
    "achievements": ("indicator", "description", "value", "unit", "qualifier", "estimate", "period"),
    "key_projects": ("name", "status", "investment", "location"),
}
_CELL_CLASS = dict.fromkeys(("low", "high", "value", "horizon", "base_year", "investment"), "num")
_CELL_CLASS |= dict.fromkeys(("indicator", "description", "name", "location"), "w")


def _items_table(kind: str, items: Sequence[Any], rid: str, by_id: dict[str, Highlight]) -> str:
    code = KIND_CODES[kind]
    columns = _COLUMNS[kind]
    head = "".join(f"<th>{c}</th>" for c in columns) + "<th>match</th>"
    rows = []
    for n, item in enumerate(items):
        hid = f"{rid}-{code}{n}"
        span = by_id.get(hid)
        cells = "".join(f'<td class="{_CELL_CLASS.get(c, "")}">{_cell_html(item, c)}</td>' for c in columns)
        tier = span.tier if span else "not located"
        quote = item.evidence.quote
        cls = "" if span else ' class="unlocated"'
        rows.append(
            f'<tr data-id="{hid}"{cls} title="{_esc(quote)}">{cells}<td class="tier">{_esc(tier)}</td></tr>'
        )
    body = "".join(rows) or f'<tr><td colspan="{len(columns) + 1}" class="empty">none</td></tr>'
    # the empty-row placeholder has no data-id, so row counts below stay equal to the item count
    body_cls = code if rows else "none"
    return (
        f'<details open><summary><span class="kind {code}"></span>{KIND_LABELS[kind]} '
        f'<span class="n">({len(items)})</span></summary>'
        f'<table><thead><tr>{head}</tr></thead><tbody class="{body_cls}">{body}</tbody></table></details>'
    )


def _cell_html(item: Any, column: str) -> str:
    # <wbr> lets long indicator keys (urban_disposable_income_growth) wrap at their underscores
    text = _esc(_cell(item, column))
    return text.replace("_", "_<wbr>") if column == "indicator" else text


def _cell(item: Any, column: str) -> str:
    if column == "estimate":
        return "estimate" if item.is_estimate else ""
    if column == "investment":
        inv = item.investment
        return f"{inv.amount:g} {inv.unit}" if inv else ""
    value = getattr(item, column)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _item_label(item: Goal | Achievement | KeyProject) -> tuple[str, str]:
    """A one-line title and a detail line for the hover popover."""
    if isinstance(item, Goal):
        unit = item.unit or ""
        if item.low is not None and item.high is not None and item.low != item.high:
            amount = f"{item.low:g}–{item.high:g}{unit}"
        elif item.low is not None or item.high is not None:
            amount = f"{(item.low if item.low is not None else item.high):g}{unit}"
        else:
            amount = ""
        parts = [item.indicator, amount, str(item.qualifier), str(item.horizon or "")]
        parts += [f"since {item.base_year}" if item.base_year else "", item.stated_in or ""]
        return " · ".join(p for p in parts if p), item.description
    if isinstance(item, Achievement):
        amount = f"{item.value:g}{item.unit or ''}" if item.value is not None else ""
        parts = [
            item.indicator,
            amount,
            str(item.qualifier),
            "estimate" if item.is_estimate else "",
            item.period or "",
        ]
        return " · ".join(p for p in parts if p), item.description
    inv = f"{item.investment.amount:g}{item.investment.unit}" if item.investment else ""
    parts = [item.name, str(item.status), inv, item.location or "", item.sector or ""]
    return " · ".join(p for p in parts if p), item.description or item.evidence.quote


def _rejected_table(summary: ReportSummary) -> str:
    rows = []
    for rej in summary.rejected:
        item = rej.item if isinstance(rej.item, dict) else {}
        name = item.get("description") or item.get("name") or item.get("indicator") or ""
        evidence = item.get("evidence")
        quote = evidence.get("quote", "") if isinstance(evidence, dict) else ""
        rows.append(
            f'<tr><td>{_esc(rej.kind)}</td><td class="w">{_esc(name)}</td><td class="w">{_esc(quote)}</td>'
            f'<td class="w reason">{_esc(rej.reason)}</td></tr>'
        )
    body = "".join(rows) or '<tr><td colspan="4" class="empty">none</td></tr>'
    body_cls = "rejected" if rows else "rejected-none"
    return (
        f'<details class="rejected"{" open" if rows else ""}><summary>Rejected '
        f'<span class="n">({len(summary.rejected)})</span></summary>'
        "<table><thead><tr><th>kind</th><th>item</th><th>quote</th><th>reason</th></tr></thead>"
        f'<tbody class="{body_cls}">{body}</tbody></table></details>'
    )


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' (so no '</script>' or '<!--') survives."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
