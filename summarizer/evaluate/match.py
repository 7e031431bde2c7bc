"""Pairing predicted items with gold items: a similarity per pair, then an optimal one-to-one assignment.

Similarity = key_weight * key similarity + (1 - key_weight) * evidence-span overlap. The key is the
indicator for goals and achievements (description similarity when both are `other`) and the normalized
name for key projects. With the default weights a pair can match on its key alone but never on span
overlap alone, and the span breaks ties between items that share a key (three poverty figures).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

__all__ = [
    "DEFAULT_MATCH",
    "MatchConfig",
    "Pair",
    "description_similarity",
    "indicator_similarity",
    "match_items",
    "name_similarity",
    "normalize_name",
    "similarity",
    "similarity_matrix",
    "span_overlap",
]


@dataclass(frozen=True)
class MatchConfig:
    """How items are paired. A pair counts when its similarity is >= `threshold`."""

    threshold: float = 0.5
    key_weight: float = 0.6
    span_mode: str = "overlap"  # "overlap": shared chars / shorter span; "iou": shared / union
    min_key: float = 0.5
    """Key similarity below which a pair never counts, however much the spans overlap (projects listed
    in one sentence share a quote)."""
    strict_name: float = 0.8
    """Name similarity a project pair needs for a strict match (its key 'matches')."""

    def __post_init__(self) -> None:
        if self.span_mode not in ("overlap", "iou"):
            raise ValueError(f"span_mode must be 'overlap' or 'iou', not {self.span_mode!r}")
        if not 0.0 <= self.key_weight <= 1.0:
            raise ValueError("key_weight must lie in [0, 1]")


DEFAULT_MATCH = MatchConfig()


@dataclass(frozen=True)
class Pair:
    gold: int
    pred: int
    similarity: float
    key: float


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)
_SUFFIXES = ("建设项目", "项目", "工程")


def normalize_name(name: str) -> str:
    """NFKC, no spaces or punctuation, without a trailing 项目/工程 (not part of a project's identity)."""
    name = _PUNCT.sub("", unicodedata.normalize("NFKC", name or ""))
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two project names (rapidfuzz ratio on normalized names)."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0.0
    return fuzz.ratio(na, nb) / 100.0


def description_similarity(a: str, b: str) -> float:
    """Dice coefficient of the two descriptions' character multisets: word order does not matter
    (新增城镇就业3万人 vs 城镇新增就业3万人), shared characters do."""
    na, nb = normalize_name(a), normalize_name(b)
    if not na or not nb:
        return 0.0
    shared = sum((Counter(na) & Counter(nb)).values())
    return 2 * shared / (len(na) + len(nb))


_FAMILIES = {
    "poverty_reduction": "poverty",
    "poverty_counties_exited": "poverty",
    "poverty_villages_exited": "poverty",
    "poverty_incidence": "poverty",
}
"""Related indicators whose names do not share a stem: the poverty keys (people, counties, villages, rate)."""


def _family(indicator: str) -> str:
    """gdp_growth -> gdp, urban_disposable_income_growth -> disposable_income, poverty_* -> poverty."""
    if indicator in _FAMILIES:
        return _FAMILIES[indicator]
    base = indicator.removesuffix("_growth")
    for prefix in ("urban_", "rural_"):
        base = base.removeprefix(prefix)
    return base


def indicator_similarity(gold: Any, pred: Any) -> float:
    """1 for the same indicator, 0.5 for a related one (level vs growth, urban vs all) or
    a specific vs `other`, description similarity when both are `other`, else 0."""
    g, p = gold.indicator, pred.indicator
    if g == p:
        if g != "other":
            return 1.0
        return description_similarity(gold.description, pred.description)
    if "other" in (g, p):
        return 0.5
    if _family(g) == _family(p):
        return 0.5
    return 0.0


def span_overlap(a: tuple[int, int] | None, b: tuple[int, int] | None, mode: str = "overlap") -> float:
    """Character-span agreement in 0..1; 0 when either span is unknown or empty."""
    if a is None or b is None:
        return 0.0
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    la, lb = a[1] - a[0], b[1] - b[0]
    if la <= 0 or lb <= 0:
        return 0.0
    if mode == "iou":
        return inter / (la + lb - inter)
    return inter / min(la, lb)


def _span(item: Any) -> tuple[int, int] | None:
    ev = item.evidence
    if ev is None or ev.start is None or ev.end is None:
        return None
    return (ev.start, ev.end)


def key_similarity(kind: str, gold: Any, pred: Any) -> float:
    if kind == "key_projects":
        return name_similarity(gold.name, pred.name)
    return indicator_similarity(gold, pred)


def similarity(kind: str, gold: Any, pred: Any, config: MatchConfig = DEFAULT_MATCH) -> tuple[float, float]:
    """(combined similarity, key similarity) of a gold and a predicted item of the same kind."""
    key = key_similarity(kind, gold, pred)
    span = span_overlap(_span(gold), _span(pred), config.span_mode)
    return config.key_weight * key + (1.0 - config.key_weight) * span, key


def similarity_matrix(
    kind: str, gold: list[Any], pred: list[Any], config: MatchConfig = DEFAULT_MATCH
) -> tuple[np.ndarray, np.ndarray]:
    """(combined, key) similarity matrices, gold items in rows and predictions in columns."""
    sim = np.zeros((len(gold), len(pred)))
    key = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            sim[i, j], key[i, j] = similarity(kind, g, p, config)
    return sim, key


def match_items(
    kind: str, gold: list[Any], pred: list[Any], config: MatchConfig = DEFAULT_MATCH
) -> list[Pair]:
    """The one-to-one pairing maximizing total similarity among pairs at or above the threshold.

    Pairs below the threshold (or with a key below `min_key`) are zeroed before the assignment, so a weak pair never displaces a
    counted one. Unpaired predictions are false positives; unpaired gold items are misses.
    """
    if not gold or not pred:
        return []
    sim, key = similarity_matrix(kind, gold, pred, config)
    ok = (sim >= config.threshold - 1e-12) & (key >= config.min_key - 1e-12)
    eligible = np.where(ok, sim, 0.0)
    rows, cols = linear_sum_assignment(eligible, maximize=True)
    return [
        Pair(int(i), int(j), float(sim[i, j]), float(key[i, j]))
        for i, j in zip(rows, cols, strict=True)
        if eligible[i, j] > 0.0
    ]
