"""Report metadata from the opening lines: region, level, year, document type, date, speaker."""

from __future__ import annotations

import re

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
_NOT_REGION = re.compile(r"^(?:人民|政府|我|全|本|该|各|社|城|园|新区|开发区)")
_YEAR_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(
    r"((?:[一二三四五六七八九〇零○]\s*){4})年\s*([一二三四五六七八九十]{1,2})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*日)?"
)
_REVIEW_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:和今年以来)?(?:工作|政府工作)?回顾")
_PLAN_HEADING = re.compile(
    r"(?:^|(?<=[>\n]))\s*[二三][、.．]\s*(?:对)?((?:19|20)\d{2})\s*年(?:经济社会发展|工作|政府工作|发展|重点工作)"
)
"""The heading of the year's plan ("二、2018年经济社会发展总体要求", "三、对2018年政府工作的建议")."""
_NATIONAL = re.compile(r"我代表国务院|国务院总理")
_OFFICE = r"(?:代理)?(?:代)?(?:省长|市长|区长|县长|州长|旗长|盟长|主席|总理)"
_SPEAKER = re.compile(rf"(?<!副)({_OFFICE})[\s;；:：]*((?:[\u4e00-\u9fff]\s*){{2,6}})")
_BARE_SPEAKER = re.compile(r"\n[ \t\u3000]*([\u4e00-\u9fff]{2,4})[ \t\u3000]*\n\s*各位代表")
_SPEAKER_STOP = re.compile(r"各位|同志|现在|政府")


def detect_meta(text: str, title: str | None = None) -> ReportMeta:
    """Read metadata from a report's opening (title line, date line, speaker line)."""
    head = text[:1500]
    title = title or _first_line(text)
    doc_type = _doc_type(title)
    if doc_type == DocType.other:
        doc_type = _doc_type(head[:300])
    region = _region(title) or _region(head[:300])
    if region is None and _NATIONAL.search(head):
        region = "全国"
    date = _date(head)
    year = _year(title, date, head, doc_type)
    if year is None and (plan := _PLAN_HEADING.search(text, 0, 40000)):
        year = int(plan.group(1))
    return ReportMeta(
        region=region,
        admin_level=_admin_level(region),
        year=year,
        doc_type=doc_type,
        title=title,
        date=date,
        speaker=_speaker(head),
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _doc_type(text: str) -> DocType:
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
    return regions[-1] if regions else None


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
    match = _DATE.search(head)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    match = _CN_DATE.search(head)
    if match:
        year = chinese_to_int(re.sub(r"\s", "", match.group(1)))
        month = chinese_to_int(match.group(2))
        day = chinese_to_int(match.group(3) or "")
        if year and month:
            return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"
    return None


def _year(title: str, date: str | None, head: str, doc_type: DocType) -> int | None:
    """The year a report plans for: its title year, else its delivery year, else review year + 1."""
    match = _YEAR_TITLE.search(title)
    if match and doc_type == DocType.work_report:
        return int(match.group(1))
    if date:
        return int(date[:4])
    match = _REVIEW_YEAR.search(head)
    if match:
        return int(match.group(1)) + 1
    return int(match.group(1)) if (match := _YEAR_TITLE.search(title)) else None


def _speaker(head: str) -> str | None:
    match = _SPEAKER.search(head[:600])
    if not match:
        bare = _BARE_SPEAKER.search(head[:600])
        return bare.group(1) if bare else None
    name = re.sub(r"\s+", "", match.group(2))
    stop = _SPEAKER_STOP.search(name)
    if stop:
        name = name[: stop.start()]
    if len(name) < 2:
        return None
    return f"{match.group(1)} {name}"
