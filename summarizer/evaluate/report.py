"""A comparison rendered as Markdown and as one self-contained HTML page (inline CSS and SVG, no network)."""

from __future__ import annotations

from html import escape

from .compare import MIN_BOOTSTRAP_DOCS, BootstrapCI, Comparison, DocDiff
from .gold import KINDS

__all__ = ["render_html", "render_markdown"]

_DOC_HEADER = [
    "doc",
    "soft F1 base",
    "soft F1 this",
    "Δ soft",
    "strict F1 base",
    "strict F1 this",
    "Δ strict",
]

_COLORS = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d", "#bab0ac")


def _num(v: float | None, digits: int = 3) -> str:
    if v is None:
        return "–"
    if isinstance(v, int):
        return str(v)
    return f"{v:.{digits}f}"


def _signed(v: float | None) -> str:
    return "–" if v is None else f"{v:+.3f}"


def _ci_text(ci: BootstrapCI) -> str:
    return f"[{ci.low:+.3f}, {ci.high:+.3f}]"


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    def esc(cell: str) -> str:
        return cell.replace("|", "\\|")

    lines = ["| " + " | ".join(map(esc, header)) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(map(esc, row)) + " |" for row in rows]
    return "\n".join(lines)


def _ci_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for name, cis in comparison.intervals.items():
        for ci in cis:
            rows.append([name, ci.scope, ci.mode, _signed(ci.diff), _ci_text(ci), ci.verdict])
    return rows


def _doc_rows(diffs: list[DocDiff]) -> list[list[str]]:
    return [
        [
            d.doc,
            _num(d.soft_a),
            _num(d.soft_b),
            _signed(d.diff("soft")),
            _num(d.strict_a),
            _num(d.strict_b),
            _signed(d.diff("strict")),
        ]
        for d in diffs
    ]


def render_markdown(comparison: Comparison, title: str = "Eval comparison") -> str:
    """Tables: metrics side by side, bootstrap CIs of F1 differences, per-document F1."""
    names = [c.name for c in comparison.cells]
    base = names[0]
    parts = [f"# {title}", "", f"Baseline: `{base}`. Differences are other minus baseline.", ""]
    parts += ["## Metrics", ""]
    parts.append(_md_table(["metric", *names], [[m, *map(_num, vals)] for m, vals in comparison.rows]))
    if comparison.intervals:
        first = next(iter(comparison.intervals.values()))[0]
        parts += [
            "",
            "## Micro-F1 differences with paired-bootstrap 95% CI",
            "",
            f"Reports resampled with replacement, same draws for both cells; {first.resamples} resamples, "
            f"seed {first.seed}, {first.n_docs} shared reports. Significant = the interval excludes 0 "
            f"(never called with fewer than {MIN_BOOTSTRAP_DOCS} reports).",
            "",
            _md_table(["cell", "scope", "mode", "ΔF1", "95% CI", "significant"], _ci_rows(comparison)),
        ]
    for name, diffs in comparison.doc_diffs.items():
        parts += ["", f"## Per-document F1: `{base}` vs `{name}`", ""]
        rows = _doc_rows(diffs)
        parts.append(_md_table(_DOC_HEADER, rows))
    return "\n".join(parts) + "\n"


def _bar_chart(comparison: Comparison) -> str:
    """Grouped bars: soft and strict F1 per scope (all kinds, each kind), one color per cell."""
    groups = [("all", "micro"), *((k, k) for k in KINDS)]
    cells = comparison.cells
    bar_w, gap, pad_l, height, top = 14, 26, 40, 180, 20
    per_group = len(cells) * 2
    width = pad_l + len(groups) * (per_group * bar_w + gap) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + top + 60}" role="img">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + height - tick * height
        out.append(f'<line x1="{pad_l}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{pad_l - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick:g}</text>')
    x = pad_l + gap / 2
    for scope, label in groups:
        gx = x
        for mode_i, mode in enumerate(("soft", "strict")):
            for ci, cell in enumerate(cells):
                s = cell.summary
                value = s.micro[mode]["f1"] if scope == "all" else s.per_kind[scope][mode]["f1"]
                h = (value or 0.0) * height
                color = _COLORS[ci % len(_COLORS)]
                opacity = "1" if mode_i == 0 else "0.5"
                tip = escape(f"{cell.name} {label} {mode} F1 = {_num(value)}")
                out.append(
                    f'<rect x="{x:.1f}" y="{top + height - h:.1f}" width="{bar_w - 2}" height="{h:.1f}" '
                    f'fill="{color}" fill-opacity="{opacity}"><title>{tip}</title></rect>'
                )
                x += bar_w
        out.append(
            f'<text x="{(gx + x) / 2:.1f}" y="{top + height + 16}" font-size="11" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        x += gap
    out.append(
        f'<text x="{pad_l}" y="{top + height + 40}" font-size="10">solid = soft F1, pale = strict F1</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _forest_plot(cis: list[BootstrapCI]) -> str:
    """Each ΔF1 as a dot with its 95% interval on a shared axis around 0."""
    span = max([0.05, *(abs(c.low) for c in cis), *(abs(c.high) for c in cis)])
    row_h, label_w, plot_w = 22, 190, 420
    height = row_h * len(cis) + 40

    def px(v: float) -> float:
        return label_w + (v + span) / (2 * span) * plot_w

    svg_w = label_w + plot_w + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{svg_w}" height="{height}" role="img">']
    out.append(f'<line x1="{px(0):.1f}" x2="{px(0):.1f}" y1="5" y2="{height - 25}" stroke="#999"/>')
    for v in (-span, 0.0, span):
        out.append(
            f'<text x="{px(v):.1f}" y="{height - 8}" font-size="10" text-anchor="middle">{v:+.2f}</text>'
        )
    for i, ci in enumerate(cis):
        y = 15 + i * row_h
        color = "#555" if not ci.significant else ("#2a7" if ci.low > 0 else "#d33")
        out.append(f'<text x="4" y="{y + 4}" font-size="11">{escape(f"{ci.scope} · {ci.mode}")}</text>')
        out.append(
            f'<line x1="{px(ci.low):.1f}" x2="{px(ci.high):.1f}" y1="{y}" y2="{y}" stroke="{color}" '
            f'stroke-width="2"/><circle cx="{px(ci.diff):.1f}" cy="{y}" r="4" fill="{color}">'
            f"<title>{escape(f'{ci.diff:+.3f} {_ci_text(ci)}')}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_CSS = """
body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:1em 0;font-size:13px}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}
thead{background:#f3f3f3}
.legend span{display:inline-block;margin-right:1.5em}
.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
"""


def render_html(comparison: Comparison, title: str = "Eval comparison") -> str:
    """A single HTML page with the tables and SVG charts; it loads nothing from the network."""
    names = [c.name for c in comparison.cells]
    legend = "".join(
        f'<span><i style="background:{_COLORS[i % len(_COLORS)]}"></i>{escape(n)}</span>'
        for i, n in enumerate(names)
    )
    parts = [
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
        f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>",
        f"<p>Baseline: <code>{escape(names[0])}</code>. Differences are other minus baseline.</p>",
        f"<h2>F1 by scope</h2><div class='legend'>{legend}</div>{_bar_chart(comparison)}",
        "<h2>Metrics</h2>",
        _html_table(["metric", *names], [[m, *map(_num, vals)] for m, vals in comparison.rows]),
    ]
    for name, cis in comparison.intervals.items():
        parts.append(
            f"<h2>ΔF1 of {escape(name)} (paired bootstrap 95% CI, {cis[0].resamples} resamples, seed {cis[0].seed}, "
            f"{cis[0].n_docs} reports)</h2>{_forest_plot(cis)}"
        )
    if comparison.intervals:
        parts.append(
            _html_table(["cell", "scope", "mode", "ΔF1", "95% CI", "significant"], _ci_rows(comparison))
        )
    for name, diffs in comparison.doc_diffs.items():
        parts.append(f"<h2>Per-document F1: {escape(names[0])} vs {escape(name)}</h2>")
        rows = _doc_rows(diffs)
        parts.append(_html_table(_DOC_HEADER, rows))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
