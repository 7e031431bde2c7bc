"""Report metadata from the opening lines: region, level, year, document type, date, speaker."""

from __future__ import annotations

import re
import unicodedata

from .models import AdminLevel, DocType, ReportMeta
from .numbers import chinese_to_int

__all__ = ["PROVINCES", "detect_meta"]

PROVINCES = frozenset(
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省 山东省 "
    "河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省 内蒙古自治区 "
    "广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区".split()
)
_REGION = re.compile(
    r"[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|州(?![区县市省])|盟|区|县|旗)"
)
_NOT_REGION = re.compile(r"^(?:人民|政府|我|全|本|该|各|社|城|园|新区|开发区|自治区$)")
_YEAR_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"((?:[一二三四五六七八九〇零○]\s*){4})年\s*([一二三四五六七八九十]{1,2})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*日)?"
)
# 2025年工作回顾, 2019年和今年以来工作回顾 (a review heading may name the weeks of this year too)
_REVIEW_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:和今年以来|及今年以来)?(?:工作|政府工作)?回顾")
_PLAN_HEADING = re.compile(
    r"(?:^|(?<=[>\n]))\s*[二三][、.．]\s*(?:对)?((?:19|20)\d{2})\s*年(?:经济社会发展|工作|政府工作|发展|重点工作)"
)
"""The heading of the year's plan ("二、2018年经济社会发展总体要求", "三、对2018年政府工作的建议")."""
_OFFICE = r"(?:代理)?(?:代)?(?:省长|市长|区长|县长|州长|旗长|盟长|主席|总理)"
_SPEAKER = re.compile(
    rf"(?<!副)({_OFFICE})[ \t\u3000\u2002;；:：]{{0,6}}((?:[\u4e00-\u9fff][ \t\u3000\u2002]{{0,3}}){{2,4}}"
    r"(?:·(?:[\u4e00-\u9fff][ \t\u3000\u2002]{0,3}){1,6})?)[ \t\u3000\u2002]{0,8}\r?(?:\n|$)"
)
_BARE_SPEAKER = re.compile(
    r"(?:^|\n)[ \t\u3000]{0,8}([\u4e00-\u9fff]{2,4})[ \t\u3000]{0,8}\r?\n\s{0,8}各位代表"
)


# Short names of the province-level units as titles and meeting lines may write them
_SHORT_NAMES = {
    "宁夏": "宁夏回族自治区",
    "内蒙古": "内蒙古自治区",
    "新疆": "新疆维吾尔自治区",
    "广西": "广西壮族自治区",
    "西藏": "西藏自治区",
    **{p[:-1]: p for p in PROVINCES if p.endswith(("省", "市")) and len(p) <= 4},
    "黑龙江": "黑龙江省",
}
_OPENING = re.compile(r"各位代表\s*[：:]")
# ——2026年1月在宁夏回族自治区第十三届人民代表大会第五次会议上 / 在第十四届全国人民代表大会第二次会议上
_MEETING = re.compile(
    r"在(?P<where>[^\n。，,]{0,30}?)第(?P<term>[一二三四五六七八九十]{1,3})届(?P<nation>全国)?人民代表大会"
    r"(?:常务委员会)?第(?P<session>[一二三四五六七八九十]{1,2})次会议"
)
# Term number of each province-level congress elected in 2023 (all are elected in the same years)
_TERM_2023 = {
    "北京市": 16,
    "天津市": 18,
    "上海市": 16,
    "重庆市": 6,
    "海南省": 7,
    "西藏自治区": 12,
    "宁夏回族自治区": 13,
}
_PLAN_YEAR = re.compile(
    r"((?:19|20)\d{2})\s*年(?:经济社会发展|政府|全[省市区县])?(?:工作安排|工作任务|重点工作|主要预期目标|总体要求|工作总体要求)"
)
_WE_REPRESENT = re.compile(r"我代表(?P<who>[\u4e00-\u9fff]{0,20}?)(?:人民政府|国务院)")


def detect_meta(text: str, title: str | None = None) -> ReportMeta:
    """Read metadata from a report's opening block (title, delivery line, speaker, 各位代表：).

    Only the opening block is read for the date and speaker, so a name or a date in a sentence about
    something else is never taken; what the text does not say stays None.
    """
    block = _opening_block(text)
    title = title or None
    doc_type = _doc_type(title or "")
    if doc_type == DocType.other:
        doc_type = _doc_type(block[:300])
    if doc_type == DocType.other and _looks_like_work_report(text):
        doc_type = DocType.work_report
    region = _region_of(title, block, text)
    date = _date(block)
    year = _year(title or "", date, block, text, doc_type, region)
    if year is None and (plan := _PLAN_HEADING.search(text, 0, 40000)):
        year = int(plan.group(1))
    return ReportMeta(
        region=region,
        admin_level=_admin_level(region),
        year=year,
        doc_type=doc_type,
        title=title,
        date=date,
        speaker=_speaker(block) or _delivered_by(text, _admin_level(region)),
    )


def _opening_block(text: str) -> str:
    """The text above 各位代表： when the report opens with it, else the first lines."""
    match = _OPENING.search(text, 0, 2000)
    return text[: match.start()] if match else text[:300]


def _looks_like_work_report(text: str) -> bool:
    return bool(
        re.search(
            r"我代表[\u4e00-\u9fff]{0,20}?(?:政府|国务院)[，,]?\s*向大会(?:作)?(?:工作)?报告", text[:3000]
        )
        or (_REVIEW_YEAR.search(text[:5000]) and _PLAN_YEAR.search(text))
    )


def _region_of(title: str | None, block: str, text: str) -> str | None:
    """Region from the title, else the meeting line, else the speaker line or 我代表…人民政府."""
    if title:
        region = _normalize(_region(title))
        if region:
            return region
    meeting = _MEETING.search(block) or _MEETING.search(text[:3000])
    if meeting:
        if meeting.group("nation"):
            return "全国"
        region = _normalize(_region(meeting.group("where") + "政府"))
        if region:
            return region
    if re.search(r"国务院总理|我代表国务院", block + text[:1000]):
        return "全国"
    for line in block.splitlines():
        office = re.search(rf"([\u4e00-\u9fff]{{2,24}}?)(?:人民政府)?{_OFFICE}", line)
        if office:
            region = _normalize(_region(office.group(1) + "政府"))
            if region:
                return region
    we = _WE_REPRESENT.search(text[:3000])
    if we and we.group("who"):
        return _normalize(_region(we.group("who") + "政府"))
    return None


def _normalize(region: str | None) -> str | None:
    """Full names for province-level units written short (宁夏 -> 宁夏回族自治区); drop bare words."""
    if not region:
        return None
    if region in _SHORT_NAMES:
        return _SHORT_NAMES[region]
    if region in ("自治区", "省", "市", "区", "县", "自治州", "地区"):
        return None
    for short, full in _SHORT_NAMES.items():
        # 宁夏自治区 / 新疆自治区 / 广西自治区
        if region == short + "自治区":
            return full
    return region


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _doc_type(text: str) -> DocType:
    text = re.sub(r"[\s\u3000]+", "", text)  # spaced titles: 政 府 工 作 报 告
    if re.search(r"规划纲要|五年规划|远景目标纲要|规划.{0,6}纲要", text):
        return DocType.plan_outline
    if "工作报告" in text:
        return DocType.work_report
    return DocType.other


def _region(title: str) -> str | None:
    """The most specific region named in a title (重庆市黔江区 -> 黔江区)."""
    provinces = [p for p in PROVINCES if p in title]
    if provinces and not re.search(r"(?:市|区|县|州|旗)(?:人民)?政府", title.split(provinces[0], 1)[1]):
        return provinces[0]
    title = re.sub(r"^[•·\s]*(?:【[^】]*】)?", "", title)
    title = re.sub(r"\d+\s*年", " ", title)
    title = re.split(r"人民政府|政府|国民经济|工作报告|经济和社会", title)[0]
    regions = [m.group() for m in _REGION.finditer(title) if not _NOT_REGION.match(m.group())]
    if regions:
        return regions[-1]
    bare = re.sub(r"[^\u4e00-\u9fff]", "", title)
    return bare if bare in _SHORT_NAMES else None


def _admin_level(region: str | None) -> AdminLevel | None:
    if not region:
        return None
    if region in ("全国", "国务院", "中国"):
        return AdminLevel.national
    if region in PROVINCES:
        return AdminLevel.province
    if region.endswith(("区", "县", "旗")) and not region.endswith("自治区"):
        return AdminLevel.county_district
    if region.endswith(("市", "州", "盟", "地区")):
        return AdminLevel.prefecture
    return None


def _date(head: str) -> str | None:
    head = unicodedata.normalize("NFKC", head)  # ——２０２２年３月５日 (full-width digits in GBK texts)
    match = _DATE.search(head)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = _CN_DATE.search(head)
    if match:
        cn_year = chinese_to_int(re.sub(r"\s", "", match.group(1)))
        cn_month = chinese_to_int(match.group(2))
        cn_day = chinese_to_int(match.group(3) or "")
        if cn_year and cn_month:
            if cn_day:
                return f"{cn_year:04d}-{cn_month:02d}-{cn_day:02d}"
            return f"{cn_year:04d}-{cn_month:02d}"
    return None


def _year(
    title: str, date: str | None, block: str, text: str, doc_type: DocType, region: str | None
) -> int | None:
    """The year a report plans for: its title year, else its delivery year, else the congress session,
    else the review/plan structure (2025年工作回顾, 2026年工作安排)."""
    match = _YEAR_TITLE.search(title)
    if match and doc_type == DocType.work_report:
        return int(match.group(1))
    if date:
        return int(date[:4])
    year = _session_year(block, region)
    if year:
        return year
    if doc_type != DocType.plan_outline:
        match = _REVIEW_YEAR.search(text[: max(5000, len(text) // 3)])
        if match:
            return int(match.group(1)) + 1
        match = _PLAN_YEAR.search(text[: max(8000, len(text) // 2)])
        if match:
            return int(match.group(1))
    return int(match.group(1)) if (match := _YEAR_TITLE.search(title)) else None


def _session_year(block: str, region: str | None) -> int | None:
    """第十四届全国人民代表大会第四次会议 -> 2026; only national and province-level congresses, whose
    terms all begin in the same years (2018, 2023, ...)."""
    match = _MEETING.search(block)
    if not match:
        return None
    term = chinese_to_int(match.group("term"))
    session = chinese_to_int(match.group("session"))
    if not term or not session:
        return None
    if match.group("nation"):
        term_2023 = 14
    elif region in PROVINCES:
        term_2023 = _TERM_2023.get(region, 14)
    else:
        return None
    return 2023 + 5 * (term - term_2023) + session - 1


_DELIVERED = re.compile(rf"(?<!副)({_OFFICE})([\u4e00-\u9fff]{{2,4}}?)作(?:了)?政府工作报告")
""""国务院总理李克强作政府工作报告": a news line or photo caption naming who delivers the report."""
_OFFICES_OF = {
    AdminLevel.national: ("总理",),
    AdminLevel.province: ("省长", "主席", "市长"),
    AdminLevel.prefecture: ("市长", "州长", "盟长"),
    AdminLevel.county_district: ("区长", "县长", "旗长", "市长"),
}


def _delivered_by(text: str, level: AdminLevel | None) -> str | None:
    """Who delivers the report, from a line saying so anywhere in the text ("…总理李克强作政府工作报告"),
    when the opening block names nobody; the office must be this level's, so a line about another
    level's report (a province citing the premier) is never taken."""
    offices = _OFFICES_OF.get(level, ()) if level is not None else ()
    for match in _DELIVERED.finditer(text):
        office = match.group(1).removeprefix("代理").removeprefix("代")
        if office in offices:
            return f"{match.group(1)} {match.group(2)}"
    return None


def _speaker(block: str) -> str | None:
    """The speaker line of the opening block (省长 许勤, 国务院总理 李强 -> 总理 李强), else a bare name
    just above 各位代表; a name must end its line, so one inside a sentence is never taken."""
    matches = list(_SPEAKER.finditer(block))  # the last office + name in the block is the speaker line
    match = matches[-1] if matches else None
    if match:
        name = re.sub(r"[\s\u2002]+", "", match.group(2))
        if len(name) >= 2:
            return f"{match.group(1)} {name}"
    bare = _BARE_SPEAKER.search(block + "\n各位代表")
    return bare.group(1) if bare else None
