"""Evaluation: gold annotations, matching and scoring, eval runs, comparisons and reports.

gold.py     load and check evals/gold/*.json
match.py    similarity of items and Hungarian pairing
score.py    precision / recall / F1, field accuracy, grounding figures
runs.py     backend x variant x model runs over the gold reports, stored as JSONL
compare.py  side-by-side tables, per-document differences, paired bootstrap
report.py   Markdown and self-contained HTML renderings of a comparison
"""

from .gold import GoldReport, check_gold, load_gold
from .match import MatchConfig, match_items
from .score import ReportScore, RunScore, aggregate, score_report

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
