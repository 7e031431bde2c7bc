"""Module-level functions: each builds a `Summarizer` from its options and makes one call with it.

    summarizer.summarize("report.txt")                       # one report
    summarizer.summarize_many("reports/", concurrency=8)     # many, as a BatchResult
    for row in summarizer.iter_summaries("reports/"): ...    # rows as they finish

Options are the `Summarizer` constructor's (backend, settings, extractor, cache, concurrency, plugins and
model settings such as model=, base_url=, prompt=) plus the call's own (output, overwrite, skip,
on_result, on_progress, text_column, id_column). Build a `Summarizer` yourself to reuse one across calls.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .client import Summarizer, build_extractor, choose_backend
from .models import Report, ReportSummary
from .results import BatchProgress, BatchResult, DocumentError, Result
from .sources import REPORT_SUFFIXES

__all__ = [
    "REPORT_SUFFIXES",
    "BatchProgress",
    "BatchResult",
    "DocumentError",
    "asummarize",
    "asummarize_many",
    "build_extractor",
    "choose_backend",
    "iter_summaries",
    "summarize",
    "summarize_many",
]

_CALL_OPTIONS = frozenset(inspect.signature(Summarizer.asummarize_many).parameters) - {"self", "sources"}


def _client(options: dict[str, Any]) -> tuple[Summarizer, dict[str, Any]]:
    """A client built from the constructor options; the call's own options are handed back."""
    call = {k: options.pop(k) for k in list(options) if k in _CALL_OPTIONS}
    return Summarizer(**options), call


async def asummarize(source: str | Path | Report, **options: Any) -> ReportSummary:
    """Summarize one report: a Report, a text, or a file holding exactly one report. Errors raise."""
    client, _ = _client(options)
    with client:
        return await client.asummarize(source)


def summarize(source: str | Path | Report, **options: Any) -> ReportSummary:
    """Synchronous `asummarize`."""
    client, _ = _client(options)
    with client:
        return client.summarize(source)


async def asummarize_many(sources: Any, **options: Any) -> BatchResult:
    """Summarize every report in `sources`; failures become `DocumentError` rows (see `Summarizer`)."""
    client, call = _client(options)
    with client:
        return await client.asummarize_many(sources, **call)


def summarize_many(sources: Any, **options: Any) -> BatchResult:
    """Synchronous `asummarize_many`: paths, folders, globs, Reports, texts or a DataFrame."""
    client, call = _client(options)
    with client:
        return client.summarize_many(sources, **call)


def iter_summaries(sources: Any, **options: Any) -> Iterator[Result]:
    """Each summary or error row as soon as it is finished; breaking out of the loop cancels the rest."""
    client, call = _client(options)
    with client:
        yield from client.iter_summaries(sources, **call)
