"""One or more summaries as text: JSON, Markdown or a rich table (for a terminal or a file).

JSON is always an array, one summary per report, whether the file held one report or many; JSONL is one
summary per line (the shape `batch` writes).
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from .models import Achievement, Goal, KeyProject, ReportSummary

__all__ = ["FORMATS", "render", "render_json", "render_markdown", "render_table"]

FORMATS = ("json", "jsonl", "markdown", "table")


def render(summaries: Sequence[ReportSummary], fmt: str, *, width: int = 120, color: bool = False) -> str:
    """Render summaries in one of FORMATS."""
    if fmt == "json":
        return render_json(summaries)
    if fmt == "jsonl":
        return "".join(s.model_dump_json() + "\n" for s in summaries)
    if fmt == "markdown":
        return "\n\n".join(render_markdown(s) for s in summaries) + "\n"
    if fmt == "table":
        return render_table(summaries, width=width, color=color)
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def render_json(summaries: Sequence[ReportSummary]) -> str:
    data = [s.model_dump(mode="json") for s in summaries]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _heading(s: ReportSummary) -> str:
    m = s.meta
    parts = [m.region or "unknown region", str(m.year) if m.year else "", m.doc_type]
    return " ".join(p for p in parts if p)


def _span(item: Goal | Achievement | KeyProject) -> str:
    e = item.evidence
    return f"{e.start}-{e.end}" if e.start is not None else ""


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _goal_value(g: Goal) -> str:
    if g.low is None and g.high is None:
        return ""
    if g.low == g.high or g.high is None:
        return f"{_num(g.low)}{g.unit or ''}"
    if g.low is None:
        return f"{_num(g.high)}{g.unit or ''}"
    return f"{_num(g.low)}–{_num(g.high)}{g.unit or ''}"


def _md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render_markdown(s: ReportSummary) -> str:
    """A Markdown section: heading, then goals, achievements and projects with quotes and offsets."""
    out = [f"## {_heading(s)}", ""]
    facts = [f"source: {s.source or '-'} (report {s.report_index})", f"backend: {s.backend or '-'}"]
    if s.meta.title:
        facts.insert(0, f"title: {s.meta.title}")
    out += [f"- {f}" for f in facts]
    out += ["", f"### Goals ({len(s.goals)})", ""]
    if s.goals:
        out.append(
            _md_table(
                ["indicator", "target", "qualifier", "horizon", "base year", "stated in", "quote", "span"],
                [
                    [
                        g.indicator,
                        _goal_value(g),
                        g.qualifier,
                        g.horizon or "",
                        g.base_year or "",
                        g.stated_in or "",
                        g.evidence.quote,
                        _span(g),
                    ]
                    for g in s.goals
                ],
            )
        )
    out += ["", f"### Achievements ({len(s.achievements)})", ""]
    if s.achievements:
        out.append(
            _md_table(
                ["indicator", "value", "period", "estimate", "quote", "span"],
                [
                    [
                        a.indicator,
                        f"{_num(a.value)}{a.unit or ''}",
                        a.period or "",
                        "yes" if a.is_estimate else "",
                        a.evidence.quote,
                        _span(a),
                    ]
                    for a in s.achievements
                ],
            )
        )
    out += ["", f"### Key projects ({len(s.key_projects)})", ""]
    if s.key_projects:
        out.append(
            _md_table(
                ["name", "status", "investment", "quote", "span"],
                [
                    [
                        p.name,
                        p.status,
                        f"{_num(p.investment.amount)}{p.investment.unit}" if p.investment else "",
                        p.evidence.quote,
                        _span(p),
                    ]
                    for p in s.key_projects
                ],
            )
        )
    if s.rejected:
        out += ["", f"### Rejected ({len(s.rejected)})", ""]
        out += [f"- {r.kind}: {_md_cell(r.reason)}" for r in s.rejected]
    u = s.usage
    if u.calls:
        out += ["", f"_{u.calls} calls, {u.prompt_tokens + u.completion_tokens} tokens, cost {u.cost:.4f}_"]
    return "\n".join(out)


def render_table(summaries: Sequence[ReportSummary], *, width: int = 120, color: bool = False) -> str:
    """Rich tables (goals, achievements, projects) per summary, rendered to text."""
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="auto" if color else None)
    for s in summaries:
        console.rule(f"{_heading(s)}  ({s.source or 'text'} #{s.report_index})")
        goals = Table(title=f"Goals ({len(s.goals)})", expand=True)
        for column in ("indicator", "target", "qualifier", "horizon", "stated in", "quote"):
            goals.add_column(column, overflow="fold")
        for g in s.goals:
            horizon = str(g.horizon or "") + (f" (since {g.base_year})" if g.base_year else "")
            goals.add_row(
                g.indicator, _goal_value(g), g.qualifier, horizon, g.stated_in or "", g.evidence.quote
            )
        achievements = Table(title=f"Achievements ({len(s.achievements)})", expand=True)
        for column in ("indicator", "value", "period", "quote"):
            achievements.add_column(column, overflow="fold")
        for a in s.achievements:
            value = f"{_num(a.value)}{a.unit or ''}" + (" (est.)" if a.is_estimate else "")
            achievements.add_row(a.indicator, value, a.period or "", a.evidence.quote)
        projects = Table(title=f"Key projects ({len(s.key_projects)})", expand=True)
        for column in ("name", "status", "investment", "quote"):
            projects.add_column(column, overflow="fold")
        for p in s.key_projects:
            invest = f"{_num(p.investment.amount)}{p.investment.unit}" if p.investment else ""
            projects.add_row(p.name, p.status, invest, p.evidence.quote)
        for table in (goals, achievements, projects):
            console.print(table)
        if s.rejected:
            console.print(f"{len(s.rejected)} item(s) rejected (see --format json)")
    return buffer.getvalue()
