"""Scores of predicted summaries against gold: per report, then summed (micro) and averaged (macro).

Per report and kind, predictions are paired with gold items (see match.py). Soft: a counted pair.
Strict: a counted pair whose key matches (same indicator, or a project name above `strict_name`) and whose
every scored field is right. Precision is undefined (None) with no predictions, recall with no gold items;
F1 is 2*TP / (predicted + gold), which equals the harmonic mean whenever both are defined.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, Field

from ..ground import item_numbers
from ..models import ReportSummary, Usage
from ..numbers import number_in_text, unit_scale
from .gold import KINDS, GoldReport
from .match import DEFAULT_MATCH, MatchConfig, match_items

__all__ = [
    "FIELDS",
    "KindCounts",
    "ReportScore",
    "RunScore",
    "aggregate",
    "f1",
    "field_correct",
    "precision",
    "recall",
    "score_report",
]

FIELDS: dict[str, tuple[str, ...]] = {
    "goals": ("indicator", "low", "high", "qualifier", "horizon"),
    "achievements": ("indicator", "value", "qualifier"),
    "key_projects": ("status", "investment"),
}
"""Fields scored on matched pairs, per kind; all must be right for a strict match."""


def precision(tp: int, n_pred: int) -> float | None:
    return tp / n_pred if n_pred else None


def recall(tp: int, n_gold: int) -> float | None:
    return tp / n_gold if n_gold else None


def f1(tp: int, n_pred: int, n_gold: int) -> float | None:
    """2TP / (pred + gold); None when there is nothing on either side."""
    total = n_pred + n_gold
    return 2 * tp / total if total else None


class KindCounts(BaseModel):
    """Counts for one kind (in one report, or summed): enough to recompute every rate."""

    n_gold: int = 0
    n_pred: int = 0
    tp_soft: int = 0
    tp_strict: int = 0
    fields: dict[str, list[int]] = Field(default_factory=dict, description="field -> [correct, compared]")

    def __add__(self, other: KindCounts) -> KindCounts:
        fields = {k: list(v) for k, v in self.fields.items()}
        for k, (c, n) in other.fields.items():
            cur = fields.setdefault(k, [0, 0])
            cur[0] += c
            cur[1] += n
        return KindCounts(
            n_gold=self.n_gold + other.n_gold,
            n_pred=self.n_pred + other.n_pred,
            tp_soft=self.tp_soft + other.tp_soft,
            tp_strict=self.tp_strict + other.tp_strict,
            fields=fields,
        )

    def rates(self, mode: str = "soft") -> dict[str, float | None]:
        tp = self.tp_soft if mode == "soft" else self.tp_strict
        return {
            "precision": precision(tp, self.n_pred),
            "recall": recall(tp, self.n_gold),
            "f1": f1(tp, self.n_pred, self.n_gold),
        }


class ReportScore(BaseModel):
    """One report's scores: counts per kind plus the prediction's grounding and usage figures."""

    doc: str
    kinds: dict[str, KindCounts]
    n_items: int = 0
    quotes_verbatim: int = 0
    numbers_checked: int = 0
    numbers_supported: int = 0
    rejected: int = 0
    schema_valid: bool = True
    error: str | None = None
    usage: Usage = Field(default_factory=Usage)
    meta: dict[str, bool] = Field(default_factory=dict, description="metadata field -> right or not")

    def total(self) -> KindCounts:
        return sum((self.kinds[k] for k in KINDS if k in self.kinds), KindCounts())


def _close(a: float | None, b: float | None, unit_a: str | None, unit_b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a * unit_scale(unit_a), b * unit_scale(unit_b), rel_tol=1e-6, abs_tol=1e-9)


def field_correct(kind: str, field: str, gold: Any, pred: Any) -> bool:
    """Whether a predicted item's field agrees with gold; numbers compare after unit scaling."""
    if field in ("low", "high", "value"):
        return _close(getattr(gold, field), getattr(pred, field), gold.unit, pred.unit)
    if field == "investment":
        g, p = gold.investment, pred.investment
        if g is None or p is None:
            return g is None and p is None
        return _close(g.amount, p.amount, g.unit, p.unit)
    return getattr(gold, field) == getattr(pred, field)


GOLD_GOAL_SCOPE = frozenset({None, "targets", "plan_chapter"})
"""Where the goals the gold files annotate are stated (evals/GUIDE.md section 4): the targets passage and a plan
outline's chapters. A goal an extractor finds in the tasks (`stated_in="tasks"`) is outside the gold's scope and
is neither a hit nor a false positive, unless the gold file annotates goals stated there (see `_in_scope`)."""


def _in_scope(kind: str, items: Any, gold: list[Any] | None = None) -> list[Any]:
    """The predictions a gold file is scored against. For goals: those stated in GOLD_GOAL_SCOPE, plus
    those stated where the gold file annotates goals too (the open-set files give `stated_in = "tasks"`
    to the standard targets they annotate in the tasks; files without `stated_in` keep the default)."""
    if kind != "goals":
        return list(items)
    scope = GOLD_GOAL_SCOPE | {_outside(getattr(g, "stated_in", None)) for g in gold or ()}
    return [g for g in items if _outside(getattr(g, "stated_in", None)) in scope]


def _outside(stated_in: str | None) -> str | None:
    """Tasks and "other" are one place for scoping: both are outside the targets passage, and where a
    target sits between the two (a fiscal paragraph after the passage) is a judgement call."""
    return "tasks" if stated_in == "other" else stated_in


def _score_kind(kind: str, gold: list[Any], pred: list[Any], config: MatchConfig) -> KindCounts:
    counts = KindCounts(n_gold=len(gold), n_pred=len(pred), fields={f: [0, 0] for f in FIELDS[kind]})
    for pair in match_items(kind, gold, pred, config):
        g, p = gold[pair.gold], pred[pair.pred]
        all_right = True
        for field in FIELDS[kind]:
            ok = field_correct(kind, field, g, p)
            counts.fields[field][0] += ok
            counts.fields[field][1] += 1
            all_right &= ok
        key_ok = pair.key >= (config.strict_name if kind == "key_projects" else 1.0)
        counts.tp_soft += 1
        counts.tp_strict += int(key_ok and all_right)
    return counts


def _grounding(summary: ReportSummary, text: str) -> tuple[int, int, int, int]:
    """(items, quotes found verbatim in the report, numbers checked, numbers found in their quote)."""
    n = verbatim = checked = supported = 0
    for kind in KINDS:
        for item in getattr(summary, kind):
            n += 1
            quote = item.evidence.quote
            verbatim += bool(quote) and quote in text
            for _, value, unit in item_numbers(item):
                checked += 1
                supported += number_in_text(value, unit, quote)
    return n, verbatim, checked, supported


def score_report(
    gold: GoldReport,
    pred: ReportSummary | None,
    config: MatchConfig = DEFAULT_MATCH,
    *,
    error: str | None = None,
    schema_valid: bool = True,
) -> ReportScore:
    """Score one prediction (None when the extractor failed: everything gold is missed)."""
    if pred is None:
        kinds = {
            k: KindCounts(n_gold=len(gold.items[k]), fields={f: [0, 0] for f in FIELDS[k]}) for k in KINDS
        }
        return ReportScore(doc=gold.name, kinds=kinds, schema_valid=False, error=error)
    kinds = {
        k: _score_kind(k, gold.items[k], _in_scope(k, getattr(pred, k), gold.items[k]), config) for k in KINDS
    }
    n, verbatim, checked, supported = _grounding(pred, gold.report.text)
    return ReportScore(
        doc=gold.name,
        kinds=kinds,
        meta=score_meta(gold.meta, pred.meta.model_dump(mode="json")),
        n_items=n,
        quotes_verbatim=verbatim,
        numbers_checked=checked,
        numbers_supported=supported,
        rejected=len(pred.rejected),
        schema_valid=schema_valid,
        error=error,
        usage=pred.usage,
    )


_LEVELS = {"county": "county-district", "district": "county-district"}


def score_meta(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool]:
    """Which metadata fields the prediction has right, for the fields the gold file states.

    A speaker is right when the name is (国务院总理 李强 and 总理 李强 are the same person); a level may be
    written county for county-district; None in gold means the text does not say, and must stay None.
    """
    right: dict[str, bool] = {}
    for name, expected in gold.items():
        got = pred.get(name)
        if name == "admin_level" and expected is not None:
            expected = _LEVELS.get(expected, expected)
        if name == "speaker" and expected is not None and got is not None:
            right[name] = expected.split()[-1] == got.split()[-1]
        else:
            right[name] = expected == got
    return right


class RunScore(BaseModel):
    """Scores of one run cell over all its reports."""

    reports: int
    micro: dict[str, dict[str, float | None]]
    """"soft"/"strict" -> precision, recall, f1 over all items of all reports."""
    per_kind: dict[str, dict[str, dict[str, float | None]]]
    """kind -> "soft"/"strict" -> precision, recall, f1 (micro within the kind)."""
    macro: dict[str, dict[str, float | None]]
    """"soft"/"strict" -> mean over kinds of the per-kind rates (kinds with gold or predictions)."""
    field_accuracy: dict[str, dict[str, float | None]]
    counts: dict[str, KindCounts]
    grounding_rate: float | None
    number_support_rate: float | None
    schema_valid_rate: float | None
    errors: int
    rejected: int
    usage: Usage
    seconds_per_report: float | None
    meta_accuracy: dict[str, float | None] = Field(default_factory=dict)
    """metadata field -> share of reports (stating it in gold) that have it right; "all" = every field."""


def _mean(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def aggregate(scores: list[ReportScore]) -> RunScore:
    """Micro (summed counts) and macro (mean over kinds) figures for a list of report scores."""
    counts = {k: sum((s.kinds[k] for s in scores if k in s.kinds), KindCounts()) for k in KINDS}
    total = sum(counts.values(), KindCounts())
    modes = ("soft", "strict")
    per_kind = {k: {m: counts[k].rates(m) for m in modes} for k in KINDS}
    macro = {
        m: {
            r: _mean([per_kind[k][m][r] for k in KINDS if counts[k].n_gold or counts[k].n_pred])
            for r in ("precision", "recall", "f1")
        }
        for m in modes
    }
    field_accuracy = {k: {f: (c / n if n else None) for f, (c, n) in counts[k].fields.items()} for k in KINDS}
    n_items = sum(s.n_items for s in scores)
    n_checked = sum(s.numbers_checked for s in scores)
    usage = sum((s.usage for s in scores), Usage())
    return RunScore(
        reports=len(scores),
        micro={m: total.rates(m) for m in modes},
        per_kind=per_kind,
        macro=macro,
        field_accuracy=field_accuracy,
        counts=counts,
        grounding_rate=sum(s.quotes_verbatim for s in scores) / n_items if n_items else None,
        number_support_rate=sum(s.numbers_supported for s in scores) / n_checked if n_checked else None,
        schema_valid_rate=sum(s.schema_valid for s in scores) / len(scores) if scores else None,
        errors=sum(s.error is not None for s in scores),
        rejected=sum(s.rejected for s in scores),
        usage=usage,
        seconds_per_report=usage.seconds / len(scores) if scores else None,
        meta_accuracy=_meta_accuracy(scores),
    )


def _meta_accuracy(scores: list[ReportScore]) -> dict[str, float | None]:
    fields = sorted({name for s in scores for name in s.meta})
    accuracy: dict[str, float | None] = {
        name: _mean([float(s.meta[name]) for s in scores if name in s.meta]) for name in fields
    }
    accuracy["all"] = _mean([float(all(s.meta.values())) for s in scores if s.meta])
    return accuracy
