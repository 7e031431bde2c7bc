"""Model extraction through any OpenAI-compatible endpoint; the only module importing `openai`.

Per report: chunk (routed by section) -> render the prompt variant -> call the endpoint -> normalize the
answer (reasoning removed, any readable shape accepted, tool calls merged) -> ground every item in the
report text near its chunk -> re-ask only what is still wrong, each distinct error once -> merge.

Two retry layers never mix. Transport failures (429 honouring Retry-After, 5xx, timeouts, dropped
connections) are retried by tenacity with exponential backoff and jitter, and never reach the prompt; a
refused connection is not retried (nothing listens there). Content failures (bad JSON, invalid or
ungrounded items) are re-asked with the error text, bounded by `max_reasks` and a token budget. A refusal,
a content filter, an empty answer or an answer cut off before any complete item is retried once, then
recorded with its own reason. A cut-off answer with complete items splits its chunk in two (never one
without). Every report has a budget of calls and tokens (`max_calls_per_report`, `max_tokens_per_report`);
once spent, the remaining chunks end with that reason in `rejected`. A chunk that fails is recorded in
`rejected`; the report's other chunks are kept.

Hooks: `answers` (get/put by request hash) serves identical requests without a call; `trace` writes every
request and answer as JSONL (no key); `defer(key, request, report, chunk)` is asked before each call an
answer store cannot serve, and when it says True the chunk ends as deferred instead of calling (batch jobs:
the request goes into a batch file, and the report raises `AnswersPending`, so it is neither cached nor
written). With `bill_batch`, answers the store holds from a batch job (marked `"batch"`) count as calls at
the batch price (`price_batch_input` / `price_batch_output`).
"""

from __future__ import annotations

import asyncio
import errno
import functools
import hashlib
import json
import logging
import re
import ssl
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import openai
from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential, wait_random

from ...config import ModelSettings, model_configured, resolve_settings
from ...errors import AnswersPending, ConfigError, ContentError, ModelError
from ...ground import SourceText, ground_items
from ...models import Rejected, Report, ReportSummary, Usage
from ...segment import section_at, sections, sentences, where_stated
from ..base import register_extractor
from .chunk import CHUNKING, ROUTES, Chunk, chunk_report, estimate_tokens, split_chunk
from .merge import merge_items, merge_rejected, project_name_key
from .modes import (
    Answer,
    answer_from_raw,
    build_request,
    endpoint_modes,
    hosted,
    raw_answer,
    schema_in_request,
)
from .normalize import strip_reasoning
from .prompts import PromptVariant, load_variant, render_chunk
from .response import KINDS, ParsedAnswer, answer_schema_hash, parse_answer, salvage_json

__all__ = ["AnswerStore", "DeferHook", "LLMExtractor", "map_openai_error", "request_key"]

log = logging.getLogger(__name__)

MAX_ECHO_CHARS = 4000
"""The previous answer is echoed in a re-ask only up to this length, so re-asks do not grow unbounded."""
_MODE_WORDS = re.compile(
    r"response_format|json_schema|json_object|tool_choice|\btools\b|structured output|function call",
    re.IGNORECASE,
)


def _mode_problem(exc: BaseException) -> bool:
    """An error naming the output mode: HTTP 400/422, or 500 from servers that fail request validation
    that way (llama-cpp-python answers an unknown response_format type with a 500)."""
    return (
        isinstance(exc, openai.APIStatusError)
        and exc.status_code in (400, 422, 500)
        and bool(_MODE_WORDS.search(str(exc.message)))
    )


def _refused(exc: BaseException) -> bool:
    """A connection refused (ECONNREFUSED) anywhere in the cause chain: nothing listens, do not wait."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if (
            isinstance(current, ConnectionRefusedError)
            or getattr(current, "errno", None) == errno.ECONNREFUSED
        ):
            return True
        if "connection refused" in str(current).lower() or "errno 111" in str(current).lower():
            return True
        current = current.__cause__ or current.__context__
    return False


def _transient(exc: BaseException) -> bool:
    """Transport failures worth retrying: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return not _refused(exc)
    if _mode_problem(exc):
        return False
    return isinstance(exc, openai.APIStatusError) and (exc.status_code == 429 or exc.status_code >= 500)


def _retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (retry-after-ms or Retry-After in seconds)."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue  # an HTTP date: fall back to backoff
    return None


def map_openai_error(exc: openai.OpenAIError, *, attempts: int, secret: str | None = None) -> ModelError:
    """One boundary from the SDK's exceptions to ours; messages never include the key."""
    if isinstance(exc, openai.APITimeoutError):
        message = f"the model endpoint timed out ({attempts} attempt(s))"
    elif isinstance(exc, openai.APIConnectionError):
        message = f"cannot reach the model endpoint ({attempts} attempt(s))"
    elif isinstance(exc, openai.AuthenticationError):
        message = "the model endpoint rejected the API key (HTTP 401): check OPENAI_API_KEY or --api-key"
    elif isinstance(exc, openai.APIStatusError):
        message = f"HTTP {exc.status_code} from the model endpoint after {attempts} attempt(s): {exc.message}"
    else:
        message = f"model call failed: {type(exc).__name__}: {exc}"
    if secret:
        message = message.replace(secret, "***")
    return ModelError(message[:500], attempts=attempts)


class _ModeRejected(Exception):
    """HTTP 400/422 for a request in some output mode: args are (the SDK error, the mode)."""


class _TooLong(Exception):
    """The request does not fit the model's context window: args are (the mapped ModelError,)."""


_CONTEXT_WORDS = re.compile(
    r"context[ _](?:length|window|size)|maximum context|too many tokens|prompt is too long|input is too long"
    r"|reduce the length|requested tokens|exceeds? (?:the )?(?:model'?s? )?(?:maximum|max|limit)",
    re.IGNORECASE,
)


def _too_long(exc: BaseException) -> bool:
    """HTTP 400/413/422 saying the prompt plus max_tokens exceed the context (vLLM, llama.cpp, OpenAI)."""
    return (
        isinstance(exc, openai.APIStatusError)
        and exc.status_code in (400, 413, 422)
        and bool(_CONTEXT_WORDS.search(str(exc.message)))
    )


class AnswerStore(Protocol):
    """Where raw answers are kept between runs (the `answers` hook): keyed by `request_key`."""

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any]) -> None: ...


DeferHook = Callable[[str, dict[str, Any], Report, Any], bool]
"""`defer(key, request, report, chunk) -> bool`: True ends the chunk as deferred instead of calling."""


@dataclass
class _Tally:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    batch_prompt_tokens: int = 0  # of the above, answered by a batch job (batch price)
    batch_completion_tokens: int = 0
    cached_prompt_tokens: int = 0  # of the live prompt tokens, served from the provider's prompt cache
    cache_hits: int = 0
    max_calls: int | None = None
    max_tokens: int | None = None


_SECRET_KEYS = re.compile(r"api[_-]?key|authorization|secret|password", re.IGNORECASE)


def _redact(value: Any, secret: str | None) -> Any:
    if isinstance(value, dict):
        return {k: "***" if _SECRET_KEYS.search(str(k)) else _redact(v, secret) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(v, secret) for v in value]
    if isinstance(value, str) and secret and secret in value:
        return value.replace(secret, "***")
    return value


def _trace_writer(trace: str | Path | Callable[[str], Any] | Any) -> Callable[[str], None]:
    """A function writing one JSONL line: to a file path (appended), a `.write` object, or a callable."""
    if isinstance(trace, str | Path):
        path = Path(trace).expanduser()
        lock = threading.Lock()

        def write_file(line: str) -> None:
            with lock, path.open("a", encoding="utf-8") as file:
                file.write(line + "\n")

        return write_file
    if hasattr(trace, "write"):
        return lambda line: trace.write(line + "\n")
    if callable(trace):
        return trace
    raise ConfigError("trace must be a file path, a writable object or a callable taking a JSON line")


@dataclass
class _Outcome:
    """What one chunk (or its halves) produced; `error` is set when the chunk could not be extracted."""

    chunk: int
    items: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in KINDS})
    rejected: list[Rejected] = field(default_factory=list)
    error: ModelError | None = None
    deferred: int = 0  # requests handed to the `defer` hook instead of being sent

    def absorb(self, other: _Outcome) -> None:
        for kind, items in other.items.items():
            self.items[kind].extend(items)
        self.rejected.extend(other.rejected)
        self.error = self.error if other.error is None else other.error
        self.deferred += other.deferred


class LLMExtractor:
    """Extractor driving an OpenAI-compatible chat endpoint with a prompt variant (registered as "llm")."""

    name = "llm"

    def __init__(
        self,
        settings: ModelSettings | None = None,
        client: openai.AsyncOpenAI | None = None,
        *,
        routes: Mapping[str, Sequence[str]] | None = None,
        reask_token_budget: int | None = None,
        retry_wait: tuple[float, float] = (1.0, 30.0),
        max_retry_after: float = 60.0,
        answers: AnswerStore | None = None,
        trace: str | Path | Callable[[str], Any] | None = None,
        **overrides: Any,
    ) -> None:
        settings = settings or resolve_settings()
        if overrides:
            unknown = sorted(set(overrides) - set(ModelSettings.model_fields))
            if unknown:
                raise ConfigError(f"unknown model setting(s): {', '.join(unknown)}")
            try:
                settings = ModelSettings.model_validate({**settings.model_dump(), **overrides})
            except ValidationError as exc:
                raise ConfigError.from_validation(exc) from None
        if not settings.model or (client is None and not model_configured(settings)):
            raise ConfigError(
                "no model endpoint configured: give --model and --base-url "
                "(or SUMMARIZER_MODEL with OPENAI_BASE_URL / OPENAI_API_KEY)"
            )
        self.settings = settings
        self.variant: PromptVariant = load_variant(settings.prompt)
        self.routes = routes or ROUTES
        # re-asks stop once a chunk has used this many tokens (prompt + completion, every attempt)
        self.reask_token_budget = reask_token_budget or 8 * (settings.chunk_tokens + settings.max_tokens)
        self.retry_wait = retry_wait
        self.max_retry_after = max_retry_after
        self.max_splits = settings.max_splits
        # llama-cpp-python constrains json_object output with a "schema" key (a grammar: better answers,
        # but slow with large vocabularies); hosted APIs do not take the key, so it is opt-in
        self.schema_in_json_object = settings.schema_in_json_object and not hosted(settings.base_url)
        self._client = client
        self.answers = answers
        self.cache_hits = 0  # requests served from `answers` (not counted as calls)
        self.defer: DeferHook | None = None  # batch jobs: requests to send later instead of now
        self.bill_batch = False  # count answers from a batch job as calls at the batch price
        self.batch_calls = 0  # answers from a batch job counted as calls (with bill_batch)
        self._trace_write = _trace_writer(trace) if trace is not None else None
        # one cap on calls in flight for everything this extractor does in an event loop, so a batch
        # sharing the extractor never exceeds settings.concurrency however many reports run at once
        self._limits: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
        preferred = settings.output_mode if settings.output_mode != "auto" else self.variant.output_mode
        self._fixed_mode = settings.output_mode != "auto"
        self.modes = (
            [preferred] if self._fixed_mode else endpoint_modes(settings.base_url, preferred, settings.model)
        )

    def _limit(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._limits:
            self._limits = {loop: asyncio.Semaphore(max(1, self.settings.concurrency))}  # old loops closed
        return self._limits[loop]

    @property
    def mode(self) -> str:
        """The output mode used next (the working one, once an endpoint has answered)."""
        return self.modes[0]

    def _trace(self, report: Report, chunk: Chunk, attempt: int, mode: str, request: dict[str, Any],
               answer: dict[str, Any] | None, *, error: BaseException | None = None,
               cache: str | None = None, seconds: float | None = None) -> None:  # fmt: skip
        """One JSONL line per request (and per cache hit): request, answer or error; keys redacted."""
        if self._trace_write is None:
            return
        record = {
            "time": time.time(), "report": report.id, "chunk": [chunk.start, chunk.end], "kinds": chunk.kinds,
            "attempt": attempt, "mode": mode, "request": request, "answer": answer,
            "error": f"{type(error).__name__}: {error}" if error is not None else None,
            "cache": cache, "seconds": seconds,
        }  # fmt: skip
        secret = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        self._trace_write(json.dumps(_redact(record, secret), ensure_ascii=False, default=str))

    def cache_key(self) -> dict[str, Any]:
        s = self.settings
        return {
            "backend": self.name,
            "model": s.model,
            "base_url": s.base_url,
            "prompt": {
                "name": self.variant.name,
                "version": self.variant.version,
                "hash": self.variant.template_hash,
            },
            "schema": answer_schema_hash(),
            "chunking": CHUNKING,
            "params": {
                "temperature": s.temperature,
                "max_tokens": s.max_tokens,
                "output_mode": s.output_mode,
                "chunk_tokens": s.chunk_tokens,
                "max_reasks": s.max_reasks,
                # every other setting that changes output (set ones only, so older keys stay valid)
                **{k: v for k, v in s.cache_params().items() if k not in _KEYED_ABOVE},
            },
            "routes": {str(k): list(v) for k, v in self.routes.items()},
        }

    async def extract(self, report: Report) -> ReportSummary:
        started = time.perf_counter()
        tally = _Tally()
        source = SourceText(report.text)
        chunks = chunk_report(report, self.settings.chunk_tokens, routes=self.routes)
        s = self.settings
        per_chunk = 4 if s.second_pass else 3
        tally.max_calls = s.max_calls_per_report or per_chunk * len(chunks) + 2
        text_tokens = sum(estimate_tokens(c.text(report)) + s.chunk_overlap for c in chunks)
        tally.max_tokens = s.max_tokens_per_report or 4 * (text_tokens + len(chunks) * (s.max_tokens + 1500))
        client = self._client or openai.AsyncOpenAI(
            base_url=self.settings.base_url, api_key=self.settings.key_value(),
            timeout=self.settings.timeout, max_retries=0,  # only tenacity retries
            http_client=_http_client(),
        )  # fmt: skip
        run = _Run(self, client, report, source, tally, self._limit())
        try:
            outcomes = await asyncio.gather(*(run.chunk(c) for c in chunks))
        finally:
            if self._client is None:
                await client.close()
        deferred = sum(o.deferred for o in outcomes)
        if deferred:
            raise AnswersPending(
                f"report {report.id}: {deferred} request(s) wait for a batch", requests=deferred
            )
        failed = [o for o in outcomes if o.error is not None]
        transport = [o for o in failed if not isinstance(o.error, ContentError)]
        # an endpoint that never answered is an error (nothing to cache, retry later); a model that
        # answered with unusable content gives an empty summary whose `rejected` says why
        if outcomes and len(failed) == len(outcomes) and transport:
            first = transport[0].error
            raise ModelError(
                f"every chunk of report {report.id} failed; first: {first}", attempts=tally.calls
            ) from first
        spent = [r for o in outcomes for r in o.rejected if r.reason.startswith("report budget spent")]
        if spent:
            log.warning("report %s: %s", report.id, spent[0].reason)
        live_prompt = tally.prompt_tokens - tally.batch_prompt_tokens - tally.cached_prompt_tokens
        live_completion = tally.completion_tokens - tally.batch_completion_tokens
        batch_input, batch_output = s.batch_prices()
        cost = live_prompt * s.price_input + live_completion * s.price_output
        cost += tally.cached_prompt_tokens * s.cached_price()
        cost += tally.batch_prompt_tokens * batch_input + tally.batch_completion_tokens * batch_output
        usage = Usage(
            calls=tally.calls,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            cached_prompt_tokens=tally.cached_prompt_tokens,
            cost=cost / 1e6,
            seconds=time.perf_counter() - started,
        )
        merged = {kind: merge_items([(o.chunk, o.items[kind]) for o in outcomes]) for kind in KINDS}
        merged["goals"] = [  # where each goal was stated comes from the report's sections, not the model
            g if g.stated_in else g.model_copy(update={"stated_in": where_stated(report, g.evidence.start)})
            for g in merged["goals"]
        ]
        return ReportSummary(
            meta=report.meta, source=report.source, report_index=report.index, backend=self.name,
            goals=merged["goals"], achievements=merged["achievements"], key_projects=merged["key_projects"],
            rejected=merge_rejected([o.rejected for o in outcomes]), usage=usage,
        )  # fmt: skip


_KEYED_ABOVE = frozenset(
    {"base_url", "model", "prompt", "temperature", "max_tokens", "output_mode", "chunk_tokens"}
)
"""Settings `LLMExtractor.cache_key` names on their own; the rest of `cache_params()` goes in as they are."""


class _BudgetSpent(Exception):
    """The report's call or token budget is used up: args are (the reason,)."""


class _Deferred(Exception):
    """The `defer` hook took this request: the chunk ends here, its answer comes from a batch later."""


class _Run:
    """One report's extraction: shares the client, semaphore, usage tally and budget among its chunks."""

    def __init__(
        self, owner: LLMExtractor, client: Any, report: Report, source: SourceText, tally: _Tally, sem
    ):
        self.x = owner
        self.client = client
        self.report = report
        self.source = source
        self.tally = tally
        self.sem = sem
        self.refused: ModelError | None = None  # a refused connection ends every chunk at once

    def _ground(
        self, kind: str, items: list[Any], chunk: Chunk
    ) -> tuple[list[Any], list[Rejected], list[Rejected]]:
        """Items located in the report: (kept, failed, off-route). Off-route items are quoted from a
        section not read for their kind (a goal from the review of a chunk holding review and plan): they
        are dropped with a reason, never re-asked."""
        grounded = ground_items(items, self.source, kind, near=chunk.span)
        parts = sections(self.report)
        kept, off_route = [], []
        for item in grounded.kept:
            at = section_at(parts, item.evidence.start)
            if at is None or kind in self.x.routes.get(at.kind, ()):
                kept.append(item)
            else:
                reason = f"quoted from a {at.kind} section, which is not read for {kind}"
                off_route.append(Rejected(kind=kind, item=item.model_dump(mode="json"), reason=reason))
        return kept, grounded.rejected, off_route

    async def chunk(self, chunk: Chunk, depth: int = 0) -> _Outcome:
        """Extract one chunk; a transport failure is recorded, not raised."""
        try:
            outcome = await self._converse(chunk, depth)
            if self.x.settings.second_pass and depth == 0 and outcome.error is None:
                await self._second_pass(chunk, outcome)
            return outcome
        except _Deferred:
            return _Outcome(chunk.index, deferred=1)
        except _TooLong as too_long:
            return await self._halve(chunk, depth, too_long.args[0])
        except ModelError as exc:
            log.warning("chunk %d of %s failed: %s", chunk.index, self.report.id, exc)
            return self._failed(chunk, exc)

    async def _halve(self, chunk: Chunk, depth: int, error: ModelError) -> _Outcome:
        """A chunk too long for the model's context is asked again in halves, as far as max_splits go."""
        halves = split_chunk(self.report, chunk) if depth < self.x.max_splits else None
        if halves is None:
            s = self.x.settings
            hint = f"the chunk does not fit the model's context: lower chunk_tokens ({s.chunk_tokens}) or max_tokens ({s.max_tokens})"
            return self._failed(chunk, ModelError(f"{hint}; {error}"[:500], attempts=error.attempts))
        log.info("chunk %d does not fit the context; asking in halves", chunk.index)
        if self.x.settings.max_calls_per_report is None and self.tally.max_calls is not None:
            # the default budget counts calls per chunk: one more chunk, and the call that did not fit
            self.tally.max_calls += (4 if self.x.settings.second_pass else 3) + 1
        return await self._ask_all(chunk.index, list(halves), depth + 1)

    async def _ask_all(self, index: int, asks: list[Chunk], depth: int) -> _Outcome:
        """The parts of one chunk asked concurrently, their outcomes as that chunk's."""
        outcome = _Outcome(index)
        for part in await asyncio.gather(*(self.chunk(a, depth) for a in asks)):
            outcome.absorb(part)
        return outcome

    def _failed(self, chunk: Chunk, error: ModelError) -> _Outcome:
        item = {"chunk": [chunk.start, chunk.end], "section": chunk.section}
        reason = f"chunk not extracted: {error}"
        rejected = [Rejected(kind=kind, item=item, reason=reason) for kind in chunk.kinds]
        return _Outcome(chunk.index, rejected=rejected, error=error)

    def _note(self, chunk: Chunk, reason: str, **item: Any) -> Rejected:
        return Rejected(kind=chunk.kinds[0], item={"chunk": [chunk.start, chunk.end], **item}, reason=reason)

    def _base(self, chunk: Chunk) -> list[dict[str, str]] | None:
        x = self.x
        return render_chunk(
            x.variant, self.report, chunk, schema_in_request=schema_in_request(x.mode),
            overlap=x.settings.chunk_overlap,
        )  # fmt: skip

    async def _converse(self, chunk: Chunk, depth: int) -> _Outcome:
        """Ask, check, re-ask only what is still wrong (each distinct error once); items grounded in any
        attempt are kept, one version per span; unresolved failures are rejected with their reasons."""
        x, kinds = self.x, chunk.kinds
        outcome = _Outcome(chunk.index)
        base = self._base(chunk)
        if base is None:
            return outcome
        messages = base
        kept: dict[tuple[Any, ...], Any] = {}
        pending: dict[tuple[Any, ...], Rejected] = {}
        off_route: dict[tuple[Any, ...], Rejected] = {}
        asked: set[tuple[Any, ...]] = set()
        retried = False  # one retry for a refusal, a filter, an empty answer or an answer without JSON
        used = 0
        attempt = 0
        while True:
            attempt += 1
            try:
                answer = await self._call(messages, chunk, attempt)
            except _BudgetSpent as spent:
                outcome.rejected.append(self._note(chunk, str(spent.args[0])))
                if not kept:
                    outcome.error = ContentError(str(spent.args[0]), attempts=attempt - 1)
                break
            used += answer.prompt_tokens + answer.completion_tokens
            text = answer.text
            salvaged = None
            if answer.outcome == "cut":
                salvaged = salvage_json(text)
                partial = parse_answer(salvaged, kinds) if salvaged is not None else None
                complete = partial is not None and any(partial.items.values())
                rest = None  # (the items kept, the requests still to send)
                if depth < x.max_splits and complete and salvaged is not None and partial is not None:
                    rest = self._continuation(chunk, salvaged, partial)
                    if rest is None and (halves := split_chunk(self.report, chunk)) is not None:
                        rest = (_Outcome(chunk.index), [*halves])
                if rest:
                    done, asks = rest
                    log.info("answer cut off; asking chunk %d again for %s", chunk.index,
                             ", ".join(f"{a.start}-{a.end} {'/'.join(a.kinds)}" for a in asks))  # fmt: skip
                    outcome.absorb(done)
                    outcome.absorb(await self._ask_all(chunk.index, asks, depth + 1))
                    outcome.items = {k: _one_per_span(k, v) for k, v in outcome.items.items()}
                    return outcome
                if not complete:
                    answer.outcome = "cut_no_json"  # nothing usable before the cut: splitting will not help
            if answer.outcome != "ok" and answer.outcome != "cut":
                reason = _outcome_reason(answer, x.settings.max_tokens)
                if not retried and attempt <= x.settings.max_reasks + 1:
                    retried = True
                    log.info("chunk %d: %s; retrying once", chunk.index, reason)
                    if answer.outcome == "cut_no_json":
                        hint = x.variant.render_reask(kinds=kinds, answer_error=None, errors=[], direct=True)
                        messages = [*base, {"role": "user", "content": hint}]
                    continue
                outcome.rejected.append(self._note(chunk, f"{reason} (attempt {attempt})",
                                                   answer=(answer.text or answer.reasoning)[-200:]))  # fmt: skip
                if not kept:
                    outcome.error = ContentError(reason, attempts=attempt, last_error=reason)
                break
            if answer.outcome == "cut":
                note = f"answer cut off at max_tokens={x.settings.max_tokens}; items after the cut are lost"
                outcome.rejected.append(
                    self._note(chunk, f"{note} (attempt {attempt})", answer_tail=answer.text[-200:])
                )
                text = salvaged or text
            parsed = parse_answer(text, kinds)
            if parsed.error is not None and salvaged is None:
                rescued = salvage_json(strip_reasoning(text)[0])
                if rescued is not None:  # keep the complete items of a broken answer, still re-ask
                    partial = parse_answer(rescued, kinds)
                    parsed.items, parsed.errors = partial.items, partial.errors
            failures: list[tuple[tuple[Any, ...], Rejected]] = [
                ((e.kind, _quote(e.item), e.reason), Rejected(kind=e.kind, item=e.item, reason=e.reason))
                for e in parsed.errors
            ]
            described = {(e.kind, _quote(e.item), e.reason): e.describe() for e in parsed.errors}
            for kind in kinds:
                in_route, failed, off = self._ground(kind, parsed.items[kind], chunk)
                for item in in_route:
                    key = _span_key(kind, item)
                    if key not in kept or _filled(item) >= _filled(kept[key]):
                        kept[key] = item
                failures += [((kind, _quote(r.item), r.reason), r) for r in failed]
                off_route.update({(kind, _quote(r.item)): r for r in off})
            loose_kept = {_loose_key(k[0], i.model_dump(mode="json")) for k, i in kept.items()}
            clean_kinds = set(kinds) - {r.kind for _, r in failures} if parsed.error is None else set()
            pending = {
                sig: r
                for sig, r in pending.items()
                if _loose_key(r.kind, r.item) not in loose_kept
                and not (_loose_key(r.kind, r.item)[1] is None and r.kind in clean_kinds)
            }
            for sig, r in failures:
                pending.setdefault(sig, _tagged(r, attempt))
            answer_sig = None
            if parsed.error is not None:
                answer_sig = (re.sub(r"\d+", "#", parsed.error), hash(text))
            if parsed.error is None and not failures:
                break
            new = [(sig, r) for sig, r in failures if sig not in asked]
            fresh_answer_error = answer_sig is not None and answer_sig not in asked
            if (
                attempt > x.settings.max_reasks
                or used >= x.reask_token_budget
                or not (new or fresh_answer_error)
            ):
                if parsed.error is not None:
                    reason = f"{parsed.error} (attempt {attempt}, no re-asks left)"
                    outcome.rejected.append(self._note(chunk, reason, answer=answer.text[:300]))
                    if not kept and not pending:
                        outcome.error = ContentError(parsed.error, attempts=attempt, last_error=parsed.error)
                break
            asked.update(sig for sig, _ in new)
            if answer_sig is not None:
                asked.add(answer_sig)
            errors = [described.get(sig) or f"{r.kind}: {_quote_text(r.item)}{r.reason}" for sig, r in new]
            reask = x.variant.render_reask(
                kinds=kinds, answer_error=parsed.error if fresh_answer_error else None, errors=errors
            )
            # a fresh list each time: the base prompt, the last answer, the errors (no growth across re-asks)
            messages = [
                *base,
                {"role": "assistant", "content": answer.text[:MAX_ECHO_CHARS]},
                {"role": "user", "content": reask},
            ]
        for key, item in kept.items():
            outcome.items[key[0]].append(item)
        outcome.rejected.extend(pending.values())
        outcome.rejected.extend(off_route.values())
        return outcome

    def _continuation(
        self, chunk: Chunk, salvaged: str, parsed: ParsedAnswer
    ) -> tuple[_Outcome, list[Chunk]] | None:
        """The complete items of a cut-off answer, and what is left to ask: the kind being listed when
        the answer was cut, from the sentence of its last complete item on (the whole chunk if it has
        none), and the kinds not yet started, for the whole chunk. Kinds listed in full are not asked
        again. None when nothing was finished before the cut (then the chunk is halved)."""
        order = sorted((salvaged.find(f'"{k}"'), k) for k in chunk.kinds if f'"{k}"' in salvaged)
        if not order:
            return None
        cut_kind = order[-1][1]
        unstarted = tuple(k for k in chunk.kinds if all(k != kind for _, kind in order))
        done = _Outcome(chunk.index)
        for _, kind in order:
            done.items[kind], failed, off = self._ground(kind, parsed.items[kind], chunk)
            done.rejected += failed + off
        last = max(
            (i.evidence.start for i in done.items[cut_kind] if chunk.start <= i.evidence.start < chunk.end),
            default=None,
        )
        resume = chunk.start
        if last is not None:
            resume = next(
                s.start for s in sentences(self.report.text, chunk.start, chunk.end) if last < s.end
            )
        if resume <= chunk.start and len(order) == 1:
            return None  # nothing finished before the cut: asking the same again would not get further
        rest = tuple(k for k in chunk.kinds if k == cut_kind or k in unstarted)
        asks = [replace(chunk, start=max(resume, chunk.start), kinds=rest)]
        if unstarted and resume > chunk.start:
            asks.append(replace(chunk, end=resume, kinds=unstarted))
        return done, asks

    async def _second_pass(self, chunk: Chunk, outcome: _Outcome) -> None:
        """Ask once more for what the first answer missed; new items merge by span (settings.second_pass)."""
        base = self._base(chunk)
        if base is None:
            return
        found = {k: [_brief(k, i) for i in outcome.items[k]] for k in chunk.kinds}
        ask = self.x.variant.render_reask(kinds=chunk.kinds, answer_error=None, errors=[], missed=True)
        messages = [
            *base,
            {"role": "assistant", "content": json.dumps(found, ensure_ascii=False)[:MAX_ECHO_CHARS]},
            {"role": "user", "content": ask},
        ]
        try:
            answer = await self._call(messages, chunk, 0)
        except (_BudgetSpent, _TooLong):  # the first answer stands
            return
        if answer.outcome not in ("ok", "cut"):
            return
        parsed = parse_answer(salvage_json(answer.text) or answer.text, chunk.kinds)
        for kind in chunk.kinds:
            have = {_span_key(kind, i) for i in outcome.items[kind]}
            in_route, _, off = self._ground(kind, parsed.items[kind], chunk)
            outcome.items[kind] += [i for i in in_route if _span_key(kind, i) not in have]
            outcome.rejected += off

    async def _call(self, messages: list[dict[str, str]], chunk: Chunk, attempt: int) -> Answer:
        """One completion in the current output mode, falling back when the endpoint rejects the mode."""
        x = self.x
        while True:
            try:
                raw = await self._send(messages, chunk, attempt)
            except _ModeRejected as rejected:
                exc, mode = rejected.args
                if not x._fixed_mode and len(x.modes) > 1 and _mode_problem(exc):
                    if mode in x.modes:  # another chunk may have dropped it already
                        x.modes.remove(mode)
                        log.warning("endpoint rejected output mode %s; using %s from now on", mode, x.mode)
                    if schema_in_request(mode) != schema_in_request(x.mode):
                        rendered = self._base(chunk)  # the schema moves into (or out of) the prompt
                        if rendered is not None:
                            messages = [*rendered, *messages[len(rendered) :]]
                    continue
                error = map_openai_error(exc, attempts=1, secret=x.settings.key_value())
                if _too_long(exc):
                    raise _TooLong(error) from exc
                raise error from exc
            answer = answer_from_raw(raw, chunk.kinds)
            if answer.notes:
                log.debug("chunk %d: %s", chunk.index, "; ".join(answer.notes))
            return answer

    def _check_budget(self) -> None:
        t, x = self.tally, self.x
        if t.max_calls is not None and t.calls >= t.max_calls:
            raise _BudgetSpent(
                f"report budget spent: {t.calls} calls (max_calls_per_report={t.max_calls}); "
                "the rest of this chunk was not extracted"
            )
        spent = t.prompt_tokens + t.completion_tokens
        if t.max_tokens is not None and spent >= t.max_tokens:
            raise _BudgetSpent(
                f"report budget spent: {spent} tokens (max_tokens_per_report={t.max_tokens}); "
                "the rest of this chunk was not extracted"
            )
        del x

    def _bill_batch(self, raw: dict[str, Any]) -> None:
        """An answer a batch job gave: a call at the batch price (counted once per report run)."""
        usage = raw.get("usage") or {}
        prompt, completion = usage.get("prompt_tokens", 0) or 0, usage.get("completion_tokens", 0) or 0
        t = self.tally
        self.x.batch_calls += 1
        t.calls += 1
        t.prompt_tokens += prompt
        t.completion_tokens += completion
        t.batch_prompt_tokens += prompt
        t.batch_completion_tokens += completion

    async def _send(self, messages: list[dict[str, str]], chunk: Chunk, attempt: int) -> dict[str, Any]:
        """POST with transport retries only; every attempt counts as a call, a cache hit does not.

        The output mode is read once the semaphore is held, so calls queued behind a rejected mode
        already use the fallback. Returns `modes.raw_answer` of the response.
        """
        x = self.x
        if self.refused is not None:
            raise self.refused
        initial, cap = x.retry_wait
        backoff = wait_exponential(multiplier=initial, max=cap) + wait_random(0, initial)  # jitter

        def wait(state) -> float:
            hinted = _retry_after(state.outcome.exception() if state.outcome else None)
            return min(hinted, x.max_retry_after) if hinted is not None else backoff(state)

        attempts = 0
        mode = x.mode
        try:
            async for retrying in AsyncRetrying(
                stop=stop_after_attempt(x.settings.max_retries + 1),
                wait=wait,
                retry=retry_if_exception(_transient),
                reraise=True,
            ):
                with retrying:
                    async with self.sem:
                        mode = x.mode
                        request = build_request(
                            x.settings, mode, messages, chunk.kinds, x.schema_in_json_object
                        )
                        key = request_key(request, mode)
                        cached = x.answers.get(key) if x.answers is not None else None
                        if cached is not None:
                            if x.bill_batch and cached.get("batch"):
                                self._bill_batch(cached)
                            else:
                                self.tally.cache_hits += 1
                                x.cache_hits += 1
                            x._trace(self.report, chunk, attempt, mode, request, cached, cache="hit")
                            return cached
                        if x.defer is not None and x.defer(key, request, self.report, chunk):
                            raise _Deferred(key)
                        self._check_budget()
                        attempts += 1
                        self.tally.calls += 1
                        started = time.perf_counter()
                        try:
                            response = await self.client.chat.completions.create(**request)
                        except openai.OpenAIError as exc:
                            x._trace(self.report, chunk, attempt, mode, request, None, error=exc,
                                     seconds=time.perf_counter() - started)  # fmt: skip
                            raise
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            raise _ModeRejected(exc, mode) from exc  # the caller decides whether the mode was the problem
        except openai.APIStatusError as exc:
            if _mode_problem(exc):
                raise _ModeRejected(exc, mode) from exc
            raise map_openai_error(exc, attempts=attempts, secret=x.settings.key_value()) from exc
        except openai.OpenAIError as exc:
            error = map_openai_error(exc, attempts=attempts, secret=x.settings.key_value())
            if _refused(exc):
                self.refused = error
            raise error from exc
        raw = raw_answer(response)
        x._trace(self.report, chunk, attempt, mode, request, raw, seconds=time.perf_counter() - started)
        self.tally.prompt_tokens += raw["usage"]["prompt_tokens"]
        self.tally.cached_prompt_tokens += raw["usage"].get("cached_tokens", 0)
        self.tally.completion_tokens += raw["usage"]["completion_tokens"]
        if x.answers is not None and answer_from_raw(raw, chunk.kinds).outcome in ("ok", "cut"):
            x.answers.put(key, raw)
        return raw


@functools.cache
def _tls_context() -> ssl.SSLContext | None:
    """One TLS context for every report's client: building one loads the CA bundle (about 20 ms, a
    third of our own time in a batch). None when the SDK's HTTP library has no way to build it."""
    base = next(
        (
            c
            for c in openai.DefaultAsyncHttpxClient.__mro__
            if c.__module__.split(".")[0] not in ("openai", "builtins")
        ),
        None,
    )
    make = (
        getattr(sys.modules.get(base.__module__.split(".")[0]), "create_ssl_context", None) if base else None
    )
    return make() if callable(make) else None


def _http_client() -> Any:
    context = _tls_context()
    return openai.DefaultAsyncHttpxClient(verify=context) if context is not None else None


def request_key(request: dict[str, Any], mode: str) -> str:
    """sha256 of the exact request (model, messages, parameters, output mode); never holds the key."""
    text = json.dumps({"request": request, "mode": mode}, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _outcome_reason(answer: Answer, max_tokens: int) -> str:
    if answer.outcome == "refused":
        return f"the model refused: {answer.refusal[:200] if answer.refusal else ''}"
    if answer.outcome == "filtered":
        return "the answer was stopped by the endpoint's content filter (finish_reason content_filter)"
    if answer.outcome == "cut_no_json":
        what = "reasoning" if answer.reasoning else "text"
        return f"the model spent max_tokens={max_tokens} on {what} before any complete item"
    if not answer.raw.get("choices"):
        return "the endpoint answered with no choices"
    return "the model answered with no content"


def _quote(item: Any) -> str | None:
    quote = item.get("quote") if isinstance(item, dict) else None
    return quote if isinstance(quote, str) else None


def _quote_text(item: Any) -> str:
    quote = _quote(item)
    return f"(quote {quote!r}) " if quote else ""


def _span_key(kind: str, item: Any) -> tuple[Any, ...]:
    """One version of an item per chunk: kind, quote span and indicator (or project name)."""
    return (kind, item.evidence.start, item.evidence.end, _loose_key(kind, item.model_dump(mode="json"))[1])


def _one_per_span(kind: str, items: list[Any]) -> list[Any]:
    """Items without repeats of one span (a cut answer's last complete items are asked for again)."""
    seen: dict[tuple[Any, ...], Any] = {}
    for item in items:
        seen.setdefault(_span_key(kind, item), item)
    return list(seen.values())


def _filled(item: Any) -> int:
    return sum(v not in (None, "", [], {}) for v in item.model_dump(mode="json").values())


def _brief(kind: str, item: Any) -> dict[str, Any]:
    data = item.model_dump(mode="json", exclude={"evidence"})
    return {"quote": item.evidence.quote, **{k: v for k, v in data.items() if v is not None}}


def _loose_key(kind: str, item: dict[str, Any]) -> tuple[Any, ...]:
    """Kind plus indicator (or project name): enough to tell that a re-ask answered an earlier failure."""
    if kind == "key_projects":
        name = item.get("name")
        return (kind, project_name_key(name) if isinstance(name, str) and name else None)
    indicator = item.get("indicator")
    return (kind, indicator if isinstance(indicator, str) else None)


def _tagged(rejected: Rejected, attempt: int) -> Rejected:
    return rejected.model_copy(update={"reason": f"{rejected.reason} (attempt {attempt})"})


register_extractor("llm", LLMExtractor)
