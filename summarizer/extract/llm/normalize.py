"""Answer normalization: what real models send, turned into `{kind: [item, ...]}` before anything is judged.

Models wrap the same items in many shapes: a reasoning block first (`<think>…</think>`, which may itself
hold braces), prose or code fences around the JSON, the items under one wrapper key (`{"result": {...}}`),
a top-level list of items each naming its kind, an extra top-level key (`"notes"`), tool arguments
encoded twice as a JSON string, one tool call per kind, numbers written as strings ("7.2%", "2019年").
Everything here is a pure function on text or parsed JSON; nothing is re-asked for a shape that can be
read unambiguously. What was adjusted is returned as notes (kept for the trace, never sent as errors).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

__all__ = [
    "LENIENT_JSON",
    "coerce_item",
    "find_json",
    "has_json_start",
    "json_brackets",
    "kind_of",
    "normalize_payload",
    "strip_reasoning",
]

LENIENT_JSON = json.JSONDecoder(strict=False)
"""Reads JSON whose strings hold raw line breaks or tabs, as local models write them under a grammar."""

_REASONING_TAGS = ("think", "thinking", "reasoning", "thought")
_TAGS = "|".join(_REASONING_TAGS)
_CLOSED = re.compile(rf"<({_TAGS})>.*?</\1>", re.DOTALL | re.IGNORECASE)
_CLOSE_ONLY = re.compile(rf"</(?:{_TAGS})>", re.IGNORECASE)
_OPEN = re.compile(rf"<(?:{_TAGS})>", re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)
MAX_JSON_STARTS = 400
"""At most this many `{`/`[` positions are tried when looking for JSON inside prose (bounds the cost)."""

_KIND_ALIASES = {
    "goals": ("goals", "goal", "targets", "target", "objectives", "目标", "预期目标", "主要目标"),
    "achievements": ("achievements", "achievement", "results", "result_items", "成绩", "成就", "成果"),
    "key_projects": (
        "key_projects", "key_project", "projects", "project", "keyprojects", "重点项目", "项目", "工程",
    ),
}  # fmt: skip
_ALIAS = {alias: kind for kind, names in _KIND_ALIASES.items() for alias in names}
_KIND_FIELDS = ("kind", "type", "category", "item_type", "类别", "类型")
_SIGNATURE = {
    "key_projects": ("name", "status", "investment_amount", "sector"),
    "achievements": ("value", "is_estimate", "period"),
    "goals": ("low", "high", "horizon"),
}


def strip_reasoning(text: str) -> tuple[str, str]:
    """(answer, reasoning): closed reasoning blocks removed; text before a lone closing tag (a chat
    template that opened the block itself) is reasoning; an unclosed block is reasoning to the end."""
    reasoning: list[str] = []

    def cut(match: re.Match[str]) -> str:
        reasoning.append(match.group())
        return ""

    text = _CLOSED.sub(cut, text)
    close = list(_CLOSE_ONLY.finditer(text))
    if close:
        reasoning.append(text[: close[-1].end()])
        text = text[close[-1].end() :]
    opened = _OPEN.search(text)
    if opened:
        reasoning.append(text[opened.start() :])
        text = text[: opened.start()]
    return text.strip(), "\n".join(reasoning)


def has_json_start(text: str) -> bool:
    """True when the text (reasoning removed) holds the start of a JSON object or list."""
    return bool(re.search(r"[{\[]\s*[\"{\[\]}]", strip_reasoning(text)[0]))


def find_json(text: str, kinds: Sequence[str] = ()) -> Any:
    """The JSON answer inside a model's text; raises ValueError naming the problem.

    Tried in order: the whole text, fenced blocks, then every JSON value starting at a `{` or `[`
    (bounded): the first that holds a requested kind is preferred, else the largest object or list.
    """
    text, _ = strip_reasoning(text)
    if not text:
        raise ValueError("the answer is empty")
    error: json.JSONDecodeError | None = None
    for candidate in (text, *(m.group(1).strip() for m in _FENCE.finditer(text))):
        try:
            return LENIENT_JSON.decode(candidate)
        except json.JSONDecodeError as exc:
            error = error or exc
    decoder = LENIENT_JSON
    found: list[tuple[int, Any]] = []
    for start in _top_level_starts(text)[:MAX_JSON_STARTS]:
        try:
            value, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict | list) and value:
            if _holds_kind(value, kinds):
                return value
            found.append((end - start, value))
    if found:
        return max(found, key=lambda pair: pair[0])[1]
    assert error is not None
    raise ValueError(f"the answer is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}")


def _top_level_starts(text: str) -> list[int]:
    """Positions of `{`/`[` not inside another bracket (strings inside brackets respected): a value cut
    off mid-way never yields its inner lists or items as if they were the whole answer."""
    return [i for i, ch, depth in json_brackets(text) if ch in "{[" and depth == 0]


def json_brackets(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, bracket, depth outside it) of every bracket of `text[start:]` that is not inside a JSON
    string; a quote opens a string only inside brackets, so prose around an answer never does."""
    depth = 0
    in_string = escaped = False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"' and depth:
            in_string = True
        elif ch in "{[":
            yield i, ch, depth
            depth += 1
        elif ch in "}]" and depth:
            depth -= 1
            yield i, ch, depth


def _holds_kind(value: Any, kinds: Sequence[str]) -> bool:
    if isinstance(value, dict):
        return any(_ALIAS.get(_norm_key(k)) in kinds for k in value) or any(
            isinstance(v, dict) and _holds_kind(v, kinds) for v in value.values()
        )
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _norm_key(key: Any) -> str:
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


def kind_of(name: str | None) -> str | None:
    """The item kind a key, a tool name (`record_goals`) or a `kind` field value stands for."""
    if not name:
        return None
    key = _norm_key(name)
    if key in _ALIAS:
        return _ALIAS[key]
    for alias in sorted(_ALIAS, key=len, reverse=True):  # record_key_projects -> key_projects
        if len(alias) > 3 and alias.isascii() and key.endswith(alias):
            return _ALIAS[alias]
    return None


def _decode_strings(value: Any, depth: int = 0) -> Any:
    """A JSON value encoded again as a string (double-encoded tool arguments) decoded, up to 3 levels."""
    while isinstance(value, str) and depth < 3:
        stripped = value.strip()
        if not stripped or stripped[0] not in '{["':
            break
        try:
            value = LENIENT_JSON.decode(stripped)
        except json.JSONDecodeError:
            break
        depth += 1
    return value


def normalize_payload(
    data: Any, kinds: Sequence[str], hint: str | None = None
) -> tuple[dict[str, list[Any]] | None, list[str], str | None]:
    """(items per kind, notes, error) from parsed JSON of any shape we can read without guessing.

    `hint` is the kind a tool call's name stands for (one tool call per kind). The error is set only
    when no shape fits; unknown top-level keys and items of kinds not asked for are notes.
    """
    notes: list[str] = []
    out: dict[str, list[Any]] = {kind: [] for kind in kinds}
    data = _decode_strings(data)
    for _ in range(3):  # unwrap {"result": {...}} / {"data": [...]} / {"answer": "{...}"}
        if not isinstance(data, dict) or any(kind_of(k) for k in data):
            break
        inner = [
            (k, _decode_strings(v)) for k, v in data.items() if isinstance(_decode_strings(v), dict | list)
        ]
        if len(inner) != 1 or _looks_like_item(data):
            break
        key, data = inner[0]
        notes.append(f"read the items under the wrapper key {key!r}")
    if isinstance(data, dict) and _looks_like_item(data):
        data = [data]  # one bare item
    if isinstance(data, list):
        _place_items(data, kinds, hint, out, notes)
        return out, notes, None
    if not isinstance(data, dict):
        return None, notes, f"the answer must be a JSON object with keys {', '.join(kinds)}"
    ignored: list[str] = []
    matched = False
    for key, value in data.items():
        kind = kind_of(key)
        if kind is None:
            ignored.append(str(key))
            continue
        matched = True
        value = _decode_strings(value)
        if value is None:
            continue
        if kind not in kinds:
            notes.append(f"ignored {key!r}: not asked for in this chunk")
            continue
        if isinstance(value, dict):
            value = [value]
        if not isinstance(value, list):
            return None, notes, f"{kind} must be a list of objects, got {type(value).__name__}"
        out[kind].extend(value)
        if key != kind:
            notes.append(f"read {key!r} as {kind}")
    if ignored:
        notes.append(f"ignored unknown top-level key(s) {ignored}")
    if not matched:
        return None, notes, f"no key {', '.join(kinds)} in the answer (got {', '.join(ignored[:5])})"
    return out, notes, None


def _looks_like_item(data: dict[str, Any]) -> bool:
    return "quote" in data or ("name" in data and "status" in data)


def _place_items(
    items: Iterable[Any], kinds: Sequence[str], hint: str | None, out: dict[str, list[Any]], notes: list[str]
) -> None:
    """Typed items of a top-level list go to their kind: a `kind`/`type` field, else the fields they
    carry, else the tool's kind, else the only kind asked for. Unplaceable ones go to the first kind,
    so they are checked (and re-asked) like any other bad item."""
    lost = 0
    for item in items:
        item = _decode_strings(item)
        kind = None
        if isinstance(item, dict):
            for field in _KIND_FIELDS:
                if isinstance(item.get(field), str) and kind_of(item[field]):
                    kind = kind_of(item[field])
                    break
            if kind is None:
                kind = next((k for k, sig in _SIGNATURE.items() if any(f in item for f in sig)), None)
                if kind == "goals" and "value" in item:
                    kind = "achievements"
        kind = kind or hint or (kinds[0] if len(kinds) == 1 else None)
        if kind is None:
            kind = kinds[0]
        if kind not in kinds:
            lost += 1
            continue
        out[kind].append(item)
    if lost:
        notes.append(f"ignored {lost} item(s) of kinds not asked for in this chunk")


_NUMBER = re.compile(r"^\s*([-+−]?\d+(?:[.,]\d+)*)\s*(.*?)\s*$")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*$")
_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*(?:[-–—~至到]\s*((?:19|20)\d\d)\s*年?)?\s*$")
_QUALIFIER_WORDS = {
    "左右": "about", "约": "about", "近": "about", "以上": "at_least", "不低于": "at_least",
    "突破": "at_least", "超过": "at_least", "以内": "at_most", "以下": "at_most", "低于": "at_most",
    "不超过": "at_most", "区间": "range", "定性": "qualitative", "完成下达任务": "delegated",
}  # fmt: skip
_STATUS_WORDS = {
    "规划": "planned", "谋划": "planned", "前期": "planned", "开工": "started", "新开工": "started",
    "在建": "under_construction", "续建": "under_construction", "建设中": "under_construction",
    "建成": "completed", "竣工": "completed", "完工": "completed", "投运": "in_operation",
    "通车": "in_operation", "投产": "in_operation", "运营": "in_operation", "未知": "unknown",
}  # fmt: skip
_NUMBER_FIELDS = {
    "goals": (("low", "unit"), ("high", "unit")),
    "achievements": (("value", "unit"),),
    "key_projects": (("investment_amount", "investment_unit"),),
}
_DEFAULTS: dict[
    str, dict[str, Any]
] = {  # fields whose null means "the default" (the model wrote null for a non-nullable field)
    "achievements": {"qualifier": "point", "is_estimate": False},
    "key_projects": {"status": "unknown"},
}


def coerce_item(kind: str, item: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A copy of the item with unambiguous value forms fixed: "7.2%" -> 7.2 (unit % when none given),
    "2019年" -> 2019 for horizon, 2019 -> "2019" for period, "true"/"是" -> true, 左右 -> about.
    A number string whose unit disagrees with the unit field is left alone (validation reports it)."""
    item = dict(item)
    notes: list[str] = []
    for field, unit_field in _NUMBER_FIELDS.get(kind, ()):
        value = item.get(field)
        if not isinstance(value, str):
            continue
        m = _NUMBER.match(value.replace("％", "%"))
        if not m:
            continue
        number = m.group(1).replace("−", "-").replace(",", "")
        suffix = m.group(2)
        unit = item.get(unit_field)
        if suffix and unit and suffix != str(unit).replace("％", "%"):
            continue
        try:
            item[field] = float(number)
        except ValueError:
            continue
        if suffix and not unit:
            item[unit_field] = suffix
        notes.append(f"{field} {value!r} read as {item[field]:g}")
    horizon = item.get("horizon")
    if kind == "goals" and isinstance(horizon, str | float) and not isinstance(horizon, bool):
        m = _YEAR.match(str(horizon).removesuffix(".0"))
        if m:
            item["horizon"] = int(m.group(1))
    period = item.get("period")
    if kind == "achievements" and isinstance(period, int | float | str) and not isinstance(period, bool):
        m = _PERIOD.match(str(period).removesuffix(".0"))
        if m:
            item["period"] = m.group(1) if not m.group(2) else f"{m.group(1)}-{m.group(2)}"
    if isinstance(item.get("is_estimate"), str):
        flag = item["is_estimate"].strip().lower()
        if flag in ("true", "yes", "是", "1"):
            item["is_estimate"] = True
        elif flag in ("false", "no", "否", "0", ""):
            item["is_estimate"] = False
    for field, table in (("qualifier", _QUALIFIER_WORDS), ("status", _STATUS_WORDS)):
        value = item.get(field)
        if isinstance(value, str):
            cleaned = value.strip()
            item[field] = table.get(cleaned, cleaned.lower() if cleaned.isascii() else cleaned)
    for field, default in _DEFAULTS.get(kind, {}).items():
        if field in item and item[field] is None:
            item[field] = default
    return item, notes
