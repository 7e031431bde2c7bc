"""A fake OpenAI Batch API on 127.0.0.1 (stdlib only): files upload and content, batches create, retrieve
and cancel, output and error files, with the statuses providers report and faults injected.

Answers come from `fakeserver.FakeServer`'s answer logic (its "smart" answerer, queue and `decide`), so
a batch answers exactly what the live fake server would. Every retrieve advances a batch one step
(validating -> in_progress -> its outcome); at the last step its lines are answered:

- `outcomes`: per created batch, in order (then "completed"): "completed"; "expired" (only the first
  half of the lines answered, the rest never run); "failed" (validation failed: no files, `errors` set);
  "no_output" (status completed, no output file, every line in the error file); "stuck" (stays
  in_progress until cancelled).
- `line_fault(custom_id, body)` -> None or "error" (the line goes to the error file with an `error`
  object), "body_400" (a 400 inside the response body with a null `error`, in the output file), "skip"
  (never answered).
- `max_requests`: an input file with more lines fails validation (`errors`), as providers do.
- `batches=False`: /files and /batches answer 404, like a server without a Batch API.
- cancel: "cancelling", then "cancelled" at the next retrieve with the first half of the lines answered.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from fakeserver import FakeServer
from loopback import LoopbackServer


class FakeBatchServer(LoopbackServer):
    """`with FakeBatchServer(...) as server:`; `server.url` is the /v1 base URL."""

    def __init__(
        self,
        *,
        outcomes: tuple[str, ...] = (),
        line_fault: Callable[[str, dict[str, Any]], str | None] | None = None,
        max_requests: int | None = None,
        batches: bool = True,
        answerer: FakeServer | None = None,
    ) -> None:
        self.outcomes = list(outcomes)
        self.line_fault = line_fault
        self.max_requests = max_requests
        self.batches_enabled = batches
        self.answerer = answerer or FakeServer()
        self.files: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.plans: dict[str, dict[str, Any]] = {}
        self.answered: list[str] = []  # custom_ids answered, in order
        self.downloads: list[str] = []  # file ids whose content was read
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # -- HTTP ------------------------------------------------------------------------------------
    def __enter__(self) -> FakeBatchServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                self._reply(*server._route("GET", self.path, {}, b""))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                self._reply(*server._route("POST", self.path, dict(self.headers), data))

            def _reply(self, status: int, payload: Any) -> None:
                raw = (
                    payload
                    if isinstance(payload, bytes)
                    else json.dumps(payload, ensure_ascii=False).encode()
                )
                self.send_response(status)
                kind = "application/octet-stream" if isinstance(payload, bytes) else "application/json"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self._serve(Handler)
        return self

    def _route(self, method: str, path: str, headers: dict[str, str], data: bytes) -> tuple[int, Any]:
        path = path.split("?")[0].rstrip("/")
        path = path[len("/v1") :] if path.startswith("/v1") else path
        if method == "POST" and path == "/chat/completions":  # live calls work too (re-asks sent live)
            status, payload, _ = self.answerer._handle(json.loads(data or b"{}"))
            return status, payload
        if not self.batches_enabled and (path.startswith("/files") or path.startswith("/batches")):
            return 404, {"error": {"message": "Not Found", "type": "not_found"}}
        with self._lock:
            if method == "POST" and path == "/files":
                return self._upload(headers, data)
            if m := re.fullmatch(r"/files/([^/]+)/content", path):
                if m.group(1) not in self.files:
                    return 404, {"error": {"message": "no such file"}}
                self.downloads.append(m.group(1))
                return 200, self.files[m.group(1)]["data"]
            if m := re.fullmatch(r"/files/([^/]+)", path):
                file = self.files.get(m.group(1))
                return (200, _file_object(file)) if file else (404, {"error": {"message": "no such file"}})
            if method == "POST" and path == "/batches":
                return self._create(json.loads(data or b"{}"))
            if m := re.fullmatch(r"/batches/([^/]+)/cancel", path):
                batch = self.batches.get(m.group(1))
                if batch is None:
                    return 404, {"error": {"message": "no such batch"}}
                if batch["status"] in ("validating", "in_progress"):
                    batch["status"] = "cancelling"
                return 200, batch
            if m := re.fullmatch(r"/batches/([^/]+)", path):
                if m.group(1) not in self.batches:
                    return 404, {"error": {"message": "no such batch"}}
                return 200, self._advance(m.group(1))
        return 404, {"error": {"message": f"no route {method} {path}"}}

    # -- files -----------------------------------------------------------------------------------
    def _upload(self, headers: dict[str, str], data: bytes) -> tuple[int, Any]:
        kind = next(v for k, v in headers.items() if k.lower() == "content-type")
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {kind}\r\n\r\n".encode() + data
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_filename(), part.get_payload(decode=True))
        if fields.get("purpose", (None, b""))[1] != b"batch" or "file" not in fields:
            return 400, {"error": {"message": "purpose must be batch and a file is needed"}}
        filename, content = fields["file"]
        file_id = self._new_file(content, filename or "upload.jsonl", "batch")
        return 200, _file_object(self.files[file_id])

    def _new_file(self, data: bytes, filename: str, purpose: str) -> str:
        file_id = f"file-{next(self._ids)}"
        self.files[file_id] = {"id": file_id, "data": data, "filename": filename, "purpose": purpose}
        return file_id

    # -- batches ---------------------------------------------------------------------------------
    def _create(self, body: dict[str, Any]) -> tuple[int, Any]:
        if body.get("input_file_id") not in self.files:
            return 400, {"error": {"message": "input_file_id not found"}}
        if body.get("endpoint") != "/v1/chat/completions" or body.get("completion_window") != "24h":
            return 400, {"error": {"message": "endpoint /v1/chat/completions and 24h only"}}
        batch_id = f"batch_{next(self._ids)}"
        lines = [json.loads(x) for x in self.files[body["input_file_id"]]["data"].splitlines() if x.strip()]
        outcome = self.outcomes.pop(0) if self.outcomes else "completed"
        self.plans[batch_id] = {"lines": lines, "outcome": outcome}
        self.batches[batch_id] = {
            "id": batch_id, "object": "batch", "endpoint": body["endpoint"], "errors": None,
            "input_file_id": body["input_file_id"], "completion_window": "24h", "status": "validating",
            "output_file_id": None, "error_file_id": None, "created_at": int(time.time()),
            "request_counts": {"total": len(lines), "completed": 0, "failed": 0},
            "metadata": body.get("metadata"),
        }  # fmt: skip
        return 200, self.batches[batch_id]

    def _advance(self, batch_id: str) -> dict[str, Any]:
        batch, plan = self.batches[batch_id], self.plans[batch_id]
        lines, outcome = plan["lines"], plan["outcome"]
        if batch["status"] == "validating":
            if self.max_requests is not None and len(lines) > self.max_requests:
                message = f"{len(lines)} requests, more than the maximum of {self.max_requests}"
                self._finish(batch, "failed", [], [], problems=[("too_many_requests", message)])
            elif outcome == "failed":
                self._finish(batch, "failed", [], [], problems=[("invalid_file", "validation failed")])
            else:
                batch["status"] = "in_progress"
        elif batch["status"] == "in_progress" and outcome != "stuck":
            if outcome == "expired":
                self._run(batch, lines[: len(lines) // 2], "expired")
            elif outcome == "no_output":
                failed = [_error_line(x, "server_error", "the batch worker failed") for x in lines]
                self._finish(batch, "completed", [], failed)
            else:
                self._run(batch, lines, "completed")
        elif batch["status"] == "cancelling":
            self._run(batch, lines[: len(lines) // 2], "cancelled")
        return batch

    def _run(self, batch: dict[str, Any], lines: list[dict[str, Any]], status: str) -> None:
        output: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for line in lines:
            fault = self.line_fault(line["custom_id"], line["body"]) if self.line_fault else None
            if fault == "skip":
                continue
            if fault == "error":
                errors.append(_error_line(line, "server_error", "the request failed in the batch"))
                continue
            if fault == "body_400":
                payload = {
                    "error": {"message": "Invalid 'messages': bad request", "type": "invalid_request_error"}
                }
                output.append(_response_line(line, 400, payload))
                continue
            code, payload, _ = self.answerer._handle(line["body"])
            self.answered.append(line["custom_id"])
            output.append(_response_line(line, code, payload))
        self._finish(batch, status, output, errors)

    def _finish(
        self,
        batch: dict[str, Any],
        status: str,
        output: list[dict[str, Any]],
        errors: list[dict[str, Any]],
        *,
        problems: list[tuple[str, str]] = (),
    ) -> None:
        batch["status"] = status
        if problems:
            batch["errors"] = {"object": "list", "data": [{"code": c, "message": m} for c, m in problems]}
        if output:
            batch["output_file_id"] = self._new_file(_jsonl(output), "output.jsonl", "batch_output")
        if errors:
            batch["error_file_id"] = self._new_file(_jsonl(errors), "errors.jsonl", "batch_output")
        ok = sum(1 for x in output if x["response"]["status_code"] < 400)
        batch["request_counts"].update(completed=ok, failed=len(output) - ok + len(errors))


def _response_line(line: dict[str, Any], code: int, payload: Any) -> dict[str, Any]:
    return {
        "id": f"batch_req_{line['custom_id'][-8:]}", "custom_id": line["custom_id"],
        "response": {"status_code": code, "request_id": "req-fake", "body": payload}, "error": None,
    }  # fmt: skip


def _error_line(line: dict[str, Any], code: str, message: str) -> dict[str, Any]:
    return {
        "id": f"batch_req_{line['custom_id'][-8:]}", "custom_id": line["custom_id"], "response": None,
        "error": {"code": code, "message": message},
    }  # fmt: skip


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()


def _file_object(file: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": file["id"], "object": "file", "bytes": len(file["data"]), "created_at": int(time.time()),
        "filename": file["filename"], "purpose": file["purpose"], "status": "processed",
    }  # fmt: skip
