"""The offline rule-based extractor: goals, achievements and key projects with no model.

`extract_rules(report)` does the work synchronously; `RulesExtractor` wraps it in the Extractor protocol
and registers itself as "rules". Every item's evidence is an exact span of `report.text`; the items go
through `ground_items` (exact tier only) as a final check, so anything that fails lands in `rejected`.
"""

from __future__ import annotations

import time
from typing import Any

from ...ground import SourceText, ground_items
from ...models import MatchTier, Report, ReportSummary, Usage
from ..base import register_extractor
from .achievements import extract_achievements
from .goals import extract_goals
from .projects import extract_projects

__all__ = ["RULES_VERSION", "RulesExtractor", "extract_rules"]

RULES_VERSION = "13"
"""Bumped whenever a rule change alters output (part of the cache key)."""


def extract_rules(report: Report) -> ReportSummary:
    """Goals, achievements and key projects of one report, found by rules and grounded exactly."""
    began = time.perf_counter()
    source = SourceText(report.text, fuzzy=False)
    kept: dict[str, list] = {}
    rejected = []
    for kind, items in (
        ("goals", extract_goals(report)),
        ("achievements", extract_achievements(report)),
        ("key_projects", extract_projects(report)),
    ):
        result = ground_items(items, source, kind, min_tier=MatchTier.exact)
        kept[kind] = result.kept
        rejected.extend(result.rejected)
    return ReportSummary(
        meta=report.meta,
        source=report.source,
        report_index=report.index,
        backend="rules",
        goals=kept["goals"],
        achievements=kept["achievements"],
        key_projects=kept["key_projects"],
        rejected=rejected,
        usage=Usage(seconds=time.perf_counter() - began),
    )


class RulesExtractor:
    """Extractor protocol over `extract_rules`; takes no options."""

    name = "rules"

    def cache_key(self) -> dict[str, Any]:
        return {"backend": self.name, "version": RULES_VERSION}

    async def extract(self, report: Report) -> ReportSummary:
        return extract_rules(report)


register_extractor("rules", RulesExtractor)
