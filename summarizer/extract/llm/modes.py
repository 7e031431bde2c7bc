"""Structured-output modes: which ones an endpoint takes, and what a request and an answer look like.

Endpoints honour different subsets: OpenAI strict `json_schema`, `json_object`, tool calls, or plain text
with JSON inside. This module holds that knowledge as plain data and functions (no SDK import), so the
model extractor can try modes in order and fall back when an endpoint rejects one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ...config import ModelSettings
from .response import response_schema

__all__ = ["MODES", "Answer", "build_request", "endpoint_modes", "hosted", "read_answer"]

MODES: tuple[str, ...] = ("json_schema", "json_object", "tools", "text")
TOOL_NAME = "record_items"
_HOSTED = ("api.openai.com", "deepseek", "dashscope", "aliyuncs")
_DEFAULT_URL = "https://api.openai.com/v1"


def hosted(base_url: str | None) -> bool:
    """True for the hosted APIs we know (OpenAI, DeepSeek, DashScope); they take no extra request keys."""
    url = (base_url or _DEFAULT_URL).lower()
    return any(host in url for host in _HOSTED)


def endpoint_modes(base_url: str | None, preferred: str = "auto") -> list[str]:
    """Output modes to try, best first, for an endpoint (by URL); `preferred` goes first."""
    url = (base_url or _DEFAULT_URL).lower()
    if "deepseek" in url or "dashscope" in url or "aliyuncs" in url:
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
    schema = response_schema(kinds)
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
        function = {"name": TOOL_NAME, "description": "Record the extracted items", "parameters": schema}
        request["tools"] = [{"type": "function", "function": function}]
        request["tool_choice"] = {"type": "function", "function": {"name": TOOL_NAME}}
    return request


@dataclass
class Answer:
    """The text of a model answer (tool-call arguments in tools mode), why it stopped, and its tokens."""

    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int


def read_answer(response: Any, mode: str) -> Answer:
    """The answer inside a chat completion response, whatever mode produced it."""
    usage = getattr(response, "usage", None)
    prompt = getattr(usage, "prompt_tokens", 0) or 0
    completion = getattr(usage, "completion_tokens", 0) or 0
    if not response.choices:
        return Answer("", None, prompt, completion)
    choice = response.choices[0]
    message = choice.message
    text = message.content or ""
    if mode == "tools" and message.tool_calls:
        text = message.tool_calls[0].function.arguments or ""
    return Answer(text, choice.finish_reason, prompt, completion)
