"""Evaluation: gold annotations, matching and scoring, eval runs, comparisons and reports.

gold.py     load and check evals/gold/*.json
match.py    similarity of items and Hungarian pairing
score.py    precision / recall / F1, field accuracy, grounding figures
runs.py     backend x variant x model runs over the gold reports, stored as JSONL
compare.py  side-by-side tables, per-document differences, paired bootstrap
report.py   Markdown and self-contained HTML renderings of a comparison
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .gold import GoldReport, check_gold, load_gold
    from .match import MatchConfig, match_items
    from .score import ReportScore, RunScore, aggregate, score_report

# imported on first use: matching pulls in scipy, and `summarizer --help` must not pay for it
_LAZY = {
    "GoldReport": "gold",
    "check_gold": "gold",
    "load_gold": "gold",
    "MatchConfig": "match",
    "match_items": "match",
    "ReportScore": "score",
    "RunScore": "score",
    "aggregate": "score",
    "score_report": "score",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer.evaluate' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "GoldReport",
    "MatchConfig",
    "ReportScore",
    "RunScore",
    "aggregate",
    "check_gold",
    "load_gold",
    "match_items",
    "score_report",
]
