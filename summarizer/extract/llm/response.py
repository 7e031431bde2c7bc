"""What the model answers: a small JSON schema per item kind, its parser, and conversion to the models.

The response schema is deliberately flatter than `models.py` (no nested evidence, investment split
into amount and unit) because small models fill flat objects more reliably. It is part of the prompt,
so its hash is part of every cache key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model

from ...models import (
    ACHIEVEMENT_INDICATORS,
    GOAL_INDICATORS,
    ITEM_KINDS,
    Achievement,
    Evidence,
    Goal,
    Investment,
    KeyProject,
    ProjectStatus,
    Qualifier,
)
from .normalize import LENIENT_JSON, coerce_item, find_json, json_brackets, normalize_payload

__all__ = [
    "KINDS",
    "ItemError",
    "ParsedAnswer",
    "answer_schema_hash",
    "parse_answer",
    "parse_data",
    "parse_json_text",
    "response_schema",
    "salvage_json",
    "schema_text",
    "tool_parameters",
]

KINDS = ITEM_KINDS
Item = Goal | Achievement | KeyProject

_QUALIFIERS = [q.value for q in Qualifier]
_STATUSES = [s.value for s in ProjectStatus]


def _nullable(kind: str, description: str) -> dict[str, Any]:
    return {"type": [kind, "null"], "description": description}


def _enum(values: Sequence[str], description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description}


_QUOTE = {"type": "string", "description": "从报告原文逐字复制的句子或分句，不改一个字"}
_ITEM_SCHEMAS: dict[str, dict[str, Any]] = {
    "goals": {
        "quote": _QUOTE,
        "indicator": _enum(GOAL_INDICATORS, "指标键；不在列表中的目标用 other"),
        "description": {"type": "string", "description": "简短中文概括，如 地区生产总值增长6%左右"},
        "low": _nullable("number", "下限数值；at_most 与定性目标为 null"),
        "high": _nullable("number", "上限数值；at_least 与定性目标为 null"),
        "unit": _nullable("string", "原文单位：%、万人、亿元……"),
        "qualifier": _enum(
            _QUALIFIERS, "point/about(左右)/at_least(以上)/at_most(以内)/range/qualitative/delegated"
        ),
        "horizon": _nullable("integer", "目标年份：年度目标为报告年份，十四五目标2025，远景目标2035"),
        "base_year": _nullable("integer", "累计目标的基期年份（较2015年下降17% -> 2015），否则 null"),
    },
    "achievements": {
        "quote": _QUOTE,
        "indicator": _enum(ACHIEVEMENT_INDICATORS, "指标键；不在列表中的成绩用 other"),
        "description": {"type": "string", "description": "简短中文概括"},
        "value": _nullable("number", "原文中的数值"),
        "unit": _nullable("string", "原文单位"),
        "qualifier": _enum(_QUALIFIERS, "通常为 point"),
        "is_estimate": {"type": "boolean", "description": "原文为 预计/初步 时为 true"},
        "period": _nullable("string", "回顾的时期，如 2019 或 2016-2020"),
    },
    "key_projects": {
        "quote": _QUOTE,
        "name": {"type": "string", "description": "项目名称，原文写法"},
        "status": _enum(
            _STATUSES,
            "planned/started(开工)/under_construction(在建、加快建设)/completed(建成)/in_operation(投运、通车)/unknown",
        ),
        "investment_amount": _nullable("number", "总投资数值"),
        "investment_unit": _nullable("string", "投资单位，如 亿元"),
        "location": _nullable("string", "地点"),
        "sector": _nullable(
            "string",
            "road/railway/airport/rail_transit/water/energy/logistics/industrial/urban/social/other",
        ),
    },
}
_REQUIRED_NON_NULL = {
    "goals": ("quote", "indicator", "description", "qualifier"),
    "achievements": ("quote", "indicator", "description"),
    "key_projects": ("quote", "name"),
}


def response_schema(kinds: Sequence[str] = KINDS, *, described: bool = True) -> dict[str, Any]:
    """Strict JSON Schema of an answer holding `kinds`: every field required, optional ones nullable.

    `described=False` drops the field descriptions (requests whose prompt already states the rules),
    keeping types and enums."""
    properties = {}
    for kind in kinds:
        props = _ITEM_SCHEMAS[kind]
        if not described:
            props = {
                name: {k: v for k, v in spec.items() if k != "description"} for name, spec in props.items()
            }
        properties[kind] = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": props,
                "required": list(props),
                "additionalProperties": False,
            },
        }
    return {
        "type": "object",
        "properties": properties,
        "required": list(kinds),
        "additionalProperties": False,
    }


def tool_parameters(kinds: Sequence[str] = KINDS) -> dict[str, Any]:
    """The answer's schema as tool parameters: a tool definition is read as prompt text on every call.

    Unlike `response_schema` (strict json_schema needs every field required and nullable), a tool is not
    strict, so optional fields are simply optional, and the enums and indicator keys the prompt already
    lists are left out (answers are still checked against them, and wrong ones re-asked)."""
    properties = {}
    for kind in kinds:
        props = {}
        for name, spec in _ITEM_SCHEMAS[kind].items():
            kind_type = spec["type"][0] if isinstance(spec["type"], list) else spec["type"]
            props[name] = {"type": kind_type}
        properties[kind] = {
            "type": "array",
            "items": {"type": "object", "properties": props, "required": list(_REQUIRED_NON_NULL[kind])},
        }
    return {"type": "object", "properties": properties, "required": list(kinds)}


def schema_text(kinds: Sequence[str] = KINDS) -> str:
    """The answer's shape in one compact line per kind (for prompts when the request carries no schema):
    field names, types and enums, without the descriptions the prompt's rules already give."""
    lines = []
    for kind in kinds:
        fields = []
        for name, spec in _ITEM_SCHEMAS[kind].items():
            types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
            if "enum" in spec:
                shape = "指标键" if name == "indicator" else "|".join(spec["enum"])
            else:
                shape = {"string": "文本", "number": "数", "integer": "整数", "boolean": "true/false"}[
                    types[0]
                ]
            fields.append(f"{name}:{shape}{'/null' if 'null' in types else ''}")
        lines.append(f'"{kind}":[{{{", ".join(fields)}}}]')
    return "{" + ", ".join(lines) + "}"


@lru_cache(maxsize=1)  # the schema is fixed at import: a cache key per report need not re-dump it
def answer_schema_hash() -> str:
    """Hash of the full response schema (all kinds); changes whenever a field or description does."""
    text = json.dumps(response_schema(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Lenient(BaseModel):
    # extra keys are harmless (models add "reason" or "id"); missing required ones are errors
    model_config = ConfigDict(extra="ignore")


_DOMAIN: dict[str, type[BaseModel]] = {"goals": Goal, "achievements": Achievement, "key_projects": KeyProject}
_FLAT_INVESTMENT = ("investment_amount", "investment_unit")  # the model writes KeyProject.investment flat


def _answer_model(kind: str) -> type[_Lenient]:
    """The lenient answer model of one kind, derived from its domain model (models.py is the one
    definition of each item shape): the fields the schema asks for, with the domain types and defaults,
    plus the quote; `investment` is asked for flat."""
    domain = _DOMAIN[kind].model_fields
    fields: dict[str, Any] = {"quote": (str, ...)}
    for name in _ITEM_SCHEMAS[kind]:
        if name == "quote":
            continue
        if name in _FLAT_INVESTMENT:
            fields[name] = (float | None, None) if name == "investment_amount" else (str | None, None)
            continue
        info = domain[name]
        required = name in _REQUIRED_NON_NULL[kind] and info.is_required()
        fields[name] = (info.annotation, ... if required else info.get_default(call_default_factory=True))
    return create_model(f"{_DOMAIN[kind].__name__}Answer", __base__=_Lenient, **fields)


_ANSWER_MODELS: dict[str, type[_Lenient]] = {kind: _answer_model(kind) for kind in KINDS}
_INDICATORS = {"goals": GOAL_INDICATORS, "achievements": ACHIEVEMENT_INDICATORS}


@dataclass(frozen=True)
class ItemError:
    """One answer item that could not be used, with the reason the model is shown on a re-ask."""

    kind: str
    index: int
    item: dict[str, Any]
    reason: str

    def describe(self) -> str:
        quote = self.item.get("quote") if isinstance(self.item, dict) else None
        where = f"{self.kind}[{self.index}]"
        return f"{where} (quote {quote!r}): {self.reason}" if quote else f"{where}: {self.reason}"


@dataclass
class ParsedAnswer:
    """Items converted to models, per-item errors, and an answer-level error (bad JSON, wrong shape)."""

    items: dict[str, list[Item]] = field(default_factory=dict)
    errors: list[ItemError] = field(default_factory=list)
    error: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_json_text(text: str) -> Any:
    """JSON out of a model's text: reasoning blocks, prose and code fences around it ignored; raises
    ValueError naming the problem."""
    return find_json(text)


def salvage_json(text: str) -> str | None:
    """The complete part of a JSON object cut off mid-way, closed up; None when nothing complete is left.

    `{"goals": [{...}, {"quo` becomes `{"goals": [{...}]}`: every object or list that closed before the
    cut is kept, the partial one is dropped.
    """
    start = text.find("{")
    if start == -1:
        return None
    stack: list[str] = []
    cuts: list[tuple[int, str]] = []
    for i, ch, _ in json_brackets(text, start):
        if ch in "{[":
            stack.append("}" if ch == "{" else "]")
        else:
            if not stack or stack.pop() != ch:
                break
            if not stack:
                return text[start : i + 1]
            cuts.append((i + 1, "".join(reversed(stack))))
    for end, closing in reversed(cuts):
        candidate = text[start:end] + closing
        try:
            LENIENT_JSON.decode(candidate)
        except json.JSONDecodeError:
            continue
        return candidate
    return None


def parse_answer(text: str, kinds: Sequence[str], hint: str | None = None) -> ParsedAnswer:
    """Parse the model's answer text into items of `kinds`; problems become errors, never exceptions.

    Any shape `normalize.normalize_payload` reads is accepted; what was adjusted is kept in `notes`.
    """
    result = ParsedAnswer(items={kind: [] for kind in kinds})
    try:
        data = find_json(text, kinds)
    except ValueError as exc:
        result.error = str(exc)
        return result
    return parse_data(data, kinds, hint, result)


def parse_data(
    data: Any, kinds: Sequence[str], hint: str | None = None, result: ParsedAnswer | None = None
) -> ParsedAnswer:
    """Items out of already-parsed JSON (e.g. merged tool-call arguments)."""
    result = result or ParsedAnswer(items={kind: [] for kind in kinds})
    payload, notes, error = normalize_payload(data, kinds, hint)
    result.notes.extend(notes)
    if payload is None:
        result.error = error
        return result
    for kind in kinds:
        for index, entry in enumerate(payload[kind]):
            if isinstance(entry, dict):
                entry, coerced = coerce_item(kind, entry)
                result.notes.extend(f"{kind}[{index}]: {n}" for n in coerced)
            item_or_error = _convert(kind, index, entry)
            if isinstance(item_or_error, ItemError):
                result.errors.append(item_or_error)
            else:
                result.items[kind].append(item_or_error)
    return result


def _convert(kind: str, index: int, entry: Any) -> Item | ItemError:
    if not isinstance(entry, dict):
        return ItemError(kind, index, {"value": entry}, "each item must be a JSON object")
    try:
        answer = _ANSWER_MODELS[kind].model_validate(entry)
        missing = [f for f in _REQUIRED_NON_NULL[kind] if not getattr(answer, f)]
        if missing:
            return ItemError(kind, index, entry, f"empty required field(s): {', '.join(missing)}")
        allowed = _INDICATORS.get(kind)
        indicator = getattr(answer, "indicator", None)
        if allowed and indicator not in allowed:
            return ItemError(kind, index, entry, f"indicator {indicator!r} is not one of the allowed keys")
        return _to_item(kind, answer)
    except ValidationError as exc:
        return ItemError(kind, index, entry, _validation_text(exc))


def _to_item(kind: str, a: Any) -> Item:
    """The domain item of an answer: every asked field copied over, the quote as unlocated evidence."""
    values = {
        name: getattr(a, name) for name in type(a).model_fields if name not in ("quote", *_FLAT_INVESTMENT)
    }
    if kind == "key_projects" and a.investment_amount is not None:
        values["investment"] = Investment(amount=a.investment_amount, unit=a.investment_unit or "")
    return _DOMAIN[kind](**values, evidence=Evidence(quote=a.quote))  # type: ignore[return-value]


def _validation_text(exc: ValidationError) -> str:
    """Pydantic errors as short 'field: message' text (no input echo, no URLs)."""
    parts = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)
