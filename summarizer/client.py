"""`Summarizer`: the one object that runs the pipeline, built once and used for one report or thousands.

Like `httpx.Client`, it holds what every call shares: the extractor (built once from the backend and
settings), the on-disk cache, the limit on reports and model calls in flight, and the plugins. The CLI,
eval runs, the view and the benchmarks all build one; the module-level functions in `api` wrap one too.

    with Summarizer() as client:                      # offline rules backend unless a model is configured
        summary = client.summarize("report.txt")
        result = client.summarize_many("reports/", output="out.jsonl")   # resumable

A failing document (unreadable, binary, empty, not a report, extractor error) becomes a `DocumentError`
row and never stops the batch. Cancelling (Ctrl-C, task.cancel()) stops within a second on every backend
and keeps every finished row: in `output` when one is given, and in the cache.
"""

from __future__ import annotations

import asyncio
import inspect
import re
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .cache import Cache, cache_key, text_hash
from .config import ModelSettings, model_configured, resolve_settings
from .errors import AnswersPending, ConfigError, InputError, SummarizerError
from .extract import Extractor, extractor_factory, load_plugins
from .ground import paginate
from .jobs import JobStatus, Reask, acollect, asubmit
from .jobs import cancel as cancel_job
from .jobs import status as job_status
from .models import ITEM_KINDS, Report, ReportSummary, Usage
from .results import BatchProgress, BatchResult, DocumentError, Result, item_count
from .resume import ResumeFile
from .sources import Source, expand_sources, is_dataframe, looks_like_path

__all__ = ["Summarizer", "build_extractor", "choose_backend"]

ResultCallback = Callable[[Result], Any]
ProgressCallback = Callable[[BatchProgress], Any]


def choose_backend(backend: str | None, settings: ModelSettings) -> str:
    """The backend to use: the one asked for, else "llm" when a model is configured, else "rules"."""
    if backend:
        return backend
    return "llm" if model_configured(settings) else "rules"


def build_extractor(backend: str, settings: ModelSettings, **options: Any) -> Extractor:
    """The extractor registered as `backend`, given the settings and those `options` its factory takes.

    Options the model backend takes: `answers` (a store of raw model answers) and `trace` (a file or
    callable that receives every request and answer). A factory without them simply does not get them.
    """
    try:
        factory = extractor_factory(backend)
        accepted = _parameters(factory)
        if "settings" not in accepted:
            return factory()
        return factory(settings=settings, **{k: v for k, v in options.items() if k in accepted})
    except ImportError as exc:  # a built-in backend whose module or dependency is missing
        raise ConfigError(f"backend {backend!r} is not available: {exc}") from None


def _parameters(factory: Callable[..., Any]) -> set[str]:
    try:
        parameters = inspect.signature(factory).parameters.values()
    except (TypeError, ValueError):  # a builtin or C callable: assume it takes nothing
        return set()
    names = {p.name for p in parameters}
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        names.add("settings")
    return names


@dataclass
class _Job:
    order: tuple[int, int]
    label: str
    report: Report


class Summarizer:
    """Summarizes reports with one extractor, one cache and one concurrency limit.

    backend: "rules", "llm" or a plugin's name; None picks "llm" when a model is configured.
    settings / model_options: model settings; options such as model=, base_url=, prompt=, temperature=
    are resolved with `resolve_settings` (explicit values, then the environment, then the config file).
    extractor: an extractor object to use as is (backend and settings then only label the run).
    cache: True (default folder), False, a folder, or a `Cache`.
    concurrency: reports in flight, and model calls in flight across a whole batch.
    plugins: load extractor plugins (entry points and SUMMARIZER_EXTRACTOR_PLUGINS) first.
    trace: a JSONL file (or a callable taking each line) that receives every model request and answer,
    keys redacted, so a user can see why an item was rejected.

    With a cache, the model backend also keeps every usable raw answer keyed on its exact request: a
    resumed or repeated run never pays twice for an answer it already has.
    """

    def __init__(
        self,
        backend: str | None = None,
        *,
        settings: ModelSettings | None = None,
        extractor: Extractor | None = None,
        cache: bool | str | Path | Cache = True,
        concurrency: int | None = None,
        plugins: bool = True,
        trace: str | Path | Callable[[str], Any] | None = None,
        **model_options: Any,
    ) -> None:
        if plugins:
            load_plugins()
        self.settings = _settings(settings, model_options)
        self.concurrency = max(1, concurrency or self.settings.concurrency)
        self.cache = _open_cache(cache)
        self._owns_cache = self.cache is not None and not isinstance(cache, Cache)
        if extractor is None:
            self.backend = choose_backend(backend, self.settings)
            # one extractor for every batch: the model backend caps its calls in flight across reports
            capped = self.settings.model_copy(update={"concurrency": self.concurrency})
            answers = self.cache.answers if self.cache is not None else None
            extractor = build_extractor(self.backend, capped, answers=answers, trace=trace)
        else:
            self.backend = backend or extractor.name
        self.extractor = extractor
        self._run_key: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"<Summarizer backend={self.backend!r} concurrency={self.concurrency}>"

    # ------------------------------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close the cache (when this client opened it)."""
        if self._owns_cache and self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run_key(self) -> dict[str, Any]:
        """Everything that changes this client's output: a resumed output file must match it."""
        if self._run_key is None:  # the extractor never changes: asked once, not once per report
            self._run_key = self.extractor.cache_key()
        return self._run_key

    # ------------------------------------------------------------------------------------------ one report

    async def asummarize(self, source: str | Path | Report) -> ReportSummary:
        """Summarize one report: a Report, a text, or a file holding exactly one report. Errors raise."""
        if isinstance(source, list | tuple) or is_dataframe(source):
            raise TypeError("summarize() takes one report; use summarize_many() for several")
        result = await self.asummarize_many([source])
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

    def summarize(self, source: str | Path | Report) -> ReportSummary:
        """Synchronous `asummarize`."""
        return _run_sync(self.asummarize(source), "asummarize")

    # ------------------------------------------------------------------------------------------ batches

    async def asummarize_many(
        self,
        sources: Any,
        *,
        output: str | Path | None = None,
        overwrite: bool = False,
        text_column: str = "text",
        id_column: str | None = None,
        skip: Collection[tuple[str, int]] = (),
        on_result: ResultCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> BatchResult:
        """Summarize every report in `sources` (paths, folders, globs, Reports, texts, a DataFrame).

        output: a .jsonl file written one line per finished report; if it already holds finished reports
        made with the same settings they are kept and not redone (resume), unless overwrite=True.
        skip: (source, report_index) pairs done elsewhere; on_result: called with each finished row.
        """
        if output is None:
            return await self._run(sources, text_column, id_column, skip, on_result, on_progress)
        with ResumeFile(output, self.run_key(), overwrite=overwrite) as out:

            async def write(result: Result) -> None:
                out.append(result)
                if on_result is not None:
                    await _call(on_result, result)

            result = await self._run(sources, text_column, id_column, {*skip, *out.skip}, write, on_progress)
        result.resumed = out.done
        if out.dropped:
            result.warnings.append(
                f"{out.out}: dropped {out.dropped} unfinished line(s) from an interrupted run"
            )
        return result

    def summarize_many(self, sources: Any, **options: Any) -> BatchResult:
        """Synchronous `asummarize_many` (same options)."""
        return _run_sync(self.asummarize_many(sources, **options), "asummarize_many")

    async def aiter_summaries(self, sources: Any, **options: Any) -> AsyncGenerator[Result, None]:
        """Each summary or error row as soon as it is finished (completion order, not input order)."""
        queue: asyncio.Queue[Result | None] = asyncio.Queue()
        task = asyncio.create_task(self.asummarize_many(sources, on_result=queue.put_nowait, **options))
        task.add_done_callback(lambda _: queue.put_nowait(None))
        try:
            while (item := await queue.get()) is not None:
                yield item
            task.result()  # re-raise what stopped the batch, if anything did
        finally:
            task.cancel()

    def iter_summaries(self, sources: Any, **options: Any) -> Iterator[Result]:
        """Synchronous `aiter_summaries`: rows as they finish; stopping the loop cancels the batch."""
        runner = asyncio.Runner()
        agen = self.aiter_summaries(sources, **options)
        try:
            while True:
                try:
                    yield runner.run(agen.__anext__())
                except StopAsyncIteration:
                    return
        finally:
            runner.run(agen.aclose())
            runner.close()

    # ------------------------------------------------------------------------------------------ batch jobs

    async def asubmit_batch(
        self,
        sources: Any,
        *,
        output: str | Path,
        reask: Reask = "live",
        overwrite: bool = False,
        export: str | Path | None = None,
    ) -> JobStatus:
        """Send every model request of `sources` through the provider's Batch API (half price, 24 h),
        or write them to `export` for `vllm run-batch`; batch ids go to `.OUT.batch.json` beside `output`.

        Reports whose answers are all cached already are finished into `output` at once. Then
        `collect_batch(output)` finishes the rest; `reask` says where re-asks go then (live or batch).
        """
        return await asubmit(self, sources, output, reask=reask, overwrite=overwrite, export=export)

    def submit_batch(self, sources: Any, **options: Any) -> JobStatus:
        """Synchronous `asubmit_batch` (same options)."""
        return _run_sync(self.asubmit_batch(sources, **options), "asubmit_batch")

    async def acollect_batch(
        self,
        output: str | Path,
        *,
        sources: Any = None,
        reask: Reask | None = None,
        results: str | Path | None = None,
        wait: float | None = None,
        poll: float = 30.0,
    ) -> JobStatus:
        """Download finished batches (output and error files) into the answer cache, then finish every
        report it can into `output` exactly as a live run would; see `summarizer.jobs.acollect`.

        results: a `vllm run-batch` output file answering an export. Collecting twice changes nothing.
        """
        return await acollect(
            self, output, sources=sources, reask=reask, results=results, wait=wait, poll=poll
        )

    def collect_batch(self, output: str | Path, **options: Any) -> JobStatus:
        """Synchronous `acollect_batch` (same options)."""
        return _run_sync(self.acollect_batch(output, **options), "acollect_batch")

    def batch_status(self, output: str | Path) -> JobStatus:
        """The batches of `output`'s job as the provider reports them now (nothing downloaded)."""
        return job_status(self, output)

    def cancel_batch(self, output: str | Path) -> JobStatus:
        """Cancel the running batches of `output`'s job; `collect_batch` still keeps what they finished."""
        return cancel_job(self, output)

    # ------------------------------------------------------------------------------------------ engine

    async def _run(
        self,
        sources: Any,
        text_column: str,
        id_column: str | None,
        skip: Collection[tuple[str | None, int]],
        on_result: ResultCallback | None,
        on_progress: ProgressCallback | None,
    ) -> BatchResult:
        started = time.perf_counter()
        docs = expand_sources(sources, text_column, id_column)
        batch = _Batch(self, len(docs), on_result, on_progress)
        jobs = await batch.load(docs, set(skip))
        queue: asyncio.Queue[_Job] = asyncio.Queue()
        for job in jobs:
            queue.put_nowait(job)

        async def work() -> None:
            while not queue.empty():
                await batch.run(queue.get_nowait())
                await asyncio.sleep(0)  # a cancel is seen between reports even when extraction never awaits

        workers = [asyncio.create_task(work()) for _ in range(max(1, min(self.concurrency, len(jobs))))]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in workers:
                task.cancel()
        return batch.result(time.perf_counter() - started)

    async def extract(self, report: Report, label: str | None = None) -> tuple[ReportSummary, bool]:
        """One report's summary, from the cache when possible; the bool says whether it was a hit."""
        label = label or report.source or report.id
        update: dict[str, Any] = {
            "source": label,
            "report_index": report.index,
            "report_start": report.offset,
            "report_end": report.offset + len(report.text),
        }
        key = cache_key(report.text, self.run_key()) if self.cache is not None else ""
        if self.cache is not None and (cached := self.cache.get(key)) is not None:
            # the same text may come from another file: provenance comes from the report at hand
            return cached.model_copy(update=update), True
        summary = await self.extractor.extract(report)
        if summary.backend is None:
            update["backend"] = self.extractor.name
        if report.pages:  # items from a PDF or Word file say which page they are on
            for kind in ITEM_KINDS:
                update[kind] = paginate(getattr(summary, kind), report)
        summary = summary.model_copy(update=update)
        if self.cache is not None:
            self.cache.put(key, summary, text_sha256=text_hash(report.text))
        return summary, False


class _Batch:
    """The bookkeeping of one batch: ordered results, progress totals, callbacks."""

    def __init__(
        self,
        client: Summarizer,
        documents_total: int,
        on_result: ResultCallback | None,
        on_progress: ProgressCallback | None,
    ) -> None:
        self.client = client
        self.progress = BatchProgress(documents_total=documents_total)
        self.summaries: list[tuple[tuple[int, int], ReportSummary]] = []
        self.errors: list[tuple[tuple[int, int], DocumentError]] = []
        self.deferred: list[tuple[tuple[int, int], str]] = []
        self.usage = Usage()
        self.remaining: dict[int, int] = {}
        self.on_result = on_result
        self.on_progress = on_progress

    async def load(self, docs: list[Source], skip: set[tuple[str | None, int]]) -> list[_Job]:
        """Load every document first: bad ones become rows at once, the report count sizes the pool."""
        jobs: list[_Job] = []
        for i, doc in enumerate(docs):
            try:
                reports = await asyncio.to_thread(doc.load)
            except Exception as exc:  # one bad document never stops the batch
                self.progress.documents_done += 1
                await self.fail((i, -1), doc.label, exc, None)
                continue
            todo = [r for r in reports if (r.source or doc.label, r.index) not in skip]
            self.progress.skipped += len(reports) - len(todo)
            self.remaining[i] = len(todo)
            if not todo:
                self.progress.documents_done += 1
            jobs.extend(_Job((i, r.index), r.source or doc.label, r) for r in todo)
        self.report()
        return jobs

    async def run(self, job: _Job) -> None:
        try:
            summary, hit = await self.client.extract(job.report, job.label)
        except AnswersPending:  # a batch job will answer: no row now, the report is finished on collect
            self.deferred.append((job.order, job.report.id))
            self.progress.deferred += 1
            self.document_done(job.order[0])
            self.report()
            return
        except Exception as exc:
            self.document_done(job.order[0])
            await self.fail(job.order, job.label, exc, job.report.index)
            return
        if hit:
            self.progress.cache_hits += 1
        else:
            self.usage = self.usage + summary.usage
        self.summaries.append((job.order, summary))
        self.progress.reports_done += 1
        self.progress.items += item_count(summary)
        self.document_done(job.order[0])
        await self.emit(summary)

    async def fail(self, order: tuple[int, int], label: str, exc: Exception, index: int | None) -> None:
        message = _scrub(str(exc) or type(exc).__name__, self.client.settings)
        error = DocumentError(label, type(exc).__name__, message, report_index=index, exception=exc)
        self.errors.append((order, error))
        self.progress.errors += 1
        await self.emit(error)

    def document_done(self, doc_index: int) -> None:
        self.remaining[doc_index] -= 1
        if self.remaining[doc_index] == 0:
            self.progress.documents_done += 1

    async def emit(self, result: Result) -> None:
        if self.on_result is not None:
            await _call(self.on_result, result)
        self.report()

    def report(self) -> None:
        self.progress.usage = self.usage
        if self.on_progress is not None:
            self.on_progress(self.progress)

    def result(self, seconds: float) -> BatchResult:
        return BatchResult(
            summaries=[s for _, s in sorted(self.summaries, key=lambda pair: pair[0])],
            errors=[e for _, e in sorted(self.errors, key=lambda pair: pair[0])],
            usage=self.usage,
            cache_hits=self.progress.cache_hits,
            skipped=self.progress.skipped,
            seconds=seconds,
            deferred=[d for _, d in sorted(self.deferred)],
        )


# ---------------------------------------------------------------------------------------------- helpers


async def _call(callback: Callable[[Any], Any], value: Any) -> None:
    outcome = callback(value)
    if isinstance(outcome, Awaitable):
        await outcome


def _settings(settings: ModelSettings | None, options: dict[str, Any]) -> ModelSettings:
    """Explicit settings updated with options (validated), else settings resolved from options."""
    if settings is None:
        return resolve_settings(**options)
    if not options:
        return settings
    try:
        return ModelSettings(**(settings.model_dump() | options))
    except ValidationError as exc:
        raise ConfigError.from_validation(exc) from None


def _open_cache(cache: bool | str | Path | Cache | None) -> Cache | None:
    if isinstance(cache, Cache):
        return cache
    if cache is True:
        return Cache()
    if cache is False or cache is None:
        return None
    return Cache(cache)


def _scrub(message: str, settings: ModelSettings | None) -> str:
    """Error text safe to store: the API key and bearer-looking tokens masked, one line."""
    if settings is not None and settings.api_key is not None:
        secret = settings.api_key.get_secret_value()
        if secret:
            message = message.replace(secret, "***")
    message = re.sub(r"\b(sk-|Bearer\s+)[A-Za-z0-9_\-\.]{6,}", r"\1***", message)
    return " ".join(message.split())[:500]


def _label(source: Any) -> str:
    if isinstance(source, Report):
        return source.id
    if isinstance(source, Path) or (isinstance(source, str) and looks_like_path(source)):
        return str(source)
    return "the text"


def _run_sync(coro: Any, twin: str) -> Any:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    coro.close()
    raise RuntimeError(
        "an event loop is already running here (Jupyter, async code): "
        f"use `await summarizer.{twin}(...)` or `await client.{twin}(...)`"
    )
