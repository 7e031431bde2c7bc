"""Batch jobs: provider Batch APIs (half price, 24 h) and `vllm run-batch` files, by pre-filling the cache.

One code path serves live and batch runs. A batch job is the normal pipeline run twice:

1. submit: the model extractor runs in *defer* mode: every request the answer cache cannot serve is
   recorded instead of sent, and its report waits (not cached, not written). The requests become batch
   input lines (`extract/llm/batchapi.py`), split by `batch_max_requests` / `batch_max_bytes`, uploaded
   (files.create purpose="batch") and started (batches.create, 24h); or written to one file for
   `vllm run-batch` (export). Batch ids and the custom_id -> request key map go to the state file.
2. collect: every finished batch's output file AND error file are read; each usable answer is put into the
   answer cache under its request key (marked with its batch id, so it is billed at the batch price);
   then the normal pipeline runs again: first-round requests are cache hits, and what remains (re-asks,
   requests that failed in the batch, answers cut off and split) is sent live, or deferred once more into
   a follow-up batch (`reask="batch"`). Reports land in OUT exactly as a live run writes them.

Collecting twice changes nothing: cache puts are idempotent and OUT resumes. A batch that expired, was
cancelled or failed gives what it finished; a request that failed (error file, 4xx body with a null
`error`, never run) records its reason in the state file and is retried live, or in a follow-up batch up
to `MAX_BATCH_ATTEMPTS` times and live after that.

State file `.OUT.batch.json` (next to OUT), rewritten atomically after every step:

    {"version": 1, "output": "out.jsonl", "sources": ["reports/"], "reask": "live",
     "settings": {... ModelSettings without the key ...},
     "batches": [{"id": "batch_...", "kind": "batch" | "export", "round": 1, "input_file_id": "file-...",
                  "file": null | "requests.jsonl", "requests": 120, "bytes": 812345, "status": "in_progress",
                  "output_file_id": null, "error_file_id": null, "request_counts": {...},
                  "collected": false}],
     "requests": {"<report id>:<chunk>:<key[:24]>": {"key": "<sha256 request key>", "batch": "batch_...",
                  "state": "pending" | "answered" | "failed", "attempts": 1, "reasons": ["..."]}}}
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import ConfigError, InputError
from .export import atomic_write
from .extract.llm.batchapi import TERMINAL, BatchAPI, batch_line, read_line, split_lines

if TYPE_CHECKING:
    from .client import Summarizer
    from .results import BatchResult

__all__ = [
    "MAX_BATCH_ATTEMPTS",
    "JobStatus",
    "Reask",
    "acollect",
    "aimport_results",
    "asubmit",
    "cancel",
    "load_state",
    "state_path",
    "status",
]

STATE_VERSION = 1
MAX_BATCH_ATTEMPTS = 2
"""Batches a request may go out in; after that its retry is sent live."""

Reask = Literal["live", "batch"]


def state_path(output: str | Path) -> Path:
    """Where the batch state of OUT is kept: `.OUT.batch.json` beside it."""
    out = Path(output)
    return out.with_name(f".{out.name}.batch.json")


def load_state(output: str | Path) -> dict[str, Any]:
    path = state_path(output)
    if not path.exists():
        raise InputError(f"no batch job for {output} ({path.name} not found): submit one with --via batch")
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None
    if state.get("version") != STATE_VERSION:
        raise InputError(f"{path} was written by another version of summarizer")
    return state


def _save(output: Path, state: dict[str, Any]) -> None:
    text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
    atomic_write(state_path(output), text.encode("utf-8"))


@dataclass
class JobStatus:
    """What a submit, status, collect or cancel call saw and did."""

    output: Path
    batches: list[dict[str, Any]]
    submitted: int = 0
    """Requests put into a new batch (or export file) by this call."""
    collected: int = 0
    """Answers from batch output files put into the answer cache by this call."""
    failed: dict[str, str] = field(default_factory=dict)
    """custom_id -> reason, for every request this call found failed in a batch."""
    pending: int = 0
    """Requests still inside batches that have not finished."""
    batch_calls: int = 0
    """Answers from batches used (and billed at the batch price) by this call's pipeline run."""
    result: BatchResult | None = None
    exported: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def state_file(self) -> Path:
        return state_path(self.output)

    @property
    def done(self) -> bool:
        """Every report of the job is in OUT (or an error row): no batch running, no report waiting."""
        waiting = bool(self.result.deferred) if self.result is not None else True
        return not self.pending and not waiting


class _Sink:
    """The `defer` hook of one pipeline run: per request key, send it live, wait for a running batch, or
    collect it for a new batch."""

    def __init__(self, decide: Callable[[str], str]) -> None:
        self.decide = decide
        self.new: dict[str, tuple[str, dict[str, Any]]] = {}

    def __call__(self, key: str, request: dict[str, Any], report: Any, chunk: Any) -> bool:
        choice = self.decide(key)
        if choice == "live":
            return False
        if choice == "batch" and key not in self.new:
            self.new[key] = (f"{report.id}:{chunk.index}:{key[:24]}", request)
        return True


def _extractor(client: Summarizer) -> Any:
    x = client.extractor
    if not hasattr(x, "defer"):
        raise ConfigError(f"batch jobs need the model backend (llm), not {client.backend!r}")
    if client.cache is None:
        raise ConfigError("batch jobs keep answers in the cache: run without --no-cache (cache=False)")
    return x


async def _pipeline(
    client: Summarizer,
    sources: Any,
    output: Path,
    decide: Callable[[str], str],
    *,
    bill: bool,
    **options: Any,
) -> tuple[BatchResult, dict[str, tuple[str, dict[str, Any]]], int]:
    x = _extractor(client)
    sink = _Sink(decide)
    before = x.batch_calls
    x.defer, x.bill_batch = sink, bill
    try:
        result = await client.asummarize_many(sources, output=output, **options)
    finally:
        x.defer, x.bill_batch = None, False
    return result, sink.new, x.batch_calls - before


def _source_list(sources: Any) -> list[str] | None:
    items = sources if isinstance(sources, list | tuple) else [sources]
    if all(isinstance(s, str | Path) for s in items):
        return [str(s) for s in items]
    return None  # Reports, texts, DataFrames: the caller hands them to collect again


def _new_state(client: Summarizer, output: Path, sources: Any, reask: str) -> dict[str, Any]:
    return {
        "version": STATE_VERSION,
        "output": output.name,
        "created": time.time(),
        "sources": _source_list(sources),
        "reask": reask,
        "settings": client.settings.model_dump(mode="json", exclude={"api_key"}),
        "batches": [],
        "requests": {},
    }


def _running(state: dict[str, Any]) -> set[str]:
    """Ids of batches (and export files) whose answers have not been collected yet."""
    return {b["id"] for b in state["batches"] if not b.get("collected")}


def _enqueue(
    state: dict[str, Any], new: dict[str, tuple[str, dict[str, Any]]]
) -> list[tuple[str, dict[str, Any]]]:
    """Register new requests in the state (a request sent before keeps its custom_id); (custom_id, request)."""
    by_key = {r["key"]: cid for cid, r in state["requests"].items()}
    lines = []
    for key, (cid, request) in new.items():
        cid = by_key.get(key, cid)
        entry = state["requests"].setdefault(cid, {"key": key, "attempts": 0, "reasons": []})
        entry.update(state="pending", batch=None, attempts=entry["attempts"] + 1)
        lines.append((cid, request))
    return lines


def _submit(
    client: Summarizer,
    output: Path,
    state: dict[str, Any],
    new: dict[str, tuple[str, dict[str, Any]]],
    api: BatchAPI | None,
    export: Path | None,
) -> tuple[int, Path | None]:
    """Send new requests as batches (or write them to an export file); the state is saved after each."""
    if not new:
        _save(output, state)
        return 0, None
    round_ = max((b["round"] for b in state["batches"]), default=0) + 1
    pending = _enqueue(state, new)
    lines = [batch_line(cid, request) for cid, request in pending]
    if export is not None:
        target = export if round_ == 1 else export.with_name(f"{export.stem}.round{round_}{export.suffix}")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        atomic_write(target, data)
        batch_id = f"export:{target.name}"
        state["batches"].append({
            "id": batch_id, "kind": "export", "round": round_, "file": str(target), "requests": len(lines),
            "bytes": len(data), "status": "exported", "collected": False,
        })  # fmt: skip
        for cid, _ in pending:
            state["requests"][cid]["batch"] = batch_id
        _save(output, state)
        return len(lines), target
    assert api is not None
    s = client.settings
    ids = [cid for cid, _ in pending]
    start = 0
    for part, group in enumerate(split_lines(lines, s.batch_max_requests, s.batch_max_bytes)):
        data = ("\n".join(group) + "\n").encode("utf-8")
        file_id = api.upload(f"{output.name}.round{round_}.part{part}.jsonl", data)
        made = api.create(file_id, {"summarizer_output": output.name[:500], "round": str(round_)})
        state["batches"].append({
            "id": made["id"], "kind": "batch", "round": round_, "input_file_id": file_id, "file": None,
            "requests": len(group), "bytes": len(data), "status": made.get("status"),
            "output_file_id": None, "error_file_id": None, "request_counts": made.get("request_counts"),
            "collected": False,
        })  # fmt: skip
        for cid in ids[start : start + len(group)]:
            state["requests"][cid]["batch"] = made["id"]
        start += len(group)
        _save(output, state)  # a crash later still knows every batch already created
    return len(lines), None


# ---------------------------------------------------------------------------------------------- submit


async def asubmit(
    client: Summarizer,
    sources: Any,
    output: str | Path,
    *,
    reask: Reask = "live",
    overwrite: bool = False,
    export: str | Path | None = None,
    api: BatchAPI | None = None,
) -> JobStatus:
    """Run the pipeline in defer mode and send every uncached request as batch(es), or write them to
    `export` (a `vllm run-batch` input file). Reports whose answers are all cached are finished at once."""
    out = Path(output)
    if reask not in ("live", "batch"):
        raise ConfigError(f"reask must be 'live' or 'batch', not {reask!r}")
    if state_path(out).exists() and not overwrite:
        old = load_state(out)
        if _running(old):
            raise InputError(
                f"{out} already has a batch job in flight: `summarizer jobs collect {out}` "
                "(or cancel it, or submit with overwrite)"
            )
    _extractor(client)
    if export is None and api is None:
        api = BatchAPI(client.settings)
    state = _new_state(client, out, sources, reask)
    result, new, _ = await _pipeline(
        client, sources, out, lambda key: "batch", bill=False, overwrite=overwrite
    )
    submitted, exported = await asyncio.to_thread(
        _submit, client, out, state, new, api, Path(export) if export is not None else None
    )
    return JobStatus(
        out, state["batches"], submitted=submitted, pending=submitted, result=result, exported=exported
    )


# ---------------------------------------------------------------------------------------------- collect


def _absorb(state: dict[str, Any], data: bytes, batch_id: str, answers: Any, status: JobStatus) -> None:
    """Every line of an output or error file: usable answers into the cache, failures with reasons."""
    for n, text in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
        except ValueError:
            status.warnings.append(f"{batch_id}: line {n} of a result file is not JSON; skipped")
            continue
        got = read_line(line) if isinstance(line, dict) else None
        entry = state["requests"].get(got.custom_id) if got is not None and got.custom_id else None
        if got is None or entry is None:
            status.warnings.append(f"{batch_id}: line {n} names no request of this job; skipped")
            continue
        if entry.get("state") == "answered":
            continue  # a duplicate line never replaces an answer
        if got.raw is not None:
            answers.put(entry["key"], {**got.raw, "batch": batch_id})
            entry["state"] = "answered"
            status.collected += 1
        else:
            entry["state"] = "failed"
            entry["reasons"].append(got.reason)
            status.failed[entry.get("custom_id") or str(got.custom_id)] = got.reason or "failed"


def _close_batch(state: dict[str, Any], batch: dict[str, Any], status: JobStatus, why: str) -> None:
    """A finished batch: what it never answered is failed with `why`; it is not read again."""
    for cid, entry in state["requests"].items():
        if entry.get("batch") == batch["id"] and entry.get("state") == "pending":
            entry["state"] = "failed"
            entry["reasons"].append(why)
            status.failed[cid] = why
    batch["collected"] = True


def _refresh(api: BatchAPI, batch: dict[str, Any]) -> None:
    info = api.retrieve(batch["id"])
    batch.update(
        status=info.get("status"),
        output_file_id=info.get("output_file_id"),
        error_file_id=info.get("error_file_id"),
        request_counts=info.get("request_counts"),
    )
    errors = (info.get("errors") or {}).get("data") if isinstance(info.get("errors"), dict) else None
    if errors:
        batch["errors"] = [f"{e.get('code')}: {e.get('message')}" for e in errors if isinstance(e, dict)][:5]


def _download(
    client: Summarizer, output: Path, state: dict[str, Any], api: BatchAPI, status: JobStatus
) -> None:
    answers = client.cache.answers  # type: ignore[union-attr]
    for batch in state["batches"]:
        if batch.get("collected") or batch["kind"] != "batch":
            continue
        _refresh(api, batch)
        if batch["status"] not in TERMINAL:
            continue
        for file_id in (batch.get("output_file_id"), batch.get("error_file_id")):
            if file_id:
                _absorb(state, api.content(file_id), batch["id"], answers, status)
        why = f"batch {batch['status']} before answering this request"
        if batch.get("errors"):
            why += f" ({'; '.join(batch['errors'])})"
        _close_batch(state, batch, status, why)
        _save(output, state)


async def acollect(
    client: Summarizer,
    output: str | Path,
    *,
    sources: Any = None,
    reask: Reask | None = None,
    results: str | Path | None = None,
    api: BatchAPI | None = None,
    wait: float | None = None,
    poll: float = 30.0,
) -> JobStatus:
    """Download what finished batches answered (output and error files), fill the cache, finish every
    report that can be finished into OUT; re-asks and failed requests go live or into a follow-up batch.

    results: a `vllm run-batch` output file answering an export (instead of asking the provider).
    wait: poll up to this many seconds (every `poll`) for running batches before collecting.
    """
    out = Path(output)
    state = load_state(out)
    reask = reask or state.get("reask", "live")
    if reask not in ("live", "batch"):
        raise ConfigError(f"reask must be 'live' or 'batch', not {reask!r}")
    sources = sources if sources is not None else state.get("sources")
    if sources is None:
        raise InputError(f"the batch job of {out} was submitted from objects, not paths: pass sources= again")
    _extractor(client)
    status = JobStatus(out, state["batches"])
    exports = [b for b in state["batches"] if b["kind"] == "export" and not b.get("collected")]
    if results is not None:
        data = await asyncio.to_thread(Path(results).read_bytes)
        batch_id = exports[0]["id"] if exports else f"import:{Path(results).name}"
        _absorb(state, data, batch_id, client.cache.answers, status)  # type: ignore[union-attr]
        for batch in exports:
            _close_batch(state, batch, status, f"not in the results file {Path(results).name}")
        _save(out, state)
    elif any(b["kind"] == "batch" and not b.get("collected") for b in state["batches"]):
        api = api or BatchAPI(client.settings)
        deadline = time.monotonic() + (wait or 0)
        while True:
            await asyncio.to_thread(_download, client, out, state, api, status)
            unfinished = [b for b in state["batches"] if b["kind"] == "batch" and not b.get("collected")]
            if not unfinished or time.monotonic() + poll > deadline:
                break
            await asyncio.sleep(poll)
    running = _running(state)
    status.pending = sum(1 for r in state["requests"].values() if r.get("batch") in running)

    def decide(key: str) -> str:
        entry = by_key.get(key)
        if entry is not None and entry.get("state") == "pending" and entry.get("batch") in running:
            return "wait"  # a running batch (or an export not yet answered) will answer it
        if reask == "batch" and (entry is None or entry.get("attempts", 0) < MAX_BATCH_ATTEMPTS):
            return "batch"
        return "live"

    by_key = {r["key"]: r for r in state["requests"].values()}
    result, new, status.batch_calls = await _pipeline(client, sources, out, decide, bill=True)
    status.result = result
    export = None
    if new and (exports or results is not None):
        last = next((b for b in reversed(state["batches"]) if b["kind"] == "export"), None)
        export = Path(last["file"]) if last else out.with_name(f"{out.stem}.requests.jsonl")
    if new and export is None and api is None:
        api = BatchAPI(client.settings)
    submitted, exported = await asyncio.to_thread(_submit, client, out, state, new, api, export)
    status.submitted, status.exported = submitted, exported
    status.pending += submitted
    status.batches = state["batches"]
    return status


async def aimport_results(
    client: Summarizer, output: str | Path, results: str | Path, **options: Any
) -> JobStatus:
    """Read a `vllm run-batch` output file answering `--export-requests` into the cache, then finish the run."""
    return await acollect(client, output, results=results, **options)


# ---------------------------------------------------------------------------------------------- status


def status(client: Summarizer, output: str | Path, *, api: BatchAPI | None = None) -> JobStatus:
    """Each batch's status as the provider reports it now (nothing downloaded, nothing run)."""
    out = Path(output)
    state = load_state(out)
    live = [b for b in state["batches"] if b["kind"] == "batch" and not b.get("collected")]
    if live:
        api = api or BatchAPI(client.settings)
        for batch in live:
            _refresh(api, batch)
        _save(out, state)
    running = _running(state)
    pending = sum(1 for r in state["requests"].values() if r.get("batch") in running)
    failed = {
        cid: (r.get("reasons") or ["failed"])[-1]
        for cid, r in state["requests"].items()
        if r["state"] == "failed"
    }
    return JobStatus(out, state["batches"], pending=pending, failed=failed)


def cancel(client: Summarizer, output: str | Path, *, api: BatchAPI | None = None) -> JobStatus:
    """Cancel every running batch; collect afterwards keeps whatever they finished."""
    out = Path(output)
    state = load_state(out)
    live = [b for b in state["batches"] if b["kind"] == "batch" and not b.get("collected")]
    api = api or (BatchAPI(client.settings) if live else None)
    for batch in live:
        if batch.get("status") not in TERMINAL and api is not None:
            info = api.cancel(batch["id"])
            batch["status"] = info.get("status")
    _save(out, state)
    return status(client, out, api=api)
