"""Goals by rule: find the target passage(s), split them into clauses, one goal per indicator clause.

A target passage starts at a cue ("主要预期目标是：", "主要目标是:", "约束性指标是：") outside the review and
runs to the end of its paragraph, plus following list paragraphs ("一是…", "——…"), stopping at the
sentence that comments on the targets ("上述目标…", "实现这些目标…"). Passages about the five-year plan
("十四五", 今后五年, 到2025年) get horizon 2025; the annual one gets the report's year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...models import GOAL_INDICATORS, DocType, Evidence, Goal, Report, SectionKind
from ...segment import sections
from .indicators import (
    Clause,
    Value,
    clauses,
    find_indicators,
    find_values,
    growth_key,
    is_break,
    with_qualifier,
)

__all__ = ["extract_goals", "plan_targets", "target_passages"]

_CUE = re.compile(r"(?:主要)?预期目标|主要目标|主要约束性指标|约束性指标|主要发展目标")
_COLON = re.compile(r"[：:]")
# matched at a paragraph's start; the lookbehinds keep a scan from restarting inside a run of spaces or digits
_LIST_PARA = re.compile(r"(?:(?<!\s)\s+)?(?:[一二三四五六七八九十]是|——|[（(]?(?<![0-9])[0-9]+[)）.．、])")
_STOP = re.compile(
    r"(?:上述|这些|以上|实现上述|实现这些|实现以上|完成上述|完成这些|完成以上|确定上述|提出上述|围绕以上|围绕上述|"
    r"为此|为实现|具体工作中|做好今年|今年要|重点抓好|重点做好|我们将|我们要|工作中|2020 年指标|[0-9]{4}\s*年指标|"
    r"幸福不会|各位代表)"
)
"""A sentence commenting on the targets, after any whitespace (skipped by `_skip_space`)."""
_SPACES = re.compile(r"\s*")
_PLAN = re.compile(r"十四五|今后五年|未来五年|到\s*2025|2025\s*年")
_LONG_RANGE = re.compile(r"2035|二〇三五|远景")
_ESTIMATE = re.compile(r"预计|初步核算|初步统计")
_COMPARE = re.compile(r"与|快于|高于|低于|不低于|慢于|同步|持平|占|相当于|和(?=经济增长)")
_DELEGATED = re.compile(r"下达|省定|上级|约束性要求|核定|规定目标|规划目标|控制目标|国家要求|市定")
_QUALITATIVE = re.compile(
    r"同步|持平|高于|不低于|快于|稳中提质|稳中有升|稳步提高|稳定|全部脱贫|摘帽|继续下降|持续降低|持续下降|好转|改善|"
    r"翻番|正增长|保持增长|平稳增长|领先|上年水平|继续降低|稳步下降"
)
_LEVEL_UNITS = frozenset({"亿元", "万亿元", "万元", "元", "亿美元", "万美元"})
_COMPARABLE = re.compile(r"可比|同口径|口径")
_MAX_PASSAGE = 3000
_SENTENCE = re.compile(r"[^。！？\n]+")
_BY_PLAN_END = re.compile(r"到\s*2025\s*年|到“十四五”末|“十四五”末")
_TARGET_WORDS = re.compile(r"控制在|以内|以上|年均|力争|达到")


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    horizon: int | None


def target_passages(report: Report) -> list[Passage]:
    """Spans stating targets (annual or plan period), outside the review sections."""
    text = report.text
    parts = sections(report)
    excluded = [(s.start, s.end) for s in parts if s.kind in (SectionKind.review, SectionKind.self_building)]
    found: list[Passage] = []
    for cue in _CUE.finditer(text):
        if any(s <= cue.start() < e for s, e in excluded) or any(
            p.start <= cue.start() < p.end for p in found
        ):
            continue
        colon = _COLON.search(text, cue.end(), cue.end() + 40)
        if colon is None or "。" in text[cue.end() : colon.start()]:
            continue
        start = colon.end()
        end = min(_passage_end(text, start), _chapter_end(parts, start))
        if end - start < 6:
            continue
        lead = text[_sentence_start(text, cue.start()) : start] + _section_title(parts, start)
        found.append(Passage(start, end, _horizon(report, lead)))
    return found


def _chapter_end(parts, pos: int) -> int:
    """End of the top-level heading's span holding `pos` (a passage never runs into the next chapter)."""
    for i, part in enumerate(parts):
        if part.start <= pos < part.end:
            end = part.end
            for nxt in parts[i + 1 :]:
                if nxt.title != part.title:
                    break
                end = nxt.end
            return end
    return pos + _MAX_PASSAGE


def _section_title(parts, pos: int) -> str:
    return next((p.title for p in parts if p.start <= pos < p.end), "")


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(ch, 0, pos) for ch in "。！？\n") + 1


def _horizon(report: Report, lead: str) -> int | None:
    if report.meta.doc_type == DocType.plan_outline or _PLAN.search(lead):
        return 2025
    return report.meta.year


def _passage_end(text: str, start: int) -> int:
    """End of the paragraph after `start`, extended over list paragraphs, cut at a comment sentence."""
    limit = min(len(text), start + _MAX_PASSAGE)
    pos = start
    first = True
    while pos < limit:
        nl = text.find("\n", pos, limit)
        while nl != -1 and not is_break(text, pos, nl):  # a page break inside a paragraph
            nl = text.find("\n", nl + 1, limit)
        para_end = limit if nl == -1 else nl
        para = text[pos:para_end]
        if not para.strip():
            pos = para_end + 1
            continue
        if not first and not _LIST_PARA.match(para):
            return pos
        cut = _stop_in(text, pos, para_end)
        if cut is not None:
            return cut
        first = False
        pos = para_end + 1
    return min(pos, limit)


def _stop_in(text: str, start: int, end: int) -> int | None:
    """Start of the first sentence in text[start:end] that comments on the targets instead of stating one."""
    pos = start
    for m in re.finditer(r"[。！？]", text[start:end]):
        nxt = start + m.end()
        if nxt < end and _STOP.match(text, _skip_space(text, nxt)):
            return nxt
        pos = nxt
    if pos == start and _STOP.match(text, _skip_space(text, start)):
        return start
    return None


def _skip_space(text: str, pos: int) -> int:
    """Position of the first non-space character at or after `pos`."""
    return _SPACES.match(text, pos).end()


def extract_goals(report: Report) -> list[Goal]:
    """One goal per indicator clause of every target passage (plus a plan outline's 2025 targets)."""
    goals: list[Goal] = []
    passages = target_passages(report)
    for passage in passages:
        for clause in clauses(report.text, passage.start, passage.end):
            goals.extend(_clause_goals(report.text, clause, passage.horizon))
    if report.meta.doc_type == DocType.plan_outline:
        goals.extend(plan_targets(report, passages))
    return goals


def plan_targets(report: Report, passages: list[Passage]) -> list[Goal]:
    """Quantified plan-period targets outside the targets passage of a plan outline (horizon 2025).

    A plan outline states many of its targets in the chapters ("到2025年…城镇化率达到65%以上",
    "城镇调查失业率控制在5.5%以内"). Kept: clauses of a 到2025年 sentence, and clauses with a
    standard indicator and a target phrasing anywhere outside the review; each with a number.
    Sector targets without an indicator name (产值, 企业数, 面积) find no indicator and stay out.
    """
    text = report.text
    excluded = [
        (s.start, s.end) for s in sections(report) if s.kind in (SectionKind.review, SectionKind.preamble)
    ]
    excluded += [(p.start, p.end) for p in passages]
    goals: list[Goal] = []
    for sentence in _SENTENCE.finditer(text):
        s, e = sentence.span()
        if any(a <= s < b for a, b in excluded):
            continue
        by_2025 = _BY_PLAN_END.search(text, s, e) is not None
        for clause in clauses(text, s, e):
            body = text[clause.start : clause.end]
            if not by_2025 and not _TARGET_WORDS.search(body):
                continue
            for goal in _clause_goals(text, clause, 2025):
                if goal.low is None and goal.high is None:
                    continue  # chapter prose is full of 更加优良 / 进一步下降: only numbers count here
                if goal.indicator == "other" and not by_2025:
                    continue
                goals.append(goal)
    return goals


def _clause_goals(text: str, clause: Clause, horizon: int | None) -> list[Goal]:
    body = text[clause.start : clause.end]
    if _ESTIMATE.search(body):
        return []  # a 预计 figure is last year's result, never a target
    if _LONG_RANGE.search(body):
        horizon = 2035
    values = find_values(text, clause.start, clause.end)
    keys: list[tuple[str, int]] = []
    for hit in find_indicators(text, clause.start, clause.end):
        # "居民收入增长与经济增长基本同步": a name after 与 / 高于 is the yardstick, not a target
        segment_start = max((v.end for v in values if v.end <= hit.start), default=clause.start)
        yardstick = _COMPARE.search(text, segment_start, hit.end)  # hit.end: "和(?=经济增长)" looks ahead
        if yardstick and yardstick.start() < hit.start:
            continue
        for key in hit.keys:
            key = growth_key(key)
            if key not in GOAL_INDICATORS:
                key = "other"
            if key == "other" or all(k != key for k, _ in keys):
                keys.append((key, hit.start))
    if not keys:
        return []
    quote = Evidence(quote=body, start=clause.start, end=clause.end)
    description = re.sub(r"\s+", "", body)[:80]
    values = _share_qualifier(values)
    pairs = _assign(keys, values, body, clause.start)
    goals = []
    for key, value in pairs:
        if value is None:
            qualifier = _no_number_qualifier(body)
            if qualifier is None:
                continue
            goals.append(_goal(key, description, None, None, None, qualifier, horizon, quote))
        else:
            goals.append(
                _goal(key, description, value.low, value.high, value.unit, value.qualifier, horizon, quote)
            )
    return goals


def _share_qualifier(values: list[Value]) -> list[Value]:
    """ "分别增长7%和8%左右" / "5.5%、4.5%以内": a trailing 左右 or 以内 covers the bare numbers before it."""
    if len(values) < 2 or values[-1].suffix not in ("左右", "以内"):
        return values
    shared = values[-1].qualifier
    return [with_qualifier(v, shared) if v.suffix is None and v.qualifier == "point" else v for v in values]


def _assign(
    keys: list[tuple[str, int]], values: list[Value], body: str, offset: int
) -> list[tuple[str, Value | None]]:
    """Pair indicator keys with values: in order for 分别 lists, else each value to the key before it."""
    if not values:
        return [(k, None) for k, _ in keys]
    if len(keys) > 1 and ("分别" in body or len(keys) == len(values)):
        pairs: list[tuple[str, Value | None]] = list(zip([k for k, _ in keys], values, strict=False))
        pairs += [(k, None) for k, _ in keys[len(values) :]]
        return pairs
    result: list[tuple[str, Value | None]] = []
    used: set[int] = set()
    for value in values:
        owners = [i for i, (_, pos) in enumerate(keys) if pos < value.start]
        if not owners:
            continue  # a number before any indicator name belongs to something else
        owner = owners[-1]
        between = body[keys[owner][1] - offset : value.start - offset]
        key = _fit_unit(keys[owner][0], value, between)
        if key == "other" and keys[owner][0] != "other":
            result.append(("other", value))  # a level (达到1500亿元) or share, not the indicator's rate
            continue
        if owner in used and not _COMPARABLE.search(body):
            continue
        used.add(owner)
        result.append((key, value))
    return result


_RATE_KEYS = frozenset(
    {"cpi", "surveyed_unemployment_rate", "registered_unemployment_rate", "rd_intensity", "energy_intensity"}
)
_SHARE = re.compile(r"占|比重|比例|占比")


def _fit_unit(key: str, value: Value, between: str) -> str:
    """The key if the value's unit suits it (a rate in %, jobs in 人), else "other"."""
    if key != "rd_intensity" and _SHARE.search(between):
        return "other"  # "经开区占比达到50%": a share, not the indicator's growth
    percent = value.unit in ("%", "％", "个百分点")
    if key.endswith("_growth") or key in _RATE_KEYS:
        if not percent:
            return "other"
        return key
    if key == "urban_new_jobs" and "人" not in (value.unit or ""):
        return "other"
    if key == "grain_output" and not any(u in (value.unit or "") for u in ("吨", "斤")):
        return "other"
    return key


def _no_number_qualifier(body: str) -> str | None:
    if _DELEGATED.search(body):
        return "delegated"
    if _QUALITATIVE.search(body):
        return "qualitative"
    return None


def _goal(key, description, low, high, unit, qualifier, horizon, evidence) -> Goal:
    return Goal(
        indicator=key,
        description=description,
        low=low,
        high=high,
        unit=unit,
        qualifier=qualifier,
        horizon=horizon,
        evidence=evidence,
    )
