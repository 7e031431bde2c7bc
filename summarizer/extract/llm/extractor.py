"""Model extraction through any OpenAI-compatible endpoint; the only module importing `openai`.

Per report: chunk (routed by section) -> render the prompt variant -> call the endpoint -> parse the JSON
answer -> ground every item in the report text near its chunk -> re-ask with the exact errors -> merge.

Two retry layers never mix. Transport failures (429 honouring Retry-After, 5xx, timeouts, connection
errors) are retried by tenacity with exponential backoff and jitter, and never reach the prompt. Content
failures (bad JSON, invalid or ungrounded items) are re-asked with the error text, bounded by
`max_reasks` and a token budget. A cut-off answer (finish_reason "length") splits its chunk in two.
A chunk that still fails is recorded in `rejected`; the report's other chunks are kept.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import openai
from pydantic import ValidationError
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential, wait_random

from ...config import ModelSettings, model_configured, resolve_settings
from ...errors import ConfigError, ContentError, ModelError
from ...ground import SourceText, ground_items
from ...models import Rejected, Report, ReportSummary, Usage
from ..base import register_extractor
from .chunk import ROUTES, Chunk, candidate_sentences, chunk_report, split_chunk
from .merge import merge_items, merge_rejected, project_name_key
from .modes import Answer, build_request, endpoint_modes, hosted, read_answer
from .prompts import PromptVariant, load_variant
from .response import KINDS, parse_answer, salvage_json, schema_hash

__all__ = ["LLMExtractor", "map_openai_error"]

log = logging.getLogger(__name__)

MAX_SPLITS = 3
"""By default a chunk whose answer keeps getting cut off is halved at most this many times (8 pieces);
past that, the complete items before the cut are kept and the cut is noted in `rejected`."""
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


def _transient(exc: BaseException) -> bool:
    """Transport failures worth retrying: rate limits, server errors, timeouts, dropped connections."""
    if isinstance(exc, openai.APIConnectionError):  # includes APITimeoutError
        return True
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


class _Truncated(Exception):
    """The answer hit max_tokens: the chunk must be split, not re-asked."""


class _ModeRejected(Exception):
    """HTTP 400/422 for a request in some output mode: args are (the SDK error, the mode)."""


@dataclass
class _Tally:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass
class _Outcome:
    """What one chunk (or its halves) produced; `error` is set when the chunk could not be extracted."""

    chunk: int
    items: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in KINDS})
    rejected: list[Rejected] = field(default_factory=list)
    error: ModelError | None = None

    def absorb(self, other: _Outcome) -> None:
        for kind, items in other.items.items():
            self.items[kind].extend(items)
        self.rejected.extend(other.rejected)
        self.error = self.error if other.error is None else other.error


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
        max_splits: int = MAX_SPLITS,
        schema_in_json_object: bool = False,
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
                fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e["loc"])
                raise ConfigError(f"invalid model settings: {fields}") from None
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
        self.max_splits = max_splits
        # llama-cpp-python constrains json_object output with a "schema" key (a grammar: better answers,
        # but slow with large vocabularies); hosted APIs do not take the key, so it is opt-in
        self.schema_in_json_object = schema_in_json_object and not hosted(settings.base_url)
        self._client = client
        # one cap on calls in flight for everything this extractor does in an event loop, so a batch
        # sharing the extractor never exceeds settings.concurrency however many reports run at once
        self._limits: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
        preferred = settings.output_mode if settings.output_mode != "auto" else self.variant.output_mode
        self._fixed_mode = settings.output_mode != "auto"
        self.modes = [preferred] if self._fixed_mode else endpoint_modes(settings.base_url, preferred)

    def _limit(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if loop not in self._limits:
            self._limits = {loop: asyncio.Semaphore(max(1, self.settings.concurrency))}  # old loops closed
        return self._limits[loop]

    @property
    def mode(self) -> str:
        """The output mode used next (the working one, once an endpoint has answered)."""
        return self.modes[0]

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
            "schema": schema_hash(),
            "params": {
                "temperature": s.temperature,
                "max_tokens": s.max_tokens,
                "output_mode": s.output_mode,
                "chunk_tokens": s.chunk_tokens,
                "max_reasks": s.max_reasks,
            },
            "routes": {str(k): list(v) for k, v in self.routes.items()},
        }

    async def extract(self, report: Report) -> ReportSummary:
        started = time.perf_counter()
        tally = _Tally()
        source = SourceText(report.text)
        chunks = chunk_report(report, self.settings.chunk_tokens, routes=self.routes)
        client = self._client or openai.AsyncOpenAI(
            base_url=self.settings.base_url, api_key=self.settings.key_value(),
            timeout=self.settings.timeout, max_retries=0,  # only tenacity retries
        )  # fmt: skip
        run = _Run(self, client, report, source, tally, self._limit())
        try:
            outcomes = await asyncio.gather(*(run.chunk(c) for c in chunks))
        finally:
            if self._client is None:
                await client.close()
        failed = [o for o in outcomes if o.error is not None]
        transport = [o for o in failed if not isinstance(o.error, ContentError)]
        # an endpoint that never answered is an error (nothing to cache, retry later); a model that
        # answered with unusable content gives an empty summary whose `rejected` says why
        if outcomes and len(failed) == len(outcomes) and transport:
            first = transport[0].error
            raise ModelError(
                f"every chunk of report {report.id} failed; first: {first}", attempts=tally.calls
            ) from first
        s = self.settings
        usage = Usage(
            calls=tally.calls,
            prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            cost=(tally.prompt_tokens * s.price_input + tally.completion_tokens * s.price_output) / 1e6,
            seconds=time.perf_counter() - started,
        )
        merged = {kind: merge_items([(o.chunk, o.items[kind]) for o in outcomes]) for kind in KINDS}
        return ReportSummary(
            meta=report.meta, source=report.source, report_index=report.index, backend=self.name,
            goals=merged["goals"], achievements=merged["achievements"], key_projects=merged["key_projects"],
            rejected=merge_rejected([o.rejected for o in outcomes]), usage=usage,
        )  # fmt: skip


class _Run:
    """One report's extraction: shares the client, semaphore and usage tally among its chunks."""

    def __init__(
        self, owner: LLMExtractor, client: Any, report: Report, source: SourceText, tally: _Tally, sem
    ):
        self.x = owner
        self.client = client
        self.report = report
        self.source = source
        self.tally = tally
        self.sem = sem

    async def chunk(self, chunk: Chunk, depth: int = 0) -> _Outcome:
        """Extract one chunk; a cut-off answer splits it, a transport failure is recorded, not raised."""
        halves = split_chunk(self.report, chunk) if depth < self.x.max_splits else None
        try:
            return await self._converse(chunk, can_split=halves is not None)
        except _Truncated:
            assert halves is not None  # _converse raises _Truncated only when a split is possible
            log.info("answer cut off; splitting chunk %d at %d", chunk.index, halves[0].end)
            outcome = _Outcome(chunk.index)
            for part in await asyncio.gather(*(self.chunk(h, depth + 1) for h in halves)):
                outcome.absorb(part)
            return outcome
        except ModelError as exc:
            log.warning("chunk %d of %s failed: %s", chunk.index, self.report.id, exc)
            return self._failed(chunk, exc)

    def _failed(self, chunk: Chunk, error: ModelError) -> _Outcome:
        item = {"chunk": [chunk.start, chunk.end], "section": chunk.section}
        reason = f"chunk not extracted: {error}"
        rejected = [Rejected(kind=kind, item=item, reason=reason) for kind in chunk.kinds]
        return _Outcome(chunk.index, rejected=rejected, error=error)

    async def _converse(self, chunk: Chunk, *, can_split: bool) -> _Outcome:
        """Ask, check, re-ask: items grounded in any attempt are kept; unresolved failures are rejected."""
        x, kinds = self.x, chunk.kinds
        outcome = _Outcome(chunk.index)
        candidates: list[str] = []
        if x.variant.reading == "candidates":
            candidates = [self.report.text[s.start : s.end] for s in candidate_sentences(self.report, chunk)]
            if not candidates:
                return outcome
        meta = self.report.meta.model_dump(mode="json")
        base = x.variant.render(
            kinds=kinds, text=chunk.text(self.report), meta=meta, section=chunk.section, candidates=candidates
        )
        messages = base
        pending: list[tuple[Hashable, Rejected]] = []
        used = 0
        for attempt in range(1, x.settings.max_reasks + 2):
            answer = await self._call(messages, kinds)
            used += answer.prompt_tokens + answer.completion_tokens
            text = answer.text
            if answer.finish_reason == "length":
                if can_split:
                    raise _Truncated
                text = salvage_json(text) or text  # keep the complete items before the cut
                note = f"answer cut off at max_tokens={x.settings.max_tokens}; items after the cut are lost"
                item = {"chunk": [chunk.start, chunk.end], "answer_tail": answer.text[-200:]}
                outcome.rejected.append(
                    Rejected(kind=kinds[0], item=item, reason=f"{note} (attempt {attempt})")
                )
            parsed = parse_answer(text, kinds)
            failures = [
                (_loose_key(e.kind, e.item), Rejected(kind=e.kind, item=e.item, reason=e.reason))
                for e in parsed.errors
            ]
            kept_keys = set()
            for kind in kinds:
                grounded = ground_items(parsed.items[kind], self.source, kind, near=chunk.span)
                outcome.items[kind].extend(grounded.kept)
                kept_keys |= {_loose_key(kind, i.model_dump(mode="json")) for i in grounded.kept}
                failures += [(_loose_key(kind, r.item), r) for r in grounded.rejected]
            # an earlier failure is resolved when a later answer grounds an item of the same kind and key;
            # one without a key (no indicator or name) when a later answer has no failure of its kind
            clean_kinds = set(kinds) - {r.kind for _, r in failures} if parsed.error is None else set()
            pending = [
                (k, r)
                for k, r in pending
                if k not in kept_keys and not (k[1] is None and r.kind in clean_kinds)
            ]
            pending += [(k, _tagged(r, attempt)) for k, r in failures]
            if parsed.error is None and not failures:
                break
            if attempt > x.settings.max_reasks or used >= x.reask_token_budget:
                if parsed.error is not None:
                    item = {"answer": answer.text[:300], "chunk": [chunk.start, chunk.end]}
                    reason = f"{parsed.error} (attempt {attempt}, no re-asks left)"
                    outcome.rejected.append(Rejected(kind=kinds[0], item=item, reason=reason))
                    if not any(outcome.items.values()) and not pending:
                        outcome.error = ContentError(parsed.error, attempts=attempt, last_error=parsed.error)
                break
            errors = [e.describe() for e in parsed.errors]
            errors += [f"{r.kind}: {r.reason}" for _, r in failures if r.reason not in errors]
            reask = x.variant.render_reask(kinds=kinds, answer_error=parsed.error, errors=errors)
            # a fresh list each time: the base prompt, the last answer, the errors (no growth across re-asks)
            messages = [
                *base,
                {"role": "assistant", "content": answer.text[:MAX_ECHO_CHARS]},
                {"role": "user", "content": reask},
            ]
        outcome.rejected.extend(r for _, r in pending)
        return outcome

    async def _call(self, messages: list[dict[str, str]], kinds: Sequence[str]) -> Answer:
        """One completion in the current output mode, falling back when the endpoint rejects the mode."""
        x = self.x
        while True:
            try:
                response, mode = await self._send(messages, kinds)
            except _ModeRejected as rejected:
                exc, mode = rejected.args
                if not x._fixed_mode and len(x.modes) > 1 and _mode_problem(exc):
                    if mode in x.modes:  # another chunk may have dropped it already
                        x.modes.remove(mode)
                        log.warning("endpoint rejected output mode %s; using %s from now on", mode, x.mode)
                    continue
                raise map_openai_error(exc, attempts=1, secret=x.settings.key_value()) from exc
            return read_answer(response, mode)

    async def _send(self, messages: list[dict[str, str]], kinds: Sequence[str]) -> tuple[Any, str]:
        """POST with transport retries only; every attempt counts as a call.

        The output mode is read once the semaphore is held, so calls queued behind a rejected mode
        already use the fallback.
        """
        x = self.x
        initial, cap = x.retry_wait
        backoff = wait_exponential(multiplier=initial, max=cap) + wait_random(0, initial)  # jitter

        def wait(state) -> float:
            hinted = _retry_after(state.outcome.exception() if state.outcome else None)
            return min(hinted, x.max_retry_after) if hinted is not None else backoff(state)

        attempts = 0
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(x.settings.max_retries + 1),
                wait=wait,
                retry=retry_if_exception(_transient),
                reraise=True,
            ):
                with attempt:
                    attempts += 1
                    self.tally.calls += 1
                    async with self.sem:
                        mode = x.mode
                        request = build_request(x.settings, mode, messages, kinds, x.schema_in_json_object)
                        response = await self.client.chat.completions.create(**request)
        except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
            raise _ModeRejected(exc, mode) from exc  # the caller decides whether the mode was the problem
        except openai.APIStatusError as exc:
            if _mode_problem(exc):
                raise _ModeRejected(exc, mode) from exc
            raise map_openai_error(exc, attempts=attempts, secret=x.settings.key_value()) from exc
        except openai.OpenAIError as exc:
            raise map_openai_error(exc, attempts=attempts, secret=x.settings.key_value()) from exc
        usage = getattr(response, "usage", None)
        self.tally.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.tally.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
        return response, mode


def _loose_key(kind: str, item: dict[str, Any]) -> Hashable:
    """Kind plus indicator (or project name): enough to tell that a re-ask answered an earlier failure."""
    if kind == "key_projects":
        name = item.get("name")
        return (kind, project_name_key(name) if isinstance(name, str) and name else None)
    indicator = item.get("indicator")
    return (kind, indicator if isinstance(indicator, str) else None)


def _tagged(rejected: Rejected, attempt: int) -> Rejected:
    return rejected.model_copy(update={"reason": f"{rejected.reason} (attempt {attempt})"})


register_extractor("llm", LLMExtractor)
