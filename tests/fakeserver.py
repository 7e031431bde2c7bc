"""A scriptable OpenAI-compatible HTTP server for tests (stdlib only, real sockets on 127.0.0.1).

Serves POST /v1/chat/completions and GET /v1/models. Each completion request takes the next action
from a queue (`push`), or draws a fault at `fault_rate` with a fixed seed, or answers "smart":

- smart: reads the chunk from the first user message (between <report> tags, or the numbered lines
  between <candidates> tags) and answers items found by simple regexes, quoting the text verbatim, so a
  clean run produces real, groundable items;
- faults: "429" (with Retry-After), "500", "hang" (sleeps past the client timeout), "truncated" (JSON cut
  in half), "schema_invalid" (items missing required fields), "hallucinate" (adds items whose quotes are
  not in the text), "wrong_number" (a real quote with a number not in it), "length" (finish_reason
  "length"), "reject_mode" (HTTP 400 naming response_format), "too_long" (HTTP 400: context length
  exceeded), "empty" (no items), or a dict {"content": ..., "finish_reason": ...} answered as is.

Answer shapes real models give (`SHAPES`), each holding the smart answer's items: "think" (a <think>
block with braces first), "reasoning_field" (reasoning in `reasoning_content`), "think_length" (reasoning
cut by max_tokens, no JSON), "wrapper" ({"result": {...}}), "typed_list" (a top-level list of items with
a "kind"), "extra_key" (an added "notes" key), "strings" (numbers as "7.2%", years as "2020年"),
"missing_fields" (nullable fields left out, one required field missing), "double_encoded" (tool
arguments encoded twice), "tool_per_kind" (one tool call per kind, `{"items": [...]}`), "no_choices",
"content_filter", "refusal".

The requested item kinds are read from the request's schema (json_schema / tools) or from the prompt's
"键为 goals, ..." line. Every request is logged (`served`) with its action, mode and token usage. `delay` slows every answer;
`decide(body)` may pick an action per request (e.g. a fault for one chunk only). `prompt_cache="openai"` or
`"deepseek"` reports a system message served before as cached prompt tokens, in that provider's usage fields.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from loopback import LoopbackServer

FAULTS = ("429", "500", "hang", "truncated", "schema_invalid", "hallucinate", "wrong_number", "length")
ALL_KINDS = ("goals", "achievements", "key_projects")
SHAPES = (
    "think", "reasoning_field", "think_length", "wrapper", "typed_list", "extra_key", "strings",
    "missing_fields", "double_encoded", "tool_per_kind", "no_choices", "content_filter", "refusal",
)  # fmt: skip

_INDICATORS = {
    "地区生产总值": ("gdp_growth", "gdp"),
    "一般公共预算收入": ("general_budget_revenue_growth", "general_budget_revenue"),
    "社会消费品零售总额": ("retail_sales_growth", "retail_sales"),
    "固定资产投资": ("fixed_asset_investment_growth", "fixed_asset_investment"),
    "规模以上工业增加值": ("industrial_value_added_growth", "industrial_value_added"),
    "城镇调查失业率": ("surveyed_unemployment_rate", "surveyed_unemployment_rate"),
    "城镇登记失业率": ("registered_unemployment_rate", "registered_unemployment_rate"),
}
_NAMES = "|".join(_INDICATORS)
_CLAUSE = re.compile(r"[^，,。；;：:\n]+")
_PERCENT = re.compile(rf"({_NAMES})[^%％]{{0,12}}?(\d+(?:\.\d+)?)\s*[%％]\s*(左右|以上|以内)?")
_AMOUNT = re.compile(rf"({_NAMES})[^亿]{{0,8}}?(\d+(?:\.\d+)?)\s*亿元")
_PROJECT = re.compile(
    r"(开工建设|加快建设|建成)([\u4e00-\u9fff]{2,14}?(?:铁路|高铁|高速公路|高速|机场|水库|大桥|隧道|工程|大道|产业园))"
)
_STATUS = {"开工建设": "started", "加快建设": "under_construction", "建成": "completed"}
_KINDS_LINE = re.compile(r"键为\s*([a-z_]+(?:\s*,\s*[a-z_]+)*)")


@dataclass
class Served:
    """One request as the server saw and answered it."""

    action: str
    status: int
    mode: str
    kinds: tuple[str, ...]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    body: dict[str, Any] = field(default_factory=dict, repr=False)


def smart_answer(text: str, kinds: tuple[str, ...]) -> dict[str, list[dict[str, Any]]]:
    """Items found in `text` by regexes, each quoting a clause of `text` verbatim."""
    answer: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for clause_match in _CLAUSE.finditer(text):
        clause = clause_match.group().strip()
        if "goals" in kinds or "achievements" in kinds:
            for m in _PERCENT.finditer(clause):
                growth, _ = _INDICATORS[m.group(1)]
                value, word = float(m.group(2)), m.group(3)
                if "goals" in kinds:
                    low, high, qualifier = value, value, "point"
                    if word == "左右":
                        qualifier = "about"
                    elif word == "以上":
                        high, qualifier = None, "at_least"
                    elif word == "以内":
                        low, qualifier = None, "at_most"
                    answer["goals"].append({
                        "quote": clause, "indicator": growth, "description": m.group(), "low": low,
                        "high": high, "unit": "%", "qualifier": qualifier, "horizon": None,
                    })  # fmt: skip
                if "achievements" in kinds and not word:  # 左右/以上/以内 mark targets, not results
                    answer["achievements"].append(_achievement(clause, growth, m.group(), value, "%"))
            if "achievements" in kinds:
                for m in _AMOUNT.finditer(clause):
                    _, level = _INDICATORS[m.group(1)]
                    answer["achievements"].append(
                        _achievement(clause, level, m.group(), float(m.group(2)), "亿元")
                    )
        if "key_projects" in kinds:
            for m in _PROJECT.finditer(clause):
                answer["key_projects"].append({
                    "quote": m.group(), "name": m.group(2), "status": _STATUS[m.group(1)],
                    "investment_amount": None, "investment_unit": None, "location": None, "sector": None,
                })  # fmt: skip
    return answer


def _achievement(quote: str, indicator: str, description: str, value: float, unit: str) -> dict[str, Any]:
    return {
        "quote": quote, "indicator": indicator, "description": description, "value": value, "unit": unit,
        "qualifier": "point", "is_estimate": False, "period": None,
    }  # fmt: skip


def chunk_text(messages: list[dict[str, Any]]) -> str:
    """The report text of the first user message (re-asks repeat the base prompt first)."""
    user = next((m.get("content") or "" for m in messages if m.get("role") == "user"), "")
    m = re.search(r"<report>\n?(.*?)\n?</report>", user, re.DOTALL)
    if m:
        return m.group(1)
    m = re.search(r"<candidates>\n?(.*?)\n?</candidates>", user, re.DOTALL)
    if m:
        return "\n".join(re.sub(r"^\d+\.\s", "", line) for line in m.group(1).splitlines())
    return user


def request_mode(body: dict[str, Any]) -> str:
    if body.get("tools"):
        return "tools"
    return (body.get("response_format") or {}).get("type", "text")


def request_kinds(body: dict[str, Any]) -> tuple[str, ...]:
    schema = None
    if body.get("tools"):
        schema = body["tools"][0]["function"]["parameters"]
    elif request_mode(body) == "json_schema":
        schema = body["response_format"]["json_schema"]["schema"]
    if schema:
        return tuple(schema["properties"])
    prompt = "\n".join(str(m.get("content") or "") for m in body.get("messages", []))
    m = _KINDS_LINE.search(prompt)
    return tuple(k.strip() for k in m.group(1).split(",")) if m else ALL_KINDS


class FakeServer(LoopbackServer):
    """Run with `with FakeServer(...) as server:`; `server.url` is the /v1 base URL."""

    def __init__(
        self,
        *,
        fault_rate: float = 0.0,
        seed: int = 0,
        faults: tuple[str, ...] = FAULTS,
        reject_modes: tuple[str, ...] = (),
        retry_after: str = "1",
        hang_seconds: float = 1.5,
        fence_text: bool = True,
        delay: float = 0.0,
        decide: Callable[[dict[str, Any]], Any] | None = None,
        prompt_cache: str | None = None,
    ) -> None:
        self.queue: deque[Any] = deque()
        self.fault_rate = fault_rate
        self.seed = seed
        self.faults = faults
        self.reject_modes = set(reject_modes)
        self.retry_after = retry_after
        self.hang_seconds = hang_seconds
        self.fence_text = fence_text
        self.delay = delay
        self.decide = decide
        self.prompt_cache = prompt_cache
        self._systems: set[str] = set()
        self.served: list[Served] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    # -- control -----------------------------------------------------------------------------
    def push(self, *actions: Any) -> None:
        """Queue actions for the next requests, in order."""
        self.queue.extend(actions)

    def actions(self) -> list[str]:
        return [s.action for s in self.served]

    def __enter__(self) -> FakeServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                status, payload, headers = server._handle(body)
                self._send(status, payload, headers)

            def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout): nothing to do

        self._serve(Handler)
        return self

    # -- answering ---------------------------------------------------------------------------
    def _next_action(self, body: dict[str, Any]) -> Any:
        with self._lock:
            if self.queue:
                return self.queue.popleft()
            if self.decide is not None:
                chosen = self.decide(body)
                if chosen is not None:
                    return chosen
            if not self.fault_rate:
                return "smart"
            # deterministic whatever the request order: seeded by the request body and its repeat count
            digest = hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
            self._seen[digest] += 1
            rng = random.Random(f"{self.seed}:{digest}:{self._seen[digest]}")
            return rng.choice(self.faults) if rng.random() < self.fault_rate else "smart"

    def _handle(self, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        mode, kinds = request_mode(body), request_kinds(body)
        action = self._next_action(body)
        if mode in self.reject_modes:
            action = "reject_mode"
        # logged on arrival, so a request still hanging is already visible
        served = Served(action if isinstance(action, str) else "custom", 0, mode, kinds, body=body)
        with self._lock:
            self.served.append(served)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            time.sleep(self.delay)
            status, payload, headers, usage = self._respond(action, body, mode, kinds)
        finally:
            with self._lock:
                self._in_flight -= 1
        served.status, (served.prompt_tokens, served.completion_tokens) = status, usage
        return status, payload, headers

    def _shaped(self, action: str, answer: dict[str, Any], body: dict[str, Any], mode: str):
        message, finish = shaped_message(action, answer, mode)
        prompt_tokens = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
        usage = (prompt_tokens, len(json.dumps(message, ensure_ascii=False)) if message else 0)
        return 200, _completion(body, message, finish, usage), {}, usage

    def _respond(self, action: Any, body: dict[str, Any], mode: str, kinds: tuple[str, ...]):
        no_usage = (0, 0)
        if action == "429":
            error = {"error": {"message": "Rate limit reached", "type": "rate_limit"}}
            return 429, error, {"Retry-After": self.retry_after}, no_usage
        if action == "500":
            return 500, {"error": {"message": "internal error", "type": "server_error"}}, {}, no_usage
        if action == "too_long":  # vLLM's and OpenAI's wording
            message = (
                "This model's maximum context length is 8192 tokens. However, you requested 12000 tokens "
                "(7904 in the messages, 4096 in the completion). Please reduce the length of the messages."
            )
            error = {
                "error": {
                    "message": message,
                    "type": "invalid_request_error",
                    "code": "context_length_exceeded",
                }
            }
            return 400, error, {}, no_usage
        if action == "reject_mode":
            message = (
                f"response_format type {mode} is not supported" if mode != "tools" else "tools not supported"
            )
            return 400, {"error": {"message": message, "type": "invalid_request_error"}}, {}, no_usage
        text = chunk_text(body.get("messages", []))
        answer = smart_answer(text, kinds)
        if action in SHAPES:
            return self._shaped(action, answer, body, mode)
        finish = "stop"
        if action == "hang":
            time.sleep(self.hang_seconds)
        if isinstance(action, dict):
            content = action.get("content", "")
            finish = action.get("finish_reason", "stop")
        elif action == "empty":
            content = json.dumps({k: [] for k in kinds}, ensure_ascii=False)
        elif action == "schema_invalid":
            content = json.dumps({k: [{"quote": None, "value": "many"}] for k in kinds})
        elif action == "hallucinate":
            content = json.dumps(_hallucinate(answer, kinds), ensure_ascii=False)
        elif action == "wrong_number":
            content = json.dumps(_wrong_number(answer, text, kinds), ensure_ascii=False)
        else:
            content = json.dumps(answer, ensure_ascii=False)
            if action in ("truncated", "length"):
                content = content[: max(1, len(content) // 2)]
                finish = "length" if action == "length" else "stop"
        if mode == "text" and self.fence_text and action == "smart":
            content = f"下面是抽取结果：\n```json\n{content}\n```"
        prompt_tokens = sum(len(str(m.get("content") or "")) for m in body.get("messages", []))
        usage = (prompt_tokens, len(content))
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if mode == "tools":
            call = {
                "id": "call_1",
                "type": "function",
                "function": {"name": "record_items", "arguments": content},
            }
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
            finish = "tool_calls" if finish == "stop" else finish
        payload = _completion(body, message, finish, usage)
        self._report_cache(body, payload["usage"])
        return 200, payload, {}, usage

    def _report_cache(self, body: dict[str, Any], usage: dict[str, Any]) -> None:
        """A provider's prefix cache: a system message served before counts as cached prompt tokens."""
        if self.prompt_cache is None:
            return
        system = next(
            (str(m.get("content")) for m in body.get("messages", []) if m.get("role") == "system"), ""
        )
        with self._lock:
            cached = len(system) if system in self._systems else 0
            self._systems.add(system)
        if self.prompt_cache == "deepseek":
            usage["prompt_cache_hit_tokens"] = cached
            usage["prompt_cache_miss_tokens"] = usage["prompt_tokens"] - cached
        else:
            usage["prompt_tokens_details"] = {"cached_tokens": cached}


def _completion(body: dict[str, Any], message: dict[str, Any] | None, finish: str, usage: tuple[int, int]):
    choices = [] if message is None else [{"index": 0, "message": message, "finish_reason": finish}]
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model", "fake"), "choices": choices,
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }  # fmt: skip


def shaped_message(action: str, answer: dict[str, list[dict[str, Any]]], mode: str) -> tuple[Any, str]:
    """(message or None for no choices, finish_reason) of one answer shape holding `answer`'s items."""
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    items = {k: [dict(i) for i in v] for k, v in answer.items()}
    content: str | None = dump(items)
    finish = "stop"
    extra: dict[str, Any] = {}
    if action == "think":
        content = (
            '<think>\n要找目标，比如 {"goals": [...]} 这样的结构，还有 {指标} 和 [项目]。\n</think>\n\n'
            + content
        )
    elif action == "reasoning_field":
        extra["reasoning_content"] = "先找 {目标}，再找 [项目]……"
    elif action == "think_length":
        content, finish = "<think>\n" + "我需要逐句阅读。{先看目标} " * 200, "length"
    elif action == "wrapper":
        content = dump({"result": items})
    elif action == "typed_list":
        content = dump([{"kind": kind[:-1] if kind != "key_projects" else "project", **i}
                        for kind, v in items.items() for i in v])  # fmt: skip
    elif action == "extra_key":
        content = dump({**items, "notes": "以上条目均摘自原文"})
    elif action == "strings":
        for kind, v in items.items():
            for i in v:
                for f in ("low", "high", "value"):
                    if isinstance(i.get(f), float):
                        i[f] = f"{i[f]:g}{i.get('unit') or ''}"
                if kind == "goals":
                    i["horizon"] = "2020年"
        content = dump(items)
    elif action == "missing_fields":
        for v in items.values():
            for i in v:
                for f in [f for f, value in i.items() if value is None]:
                    del i[f]
        first = next((v[0] for v in items.values() if v), None)
        if first is not None:
            first.pop("description", None) or first.pop("name", None)
        content = dump(items)
    elif action == "no_choices":
        return None, "stop"
    elif action == "content_filter":
        content, finish = "", "content_filter"
    elif action == "refusal":
        content, extra["refusal"] = None, "I'm sorry, I can't help with that."
    message: dict[str, Any] = {"role": "assistant", "content": content, **extra}
    if mode == "tools" or action in ("double_encoded", "tool_per_kind"):
        if action == "tool_per_kind":
            calls = [(f"record_{kind}", dump({"items": v})) for kind, v in items.items()]
        elif action == "double_encoded":
            calls = [("record_items", dump(dump(items)))]
        else:
            calls = [("record_items", content or "")]
        message = {"role": "assistant", "content": None, "tool_calls": [
            {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": args}}
            for n, (name, args) in enumerate(calls)
        ]}  # fmt: skip
        finish = "tool_calls" if finish == "stop" else finish
    return message, finish


def _hallucinate(answer: dict[str, list[dict[str, Any]]], kinds: tuple[str, ...]) -> dict[str, Any]:
    """The real items plus one per kind whose quote is nowhere in the report."""
    out = {k: list(v) for k, v in answer.items()}
    invented = "全面完成了月球基地一期工程建设任务并实现盈利"
    for kind in kinds:
        if kind == "goals":
            item = {"quote": invented, "indicator": "other", "description": "月球基地", "low": None, "high": None,
                    "unit": None, "qualifier": "qualitative", "horizon": None}  # fmt: skip
        elif kind == "achievements":
            item = _achievement(invented, "other", "月球基地", None, None)
        else:
            item = {"quote": invented, "name": "月球基地一期工程", "status": "completed", "investment_amount": None,
                    "investment_unit": None, "location": None, "sector": None}  # fmt: skip
        out[kind].append(item)
    return out


def _wrong_number(
    answer: dict[str, list[dict[str, Any]]], text: str, kinds: tuple[str, ...]
) -> dict[str, Any]:
    """The real items, the first numeric one with its number changed (so it is not in its quote)."""
    out = {k: [dict(i) for i in v] for k, v in answer.items()}
    for kind in ("goals", "achievements"):
        for item in out.get(kind, []):
            field_name = next((f for f in ("value", "low", "high") if item.get(f) is not None), None)
            if field_name:
                bad = item[field_name] + 1000.5
                if kind == "goals" and item["qualifier"] in ("point", "about"):
                    item["low"] = item["high"] = bad
                else:
                    item[field_name] = bad
                return out
    clause = next((m.group().strip() for m in _CLAUSE.finditer(text) if re.search(r"\d", m.group())), None)
    kind = next((k for k in kinds if k != "key_projects"), None)
    if clause and kind == "achievements":
        out[kind].append(_achievement(clause, "other", clause[:20], 1000.5, None))
    elif clause and kind == "goals":
        out[kind].append({"quote": clause, "indicator": "other", "description": clause[:20], "low": 1000.5,
                          "high": None, "unit": None, "qualifier": "at_least", "horizon": None})  # fmt: skip
    return out
