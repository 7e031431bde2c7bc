"""Achievements by rule: quantitative results in the review sections, one per indicator and value.

Conservative on purpose (precision first): an indicator name must open its clause (after an optional
全省/全年/预计 … lead-in), so a sub-region's figure ("兰州新区经济增长18.5%") is not read as the
region's. Levels (亿元, 元) get the level key (gdp), rates after 增长/下降 the growth key (gdp_growth).
"""

from __future__ import annotations

import re

from ..models import Achievement, Evidence, Report, SectionKind
from ..segment import sections
from .indicators import Clause, Value, clauses, find_indicators, find_values, growth_key, level_key

__all__ = ["extract_achievements"]

_LEAD = re.compile(
    r"(?:[一二三四五六七八九十]是|其中|全年|全省|全市|全区|全县|全州|全自治区|我省|我市|我区|我县|本市|预计|"
    r"初步核算|初步预计|经初步核算|初步统计|完成|实现|地方|全口径|累计|年末|当年|这一年|五年来|一年来|"
    r"今年|去年|[0-9]{4}\s*年|全社会|城镇|[\s“”，,、（(])*"
)
_ESTIMATE = re.compile(r"预计|初步核算|初步统计|初步预计")
_FIVE_YEARS = re.compile(r"五年|十三五|十二五")
_FROM = re.compile(r"(?:从|由)[^，。；\d]{0,8}$")
_SHARE = re.compile(r"占|比重|比例|占比|贡献率")
_LEVEL_UNITS = frozenset({"亿元", "万亿元", "万元", "元", "亿美元", "万美元"})
_PERCENT = frozenset({"%", "％", "个百分点"})
_COMPARABLE = re.compile(r"可比口径|同口径|可比价|剔除")
_AGGREGATE = re.compile(
    r"[0-9]+\s*个[^，。；]{0,12}项目[^，。；]{0,16}?投资\s*(?P<v>[0-9]+(?:\.[0-9]+)?)\s*(?P<u>亿元|万元)"
)
_UNIT_FOR = {
    "urban_new_jobs": ("人",),
    "grain_output": ("吨", "斤"),
    "poverty_reduction": ("人", "个", "%", "户"),
    "cpi": ("%",),
    "surveyed_unemployment_rate": ("%",),
    "registered_unemployment_rate": ("%",),
    "rd_intensity": ("%",),
    "energy_intensity": ("%",),
    "per_capita_gdp": ("元",),
    "foreign_investment": ("美元", "%", "亿元"),
}


_NEXT_PART = re.compile(r"、\s*(?:城镇|全省|全市|全区|全县)?\s*$")


def extract_achievements(report: Report) -> list[Achievement]:
    """Results stated in the review sections (last year, or the five-year plan period)."""
    text = report.text
    year = report.meta.year
    items: list[Achievement] = []
    for part in sections(report):
        if part.kind != SectionKind.review:
            continue
        previous_key: str | None = None
        for clause in clauses(text, part.start, part.end):
            found = _clause_items(text, clause, year, previous_key)
            items.extend(found)
            previous_key = found[-1].indicator if found else None
            items.extend(_aggregate(text, clause, year))
    return items


def _clause_items(text: str, clause: Clause, year: int | None, previous_key: str | None) -> list[Achievement]:
    values = [
        v
        for v in find_values(text, clause.start, clause.end)
        if not _FROM.search(text[clause.start : v.start])
    ]
    if not values:
        return []
    hits = find_indicators(text, clause.start, clause.end)
    lead = _LEAD.match(text, clause.start)
    lead_end = lead.end() if lead else clause.start
    sentence = text[_sentence_start(text, clause.start) : clause.end]
    estimate = bool(_ESTIMATE.search(sentence)) or bool(
        _ESTIMATE.match(text, _paragraph_start(text, clause.start))
    )
    period = _period(sentence, year)
    evidence = Evidence(quote=text[clause.start : clause.end], start=clause.start, end=clause.end)
    if not hits or hits[0].start > lead_end:
        # "（剔除…，可比口径增长13%以上）": a comparable-basis variant of the previous clause's figure
        if (
            previous_key
            and previous_key.endswith("_growth")
            and _COMPARABLE.search(text, clause.start, clause.end)
        ):
            v = values[0]
            if v.unit in _PERCENT:
                return [_item(previous_key, v, text, clause, estimate, period, evidence)]
        return []
    first = hits[0]
    next_hit = hits[1].start if len(hits) > 1 else clause.end
    own = [v for v in values if first.end <= v.start < next_hit]
    items: list[Achievement] = []
    if len(first.keys) > 1:  # 城镇和农村…分别增长8.2%和9.3%
        rates = [v for v in own if v.unit in _PERCENT]
        for key, v in zip(first.keys, rates, strict=False):
            items.append(_item(growth_key(key), v, text, clause, estimate, period, evidence))
        return items
    seen: set[str] = set()
    items.extend(_hit_items(first, own, text, clause, estimate, period, evidence, seen))
    # "城镇调查失业率 5%以内、城镇登记失业率 2.25%": a later name right after a 、 starts its own part
    for i, hit in enumerate(hits[1:], start=1):
        if len(hit.keys) > 1 or not _NEXT_PART.search(text, max(clause.start, hit.start - 3), hit.start):
            continue
        end = hits[i + 1].start if i + 1 < len(hits) else clause.end
        part = [v for v in values if hit.end <= v.start < end]
        items.extend(_hit_items(hit, part, text, clause, estimate, period, evidence, seen))
    return items


def _hit_items(hit, values, text, clause, estimate, period, evidence, seen: set[str]) -> list[Achievement]:
    """Items of one indicator name and the values after it (a level and a growth rate at most)."""
    raw = hit.keys[0]
    items = []
    for v in values:
        between = text[hit.end : v.start]
        if _SHARE.search(between) and raw != "rd_intensity":
            break
        key = _key_for(raw, v)
        if key is None or key in seen:
            continue
        seen.add(key)
        items.append(_item(key, v, text, clause, estimate, period, evidence))
    return items


def _key_for(raw: str, v: Value) -> str | None:
    """The achievement key for a name and a value, or None when the unit does not fit the name."""
    unit = v.unit or ""
    if raw.startswith("*"):
        if unit in _PERCENT:
            return growth_key(raw)
        if unit in _LEVEL_UNITS:
            return level_key(raw)
        return None
    if raw == "other":
        return None
    allowed = _UNIT_FOR.get(raw)
    if allowed and not any(a in unit for a in allowed):
        return None
    return raw


def _item(key: str, v: Value, text: str, clause: Clause, estimate: bool, period: str | None, ev: Evidence):
    return Achievement(
        indicator=key,
        description=re.sub(r"\s+", "", text[clause.start : clause.end])[:80] + ("(预计)" if estimate else ""),
        value=v.number,
        unit=v.unit,
        qualifier=v.qualifier if v.qualifier != "range" else "point",
        is_estimate=estimate,
        period=period,
        evidence=ev,
    )


def _aggregate(text: str, clause: Clause, year: int | None) -> list[Achievement]:
    """ "297个市级重点项目完成年度投资720.9亿元": a total over many projects, kept as an `other` result."""
    m = _AGGREGATE.search(text, clause.start, clause.end)
    if not m:
        return []
    body = text[clause.start : clause.end]
    return [
        Achievement(
            indicator="other",
            category="key_projects_total",
            description=re.sub(r"\s+", "", body)[:80],
            value=float(m.group("v")),
            unit=m.group("u"),
            period=_period(body, year),
            evidence=Evidence(quote=body, start=clause.start, end=clause.end),
        )
    ]


def _period(sentence: str, year: int | None) -> str | None:
    if year is None:
        return None
    if _FIVE_YEARS.search(sentence):
        return f"{year - 5}-{year - 1}"
    return str(year - 1)


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in "。！？\n") + 1


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1
