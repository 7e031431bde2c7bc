"""What a batch gives back: summaries, per-document error rows, progress totals and cost."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .models import ReportSummary, Usage

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["BatchProgress", "BatchResult", "DocumentError", "Kind", "Result", "item_count"]

Kind = Literal["reports", "goals", "achievements", "key_projects", "rejected", "errors", "all"]


@dataclass
class DocumentError:
    """A document (or one report of it) that could not be summarized; a row, not a crash."""

    source: str
    error_type: str
    message: str
    report_index: int | None = None
    exception: BaseException | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "report_index": self.report_index,
            "error_type": self.error_type,
            "message": self.message,
        }


Result = ReportSummary | DocumentError
"""One finished unit of a batch, as `iter_summaries` yields it."""


@dataclass
class BatchProgress:
    """Running totals handed to the `on_progress` callback after every event."""

    documents_total: int = 0
    documents_done: int = 0
    reports_done: int = 0
    items: int = 0
    errors: int = 0
    cache_hits: int = 0
    skipped: int = 0
    deferred: int = 0
    usage: Usage = field(default_factory=Usage)


@dataclass
class BatchResult:
    """Summaries in input order, error rows, and what this run cost (cache hits cost nothing).

    `resumed` holds the summaries an output file already had when the batch resumed it; they are not in
    `summaries`, which holds this run's work.
    """

    summaries: list[ReportSummary]
    errors: list[DocumentError]
    usage: Usage
    cache_hits: int = 0
    skipped: int = 0
    seconds: float = 0.0
    resumed: list[ReportSummary] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    """Ids of reports waiting for batch answers (batch jobs only): not in `summaries`, not written."""

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dataframe(self, kind: Kind = "reports") -> pd.DataFrame:
        """Tidy rows of one kind: reports, goals, achievements, key_projects, rejected, errors or all."""
        from .export import to_dataframe

        return to_dataframe(self.summaries, kind, errors=self.errors)

    def write(self, path: str | Path) -> Path:
        """Write by extension: .jsonl, .csv (UTF-8 with BOM), .parquet or .xlsx."""
        from .export import write

        return write(path, self.summaries, self.errors)


def item_count(summary: ReportSummary) -> int:
    return len(summary.goals) + len(summary.achievements) + len(summary.key_projects)
