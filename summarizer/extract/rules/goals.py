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
    LEVEL_UNITS,
    PAST_PERIOD_LEAD,
    Clause,
    Value,
    clauses,
    find_indicators,
    find_values,
    growth_key,
    is_break,
    with_qualifier,
)
from .poverty import POVERTY_KEYS, poverty_figures

__all__ = ["extract_goals", "plan_end", "plan_targets", "target_passages", "task_targets"]

_CUE = re.compile(
    r"(?:主要)?预期目标|主要目标|主要约束性指标|约束性指标|主要发展目标|经济社会发展(?:的)?目标(?=是|为)"
)
_COLON = re.compile(r"[：:]")
_BACK_REFERENCE = re.compile(r"(?:上述|这些|以上|此)的?$")
# matched at a paragraph's start; the lookbehinds keep a scan from restarting inside a run of spaces or digits
_LIST_PARA = re.compile(r"(?:(?<!\s)\s+)?(?:[一二三四五六七八九十]是|——|[（(]?(?<![0-9])[0-9]+[)）.．、])")
_STOP = re.compile(
    r"(?:上述|这些|以上|实现上述|实现这些|实现以上|完成上述|完成这些|完成以上|确定上述|提出上述|围绕以上|围绕上述|"
    r"为此|为实现|具体工作中|做好今年|今年要|重点抓好|重点做好|我们将|我们要|工作中|2020 年指标|[0-9]{4}\s*年指标|"
    r"幸福不会|各位代表|"
    # "“十四五”时期,我们将重点推进九项工作:": the plan's tasks, after a lead naming their period
    r"[^，,。；;：:！？!?\n]{0,16}[，,]\s*我们(?:将|要))"
)
"""A sentence commenting on the targets, after any whitespace (skipped by `_skip_space`)."""
_SPACES = re.compile(r"\s*")
_ADJUSTED = re.compile(r"[^。：:，]{0,8}调整[^。：:，]{0,6}。")
"""A cue sentence saying the targets were adjusted; the targets follow in the next sentence."""
_STATED_AS = re.compile(r"(?:为|是)[，,]?(?=[^。\n]{0,30}?\d)")
"""A cue stated in its sentence, without a colon: 预期目标为7%左右, 预期目标是，新增城镇就业900万人."""
_LEVEL_OPEN = re.compile(r"(?:达到|达|突破|超过)")
_GROWTH_OPEN = re.compile(r"\s{0,4}(?:同比|比上年|较上年|年均)?(?:增长|增加|提高)")
"""A nameless clause stating the level a growth target leads to: "地区生产总值增长8%，达到296亿元"."""
_SAME_SENTENCE = re.compile(r"[\s，,、]*")
_PLAN_NAMED = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
# "第十一个五年规划" names the plan 十一五 does
_PLAN = re.compile(
    r"(十[一二三四五]五)|第(十[一二三四五])个五年|今后五年|未来五年|到\s*(20[0-9]{2})\s*年|(20[0-9]{2})\s*年(?:末|底)"
)
_LONG_RANGE = re.compile(r"2035|二〇三五|远景")
_BY_YEAR = re.compile(r"到\s*(20[0-9]{2})\s*年|(20[0-9]{2})\s*年(?:末|底)")
_AVERAGE = re.compile(r"年均(?!浓度)")  # "PM2.5年均浓度" is a yearly mean, not a plan average
_BASE_YEAR = re.compile(r"(?:较|比|相比|与|相对)\s*((?:19|20)[0-9]{2})\s*年")
_ESTIMATE = re.compile(r"预计|初步核算|初步统计")
_COMPARE = re.compile(r"与|快于|高于|低于|不低于|慢于|同步|持平|占|相当于|和(?=经济增长)")
_DELEGATED = re.compile(r"下达|省定|上级|约束性要求|核定|规定目标|规划目标|控制目标|国家要求|市定|确定的目标")
_QUALITATIVE = re.compile(
    r"同步|持平|高于|不低于|快于|稳中提质|稳中有升|稳步提高|稳定|全部脱贫|摘帽|继续下降|持续降低|持续下降|好转|改善|"
    r"翻[一两二三]?番|正增长|保持增长|平稳增长|领先|上年水平|继续降低|稳步下降|继续减少|回稳向好|促稳提质|保稳提质|"
    r"稳中向好|基本平衡|基本稳定|有效防控|有序有效防控|实质性进展|统筹考核|进一步(?:降低|下降|减少|缩小)|"
    r"取得(?:新|积极|明显|重要)?进展|(?:下降|降低|减排|降碳|控制)目标|满足[^，,。；;]{0,8}要求"
)
_COMPARABLE = re.compile(r"可比|同口径|口径")
_MAX_PASSAGE = 3000
_SENTENCE = re.compile(r"[^。！？\n]+")
_BY_PLAN_END = re.compile(r"到\s*2025\s*年|到“十四五”末|“十四五”末")
_TARGET_WORDS = re.compile(r"控制在|以内|以上|年均|力争|达到")
_LISTED = re.compile(r"[\s、和及与]+")
_NAME_LIST = re.compile(r"[^、和及与]+")
_RESPECTIVELY_LEAD = re.compile(r"(?:其中|全年|今年|[\s“”，,（(])*")
_MEASURE = re.compile(r"增加值|产值|收入|投资|零售总额|产量")
_SUB_INCOME = {"城镇": "urban_disposable_income_growth", "农村": "rural_disposable_income_growth"}
_SUB_INCOME_NAME = re.compile(r"(城镇|农村)(?:常住)?(?:居民)?")
_INCOME_CONTEXT = re.compile(r"收入")
# outside the passage a figure is a target when a standard indicator opens its clause and nothing in the
# sentence points at another year (a plan period, the review, an estimate); in the targets section, where
# background figures sit too, it also needs a target verb or qualifier
_TASK_CUE = re.compile(
    r"确保|力争|争取|达到|达|突破|以上|左右|控制在|不少于|不低于|以内|超过|拟按|(?:提高|提升|降低|下降|降)到|"
    r"^全年|^今年"
)
_TASK_LEAD = re.compile(
    r"(?:全年|今年|年内|全省|全市|全区|全县|全州|全盟|全旗|全自治区|全国|确保|力争|争取|努力|实现|推动|促进|保持|"
    r"[一二三四五六七八九十]是|"
    r"其中|全社会|“?十[一二三四五]五”?(?:时期|期间)|今后五年|未来五年|《[^》\n]{0,20}》提出了?|[0-9]{4}\s*年|要再?|再|"
    r"减少(?=(?:农村)?贫困)|<[^<>]{0,40}>|[\s“”，,、（(])*"
)
_NOT_THIS_YEAR = re.compile(  # "比去年增加2000亿元" compares with last year; it does not point there
    r"到\s*20[0-9]{2}|十[二三四五]五|年均|今后五年|未来五年|五年来|2035|远景|预计|(?<![比较从])去年|过去|累计|以来|"
    r"(?:19|20)[0-9]{2}\s*年(?:以来|至|—|-)"
)
_DIGIT = re.compile(r"[0-9０-９]")
_CHANGE_ON_LAST_YEAR = re.compile(r"比(?:去|上)年(?:多|少)")
_NOT_THIS_PERIOD = re.compile(r"2035|远景|预计|去年|过去|五年来|以来|(?:19|20)[0-9]{2}\s*年(?:以来|至|—|-)")
_STATED_IN = {
    SectionKind.targets: "other",
    SectionKind.tasks: "tasks",
    SectionKind.plan_chapter: "plan_chapter",
    SectionKind.review: "review",
}


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    horizon: int | None
    bounded: bool = True
    """False when the passage ran to the length limit: no stop sentence, paragraph or chapter end closed it."""


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
        if _BACK_REFERENCE.search(text, max(0, cue.start() - 4), cue.start()):
            continue  # "为实现上述预期目标，今年要突出抓好七方面工作：" opens the tasks, not a targets list
        colon = _COLON.search(text, cue.end(), cue.end() + 40)
        if colon is None or "。" in text[cue.end() : colon.start()]:
            stated = _STATED_AS.match(text, cue.end())
            if stated is not None:
                # "今年经济增长预期目标为7%左右，…。": the one sentence, from its start (the indicator
                # may stand before the cue)
                start = _sentence_start(text, cue.start())
                end = text.find("。", stated.end())
                found.append(Passage(start, end if end != -1 else stated.end(), report.meta.year))
                continue
            # "我们对疫情前考虑的预期目标作了适当调整。今年要…；城镇新增就业900万人以上…"
            colon = _ADJUSTED.match(text, cue.end())
            if colon is None:
                continue
        start = colon.end()
        end = min(_passage_end(text, start), _chapter_end(parts, start))
        if end - start < 6:
            continue
        lead = text[_sentence_start(text, cue.start()) : start] + _section_title(parts, start)
        bounded = end < min(len(text), start + _MAX_PASSAGE)
        found.append(Passage(start, end, _horizon(report, lead), bounded))
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


def plan_end(year: int | None) -> int | None:
    """Last year of the five-year plan a year falls in: 2016 -> 2020, 2021 -> 2025, 2026 -> 2030."""
    return None if year is None else year + (-year % 5)


def _horizon(report: Report, lead: str) -> int | None:
    """The year a passage's targets are for: a named plan period's end, a "到2025年", else the report's."""
    year = report.meta.year
    outline = report.meta.doc_type == DocType.plan_outline
    for m in _PLAN.finditer(lead):
        if m.group(1) or m.group(2):
            return _PLAN_NAMED[m.group(1) or m.group(2) + "五"]
        named = m.group(3) or m.group(4)
        if named is None or year is None:
            return plan_end(year) if year is not None else 2025
        if year < int(named) <= year + 5:
            return int(named)
    if year is not None and not outline:
        for m in re.finditer(r"(20[0-9]{2})\s*年", lead):
            if year < int(m.group(1)) <= year + 5 and int(m.group(1)) % 5 == 0:
                return int(m.group(1))
    if outline:
        return plan_end(year) if year is not None else 2025
    return year


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
    for m in re.finditer(r"[。！？!?]", text[start:end]):  # half-width in some texts (001_*.txt)
        nxt = start + m.end()
        if nxt < end and _STOP.match(text, _skip_space(text, nxt)):
            return nxt
        pos = nxt
    if pos == start and _STOP.match(text, _skip_space(text, start)):
        return start
    return None


def _skip_space(text: str, pos: int) -> int:
    """Position of the first non-space character at or after `pos`."""
    m = _SPACES.match(text, pos)
    return m.end() if m else pos


def extract_goals(report: Report) -> list[Goal]:
    """Every target: one goal per indicator clause of each target passage (stated_in "targets"), a plan
    outline's chapter targets ("plan_chapter"), and quantified standard-indicator targets in the tasks
    ("tasks"). A quantified goal restating an earlier one (same indicator, bounds and horizon) is dropped."""
    text = report.text
    goals: list[Goal] = []
    passages = target_passages(report)
    for passage in passages:
        goals.extend(_passage_goals(text, passage, report.meta.year))
    if report.meta.doc_type == DocType.plan_outline:
        goals.extend(
            g.model_copy(update={"stated_in": "plan_chapter"}) for g in plan_targets(report, passages)
        )
    else:
        goals.extend(task_targets(report, passages))
    return _without_repeats(goals)


_VISION = re.compile(r"(?:展望|到)\s*(?:2035|二〇三五)")
"""A plan passage's sentence opening its long-range vision: the rest of the passage is for 2035."""
_TASK_HEADING = re.compile(r"[（(][一二三四五六七八九十]+[)）]")
"""A numbered heading inside a plan passage: the plan's tasks follow ("(一)努力在培育高质量发展新动能上…")."""


def _passage_goals(text: str, passage: Passage, year: int | None) -> list[Goal]:
    """Goals of one target passage, each clause's with the clause before it in view."""
    goals: list[Goal] = []
    prev: Clause | None = None
    prev_found: list[Goal] = []
    horizon = passage.horizon
    unnamed = passage.horizon == year or passage.bounded
    for clause in clauses(text, passage.start, passage.end):
        if horizon != year and _TASK_HEADING.match(text, clause.start):
            unnamed = False  # 001 南川区 2021: the 十四五 passage runs on over its six tasks
        if horizon != year and _VISION.match(text, _sentence_start(text, clause.start)):
            # "展望二〇三五年，…。…城市建成区面积达到50平方公里，城市人口达到50万人": the vision runs to
            # the passage's end over several sentences
            horizon = 2035
        joined = prev is not None and _SAME_SENTENCE.fullmatch(text, prev.end, clause.start) is not None
        found = _clause_goals(text, clause, horizon, year, prev)
        if prev is not None and joined and not prev_found and _named_only(text, prev):
            # "固定资产投资扭转下滑态势，实现正增长": the names of a clause without a figure or a
            # qualifier take the next clause's qualifier, quoted from the named clause
            merged = Clause(prev.start, clause.end)
            found = _clause_goals(text, merged, horizon, year, None) or found
        elif prev is not None and joined and prev_found and not found:
            found = _level_goals(text, prev, clause, prev_found) or _growth_after_level(
                text, prev, clause, prev_found
            )
        if not found and unnamed:
            # a plan period's passage that found no end runs on into its tasks, whose sector figures
            # (旅游综合收入达到250亿元, 力争落地建成1-2所高等教育院校) are not its targets
            found = _unnamed_goal(text, clause, horizon, year)
        goals.extend(g.model_copy(update={"stated_in": "targets"}) for g in found)
        prev, prev_found = clause, found
    return goals


def _named_only(text: str, clause: Clause) -> bool:
    """A clause naming indicators with no figure and no qualifier of its own ("城镇新增就业人数")."""
    body = text[clause.start : clause.end]
    return (
        bool(find_indicators(text, clause.start, clause.end))
        and not find_values(text, clause.start, clause.end)
        and _no_number_qualifier(body) is None
        and not _ESTIMATE.search(body)
    )


def _level_goals(text: str, prev: Clause, clause: Clause, prev_found: list[Goal]) -> list[Goal]:
    """ "地区生产总值增长8%，达到296亿元": the level after a growth target, an `other` goal quoted from the
    growth clause (there are no level keys among the goal indicators)."""
    if find_indicators(text, clause.start, clause.end) or not _LEVEL_OPEN.match(text, clause.start):
        return []
    levels = [v for v in find_values(text, clause.start, clause.end) if v.unit in LEVEL_UNITS]
    if len(levels) != 1 or not all(g.unit in ("%", "％") for g in prev_found):
        return []
    v = levels[0]
    quote = Evidence(quote=text[prev.start : clause.end], start=prev.start, end=clause.end)
    description = re.sub(r"\s+", "", quote.quote)[:80]
    horizon = prev_found[0].horizon
    return [_goal("other", description, v.low, v.high, v.unit, v.qualifier, horizon, quote)]


def _growth_after_level(text: str, prev: Clause, clause: Clause, prev_found: list[Goal]) -> list[Goal]:
    """ "地区生产总值达到240亿元，同比增长21%": the growth after a level target is the growth target of the
    indicator the level clause names, quoted from that clause (the level stays an `other` goal)."""
    if find_indicators(text, clause.start, clause.end) or not _GROWTH_OPEN.match(text, clause.start):
        return []
    rates = [v for v in find_values(text, clause.start, clause.end) if v.unit in ("%", "％")]
    hits = find_indicators(text, prev.start, prev.end)
    if len(rates) != 1 or len(hits) != 1 or any(g.unit in ("%", "％") for g in prev_found):
        return []
    key = growth_key(hits[0].keys[0])
    if key not in GOAL_INDICATORS or not key.endswith("_growth"):
        return []
    v = rates[0]
    quote = Evidence(quote=text[prev.start : clause.end], start=prev.start, end=clause.end)
    description = re.sub(r"\s+", "", quote.quote)[:80]
    return [_goal(key, description, v.low, v.high, v.unit, v.qualifier, prev_found[0].horizon, quote)]


_UNNAMED_TARGET = re.compile(
    r"(?:达到|达|突破|超过|增长|提高|提升|下降|降低|减少|控制在|保持在|稳定在|不低于|不少于|开工|建成|新建|再建|"
    r"完成|新增|就业)\s*[0-9]"
)
"""A target verb right before a figure."""
_NO_SUBJECT = re.compile(
    r"(?:[\s“”，,、（(]|年均|力争|确保|争取|努力|全年|今年|其中|同比|分别|总数|总量|规模|均)*"
)
"""What may stand before the verb of a clause that names nothing it measures ("年均增长8%左右")."""


def _unnamed_goal(text: str, clause: Clause, horizon: int | None, year: int | None) -> list[Goal]:
    """ "十大生态产业增加值占生产总值比重达到28%": a quantified target of the passage that names no standard
    indicator is an `other` goal, when its one figure follows a target verb."""
    body = text[clause.start : clause.end]
    values = _without_starting_points(text, find_values(text, clause.start, clause.end))
    verb = _UNNAMED_TARGET.search(body)
    if len(values) != 1 or verb is None or _ESTIMATE.search(body) or values[0].unit is None:
        return []
    if verb.end() - 1 + clause.start != values[0].start:
        return []
    if _NO_SUBJECT.fullmatch(body, 0, verb.start()) or body.lstrip().startswith("占"):
        return []  # "保持在7%左右", "占地区生产总值比重达5%": what it measures is named in the clause before
    v = values[0]
    horizon = _clause_horizon(body, horizon, year)
    quote = Evidence(quote=body, start=clause.start, end=clause.end)
    return [_goal("other", re.sub(r"\s+", "", body)[:80], v.low, v.high, v.unit, v.qualifier, horizon, quote)]


def _without_repeats(goals: list[Goal]) -> list[Goal]:
    seen: set[tuple] = set()
    kept = []
    for g in goals:
        key = (g.indicator, g.low, g.high, g.unit, g.qualifier, g.horizon, g.base_year)
        if g.indicator != "other" and (g.low is not None or g.high is not None):
            if key in seen:
                continue
            seen.add(key)
        kept.append(g)
    return kept


def task_targets(report: Report, passages: list[Passage]) -> list[Goal]:
    """Quantified targets for standard indicators stated outside the targets passage, for the plan year.

    "确保城镇新增就业100万人以上", "全年研发投入强度达3.3%左右", "城镇新增就业4万人": a clause counts
    when a standard indicator opens it (after 全年 / 确保 / 力争 …), it states a figure, and its sentence
    points at no other period (到2025年, 年均, 十四五, 预计, 去年, 累计). Outside the tasks sections the
    figure needs a target verb or qualifier too (确保 / 力争 / 达到 / 突破 / 以上 / 左右 / 控制在). Review
    figures, differences from last year and counts of projects never qualify.
    """
    text = report.text
    year = report.meta.year
    taken = [(p.start, p.end) for p in passages]
    goals: list[Goal] = []
    for part in sections(report):
        stated_in = _STATED_IN.get(part.kind)
        if stated_in is None or part.kind in (SectionKind.review, SectionKind.plan_chapter):
            continue
        # a section about the plan period ("二、“十三五”时期主要目标任务"): its targets are for the
        # period's end, and 年均 / 十三五 in a sentence no longer point at another period
        plan_period = part.kind in (SectionKind.tasks, SectionKind.targets)
        horizon = _horizon(report, part.title) if plan_period else year
        other_period = _NOT_THIS_YEAR if horizon == year else _NOT_THIS_PERIOD
        for sentence in _SENTENCE.finditer(text, part.start, part.end):
            s, e = sentence.span()
            if any(a <= s < b or a < e <= b for a, b in taken) or other_period.search(text, s, e):
                continue
            if horizon != year and PAST_PERIOD_LEAD.match(text, text.rfind("\n", 0, s) + 1):
                continue  # "五年来，人民生活明显改善。…城镇新增就业4200万人": the last period's results
            for clause in clauses(text, s, e):
                lead = _TASK_LEAD.match(text, clause.start, clause.end)
                if not _DIGIT.search(text, clause.start, clause.end):
                    continue  # only quantified targets count here
                # in the tasks every figure of a standard indicator opening its clause is planned
                # ("城镇新增就业4万人"), and so is every one in a section on a plan period's targets;
                # elsewhere in the targets section a figure may be background and needs a target word
                cued = part.kind == SectionKind.tasks or horizon != year
                if not cued and not _TASK_CUE.search(text[clause.start : clause.end]):  # ^ at the clause
                    continue
                if _CHANGE_ON_LAST_YEAR.search(text, clause.start, clause.end):
                    continue  # "城镇新增就业预期目标比去年多100万人": a difference, not the target
                poverty = _poverty_goals(text, clause, horizon)
                if poverty:  # "今年要完成1000万以上农村贫困人口脱贫任务": the figure opens the clause
                    goals.extend(g.model_copy(update={"stated_in": stated_in}) for g in poverty)
                    continue
                hits = find_indicators(text, clause.start, clause.end)
                # the indicator opens the clause (its name may begin inside the lead: 全社会研发经费投入强度)
                if not hits or lead is None or not hits[0].start <= lead.end() < hits[0].end:
                    continue
                for goal in _clause_goals(text, clause, horizon, year, None):
                    if goal.indicator == "other" or (goal.low is None and goal.high is None):
                        continue
                    goals.append(goal.model_copy(update={"stated_in": stated_in}))
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
            for goal in _clause_goals(text, clause, plan_end(report.meta.year) or 2025, None, None):
                if goal.low is None and goal.high is None:
                    continue  # chapter prose is full of 更加优良 / 进一步下降: only numbers count here
                if goal.indicator == "other" and not by_2025:
                    continue
                goals.append(goal)
    return goals


def _clause_goals(
    text: str, clause: Clause, horizon: int | None, year: int | None, prev: Clause | None
) -> list[Goal]:
    """Goals of one clause. `year`: the report's year (a 年均 figure is a plan-period average, not this
    year's target); `prev`: the clause before it in the passage, which may name what 分别 refers to."""
    body = text[clause.start : clause.end]
    if _ESTIMATE.search(body):
        return []  # a 预计 figure is last year's result, never a target
    horizon = _clause_horizon(body, horizon, year)
    values = _without_starting_points(text, find_values(text, clause.start, clause.end))
    keys: list[tuple[str, int, int]] = []
    hits = find_indicators(text, clause.start, clause.end)
    # "单位国内生产总值用水量、能耗、二氧化碳排放量分别下降…": the list shares 单位…生产总值, so the CO2 is per unit
    per_unit = bool(hits) and text.startswith(("单位", "万元"), hits[0].start)
    for hit in hits:
        # "居民收入增长与经济增长基本同步": a name after 与 / 高于 is the yardstick, not a target
        segment_start = max((v.end for v in values if v.end <= hit.start), default=clause.start)
        yardstick = _COMPARE.search(text, segment_start, hit.end)  # hit.end: "和(?=经济增长)" looks ahead
        if yardstick and yardstick.start() < hit.start:
            continue
        for key in hit.keys:
            key = growth_key(key)
            if key not in GOAL_INDICATORS:
                key = "other"
            if per_unit and key == "other" and text.startswith("二氧化碳", max(0, hit.start - 3)):
                key = "carbon_intensity"
            if key == "other" or all(k != key for k, _, _ in keys):
                keys.append((key, hit.start, hit.end))
    values = _share_qualifier(values)
    poverty = _poverty_goals(text, clause, horizon)
    if poverty:  # the figure stands before the name: "8个贫困县摘帽" (the pairing below looks after it)
        taken = {g.evidence.start or clause.start for g in poverty}
        keys = [k for k in keys if k[0] not in POVERTY_KEYS]
        values = [v for v in values if not any(clause.start <= t <= v.start for t in taken)]
        if not keys:
            return poverty
    start = clause.start
    pairs: list[tuple[str, Value | None]]
    respectively = _respectively(text, clause, keys, values, prev)
    if respectively is not None:
        pairs, start = respectively
    elif not keys:
        return []
    else:
        pairs = _assign(keys, values, body, clause.start, text)
    if _one_emissions_task(text, keys, pairs, body):
        # energy saving and emission cuts handed down are one task, as 节能减排 is: "能耗降低、主要污染物排放量
        # 降低完成国家下达目标任务" is the energy-intensity target, not that plus an `other` for the pollutants
        pairs = [p for p in pairs if p[0] != "other"]
    elif all(k == "other" and v is None for k, v in pairs) and _no_number_qualifier(body) == "delegated":
        # "环境质量改善指标和主要污染物总量减排指标完成国家下达的目标任务": naming no standard indicator,
        # one task handed down (evals/GUIDE.md §4)
        pairs = pairs[:1]
    quote = Evidence(quote=text[start : clause.end], start=start, end=clause.end)
    description = re.sub(r"\s+", "", quote.quote)[:80]
    base = _base_year(text, clause, values, horizon)
    goals = []
    for key, value in pairs:
        if value is None:
            qualifier = _no_number_qualifier(body)
            if qualifier is None:
                continue
            goals.append(_goal(key, description, None, None, None, qualifier, horizon, quote))
        else:
            goal = _goal(key, description, value.low, value.high, value.unit, value.qualifier, horizon, quote)
            goals.append(goal.model_copy(update={"base_year": base}) if base else goal)
    return sorted(goals + poverty, key=lambda g: g.evidence.start or 0)


def _poverty_goals(text: str, clause: Clause, horizon: int | None) -> list[Goal]:
    """People, counties and villages to leave poverty, each quoted from its own part of the clause."""
    goals: list[Goal] = []
    if text.find("贫", clause.start, clause.end) < 0:
        return goals
    for fig in poverty_figures(text, clause, clause.start, planned=True):
        v = fig.value
        quote = Evidence(quote=text[fig.start : fig.end], start=fig.start, end=fig.end)
        description = re.sub(r"\s+", "", quote.quote)[:80]
        goals.append(_goal(fig.key, description, v.low, v.high, fig.unit, v.qualifier, horizon, quote))
    return goals


def _clause_horizon(body: str, horizon: int | None, year: int | None) -> int | None:
    """2035 for a long-range vision, the year of a "到2025年", a plan's end for a 年均 average."""
    if _LONG_RANGE.search(body):
        return 2035
    plan = re.search(r"十[一二三四五]五", body)
    if plan is not None and (year is None or _PLAN_NAMED[plan.group()] >= year):
        return _PLAN_NAMED[plan.group()]
    by = _BY_YEAR.search(body)
    if by is not None:
        named = int(by.group(1) or by.group(2))
        if year is None or named > year:
            return named
    if year is not None and horizon == year and _AVERAGE.search(body):
        return plan_end(year) if plan_end(year) != year else horizon
    return horizon


def _base_year(text: str, clause: Clause, values: list[Value], horizon: int | None) -> int | None:
    """The base year of a cumulative target ("能耗较2015年下降17%"), None for change over last year."""
    first = values[0].start if values else clause.end
    m = _BASE_YEAR.search(text, clause.start, first)
    if m is None:
        return None
    base = int(m.group(1))
    if horizon is not None and base >= horizon - 1:
        return None
    return base


_EMISSIONS = re.compile(r"污染|排放|减排|环境")


def _one_emissions_task(text: str, keys, pairs, body: str) -> bool:
    """A delegated clause naming energy intensity and, as `other`, only emissions or the environment."""
    if any(v is not None for _, v in pairs) or _no_number_qualifier(body) != "delegated":
        return False
    others = [text[s:e] for k, s, e in keys if k == "other"]
    named = {k for k, _, _ in keys}
    return "energy_intensity" in named and all(_EMISSIONS.search(o) for o in others)


_FROM_LEAD = re.compile(r"(?:从|由)[^，,；;。\d]{0,10}$")
_TO_NEXT = re.compile(r"[^，,；;。\d]{0,12}(?:到|至)\s*")


def _without_starting_points(text: str, values: list[Value]) -> list[Value]:
    """ "赤字率从去年的2.1%提高到2.3%": the figure after 从 is where the change starts, not the target."""
    kept = []
    for value, after in zip(values, [*values[1:], None], strict=False):
        starts = _FROM_LEAD.search(text, max(0, value.start - 12), value.start) is not None
        if starts and after is not None and _TO_NEXT.fullmatch(text, value.end, after.start):
            continue
        kept.append(value)
    return kept


def _respectively(
    text: str, clause: Clause, keys: list[tuple[str, int, int]], values: list[Value], prev: Clause | None
) -> tuple[list[tuple[str, Value | None]], int] | None:
    """ "一产、二产、三产增加值分别增长5%左右、5%以上、5%左右": the n-th name takes the n-th figure, a name
    outside the taxonomy as `other`; "其中城镇和农村分别增长 7%左右和 7%以上" after a clause about income
    gives urban and rural income, quoted from that clause. (pairs, quote start) or None."""
    at = text.find("分别", clause.start, clause.end)
    if at == -1 or any(v.start < at for v in values):
        return None
    figures = [v for v in values if v.start > at]
    if len(figures) < 2:
        return None
    named = [k for k in keys if k[1] < at]
    if len(named) == len(figures):
        return [(k, v) for (k, _, _), v in zip(named, figures, strict=True)], clause.start
    lead = _RESPECTIVELY_LEAD.match(text, clause.start, at)
    if lead is None:
        return None
    names = list(_NAME_LIST.finditer(text, lead.end(), at))
    if len(names) != len(figures):
        return None
    start = clause.start
    pairs: list[tuple[str, Value | None]] = []
    income = prev is not None and _INCOME_CONTEXT.search(text, prev.start, prev.end) is not None
    for name, v in zip(names, figures, strict=True):
        inside = [k for k in keys if name.start() <= k[1] < name.end()]
        sub = _SUB_INCOME_NAME.fullmatch(name.group().strip())
        if inside:
            key = inside[0][0]
        elif sub and income and not keys and prev is not None:
            key = _SUB_INCOME[sub.group(1)]
            start = prev.start
        else:
            key = "other"
        pairs.append((key, v))
    if all(k == "other" for k, _ in pairs) and not keys and not _MEASURE.search(names[-1].group()):
        return None  # names that are no measure at all ("分别增长" of something unnamed)
    return pairs, start


def _share_qualifier(values: list[Value]) -> list[Value]:
    """ "分别增长7%和8%左右" / "5.5%、4.5%以内": a trailing 左右 or 以内 covers the bare numbers before it."""
    if len(values) < 2 or values[-1].suffix not in ("左右", "以内"):
        return values
    shared = values[-1].qualifier
    return [with_qualifier(v, shared) if v.suffix is None and v.qualifier == "point" else v for v in values]


def _assign(
    keys: list[tuple[str, int, int]], values: list[Value], body: str, offset: int, text: str
) -> list[tuple[str, Value | None]]:
    """Pair indicator keys with values: in order when counts agree, else each value to the key before it;
    names listed with 、/和 before one figure share it ("社会消费品零售总额、固定资产投资增长4%左右")."""
    if not values:
        return [(k, None) for k, _, _ in keys]
    if len(keys) > 1 and ("分别" in body or len(keys) == len(values)):
        pairs: list[tuple[str, Value | None]] = list(zip([k for k, _, _ in keys], values, strict=False))
        pairs += [(k, None) for k, _, _ in keys[len(values) :]]
        return pairs
    given: dict[int, tuple[str, Value]] = {}
    extra: list[tuple[int, tuple[str, Value]]] = []
    used: set[int] = set()
    for value in values:
        owners = [i for i, (_, pos, _) in enumerate(keys) if pos < value.start]
        if not owners:
            continue  # a number before any indicator name belongs to something else
        owner = owners[-1]
        between = body[keys[owner][1] - offset : value.start - offset]
        key = _fit_unit(keys[owner][0], value, between)
        if key == "other" and keys[owner][0] != "other":
            extra.append((owner, ("other", value)))  # a level (达到1500亿元) or share, not the rate
            continue
        if owner in used and not _COMPARABLE.search(body):
            continue
        if owner in used:
            extra.append((owner, (key, value)))
            continue
        used.add(owner)
        given[owner] = (key, value)
    for i in range(len(keys) - 2, -1, -1):
        if i in given or i + 1 not in given or keys[i][0] == "other":
            continue
        if not _LISTED.fullmatch(text, keys[i][2], keys[i + 1][1]):
            continue
        value = given[i + 1][1]
        if _fit_unit(keys[i][0], value, "") == keys[i][0]:
            given[i] = (keys[i][0], value)
    ordered = sorted([(i, p) for i, p in given.items()] + extra, key=lambda t: (t[1][1].start, t[0]))
    return [p for _, p in ordered]


_RATE_KEYS = frozenset(
    {"cpi", "surveyed_unemployment_rate", "registered_unemployment_rate", "rd_intensity", "energy_intensity"}
)
_SHARE = re.compile(r"占|比重|比例|占比")


def _fit_unit(key: str, value: Value, between: str) -> str:
    """The key if the value's unit suits it (a rate in %, jobs in 人), else "other"."""
    if key not in ("rd_intensity", "deficit_ratio") and _SHARE.search(between):
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
