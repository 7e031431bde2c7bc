"""Realistic summaries for the view tests, built from the gold annotations and real corpus text.

Gold items become Goal / Achievement / KeyProject with evidence located by SourceText in the right
report; a gold item that fails to validate or to locate becomes a Rejected entry (never dropped).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from pydantic import ValidationError

from summarizer import SourceText
from summarizer.models import (
    Achievement,
    Goal,
    KeyProject,
    Rejected,
    Report,
    ReportMeta,
    ReportSummary,
    Usage,
)
from tests.conftest import CORPUS, corpus_reports

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold"
_MODELS = {"goals": Goal, "achievements": Achievement, "key_projects": KeyProject}
_CORPUS_NAMES = {
    "000": "bazhong",
    "001": "chongqing_districts",
    "002": "bazhou_plan",
    "003": "qianjiang",
    "004": "provinces",
}

# Every payload sets a marker if a browser ever runs it as script.
MARK = "document.documentElement.setAttribute('data-pwned','1');document.title='PWNED'"
PAYLOADS = (
    f"<script>{MARK}</script>",
    f'<img src=x onerror="{MARK}">',
    f"</script><script>{MARK}</script>",
    f'"><svg onload="{MARK}"></svg>',
    "{{ 7*7 }} ${7*7} '单引号' \"双引号\" &amp; &lt;b&gt; <!-- x --> \u2028",
)


def gold_report(name: str) -> Report:
    """The corpus report a gold file annotates (matched by region inside collections)."""
    gold = _gold(name)
    reports = corpus_reports(_CORPUS_NAMES[name[:3]])
    return next(r for r in reports if r.meta.region == gold["region"])


def gold_items(name: str, report: Report) -> tuple[dict[str, list], list[Rejected]]:
    """Gold items of `name` grounded in `report.text`, and the ones that could not be."""
    source = SourceText(report.text, fuzzy=False)
    items: dict[str, list] = {kind: [] for kind in _MODELS}
    rejected: list[Rejected] = []
    for kind, model in _MODELS.items():
        for raw in _gold(name)[kind]:
            fields = dict(raw)
            quote = fields.pop("quote")
            evidence = source.locate(quote)
            if evidence is None:
                rejected.append(Rejected(kind=kind, item=raw, reason=f"quote not found: {quote[:40]!r}"))
                continue
            try:
                items[kind].append(model(**fields, evidence=evidence))
            except ValidationError as exc:
                rejected.append(Rejected(kind=kind, item=raw, reason=str(exc.errors()[0]["msg"])))
    return items, rejected


def gold_summary(name: str) -> tuple[ReportSummary, Report]:
    """A summary holding every gold item of `name` over its corpus report."""
    report = gold_report(name)
    items, rejected = gold_items(name, report)
    summary = ReportSummary(
        meta=report.meta,
        source=report.source,
        report_index=report.index,
        backend="gold",
        rejected=rejected,
        usage=Usage(calls=3, prompt_tokens=12000, completion_tokens=2100, cost=0.0123, seconds=8.5),
        **items,
    )
    return summary, report


def long_single_line(chars: int = 75_000) -> tuple[ReportSummary, Report]:
    """Five district reports of file 001 joined into one line of `chars` characters, with every gold
    item of 南川区 and 渝中区 plus one achievement per sentence holding 亿元 (several hundred highlights)."""
    reports = corpus_reports("chongqing_districts")[5:]
    text = "".join(r.text.replace("\r", "").replace("\n", " ") for r in reports)[:chars]
    report = Report(text=text, meta=reports[1].meta, source=reports[1].source, index=0)
    source = SourceText(text, fuzzy=False)
    items: dict[str, list] = {kind: [] for kind in _MODELS}
    for name in ("001_nanchuan", "001_yuzhong"):
        for kind, found in gold_items(name, report)[0].items():
            items[kind].extend(found)
    start = 0
    for end in range(len(text)):
        if text[end] in "。；":
            sentence = text[start:end].strip()
            if "亿元" in sentence and len(sentence) > 8:
                ev = source.locate(sentence, (start, end + 1))
                if ev is not None:
                    items["achievements"].append(
                        Achievement(indicator="other", description=sentence[:30], evidence=ev)
                    )
            start = end + 1
    return ReportSummary(meta=report.meta, source=report.source, backend="gold", **items), report


def hostile(name: str = "000_bazhong") -> tuple[ReportSummary, Report]:
    """A short report of real sentences laced with script payloads, and model output full of them too."""
    real, _ = gold_summary(name)
    sentences = [g.evidence.quote for g in [*real.goals, *real.achievements][: len(PAYLOADS)]]
    text = "各位代表：" + "".join(f"{s}，{p}。" for s, p in zip(sentences, PAYLOADS, strict=True))
    source = SourceText(text, fuzzy=False)
    goals = [
        Goal(
            indicator=f"other{p}",
            description=p,
            qualifier="qualitative",
            unit=p,
            evidence=source.locate(f"{s}，{p}"),
        )
        for s, p in zip(sentences, PAYLOADS, strict=True)
    ]
    projects = [
        KeyProject(name=p, location=p, description=p, sector=p, evidence=source.locate(p)) for p in PAYLOADS
    ]
    evil = PAYLOADS[2]
    rejected = [Rejected(kind="goals", item={"description": evil, "evidence": {"quote": evil}}, reason=evil)]
    meta = ReportMeta(region=PAYLOADS[1], year=2020, speaker=PAYLOADS[0], title=PAYLOADS[3], date=PAYLOADS[4])
    summary = ReportSummary(
        meta=meta,
        source=f"{evil}.txt",
        backend=PAYLOADS[1],
        goals=goals,
        key_projects=projects,
        rejected=rejected,
    )
    return summary, Report(text=text, meta=meta, source=f"{evil}.txt")


def located_count(summary: ReportSummary) -> int:
    return sum(
        1
        for item in [*summary.goals, *summary.achievements, *summary.key_projects]
        if item.evidence.start is not None
    )


def corpus_file(name: str) -> Path:
    from tests.conftest import FILES

    return CORPUS / FILES[_CORPUS_NAMES[name[:3]]]


@cache
def _gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
