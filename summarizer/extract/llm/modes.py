"""Structured-output modes: which ones an endpoint takes, what a request and an answer look like.

Endpoints honour different subsets: OpenAI strict `json_schema`, `json_object`, tool calls, or plain text
with JSON inside. This module holds that knowledge as plain data and functions (no SDK import), so the
model extractor can try modes in order and fall back when an endpoint rejects one.

Mode table (`MODE_TABLE` holds the same rows; "live" says what was run against a real server, the rest
is from the providers' documentation):

| endpoint | modes tried, best first | knobs that change the answer's shape | live |
| --- | --- | --- | --- |
| api.openai.com | json_schema, tools, json_object, text | o-series: reasoning hidden, counts as completion tokens | no |
| DeepSeek deepseek-chat | json_object, tools, text, json_schema | none | no |
| DeepSeek deepseek-reasoner (R1) | text, json_object, tools | no json mode or tools on R1; `reasoning_content` field | no |
| DashScope Qwen3 / QwQ | json_object, tools, text, json_schema | `enable_thinking` (extra_body; thinks by default, billed); QwQ always thinks | no |
| vLLM / SGLang / Ollama | json_schema, json_object, tools, text | Qwen3: `chat_template_kwargs.enable_thinking`; `<think>` or `reasoning_content` | no |
| llama.cpp (llama-cpp-python 0.3.x) | json_schema, json_object, tools, text | json_schema answered with HTTP 500 (falls back); `schema` key in json_object = grammar | yes (gemma3 270M) |

`ModelSettings.enable_thinking` (None = the server's default) is sent as `extra_body.enable_thinking` to
DashScope and as `extra_body.chat_template_kwargs.enable_thinking` to other non-OpenAI servers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...config import OUTPUT_MODES, ModelSettings
from .normalize import LENIENT_JSON, has_json_start, kind_of, normalize_payload, strip_reasoning
from .response import KINDS, response_schema, tool_parameters

__all__ = [
    "MODES",
    "MODE_TABLE",
    "Answer",
    "answer_from_raw",
    "build_request",
    "endpoint_modes",
    "hosted",
    "raw_answer",
    "read_answer",
]

MODES: tuple[str, ...] = tuple(m for m in OUTPUT_MODES if m != "auto")
TOOL_NAME = "record_items"
_HOSTED = ("api.openai.com", "deepseek", "dashscope", "aliyuncs")
_DEFAULT_URL = "https://api.openai.com/v1"

MODE_TABLE: tuple[dict[str, str], ...] = (
    {"endpoint": "api.openai.com", "modes": "json_schema tools json_object text", "knobs": "", "live": "no"},
    {"endpoint": "deepseek-chat", "modes": "json_object tools text json_schema", "knobs": "", "live": "no"},
    {"endpoint": "deepseek-reasoner", "modes": "text json_object tools", "knobs": "reasoning_content",
     "live": "no"},
    {"endpoint": "dashscope qwen3/qwq", "modes": "json_object tools text json_schema",
     "knobs": "extra_body.enable_thinking", "live": "no"},
    {"endpoint": "vllm/sglang/ollama", "modes": "json_schema json_object tools text",
     "knobs": "chat_template_kwargs.enable_thinking", "live": "no"},
    {"endpoint": "llama-cpp-python 0.3.x", "modes": "json_schema json_object tools text",
     "knobs": "response_format.schema (grammar)", "live": "yes: json_object; json_schema -> HTTP 500"},
)  # fmt: skip
"""The mode table of the module docstring as data ("live" = run against a real server)."""


def hosted(base_url: str | None) -> bool:
    """True for the hosted APIs we know (OpenAI, DeepSeek, DashScope); they take no extra request keys."""
    url = (base_url or _DEFAULT_URL).lower()
    return any(host in url for host in _HOSTED)


def endpoint_modes(base_url: str | None, preferred: str = "auto", model: str | None = None) -> list[str]:
    """Output modes to try, best first, for an endpoint (by URL and model); `preferred` goes first."""
    url = (base_url or _DEFAULT_URL).lower()
    name = (model or "").lower()
    if "deepseek" in url and ("reasoner" in name or "r1" in name):
        order = ["text", "json_object", "tools"]  # R1: no json mode, no tools (DeepSeek docs, 2025)
    elif "deepseek" in url or "dashscope" in url or "aliyuncs" in url:
        order = ["json_object", "tools", "text", "json_schema"]  # no strict json_schema on these (2025)
    elif "api.openai.com" in url:
        order = ["json_schema", "tools", "json_object", "text"]
    else:  # llama.cpp, Ollama, vLLM and other local servers constrain decoding with a schema
        order = ["json_schema", "json_object", "tools", "text"]
    if preferred in order:
        order.remove(preferred)
        order.insert(0, preferred)
    return order


def build_request(
    settings: ModelSettings,
    mode: str,
    messages: list[dict[str, str]],
    kinds: Sequence[str],
    schema_in_object: bool = False,
) -> dict[str, Any]:
    """Keyword arguments of `chat.completions.create` asking for the `kinds` response in `mode`.

    The messages are copied, so later re-asks never alter a request already sent.
    """
    request: dict[str, Any] = {
        "model": settings.model,
        "messages": [dict(m) for m in messages],
        "temperature": settings.temperature,
        "max_tokens": settings.max_tokens,
    }
    schema = response_schema(kinds, described=False)  # the prompt states the rules; enums stay
    if mode == "json_schema":
        request["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "extraction", "strict": True, "schema": schema},
        }
    elif mode == "json_object":
        request["response_format"] = {"type": "json_object"}
        if schema_in_object:  # llama-cpp-python turns this key into a grammar
            request["response_format"]["schema"] = schema
    elif mode == "tools":
        parameters = tool_parameters(kinds)
        function = {"name": TOOL_NAME, "description": "Record the extracted items", "parameters": parameters}
        request["tools"] = [{"type": "function", "function": function}]
        request["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
    if settings.enable_thinking is not None:
        url = (settings.base_url or _DEFAULT_URL).lower()
        if "dashscope" in url or "aliyuncs" in url:
            request["extra_body"] = {"enable_thinking": settings.enable_thinking}
        elif "api.openai.com" not in url:
            request["extra_body"] = {"chat_template_kwargs": {"enable_thinking": settings.enable_thinking}}
    return request


def schema_in_request(mode: str) -> bool:
    """True when the request itself carries the response schema (the prompt need not repeat it)."""
    return mode in ("json_schema", "tools")


@dataclass
class Answer:
    """A model answer made readable: its JSON-bearing text (merged tool-call arguments in tools mode,
    reasoning removed), why it stopped, its tokens, and what kind of outcome it is.

    `outcome`: "ok"; "cut" (finish_reason length with JSON started); "cut_no_json" (length before any
    JSON: reasoning or prose used up max_tokens); "refused" (`message.refusal`); "filtered"
    (finish_reason content_filter); "empty" (no choices, or no content and no tool calls).
    """

    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    outcome: str = "ok"
    reasoning: str = ""
    refusal: str | None = None
    notes: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def _get(obj: Any, name: str) -> Any:
    """A field of an SDK object, from its attributes or extra fields; or of a plain dict."""
    if isinstance(obj, dict):
        return obj.get(name)
    value = getattr(obj, name, None)
    if value is None:
        extra = getattr(obj, "model_extra", None) or {}
        value = extra.get(name)
    return value


def _cached_tokens(usage: Any) -> int:
    """Prompt tokens served from the provider's prompt cache: OpenAI, DashScope and vLLM say
    `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`."""
    if usage is None:
        return 0
    cached = _get(_get(usage, "prompt_tokens_details"), "cached_tokens")
    if cached is None:
        cached = _get(usage, "prompt_cache_hit_tokens")
    try:
        return max(0, int(cached or 0))
    except (TypeError, ValueError):
        return 0


def raw_answer(response: Any) -> dict[str, Any]:
    """The parts of a chat completion response that matter, as plain JSON (what the answer cache and
    the trace store): content, reasoning, refusal, tool calls, finish_reason, usage."""
    usage = getattr(response, "usage", None)
    raw: dict[str, Any] = {
        "usage": {
            "prompt_tokens": getattr(usage, "prompt_tokens", 0) or 0,
            "completion_tokens": getattr(usage, "completion_tokens", 0) or 0,
        },
        "choices": len(response.choices or []),
    }
    cached = _cached_tokens(usage)
    if cached:
        raw["usage"]["cached_tokens"] = cached
    if not response.choices:
        return raw
    choice = response.choices[0]
    message = choice.message
    raw["finish_reason"] = choice.finish_reason
    raw["content"] = getattr(message, "content", None)
    reasoning = _get(message, "reasoning_content") or _get(message, "reasoning")
    if reasoning:
        raw["reasoning_content"] = str(reasoning)
    if getattr(message, "refusal", None):
        raw["refusal"] = message.refusal
    calls = getattr(message, "tool_calls", None) or []
    raw["tool_calls"] = [
        {"name": getattr(c.function, "name", None), "arguments": getattr(c.function, "arguments", None)}
        for c in calls
        if getattr(c, "function", None) is not None
    ]
    return raw


def answer_from_raw(raw: dict[str, Any], kinds: Sequence[str] = ()) -> Answer:
    """An `Answer` from `raw_answer`'s dict: reasoning removed, every tool call merged into one object."""
    usage = raw.get("usage") or {}
    prompt, completion = usage.get("prompt_tokens", 0) or 0, usage.get("completion_tokens", 0) or 0
    finish = raw.get("finish_reason")
    if not raw.get("choices"):
        return Answer("", None, prompt, completion, outcome="empty", raw=raw)
    content = raw.get("content") or ""
    text, reasoning = strip_reasoning(content)
    reasoning = "\n".join(r for r in (raw.get("reasoning_content") or "", reasoning) if r)
    notes: list[str] = []
    calls = raw.get("tool_calls") or []
    if calls and not has_json_start(text):
        text, notes = _merge_tool_calls(calls, kinds)
    elif not text and raw.get("reasoning_content") and finish != "length":
        text = raw["reasoning_content"]  # some servers send the whole answer in the reasoning field
        notes.append("answer read from reasoning_content (content was empty)")
    answer = Answer(text, finish, prompt, completion, reasoning=reasoning, notes=notes, raw=raw)
    if raw.get("refusal"):
        answer.outcome, answer.refusal = "refused", str(raw["refusal"])
    elif finish == "content_filter":
        answer.outcome = "filtered"
    elif finish == "length":
        answer.outcome = "cut" if has_json_start(text) else "cut_no_json"
    elif not text.strip():
        answer.outcome = "empty"
    return answer


def _merge_tool_calls(calls: Sequence[dict[str, Any]], kinds: Sequence[str]) -> tuple[str, list[str]]:
    """Every tool call's arguments (decoded when sent as a JSON string inside JSON) merged into one
    answer object; a call named for a kind (`record_goals`) places a bare list under that kind."""
    merged: dict[str, list[Any]] = {}
    notes: list[str] = []
    unreadable: list[str] = []
    for call in calls:
        arguments = call.get("arguments")
        try:
            data = LENIENT_JSON.decode(arguments) if isinstance(arguments, str) else arguments
        except json.JSONDecodeError:
            unreadable.append(str(arguments))
            continue
        payload, call_notes, _ = normalize_payload(data, kinds or KINDS, kind_of(call.get("name")))
        notes += call_notes
        if payload is None:
            unreadable.append(str(arguments))
            continue
        for kind, items in payload.items():
            merged.setdefault(kind, []).extend(items)
    if len(calls) > 1:
        notes.append(f"merged {len(calls)} tool calls")
    if unreadable and not merged:
        return "\n".join(unreadable), notes
    if unreadable:
        notes.append(f"ignored {len(unreadable)} unreadable tool call(s)")
    return json.dumps(merged, ensure_ascii=False), notes


def read_answer(response: Any, mode: str = "", kinds: Sequence[str] = ()) -> Answer:
    """The answer inside a chat completion response, whatever mode produced it."""
    return answer_from_raw(raw_answer(response), kinds)
