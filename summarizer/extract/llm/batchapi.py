"""Provider Batch APIs (OpenAI, DashScope compatible mode) and `vllm run-batch` files, as plain data.

A batch input line is `{"custom_id", "method": "POST", "url": "/v1/chat/completions", "body": {...}}`
where the body is exactly what the live call would POST (`extra_body` merged in, as the SDK does). An
output (or error) line is `{"id", "custom_id", "response": {"status_code", "body"} | null, "error": null |
{"code", "message"}}`; a failure may sit in either place, including a 4xx body with a null `error`.

`BatchAPI` wraps the files and batches endpoints of one OpenAI-compatible server; 404/405 there become
`BatchUnsupported` with a one-line hint. This module, like `extractor`, is allowed to import `openai`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import openai

from ...config import ModelSettings
from ...errors import BatchUnsupported, ModelError
from .extractor import map_openai_error
from .modes import answer_from_raw, raw_answer

__all__ = [
    "BATCH_URL",
    "TERMINAL",
    "BatchAPI",
    "LineResult",
    "batch_body",
    "batch_line",
    "read_line",
    "split_lines",
]

BATCH_URL = "/v1/chat/completions"
TERMINAL = frozenset({"completed", "expired", "cancelled", "failed"})
"""Batch statuses after which nothing more will be answered (partial output may still be there)."""


def batch_body(request: dict[str, Any]) -> dict[str, Any]:
    """The JSON body the SDK would POST for `chat.completions.create(**request)`."""
    body = {k: v for k, v in request.items() if k != "extra_body"}
    body.update(request.get("extra_body") or {})
    return body


def batch_line(custom_id: str, request: dict[str, Any]) -> str:
    """One input line of a batch file (OpenAI, DashScope and `vllm run-batch` share the format)."""
    line = {"custom_id": custom_id, "method": "POST", "url": BATCH_URL, "body": batch_body(request)}
    return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


def split_lines(lines: list[str], max_requests: int, max_bytes: int) -> list[list[str]]:
    """Lines grouped into files of at most `max_requests` lines and `max_bytes` bytes (a lone larger line
    gets a file of its own: the provider then says why it refuses it)."""
    files: list[list[str]] = []
    current: list[str] = []
    size = 0
    for line in lines:
        n = len(line.encode("utf-8")) + 1
        if current and (len(current) >= max_requests or size + n > max_bytes):
            files.append(current)
            current, size = [], 0
        current.append(line)
        size += n
    if current:
        files.append(current)
    return files


def _namespace(value: Any) -> Any:
    """A response body as attribute-style objects, the shape `modes.raw_answer` reads."""
    if isinstance(value, dict):
        return SimpleNamespace(**{k: _namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_namespace(v) for v in value]
    return value


@dataclass
class LineResult:
    """One output or error line read: the usable raw answer, or why there is none."""

    custom_id: str | None
    raw: dict[str, Any] | None = None
    reason: str | None = None


def read_line(line: dict[str, Any]) -> LineResult:
    """An output/error file line -> the raw answer (as `modes.raw_answer` makes it) when it is usable
    (outcome ok or cut, the answers the live path caches too), else the reason it is not."""
    custom_id = line.get("custom_id")
    error = line.get("error")
    response = line.get("response") or {}
    status = response.get("status_code")
    body = response.get("body")
    if error:
        if isinstance(error, dict):
            code, message = error.get("code"), error.get("message")
            return LineResult(custom_id, reason=f"batch error {code or ''}: {message or error}".strip())
        return LineResult(custom_id, reason=f"batch error: {error}")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return LineResult(custom_id, reason=f"HTTP {status}: unreadable body {body[:200]!r}")
    if (status is not None and int(status) >= 400) or not isinstance(body, dict) or body.get("error"):
        detail = body.get("error") if isinstance(body, dict) else body
        if isinstance(detail, dict):
            detail = detail.get("message") or detail
        return LineResult(custom_id, reason=f"HTTP {status} inside the batch response: {str(detail)[:300]}")
    try:
        raw = raw_answer(_namespace(body))
    except (AttributeError, TypeError) as exc:
        return LineResult(custom_id, reason=f"unreadable completion in the batch response: {exc}")
    answer = answer_from_raw(raw)
    if answer.outcome not in ("ok", "cut"):
        return LineResult(custom_id, reason=f"unusable answer in the batch ({answer.outcome})")
    return LineResult(custom_id, raw=raw)


class BatchAPI:
    """The files and batches endpoints of one OpenAI-compatible server (synchronous client)."""

    def __init__(self, settings: ModelSettings, client: openai.OpenAI | None = None) -> None:
        self.settings = settings
        self.client = client or openai.OpenAI(
            base_url=settings.base_url, api_key=settings.key_value(), timeout=settings.timeout, max_retries=3
        )

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except openai.APIStatusError as exc:
            if exc.status_code in (404, 405):
                raise BatchUnsupported(
                    f"{self.settings.base_url or 'the endpoint'} has no Batch API ({what}: HTTP "
                    f"{exc.status_code}); run live (--via live) or write the requests with --export-requests "
                    "FILE for `vllm run-batch`"
                ) from None
            raise map_openai_error(exc, attempts=1, secret=self.settings.key_value()) from exc
        except openai.OpenAIError as exc:
            raise map_openai_error(exc, attempts=1, secret=self.settings.key_value()) from exc

    def upload(self, name: str, data: bytes) -> str:
        """files.create(purpose="batch"): the new file's id."""
        made = self._call("files upload", self.client.files.create, file=(name, data), purpose="batch")
        return made.id

    def create(self, input_file_id: str, metadata: dict[str, str] | None = None) -> dict[str, Any]:
        batch = self._call(
            "batches.create", self.client.batches.create, input_file_id=input_file_id, endpoint=BATCH_URL,
            completion_window="24h", metadata=metadata,
        )  # fmt: skip
        return _plain(batch)

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        return _plain(self._call("batches.retrieve", self.client.batches.retrieve, batch_id))

    def cancel(self, batch_id: str) -> dict[str, Any]:
        return _plain(self._call("batches.cancel", self.client.batches.cancel, batch_id))

    def content(self, file_id: str) -> bytes:
        """A file's bytes (output and error files of a batch)."""
        return self._call("files.content", self.client.files.content, file_id).content

    def close(self) -> None:
        self.client.close()


def _plain(batch: Any) -> dict[str, Any]:
    data = batch.model_dump(mode="json") if hasattr(batch, "model_dump") else dict(batch)
    if not data.get("id"):
        raise ModelError("the batch endpoint answered without a batch id")
    return data
