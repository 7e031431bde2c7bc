"""What the model answers: a small JSON schema per item kind, its parser, and conversion to the models.

The response schema is deliberately flatter than `models.py` (no nested evidence, investment split
into amount and unit) because small models fill flat objects more reliably. It is part of the prompt,
so its hash is part of every cache key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ...models import (
    ACHIEVEMENT_INDICATORS,
    GOAL_INDICATORS,
    Achievement,
    Evidence,
    Goal,
    Investment,
    KeyProject,
    ProjectStatus,
    Qualifier,
)

__all__ = [
    "KINDS",
    "ItemError",
    "ParsedAnswer",
    "parse_answer",
    "parse_json_text",
    "response_schema",
    "salvage_json",
    "schema_hash",
]

KINDS: tuple[str, ...] = ("goals", "achievements", "key_projects")
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
        "horizon": _nullable("integer", "目标所属年份：年度目标为报告年份，规划目标为规划末年"),
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


def response_schema(kinds: Sequence[str] = KINDS) -> dict[str, Any]:
    """Strict JSON Schema of an answer holding `kinds`: every field required, optional ones nullable."""
    properties = {}
    for kind in kinds:
        props = _ITEM_SCHEMAS[kind]
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


def schema_hash() -> str:
    """Hash of the full response schema (all kinds); changes whenever a field or description does."""
    text = json.dumps(response_schema(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class _Lenient(BaseModel):
    # extra keys are harmless (models add "reason" or "id"); missing required ones are errors
    model_config = ConfigDict(extra="ignore")


class _GoalAnswer(_Lenient):
    quote: str
    indicator: str
    description: str
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    qualifier: Qualifier
    horizon: int | None = None


class _AchievementAnswer(_Lenient):
    quote: str
    indicator: str
    description: str
    value: float | None = None
    unit: str | None = None
    qualifier: Qualifier = Qualifier.point
    is_estimate: bool = False
    period: str | None = None


class _ProjectAnswer(_Lenient):
    quote: str
    name: str
    status: ProjectStatus = ProjectStatus.unknown
    investment_amount: float | None = None
    investment_unit: str | None = None
    location: str | None = None
    sector: str | None = None


_ANSWER_MODELS: dict[str, type[_Lenient]] = {
    "goals": _GoalAnswer,
    "achievements": _AchievementAnswer,
    "key_projects": _ProjectAnswer,
}
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


_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


def parse_json_text(text: str) -> Any:
    """JSON out of a model's text: code fences stripped, else the outermost {...}; raises ValueError."""
    text = text.strip()
    candidates = [text]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(text)]
    first, last = text.find("{"), text.rfind("}")
    if first != -1 and last > first:
        candidates.append(text[first : last + 1])
    error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except json.JSONDecodeError as exc:
            error = error or exc
    if error is None:
        raise ValueError("the answer is empty")
    raise ValueError(f"the answer is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}")


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
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not stack or stack.pop() != ch:
                break
            if not stack:
                return text[start : i + 1]
            cuts.append((i + 1, "".join(reversed(stack))))
    for end, closing in reversed(cuts):
        candidate = text[start:end] + closing
        try:
            json.loads(candidate)
        except json.JSONDecodeError:
            continue
        return candidate
    return None


def parse_answer(text: str, kinds: Sequence[str]) -> ParsedAnswer:
    """Parse the model's answer text into items of `kinds`; problems become errors, never exceptions."""
    result = ParsedAnswer(items={kind: [] for kind in kinds})
    try:
        data = parse_json_text(text)
    except ValueError as exc:
        result.error = str(exc)
        return result
    if not isinstance(data, dict):
        result.error = (
            f"the answer must be a JSON object with keys {', '.join(kinds)}, got {type(data).__name__}"
        )
        return result
    unknown = [k for k in data if k not in kinds]
    if unknown:
        result.error = f"unexpected keys {unknown}; the answer must only have keys {', '.join(kinds)}"
        return result
    for kind in kinds:
        entries = data.get(kind, [])
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            result.error = f"{kind} must be a list of objects, got {type(entries).__name__}"
            return result
        for index, entry in enumerate(entries):
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
    evidence = Evidence(quote=a.quote)
    if kind == "goals":
        return Goal(
            indicator=a.indicator, description=a.description, low=a.low, high=a.high, unit=a.unit,
            qualifier=a.qualifier, horizon=a.horizon, evidence=evidence,
        )  # fmt: skip
    if kind == "achievements":
        return Achievement(
            indicator=a.indicator, description=a.description, value=a.value, unit=a.unit,
            qualifier=a.qualifier, is_estimate=a.is_estimate, period=a.period, evidence=evidence,
        )  # fmt: skip
    investment = None
    if a.investment_amount is not None:
        investment = Investment(amount=a.investment_amount, unit=a.investment_unit or "")
    return KeyProject(
        name=a.name, status=a.status, investment=investment, location=a.location, sector=a.sector,
        evidence=evidence,
    )  # fmt: skip


def _validation_text(exc: ValidationError) -> str:
    """Pydantic errors as short 'field: message' text (no input echo, no URLs)."""
    parts = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err["loc"])
        parts.append(f"{loc}: {err['msg']}" if loc else err["msg"])
    return "; ".join(parts)
