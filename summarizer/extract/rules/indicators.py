"""Shared pieces of the rule extractor: clauses with offsets, value expressions, indicator names.

Everything here works on spans of the ORIGINAL report text, so an item's quote is always
`text[start:end]` (an exact match for grounding).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from ...numbers import chinese_to_int

__all__ = [
    "LEVEL_UNITS",
    "MAX_CLAUSE",
    "PAST_PERIOD_LEAD",
    "SPACE_IN_WORD",
    "Clause",
    "IndicatorHit",
    "SpanSearch",
    "Value",
    "clauses",
    "find_cn_values",
    "find_indicators",
    "find_values",
    "growth_key",
    "is_break",
    "level_key",
    "to_float",
    "with_qualifier",
]

# -- clauses -----------------------------------------------------------------------------------------

_CLAUSE_END = re.compile(r"[，,；;。！？!?：:]|\n+")
_SENTENCE_PUNCT = "。；;：:！？!?，,"
_HEADING_LINE = 40
"""A line shorter than this that ends without punctuation is a heading; longer ones are page breaks."""
MAX_CLAUSE = 2000
"""Clauses longer than this are skipped, with a warning. Report clauses stay under about 250 characters;
a longer one is a run of digits or spaces, a flattened table or a text without punctuation, where the
rules find nothing sensible and the work per clause grows with its length."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Clause:
    start: int
    end: int


def clauses(
    text: str, start: int = 0, end: int | None = None, *, longest: int | None = MAX_CLAUSE
) -> list[Clause]:
    """Clauses of text[start:end]: runs between ，；。：！？ or paragraph breaks, whitespace trimmed.

    A line break inside a long line (a page break in a PDF conversion, "人均\\n\\n可支配收入") does not
    end a clause; a break after punctuation or after a short heading line does. Clauses longer than
    `longest` characters are left out (logged as a warning); `longest=None` keeps them.
    """
    end = len(text) if end is None else end
    result: list[Clause] = []
    pos = start
    for match in _CLAUSE_END.finditer(text, start, end):
        if match.group()[0] == "\n" and not is_break(text, pos, match.start()):
            continue
        _add(result, text, pos, match.start(), longest)
        pos = match.end()
    _add(result, text, pos, end, longest)
    return result


def is_break(text: str, clause_start: int, nl: int) -> bool:
    """True when the line break at `nl` ends a paragraph (not a page break inside a sentence)."""
    # only the last line before `nl` is read: a clause of many page breaks is not copied once per break
    last = nl
    while last > clause_start and text[last - 1].isspace():
        last -= 1
    if last == clause_start:
        return True
    if text[last - 1] in _SENTENCE_PUNCT or text[last - 1] == ">":  # after punctuation or an HTML tag (</p>)
        return True
    line_start = text.rfind("\n", clause_start, last)
    if line_start == -1:  # the clause's first line: the line began before the clause
        line_start = text.rfind("\n", 0, clause_start)
    return len(text[line_start + 1 : last].strip()) < _HEADING_LINE


def _add(result: list[Clause], text: str, s: int, e: int, longest: int | None) -> None:
    while s < e and text[s] in " \t\r\n\u3000":
        s += 1
    while e > s and text[e - 1] in " \t\r\n\u3000":
        e -= 1
    if longest is not None and e - s > longest:
        log.warning(
            "rules: skipped a clause of %d characters at offset %d (longer than %d)", e - s, s, longest
        )
    elif e > s:
        result.append(Clause(s, e))


class SpanSearch:
    """Whether a pattern occurs in text[start:end] for clauses read in order: `start` fixed (a sentence's
    start), `end` growing clause by clause. Each call searches only the new part plus `longest - 1`
    characters before it, so a sentence of many clauses is scanned about once, not once per clause.

    `longest` must bound the length of any match of the pattern (no lookarounds, no unbounded repeats).
    """

    def __init__(self, text: str, pattern: re.Pattern[str], longest: int) -> None:
        self.text, self.pattern, self.longest = text, pattern, longest
        self.start, self.end, self.hit = -1, -1, False

    def found(self, start: int, end: int) -> bool:
        if start != self.start or end < self.end:
            self.start, self.end, self.hit = start, start, False
        if not self.hit and end > self.end:
            since = max(start, self.end - self.longest + 1)
            self.hit = self.pattern.search(self.text, since, end) is not None
            self.end = end
        return self.hit


PAST_PERIOD_LEAD = re.compile(r"(?:<[^<>]{0,80}>|\s){0,12}(?:过去五年|五年来|五年间)")
"""The opening of a paragraph on the last five years, wherever it stands (a plan section reviews the last plan
before it sets the next one's targets): its figures are results, not targets."""

# -- values ------------------------------------------------------------------------------------------

LEVEL_UNITS = frozenset({"亿元", "万亿元", "万元", "元", "亿美元", "万亿美元", "万美元", "美元"})
"""Units of a level (an amount of money), as opposed to a rate."""

_NUM = r"[0-9０-９]+(?:\s*[.．]\s*[0-9０-９]+)?"
_UNIT = (
    r"(?:%|％|个百分点|万人次|人次|万人|万名|亿\s*元|万亿\s*元|万\s*元|万亿美元|亿美元|万美元|美元|元|万亿斤|亿斤|万斤|亿吨|万吨|吨|"
    r"微克\s*/\s*立方米|微克每立方米|微克|亿千瓦时|万千瓦时|万亩|亩|万户|户|万套|套|万千瓦|千瓦|平方公里|平方米|公里|倍|万个|个|人|名|家|所|件|天|"
    r"座|项|万)"
)
_VALUE = re.compile(
    rf"(?P<lo>{_NUM})\s*(?P<many>多)?\s*(?P<u1>{_UNIT})?\s*(?:(?:[-—–~～－﹣‐‑‒―]{{1,2}}|至)\s*(?P<hi>{_NUM})\s*(?P<u2>{_UNIT})?)?"
    r"\s*(?P<suf>左右|以上|以内|以下)?"
)
# "(?:(?<!\s)\s+)?" is a leading \s* that cannot restart inside a run of spaces: the same at the positions
# these patterns are matched at (after a number, never inside a run), linear when a pattern is scanned
_NOT_A_VALUE_AFTER = re.compile(r"(?:(?<!\s)\s+)?(?:年|月|日|号|期|条|大|次全会|届|周年|级|—20|-20)")
# "控制在3.1%" alone is a point figure (evals/GUIDE.md); only 以内 / 低于 … bound it
_PER_CUBIC_METRE = re.compile(r"每立方米\s*$")
_POINTS_LATER = re.compile(rf"(?:(?<!\s)\s+)?[和、]\s*{_NUM}\s*个百分点")
_AT_MOST_BEFORE = re.compile(r"(?:低于|不高于|不超过|少于|小于)\s*$")
_ABOUT_BEFORE = re.compile(r"(?:近|约|接近|将近)\s*$")
_LISTED_AFTER = re.compile(r"(?:(?<!\s)\s+)?[、和及]\s*$")
"""A value right after another one and a list mark ("分别小于3%、6%") shares its leading qualifier."""
_AT_LEAST_BEFORE = re.compile(r"(?:不低于|超过|跃上|迈上|站上|(?<![不])超|突破|高于[^，。；]{0,12}?)\s*$")


@dataclass(frozen=True)
class Value:
    """A number (or range) in a clause with its unit and qualifier, as written."""

    low: float | None
    high: float | None
    unit: str | None
    qualifier: str  # point, about, at_least, at_most, range
    number: float  # the number to show as the single value (achievements)
    start: int
    end: int
    suffix: str | None


def to_float(raw: str) -> float:
    return float(re.sub(r"\s", "", unicodedata.normalize("NFKC", raw)))


def find_values(text: str, start: int, end: int) -> list[Value]:
    """Value expressions in text[start:end] that carry a unit (years, ordinals and bare counts skipped)."""
    found: list[Value] = []
    for m in _VALUE.finditer(text, start, end):
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".．"):
            continue
        unit = m.group("u2") or m.group("u1")
        if unit is None or _NOT_A_VALUE_AFTER.match(text, m.end("lo")):
            continue
        unit = re.sub(r"\s+", "", unit)  # "1.27万亿\n\n元": a page break inside the unit
        if unit == "微克":  # "PM2.5年均浓度控制在每立方米35微克以内": the volume is named before
            if not _PER_CUBIC_METRE.search(text, max(0, m.start() - 8), m.start()):
                continue
            unit = "微克/立方米"
        if unit == "个" and _POINTS_LATER.match(text, m.end()):
            unit = "个百分点"  # "分别提高 1.5 个和 2 个百分点": the unit is written once, after the last
        lo = to_float(m.group("lo"))
        hi = to_float(m.group("hi")) if m.group("hi") else None
        suffix = m.group("suf")
        before = text[max(start, m.start() - 16) : m.start()]
        low: float | None
        high: float | None
        if hi is not None and hi > lo:
            qualifier, low, high = "range", lo, hi
        else:
            hi = None
            qualifier, low, high = _qualify(suffix or ("以上" if m.group("many") else None), before, lo)
            prev = found[-1] if found else None
            if (
                qualifier == "point"
                and prev is not None
                and prev.suffix is None
                and prev.qualifier in ("at_most", "at_least", "about")
                and prev.unit == unit
                and _LISTED_AFTER.fullmatch(text, prev.end, m.start())
            ):
                qualifier, low, high = _qualify(None, text[max(start, prev.start - 16) : prev.start], lo)
        found.append(Value(low, high, unit, qualifier, lo if hi is None else hi, m.start(), m.end(), suffix))
    return found


_CN_VALUE = re.compile(
    r"(?<![零〇○一二两三四五六七八九十百千万亿第])"
    r"(?P<n>[一二两三四五六七八九十][零〇○一二两三四五六七八九十百千万]*?)"
    r"(?P<u>万人|亿元|万元|元|人|名|户|个|万亩|亩|万吨|吨)"
)


def find_cn_values(text: str, start: int, end: int) -> list[Value]:
    """Values written in Chinese numerals ("八万一千六百七十九人", "二百亿元"), as `find_values` gives them.

    A single numeral character ("一个", "三个") is a phrase, not a figure, so at least two are needed.
    """
    found: list[Value] = []
    for m in _CN_VALUE.finditer(text, start, end):
        raw = m.group("n")
        number = chinese_to_int(raw)
        if len(raw) < 2 or not number:
            continue
        before = text[max(start, m.start() - 16) : m.start()]
        qualifier, low, high = _qualify(None, before, float(number))
        found.append(Value(low, high, m.group("u"), qualifier, float(number), m.start(), m.end(), None))
    return found


def _qualify(suffix: str | None, before: str, number: float) -> tuple[str, float | None, float | None]:
    if suffix == "左右":
        return "about", number, number
    if suffix == "以上":
        return "at_least", number, None
    if suffix in ("以内", "以下"):
        return "at_most", None, number
    if _AT_MOST_BEFORE.search(before):
        return "at_most", None, number
    if _ABOUT_BEFORE.search(before) and not before.rstrip().endswith("最近"):
        return "about", number, number
    if _AT_LEAST_BEFORE.search(before) and not before.rstrip().endswith("高于"):
        return "at_least", number, None
    return "point", number, number


def with_qualifier(value: Value, qualifier: str) -> Value:
    """The same number under another qualifier (a shared 左右 / 以内 after a list of numbers)."""
    n = value.number
    low, high = {"about": (n, n), "at_most": (None, n), "at_least": (n, None), "point": (n, n)}[qualifier]
    return Value(low, high, value.unit, qualifier, n, value.start, value.end, value.suffix)


# -- indicators --------------------------------------------------------------------------------------

_INCOME = r"\s*(?:常住\s*)?(?:居民\s*)?(?:家庭\s*)?(?:人均\s*)?(?:可支配|纯)?\s*收入"
_TWO_FIGURES = r"[^，。；\d]{0,8}[\d.\s]+(?:%|％|元|万元|倍)\s*[、和]\s*[\d.]"
"""城乡…收入 followed by two figures ("33663 元、13232 元", "年均增长7.6%、9.2%"): urban, then rural."""
_TRADE_ATTRIBUTE = r"\s*(?:整体)?通关|\s*(?:环节|合规|货运|企业|商品|信贷|业务|政策|经营|实绩)"
"""进出口 as an attribute of another noun ("进出口整体通关时间较上年分别压缩 54.4%"): not the trade volume."""
_GRAIN_LISTED = r"粮食(?:生产[^，。；、\d]{0,12}、\s*总产量?|(?:种植|播种)?面积[^，。；、]{0,16}、\s*产量)"
"""Output as the second part after grain's harvest or area: "粮食生产实现“十六连丰”、总产 373 万吨",
"粮食种植面积167.1万亩、产量69.1万吨"."""
_GRAIN_FIGURE = r"\s*(?:达到|达|超过|突破|稳定在|保持在)?\s*[0-9０-９]"
"""粮食 right before its figure is the output ("粮食达到 105 万吨"); 粮食单产, 粮食储备 are not."""
# (pattern, keys): keys is a tuple; "*" marks a base name with level and growth forms.
# Order matters: earlier patterns claim their characters first ("万元GDP能耗" is energy, not GDP).
_INDICATORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        r"(?:单位|万元)\s*(?:地区|国内)?\s*(?:生产总值|GDP)\s*二氧化碳(?:排放)?(?:量)?|(?:二氧化碳|碳)排放强度",
        ("carbon_intensity",),
    ),
    (r"(?:单位|万元)\s*(?:地区|国内)?\s*(?:生产总值|GDP)\s*(?:水耗|用水量)", ("other",)),
    (r"(?:全员|农业|工业|社会)劳动生产率(?:年均增速)?|劳动生产率年均增速", ("other",)),
    (r"能源和环境指标", ("energy_intensity", "other")),
    (
        r"(?:单位|万元)\s*(?:地区|国内)?\s*(?:生产总值|GDP)\s*(?:能耗|能源消耗)|能耗强度|节能(?:减排|降碳)*|能耗",
        ("energy_intensity",),
    ),
    (r"(?:财政)?赤字(?:规模)?(?:占|相当于)(?:国内|地区)?生产总值(?:的)?(?:比重|比例)", ("deficit_ratio",)),
    (r"人均(?:地区|国内)?生产总值|人均\s*GDP", ("per_capita_gdp",)),
    (
        r"研发(?:经费)?(?:投入)?(?:强度|支出)|研究与(?:试验|实验)(?:发展|开发)(?:经费)?|R&D|全社会研发经费",
        ("rd_intensity",),
    ),
    (r"(?:地区|国内)?生产总值|GDP|经济(?:年均)?增长|经济增速|年均增速", ("*gdp",)),
    (r"(?:全?社会)?固定资产投资|有效投资", ("*fixed_asset_investment",)),
    (r"社会消费品零售总额|社零额?", ("*retail_sales",)),
    (r"一般公共预算总收入|财政总收入|地方级?财政收入|财政收入", ("*fiscal_revenue",)),
    (
        r"(?:地方|财政)?一般公共预算收入|一般公共财政预算收入|一般预算收入|公共财政预算收入",
        ("*general_budget_revenue",),
    ),
    (r"规模以上工业增加值|规上工业增加值|规模工业增加值|工业增加值", ("*industrial_value_added",)),
    (r"(?:城乡)?(?:居民)?收入差距|城乡(?:居民)?收入比", ("other",)),
    (
        rf"城镇(?:和|、|与)农村{_INCOME}|城乡{_INCOME}(?=[^，。；]*分别|{_TWO_FIGURES})",
        ("*urban_disposable_income", "*rural_disposable_income"),
    ),
    (rf"城镇居民[、和与]农村居民{_INCOME}", ("*urban_disposable_income", "*rural_disposable_income")),
    (rf"城镇{_INCOME}", ("*urban_disposable_income",)),
    (rf"农村(?:牧区)?{_INCOME}|农民人均(?:可支配|纯)收入|农民收入", ("*rural_disposable_income",)),
    (rf"(?:城乡|全体)?居民{_INCOME}|城乡居民收入", ("*disposable_income",)),
    (r"居民消费价格|CPI|物价涨幅", ("cpi",)),
    (r"(?:财政)?赤字率", ("deficit_ratio",)),
    (r"城镇新增就业|新增城镇就业|新增就业", ("urban_new_jobs",)),
    (
        r"(?:城镇)?调查失业率和(?:城镇)?登记失业率",
        ("surveyed_unemployment_rate", "registered_unemployment_rate"),
    ),
    (
        r"(?:城镇)?登记失业率[、和](?:城镇)?调查失业率",
        ("registered_unemployment_rate", "surveyed_unemployment_rate"),
    ),
    (r"(?:城镇)?调查失业率", ("surveyed_unemployment_rate",)),
    (r"(?:城镇)?登记失业率", ("registered_unemployment_rate",)),
    (r"实际(?:利用|使用|吸收)(?:外资|外商直接投资)|利用外资|吸引外资|外商直接投资", ("foreign_investment",)),
    (r"服务贸易(?:进出口)?(?:总额)?", ("other",)),
    (
        rf"(?:货物|外贸)?进出口(?:贸易)?(?:总额|总值)?(?!{_TRADE_ATTRIBUTE})|外贸|对外贸易",
        ("*foreign_trade",),
    ),
    (rf"粮食(?:总)?产量?|粮食总产|{_GRAIN_LISTED}|粮食(?={_GRAIN_FIGURE})", ("grain_output",)),
    (r"(?:农村)?贫困发生率", ("poverty_incidence",)),
    (r"贫困县|贫困旗", ("poverty_counties_exited",)),
    (r"贫困村|贫困嘎查村|贫困乡镇", ("poverty_villages_exited",)),
    (r"脱贫|减贫|(?:农村)?贫困人口", ("poverty_reduction",)),
    (
        r"城镇化率|森林覆盖率|空气质量|优良天数|PM2\.?5|细颗粒物|污染物|一产增加值|生态环境|"
        r"环境质量|税收|经济总量|数字经济|水质|碳排放|地表水优良水体比例|优良水体比例|地表水|"
        r"国际收支|宏观杠杆率|物价总水平|价格总水平|(?:重大)?(?:金融|财政|各类)(?:财政)?风险|供给侧结构性改革|安全生产",
        ("other",),
    ),
    (r"(?:主要)?约束性指标", ("energy_intensity",)),
)
_COMPILED = tuple((re.compile(p), keys) for p, keys in _INDICATORS)


@dataclass(frozen=True)
class IndicatorHit:
    keys: tuple[str, ...]
    start: int
    end: int


_ANY_SPACE = re.compile(r"\s")
SPACE_IN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
"""Spaces or line breaks between two Chinese characters: page wraps in scraped texts ("今年经 济增长预期目标",
"加快建\n\n设")."""


def find_indicators(text: str, start: int, end: int) -> list[IndicatorHit]:
    """Indicator names in text[start:end], in text order, each character claimed once. A name broken by
    spaces between its characters is found too, its span covering the spaces."""
    window, where = _without_spaces_in_words(text, start, end)
    claimed = [False] * len(window)
    hits: list[IndicatorHit] = []
    for pattern, keys in _COMPILED:
        for m in pattern.finditer(window):
            if m.end() == m.start() or any(claimed[m.start() : m.end()]):
                continue
            claimed[m.start() : m.end()] = [True] * (m.end() - m.start())
            hits.append(IndicatorHit(keys, where(m.start()), where(m.end() - 1) + 1))
    hits.sort(key=lambda h: h.start)
    return hits


def _without_spaces_in_words(text: str, start: int, end: int) -> tuple[str, Callable[[int], int]]:
    """text[start:end] without spaces between Chinese characters, and the map from its positions back."""
    window = text[start:end]
    if _ANY_SPACE.search(window) is None:
        return window, lambda i: start + i
    dropped = {i for m in SPACE_IN_WORD.finditer(window) for i in range(*m.span())}
    if not dropped:
        return window, lambda i: start + i
    kept = [i for i in range(len(window)) if i not in dropped]
    return "".join(window[i] for i in kept), lambda i: start + kept[i]


def growth_key(key: str) -> str:
    """gdp -> gdp_growth for names with a level and a growth form; other keys unchanged."""
    return key[1:] + "_growth" if key.startswith("*") else key


def level_key(key: str) -> str:
    return key[1:] if key.startswith("*") else key
