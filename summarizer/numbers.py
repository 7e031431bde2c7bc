"""Numbers as Chinese reports write them: spaced digits, full width, 万/亿 units, Chinese numerals.

Used by grounding to check that every number an item states appears in its quote.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Number", "chinese_to_int", "convert", "find_numbers", "number_in_text", "unit_scale"]

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_DIGITS |= {"七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10**4, "亿": 10**8}
_CN_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# digits with optional spaces or thousands commas inside; a decimal part; then an optional 万/亿 unit
_ARABIC = re.compile(r"(?<![\d.])(\d[\d,]*(?:\s*\.\s*\d+)?)\s*(万亿|亿|万|千)?")
_CHINESE = re.compile(
    rf"[{_CN_CHARS}]{{2,}}|[{''.join(_DIGITS)}][{''.join(_SMALL_UNITS)}{''.join(_BIG_UNITS)}]"
)


@dataclass(frozen=True)
class Number:
    """A number found in text: `value` as written and `scale` from a following 万/亿."""

    value: float
    scale: float
    start: int
    end: int

    @property
    def scaled(self) -> float:
        return self.value * self.scale


def unit_scale(unit: str | None) -> float:
    """Multiplier implied by a unit's prefix: 亿元 -> 1e8, 万人 -> 1e4, % -> 1."""
    if not unit:
        return 1.0
    unit = unit.strip()
    for prefix, scale in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2)):
        if unit.startswith(prefix):
            return scale
    return 1.0


_BASE_UNITS = {"斤": ("kg", 0.5), "公斤": ("kg", 1.0), "千克": ("kg", 1.0), "吨": ("kg", 1000.0)}
"""Units of one quantity written differently: grain output as 万亿斤, 亿斤, 万吨 or 亿公斤."""


def _base(unit: str) -> tuple[str, float]:
    """(base unit, factor) of a unit as written: 亿斤 -> ("kg", 0.5e8), 万亿元 -> ("元", 1e12), % -> ("%", 1)."""
    unit = re.sub(r"\s+", "", unit)
    scale = unit_scale(unit)
    rest = unit
    for prefix in ("万亿", "亿", "万", "千", "百"):
        if unit.startswith(prefix) and len(unit) > len(prefix) and unit != "千克":
            rest = unit[len(prefix) :]
            break
    else:
        scale = 1.0
    base, factor = _BASE_UNITS.get(rest, (rest, 1.0))
    return base, scale * factor


def convert(value: float, unit: str | None, to_unit: str | None) -> float | None:
    """`value` in `unit` expressed in `to_unit`, or None when the two measure different things.

    1.3 万亿斤 -> 6500 万吨; 754.29 亿元 -> 7542900 万元; % stays %. Only prefixes (万/亿/万亿) and the
    mass units 斤 / 公斤 / 吨 convert; 个百分点 and % do not.
    """
    if unit == to_unit:
        return value
    if not unit or not to_unit:
        return None
    (base_a, fa), (base_b, fb) = _base(unit), _base(to_unit)
    if base_a != base_b:
        return None
    return value * fa / fb


def chinese_to_int(text: str) -> int | None:
    """八万一千六百七十九 -> 81679, 二〇二〇 -> 2020, 十二 -> 12; None if not a numeral."""
    if not text or any(ch not in _CN_CHARS for ch in text):
        return None
    if all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    yi = wan = section = number = 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (number or 1) * _SMALL_UNITS[ch]
            number = 0
        elif ch == "万":
            wan = (section + number) * 10**4
            section = number = 0
        else:  # 亿 scales everything before it
            yi = (yi + wan + section + number) * 10**8
            wan = section = number = 0
    return yi + wan + section + number


def find_numbers(text: str) -> list[Number]:
    """Every number in `text` (Arabic, full-width or Chinese) with its 万/亿 scale."""
    text = unicodedata.normalize("NFKC", text)
    found: list[Number] = []
    for match in _ARABIC.finditer(text):
        raw = re.sub(r"[\s,]", "", match.group(1))
        try:
            value = float(raw)
        except ValueError:
            continue
        found.append(Number(value, unit_scale(match.group(2)), match.start(), match.end()))
    for match in _CHINESE.finditer(text):
        if not any(ch in _DIGITS for ch in match.group()):
            continue  # 万亿 alone is a unit, not a number
        integer = chinese_to_int(match.group())
        if integer is not None:
            found.append(Number(float(integer), 1.0, match.start(), match.end()))
    return sorted(found, key=lambda n: n.start)


def number_in_text(value: float, unit: str | None, text: str) -> bool:
    """True when `value` (with `unit` as the item states it) appears in `text`.

    Accepts the number as written (6 in "6%", "6个百分点") or the same amount after unit scaling
    (754.29 亿元 matches "7542900万元"; 8.1679 万人 matches "八万一千六百七十九人"). A negative value
    matches its magnitude, since reports write a fall as 下降 0.2% rather than -0.2%.
    """
    if value < 0:  # a decline is stored negative but written as 下降 0.2%
        value = -value
    target = value * unit_scale(unit)
    return any(_close(number.value, value) or _close(number.scaled, target) for number in find_numbers(text))


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
