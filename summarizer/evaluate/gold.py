"""Gold annotations: load `evals/gold/*.json`, tie each file to its report, and check it.

A gold file names its report by (source file name, region): the report of
`load_reports(<corpus>/<source>)` whose `meta.region` equals `region`. Loaded gold items become the
package's own models (Goal, Achievement, KeyProject) with evidence spans found by locating the quote,
so scoring compares like with like.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ConfigError
from ..ground import SourceText
from ..models import (
    ACHIEVEMENT_INDICATORS,
    GOAL_INDICATORS,
    ITEM_KINDS,
    Achievement,
    Evidence,
    Goal,
    KeyProject,
    MatchTier,
    Report,
)
from ..numbers import number_in_text
from ..split import load_reports

__all__ = ["KINDS", "GoldReport", "check_gold", "default_corpus_dir", "load_gold", "load_gold_file"]

KINDS = ITEM_KINDS  # the item kinds a gold file annotates
_MODELS: dict[str, type[Goal | Achievement | KeyProject]] = {
    "goals": Goal,
    "achievements": Achievement,
    "key_projects": KeyProject,
}
_INDICATORS = {"goals": frozenset(GOAL_INDICATORS), "achievements": frozenset(ACHIEVEMENT_INDICATORS)}
_FIELDS = {kind: set(model.model_fields) - {"evidence"} for kind, model in _MODELS.items()}


SPLITS = ("dev", "heldout", "open-dev", "open-blind")
"""dev / heldout: corpus reports (rules tuned on dev; heldout annotated blind). open-dev / open-blind: the
reports from outside the corpus (evals/SOURCES.md); open-blind was annotated before any extractor output on
it was read, and is never used for tuning."""


@dataclass(frozen=True)
class GoldReport:
    """One annotated report: its name (file stem), the report itself, and the gold items per kind."""

    name: str
    report: Report
    items: dict[str, list[Any]]
    year: int | None = None
    doc_type: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    split: str = "dev"
    """"dev" (extractors were tuned while reading it) or "heldout" (annotated blind, never tuned on)."""
    meta: dict[str, Any] = field(default_factory=dict)
    """The report's metadata as the annotator read it: region, year, doc_type, and where the file gives
    them admin_level, title, date and speaker (None: the text does not say)."""

    @property
    def n_items(self) -> int:
        return sum(len(v) for v in self.items.values())

    def excerpt(self, start: int, end: int) -> GoldReport:
        """The gold restricted to `report.text[start:end]`: a shorter report and the items quoted inside it.

        Used for small model runs; spans are shifted so they index the excerpt.
        """
        start, end = max(0, start), min(len(self.report.text), end)
        report = self.report.model_copy(
            update={"text": self.report.text[start:end], "offset": self.report.offset + start}
        )
        items: dict[str, list[Any]] = {}
        for kind, kind_items in self.items.items():
            kept = []
            for item in kind_items:
                ev = item.evidence
                if ev.start is not None and start <= ev.start and ev.end <= end:
                    shifted = ev.model_copy(update={"start": ev.start - start, "end": ev.end - start})
                    kept.append(item.model_copy(update={"evidence": shifted}))
            items[kind] = kept
        return replace(self, report=report, items=items)


def default_corpus_dir(gold_dir: str | Path) -> Path:
    """Corpus files sit next to the gold folder: evals/gold -> evals/corpus."""
    return Path(gold_dir).resolve().parent / "corpus"


@lru_cache(maxsize=16)
def _reports(path: str) -> tuple[Report, ...]:
    return tuple(load_reports(Path(path)))


def _find_report(corpus_dir: Path, source: str, region: str) -> Report | None:
    """The report of `source` whose region is `region`; a file holding one report gives that report.

    A single-report file is tied by its name alone, so a gold file never depends on metadata detection
    (which the eval scores separately).
    """
    path = corpus_dir / source
    if not path.is_file():
        return None
    reports = _reports(str(path.resolve()))
    if len(reports) == 1:
        return reports[0]
    for report in reports:
        if report.meta.region == region:
            return report
    return None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path.name}: cannot read gold file: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path.name}: a gold file holds one JSON object")
    return data


def _meta_of(data: dict[str, Any]) -> dict[str, Any]:
    meta = data.get("meta")
    return meta if isinstance(meta, dict) else {}


def _gold_files(gold_dir: str | Path) -> list[Path]:
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise ConfigError(f"gold folder not found: {folder}")
    return sorted(folder.glob("*.json"))


def _check_file(path: Path, corpus_dir: Path) -> tuple[GoldReport | None, list[str]]:
    """The loaded gold report (None if its report cannot be found) and every problem found."""
    name = path.stem
    try:
        data = _read_json(path)
    except ConfigError as exc:
        return None, [str(exc)]
    problems: list[str] = []
    source, region = data.get("source"), data.get("region")
    if not source or not region:
        return None, [f"{name}: 'source' and 'region' are required"]
    report = _find_report(corpus_dir, source, region)
    if report is None:
        return None, [f"{name}: no report for region {region!r} in {corpus_dir / source}"]
    text = SourceText(report.text, fuzzy=False)
    items: dict[str, list[Any]] = {kind: [] for kind in KINDS}
    for kind in KINDS:
        raw_items = data.get(kind, [])
        if not isinstance(raw_items, list):
            problems.append(f"{name}: {kind} must be a list")
            continue
        for i, raw in enumerate(raw_items):
            where = f"{name}: {kind}[{i}]"
            item, item_problems = _check_item(kind, raw, report.text, text, where)
            problems.extend(item_problems)
            if item is not None:
                items[kind].append(item)
    notes = data.get("notes") or []
    gold = GoldReport(
        name=name,
        report=report,
        items=items,
        year=data.get("year"),
        doc_type=data.get("doc_type"),
        notes=tuple(str(n) for n in notes),
        split=str(data.get("split") or "dev"),
        meta={
            "region": region,
            "year": data.get("year"),
            "doc_type": data.get("doc_type"),
            **_meta_of(data),
        },
    )
    if gold.split not in SPLITS:
        problems.append(f"{name}: split {gold.split!r} is not one of {', '.join(SPLITS)}")
    return gold, problems


def _check_item(
    kind: str, raw: Any, report_text: str, text: SourceText, where: str
) -> tuple[Any | None, list[str]]:
    if not isinstance(raw, dict):
        return None, [f"{where}: not an object"]
    problems: list[str] = []
    quote = raw.get("quote")
    label = raw.get("name") or raw.get("description") or ""
    where = f"{where} {label[:30]!r}"
    if not isinstance(quote, str) or not quote.strip():
        return None, [f"{where}: missing quote"]
    start = report_text.find(quote)
    if start < 0:
        problems.append(f"{where}: quote is not an exact substring of its report: {quote[:60]!r}")
        evidence = text.locate(quote)  # still place it, so the item can be scored
    else:
        evidence = Evidence(quote=quote, start=start, end=start + len(quote), match=MatchTier.exact)
    unknown = set(raw) - _FIELDS[kind] - {"quote"}
    if unknown:
        problems.append(f"{where}: unknown fields {sorted(unknown)}")
    indicator = raw.get("indicator")
    if kind in _INDICATORS and indicator not in _INDICATORS[kind]:
        problems.append(f"{where}: unknown indicator {indicator!r}")
    if kind == "achievements" and indicator == "other":
        problems.append(f"{where}: achievements with indicator 'other' are out of scope for gold")
    for label_, value, unit in _numbers(kind, raw):
        if not isinstance(value, int | float):
            problems.append(f"{where}: {label_} is not a number: {value!r}")
        elif not number_in_text(float(value), unit, quote):
            problems.append(f"{where}: {label_}={value:g} does not appear in the quote {quote[:60]!r}")
    fields = {k: v for k, v in raw.items() if k in _FIELDS[kind]}
    try:
        item = _MODELS[kind](**fields, evidence=evidence or Evidence(quote=quote))
    except ValidationError as exc:
        reasons = "; ".join(e["msg"] for e in exc.errors())
        return None, [*problems, f"{where}: invalid item: {reasons}"]
    return item, problems


def _numbers(kind: str, raw: dict[str, Any]) -> list[tuple[str, Any, str | None]]:
    if kind == "goals":
        return [(f, raw[f], raw.get("unit")) for f in ("low", "high") if raw.get(f) is not None]
    if kind == "achievements":
        return [("value", raw["value"], raw.get("unit"))] if raw.get("value") is not None else []
    inv = raw.get("investment")
    if isinstance(inv, dict) and inv.get("amount") is not None:
        return [("investment.amount", inv["amount"], inv.get("unit"))]
    return []


def check_gold(gold_dir: str | Path, corpus_dir: str | Path | None = None) -> list[str]:
    """Every problem in the gold folder (empty when clean): quotes, numbers, indicators, bounds, identity."""
    corpus = Path(corpus_dir) if corpus_dir else default_corpus_dir(gold_dir)
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    files = _gold_files(gold_dir)
    if not files:
        problems.append(f"no gold files (*.json) in {gold_dir}")
    for path in files:
        gold, file_problems = _check_file(path, corpus)
        problems.extend(file_problems)
        if gold is not None:
            key = (gold.report.source or "", gold.report.meta.region or "")
            if key in seen:
                problems.append(f"{gold.name}: same report as {seen[key]}")
            seen[key] = gold.name
    return problems


def load_gold_file(path: str | Path, corpus_dir: str | Path | None = None) -> GoldReport:
    """One gold file as a GoldReport; raises ConfigError when its report cannot be found."""
    path = Path(path)
    gold, problems = _check_file(path, Path(corpus_dir) if corpus_dir else default_corpus_dir(path.parent))
    if gold is None:
        raise ConfigError(problems[0])
    return gold


def load_gold(
    gold_dir: str | Path,
    corpus_dir: str | Path | None = None,
    names: list[str] | None = None,
    split: str | None = None,
) -> list[GoldReport]:
    """Every gold report in the folder (or those whose names are listed, or of one split), sorted by name.

    Items with problems are still loaded when they can be placed; run `check_gold` to see them.
    """
    corpus = Path(corpus_dir) if corpus_dir else default_corpus_dir(gold_dir)
    files = _gold_files(gold_dir)
    if names:
        wanted = set(names)
        files = [f for f in files if f.stem in wanted]
        missing = wanted - {f.stem for f in files}
        if missing:
            raise ConfigError(f"no gold file named {', '.join(sorted(missing))} in {gold_dir}")
    golds = [load_gold_file(f, corpus) for f in files]
    return [g for g in golds if split is None or g.split == split]
