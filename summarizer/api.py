"""Bulk summarization: many sources in, summaries and per-document error rows out.

One async core (`asummarize_many`); `summarize_many`, `summarize` and `asummarize` are thin wrappers over
it. A failing document (unreadable, binary, empty, not a report, extractor error) becomes a
`DocumentError` row and never stops the batch. Finished reports go through the on-disk cache, so a
re-run makes no extractor calls.
"""

from __future__ import annotations

import asyncio
import glob
import re
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from .cache import Cache, cache_key, text_hash
from .config import ModelSettings, model_configured, resolve_settings
from .errors import ConfigError, InputError, SummarizerError
from .extract import Extractor, get_extractor
from .models import Report, ReportSummary, Usage
from .split import load_reports

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "REPORT_SUFFIXES",
    "BatchProgress",
    "BatchResult",
    "DocumentError",
    "asummarize",
    "asummarize_many",
    "build_extractor",
    "choose_backend",
    "summarize",
    "summarize_many",
]

REPORT_SUFFIXES = (".txt", ".html", ".htm")
"""File types picked up when a directory is given."""

Source = str | Path | Report
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
    usage: Usage = field(default_factory=Usage)


@dataclass
class BatchResult:
    """Summaries in input order, error rows, and what this run cost (cache hits cost nothing)."""

    summaries: list[ReportSummary]
    errors: list[DocumentError]
    usage: Usage
    cache_hits: int = 0
    skipped: int = 0
    seconds: float = 0.0

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


@dataclass
class _Document:
    """One input unit: a file, a text, a Report or a DataFrame row; loaded lazily."""

    label: str
    load: Callable[[], list[Report]]


@dataclass
class _Job:
    order: tuple[int, int]
    doc: _Document
    report: Report


# ---------------------------------------------------------------------------------------------- backend


def choose_backend(backend: str | None, settings: ModelSettings) -> str:
    """The backend to use: the one asked for, else "llm" when a model is configured, else "rules"."""
    if backend:
        return backend
    return "llm" if model_configured(settings) else "rules"


def build_extractor(backend: str, settings: ModelSettings) -> Extractor:
    """The extractor registered as `backend`; the model backend gets the settings."""
    try:
        if backend == "llm":
            return get_extractor("llm", settings=settings)
        return get_extractor(backend)
    except ImportError as exc:  # a built-in backend whose module or dependency is missing
        raise ConfigError(f"backend {backend!r} is not available: {exc}") from None


# ---------------------------------------------------------------------------------------------- sources

_GLOB_CHARS = re.compile(r"[*?\[]")


def _documents(sources: Any, text_column: str, id_column: str | None) -> list[_Document]:
    """Expand sources (paths, directories, globs, Reports, texts, a DataFrame, or a list of them)."""
    if _is_dataframe(sources):
        return _frame_documents(sources, text_column, id_column)
    if isinstance(sources, str | Path | Report):
        sources = [sources]
    docs: list[_Document] = []
    texts = 0
    for source in sources:
        if _is_dataframe(source):
            docs.extend(_frame_documents(source, text_column, id_column))
        elif isinstance(source, Report):
            docs.append(_Document(source.source or source.id, lambda r=source: [r]))
        elif isinstance(source, Path):
            docs.extend(_path_documents(source))
        elif isinstance(source, str):
            if _looks_like_path(source):
                docs.extend(_path_documents(Path(source), pattern=source))
            else:
                label = f"text#{texts}"
                texts += 1
                docs.append(_Document(label, lambda t=source: load_reports(t)))
        else:
            raise TypeError(f"unsupported source type {type(source).__name__}")
    return docs


def _looks_like_path(text: str) -> bool:
    if "\n" in text or len(text) > 1024 or not text.strip():
        return False
    if Path(text).exists() or _GLOB_CHARS.search(text):
        return True
    # a short string naming a file that does not exist should say so, not be summarized as text
    return "/" in text or "\\" in text or text.lower().endswith((*REPORT_SUFFIXES, ".md"))


def _path_documents(path: Path, pattern: str | None = None) -> list[_Document]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        return [_file_document(p) for p in files]
    if path.exists() or pattern is None or not _GLOB_CHARS.search(pattern):
        return [_file_document(path)]
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    files = [p for p in matches if p.is_file()]
    if not files:
        return [_Document(pattern, lambda: _raise(InputError(f"{pattern}: no file matches")))]
    return [_file_document(p) for p in files]


def _file_document(path: Path) -> _Document:
    return _Document(str(path), lambda: load_reports(path))


def _raise(exc: Exception) -> list[Report]:
    raise exc


def _is_dataframe(obj: Any) -> bool:
    return hasattr(obj, "columns") and hasattr(obj, "itertuples") and hasattr(obj, "iloc")


def _frame_documents(frame: Any, text_column: str, id_column: str | None) -> list[_Document]:
    if text_column not in frame.columns:
        raise InputError(
            f"DataFrame has no {text_column!r} column (columns: {', '.join(map(str, frame.columns))})"
        )
    if id_column is None and "id" in frame.columns:
        id_column = "id"
    docs = []
    for i, (text, ident) in enumerate(
        zip(frame[text_column], frame[id_column] if id_column else range(len(frame)), strict=True)
    ):
        label = str(ident) if id_column else f"row {i}"
        docs.append(_Document(label, lambda t=text, lab=label: _frame_reports(t, lab)))
    return docs


def _frame_reports(text: Any, label: str) -> list[Report]:
    if not isinstance(text, str):
        raise InputError(f"{label}: text is {type(text).__name__}, not a string")
    return [r.model_copy(update={"source": label}) for r in load_reports(text)]


# ---------------------------------------------------------------------------------------------- core


def _scrub(message: str, settings: ModelSettings | None) -> str:
    """Error text safe to store: the API key and bearer-looking tokens masked, one line."""
    if settings is not None and settings.api_key is not None:
        secret = settings.api_key.get_secret_value()
        if secret:
            message = message.replace(secret, "***")
    message = re.sub(r"\b(sk-|Bearer\s+)[A-Za-z0-9_\-\.]{6,}", r"\1***", message)
    return " ".join(message.split())[:500]


def _error(
    label: str, exc: BaseException, settings: ModelSettings | None, index: int | None
) -> DocumentError:
    message = _scrub(str(exc) or type(exc).__name__, settings)
    return DocumentError(label, type(exc).__name__, message, report_index=index, exception=exc)


def _item_count(summary: ReportSummary) -> int:
    return len(summary.goals) + len(summary.achievements) + len(summary.key_projects)


async def asummarize_many(
    sources: Any,
    *,
    backend: str | None = None,
    settings: ModelSettings | None = None,
    extractor: Extractor | None = None,
    cache: bool | str | Path | Cache = True,
    concurrency: int | None = None,
    text_column: str = "text",
    id_column: str | None = None,
    skip: Collection[tuple[str, int]] = (),
    on_result: Callable[[ReportSummary | DocumentError], Any] | None = None,
    on_progress: Callable[[BatchProgress], Any] | None = None,
    **model_options: Any,
) -> BatchResult:
    """Summarize every report in `sources`; failures become `DocumentError` rows.

    backend: "rules", "llm" or a registered name; None picks "llm" when a model is configured.
    settings / model_options: model settings (model_options such as model=, base_url=, prompt=,
    temperature= are resolved with `resolve_settings`, explicit values first).
    concurrency: reports in flight, and model calls in flight across the whole batch (default:
    settings.concurrency).
    cache: True (default folder), False, a folder, or a `Cache`.
    skip: (source, report_index) pairs already done elsewhere (resume); they are not extracted.
    on_result: called with each finished summary or error, as soon as it is done (resume files).
    """
    started = time.perf_counter()
    settings = _settings(settings, model_options)
    limit = max(1, concurrency or settings.concurrency)
    docs = _documents(sources, text_column, id_column)
    progress = BatchProgress(documents_total=len(docs))
    summaries: list[tuple[tuple[int, int], ReportSummary]] = []
    errors: list[tuple[tuple[int, int], DocumentError]] = []
    usage = Usage()
    remaining: dict[int, int] = {}
    skip_set = set(skip)

    async def emit(result: ReportSummary | DocumentError) -> None:
        if on_result is not None:
            outcome = on_result(result)
            if isinstance(outcome, Awaitable):
                await outcome

    def report_progress() -> None:
        progress.usage = usage
        if on_progress is not None:
            on_progress(progress)

    # Load every document first: bad ones become rows at once, and the number of reports sizes the pool.
    jobs: list[_Job] = []
    for i, doc in enumerate(docs):
        try:
            reports = await asyncio.to_thread(doc.load)
        except Exception as exc:  # one bad document never stops the batch
            errors.append(((i, -1), _error(doc.label, exc, settings, None)))
            progress.errors += 1
            progress.documents_done += 1
            await emit(errors[-1][1])
            report_progress()
            continue
        todo = [r for r in reports if (r.source or doc.label, r.index) not in skip_set]
        progress.skipped += len(reports) - len(todo)
        remaining[i] = len(todo)
        if not todo:
            progress.documents_done += 1
        jobs.extend(_Job((i, r.index), doc, r) for r in todo)
    report_progress()

    workers = max(1, min(limit, len(jobs)))
    if extractor is None:
        # one extractor for the batch: the model backend caps its calls in flight at `limit` across reports
        name = choose_backend(backend, settings)
        extractor = build_extractor(name, settings.model_copy(update={"concurrency": limit}))
    store = _open_cache(cache)
    extractor_key = extractor.cache_key()
    queue: asyncio.Queue[_Job] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)

    def document_done(doc_index: int) -> None:
        remaining[doc_index] -= 1
        if remaining[doc_index] == 0:
            progress.documents_done += 1

    async def work() -> None:
        nonlocal usage
        while not queue.empty():
            job = queue.get_nowait()
            report = job.report
            label = report.source or job.doc.label
            try:
                summary, hit = await _extract_one(extractor, extractor_key, store, report, label)
            except Exception as exc:
                err = _error(label, exc, settings, report.index)
                errors.append((job.order, err))
                progress.errors += 1
                document_done(job.order[0])
                await emit(err)
                report_progress()
                continue
            if hit:
                progress.cache_hits += 1
            else:
                usage = usage + summary.usage
            summaries.append((job.order, summary))
            progress.reports_done += 1
            progress.items += _item_count(summary)
            document_done(job.order[0])
            await emit(summary)
            report_progress()

    tasks = [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        if store is not None and not isinstance(cache, Cache):
            store.close()
    return BatchResult(
        summaries=[s for _, s in sorted(summaries, key=lambda pair: pair[0])],
        errors=[e for _, e in sorted(errors, key=lambda pair: pair[0])],
        usage=usage,
        cache_hits=progress.cache_hits,
        skipped=progress.skipped,
        seconds=time.perf_counter() - started,
    )


def _settings(settings: ModelSettings | None, options: dict[str, Any]) -> ModelSettings:
    """Explicit settings updated with options (validated), else settings resolved from options."""
    if settings is None:
        return resolve_settings(**options)
    if not options:
        return settings
    try:
        return ModelSettings(**(settings.model_dump() | options))
    except ValidationError as exc:
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
        raise ConfigError(f"invalid model settings: {fields}") from None


def _open_cache(cache: bool | str | Path | Cache) -> Cache | None:
    if isinstance(cache, Cache):
        return cache
    if cache is True:
        return Cache()
    if cache is False or cache is None:
        return None
    return Cache(cache)


async def _extract_one(
    extractor: Extractor, extractor_key: dict[str, Any], store: Cache | None, report: Report, label: str
) -> tuple[ReportSummary, bool]:
    """One report's summary, from the cache when possible; the bool says whether it was a hit."""
    key = cache_key(report.text, extractor_key) if store is not None else ""
    if store is not None and (cached := store.get(key)) is not None:
        # the same text may come from another file: provenance comes from the report at hand
        return cached.model_copy(update={"source": label, "report_index": report.index}), True
    summary = await extractor.extract(report)
    update: dict[str, Any] = {"source": label, "report_index": report.index}
    if summary.backend is None:
        update["backend"] = extractor.name
    summary = summary.model_copy(update=update)
    if store is not None:
        store.put(key, summary, text_sha256=text_hash(report.text))
    return summary, False


async def asummarize(source: str | Path | Report, **options: Any) -> ReportSummary:
    """Summarize one report: a Report, a text, or a file holding exactly one report. Errors raise."""
    if isinstance(source, list | tuple) or _is_dataframe(source):
        raise TypeError("summarize() takes one report; use summarize_many() for several")
    result = await asummarize_many([source], **options)
    if result.errors:
        exc = result.errors[0].exception
        if isinstance(exc, SummarizerError):
            raise exc
        raise SummarizerError(f"{result.errors[0].source}: {result.errors[0].message}") from exc
    if len(result.summaries) != 1:
        raise InputError(
            f"{_label(source)} holds {len(result.summaries)} reports; use summarize_many() to get one "
            "summary per report"
        )
    return result.summaries[0]


def _label(source: Any) -> str:
    if isinstance(source, Report):
        return source.id
    if isinstance(source, Path) or (isinstance(source, str) and _looks_like_path(source)):
        return str(source)
    return "the text"


def _run_sync(coro: Any, twin: str) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    coro.close()
    raise RuntimeError(
        f"an event loop is already running here (Jupyter, async code): use `await summarizer.{twin}(...)`"
    )


def summarize(source: str | Path | Report, **options: Any) -> ReportSummary:
    """Synchronous `asummarize`; see `asummarize_many` for the options."""
    return _run_sync(asummarize(source, **options), "asummarize")


def summarize_many(sources: Any, **options: Any) -> BatchResult:
    """Synchronous `asummarize_many`: paths, directories, globs, Reports, texts or a DataFrame."""
    return _run_sync(asummarize_many(sources, **options), "asummarize_many")
