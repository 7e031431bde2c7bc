"""Text -> reports: finds where each report in a file starts and ends, and drops web-page furniture.

Cleaning only chooses boundaries; every report's text is an exact slice of the decoded source, so
`source_text[report.offset:report.offset + len(report.text)] == report.text` always holds.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from .documents import Document
from .errors import NotAReportError
from .meta import detect_meta
from .models import Report
from .read import read_document

__all__ = ["load_reports", "not_a_report", "split_reports"]

log = logging.getLogger(__name__)

# A line that opens a report inside a collection: 【第三篇】重庆市政府工作报告(全文), • 【渝北区招商】2021年渝北区政府工作报告
_HEADER = re.compile(
    r"^[ \t　]*(?:[•·●]\s*)?(?:【[^】\n]{1,20}】\s*)?(?P<title>[^\n]{0,60}?(?:政府工作报告|工作报告|规划纲要)[^\n]{0,20})$",
    re.MULTILINE,
)
# Table-of-contents entries: dotted leaders or a trailing page number
_TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|·{3,})\s*\d*\s*$|\t\s*\d+\s*$")
# Lines that are page furniture, never report text
_FURNITURE = re.compile(
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|收藏|详情|分享|打印|关闭|返回顶部|"
    r"\[[^\]]*\]\s*发表于.*|发表于.*|来源[:：].*|浏览次数.*|有想补充的信息.*|共\s*\d+\s*页|"
    r"附件|温馨提示[:：]?.*|.*【下载附件】.*|投稿提示|.*点我投稿.*|公选王.*)"
)
# A photo caption inside an opening block: "…国务院总理温家宝向大会作政府工作报告。新华社记者 姚大伟摄"
_CAPTION = re.compile(
    r".{0,200}?(?:记者|图片|摄影)[^。！？\n]{0,20}摄|.{0,200}?[（(](?:图|摄影|摄)[^）)\n]{0,20}[）)]"
)
# Once one of these appears after a report's body, the rest of the segment is site boilerplate
_TAIL = re.compile(
    r"(?:\d{4}-\d{1,2}-\d{1,2}\s*$|有想补充的信息|附件\s*$|温馨提示|投稿提示|招商中心\s*$|联系我们|"
    r"【?\s{0,4}(?:责任编辑|责编|编辑|校对|审核|来源|稿源)\s{0,4}[:：]|相关(?:新闻|链接|阅读|文章|稿件)\s*$|"
    r"(?:上一篇|下一篇)\s*[:：]|版权所有|主办(?:单位)?\s*[:：]|网站标识码|[京沪粤]?ICP备|扫一扫|分享到|"
    r"打印本页|关闭窗口|【(?:打印|关闭)】)",
)
# Header-like lines that name a collection or a glossary, not a report
_NOT_A_TITLE = re.compile(r"合集|汇编|目录|注释|《")
_MIN_REPORT_CHARS = 400

# The opening formula that starts every work report: 各位代表：现在，我代表…向大会报告工作
# (the mid-report and closing addresses read 各位代表！ or 各位代表，)
_OPENING = re.compile(r"各位代表\s*[：:]\s*(?:[^\n]{0,10}\n)?\s*[^\n]{0,40}?(?:我代表|向大会报告|向大会作)")
_ANY_OPENING = re.compile(r"各位代表\s*[：:]")
# A report's own title line: 2026年宁夏回族自治区政府工作报告, 【第三篇】重庆市政府工作报告(全文),
# 政府工作报告——2024年3月5日在…会议上; never a sentence (a caption or a news line that names a report)
_TITLE_LINE = re.compile(
    r"[ \t　\u2002]{0,8}(?:[•·●][ \t　]{0,4})?(?:【[^】\n]{1,20}】[ \t　]{0,4})?"
    r"(?P<title>[^\n，。；：:！？,;!?、“”\"《》]{0,40}?(?:政[ 　]?府[ 　]?工[ 　]?作[ 　]?报[ 　]?告|工作报告|规划纲要(?:草案)?))"
    r"[ \t　]{0,4}(?:[（(](?:全文|摘要|草案|实录|文字实录)[)）])?[ \t　]{0,4}(?:——[^\n]{0,120})?[ \t　\u2002]{0,8}"
)
_NOT_TITLE_WORDS = re.compile(
    r"作|向大会|图为|摄|解读|聚焦|速览|一图|看点|热词|关键词|学习|审议|讨论|起草|合集|汇编|目录|注释"
)
# The delivery line: ——2020年5月15日在巴中市第四届人民代表大会第四次会议上
_MEETING_LINE = re.compile(r"在[^\n。]{0,40}?人民代表大会[^\n。]{0,20}?会议上")
_DATE_LINE = re.compile(
    r"[ \t　]{0,8}[—\-－]{0,4}[ \t　]{0,4}(?:(?:19|20)\d{2}|[一二三四五六七八九〇零○]{4})[ \t　]{0,2}年[^\n，。]{0,12}[ \t　]{0,8}"
)
_OFFICE = r"(?:代理)?(?:代)?(?:省长|市长|区长|县长|州长|旗长|盟长|主席|总理)"
_SPEAKER_LINE = re.compile(
    rf"[ \t　\u2002]{{0,8}}[\u4e00-\u9fff]{{0,24}}?{_OFFICE}[ \t　;；:：\u2002]{{0,6}}(?:[\u4e00-\u9fff·][ \t　\u2002]{{0,3}}){{2,10}}"
    r"|[ \t　\u2002]{0,8}[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,6})?[ \t　\u2002]{0,8}"
)
# A stretch of text that holds a report (not a page heading or a caption)
_REPORT_CONTENT = re.compile(r"各位代表|工作回顾|预期目标|工作安排|工作任务|第一章")
# How much the opening block (title, meeting, date and speaker lines) may span before 各位代表
_BLOCK_LINES = 10
_BLOCK_CHARS = 800


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    title: str | None
    opening: int | None = None
    warnings: tuple[str, ...] = field(default=())


def load_reports(source: str | Path) -> list[Report]:
    """Load every report in a file (a `Path` or an existing path string) or in a text.

    A collection is split into its reports; a table of contents and page furniture are dropped.
    Raises InputError subclasses for empty, binary or report-free input.
    """
    path: Path | None = None
    document: Document | None = None
    if isinstance(source, Path) or _names_a_file(source):
        path = Path(source)
        document = read_document(path)
        text = document.text
    else:
        text = source
        if not text.strip():
            from .errors import EmptyInputError

            raise EmptyInputError("input text is empty")
    where = f"{path}: " if path else ""
    problem = not_a_report(text)
    if problem:
        raise NotAReportError(f"{where}{problem}")
    reports = split_reports(text, source=str(path) if path else None)
    if not reports:
        raise NotAReportError(f"{where}no report text found")
    if document is not None and (document.source_format in ("pdf", "docx") or document.ocr):
        pages = [tuple(span) for span in document.pages]
        reports = [r.model_copy(update={"pages": pages, "ocr": document.ocr}) for r in reports]
    return reports


def _names_a_file(text: str) -> bool:
    """A short one-line string that is the path of an existing file (anything else is report text)."""
    if "\n" in text or len(text) >= 4096:
        return False
    try:
        return Path(text).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL byte
        return False


_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_REPORT_SIGNS = re.compile(
    r"各位代表|政[ 　]?府[ 　]?工[ 　]?作[ 　]?报[ 　]?告|工作报告|规划纲要|工作回顾|预期目标|主要目标|"
    r"(?:增长|下降|达到|突破|控制在)[ \t　]{0,2}\d|"
    r"(?:^|\n)[ \t　]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}[章篇])"
)
_NEWS = re.compile(r"(?:新华社|中新社|人民网|央视网|记者)[^\n]{0,30}?(?:电|报道|讯)")


def not_a_report(text: str) -> str | None:
    """Why a text cannot be a government work report or plan outline, or None if it may be one.

    Cheap tests that never reject a real report (or an excerpt of one): the text must be written in
    Chinese, show something of a report (its opening, sections, targets or figures), and a short text
    must not be a news item (a dateline and no opening formula).
    """
    sample = text[:50_000]
    cjk = len(_CJK.findall(sample))
    if cjk == 0 or len(_LATIN.findall(sample)) > cjk:
        return "not a Chinese government report (the text is not written in Chinese)"
    if not _REPORT_SIGNS.search(text[:200_000]):
        return "no government work report or plan outline in it (no opening, sections or targets)"
    if len(text) < 3000 and _NEWS.search(text[:300]) and "各位代表" not in text:
        return "a news item about a report, not the report itself"
    return None


def split_reports(text: str, source: str | None = None) -> list[Report]:
    """Split decoded text into reports with metadata.

    A report starts at its opening block (title, delivery line, speaker, 各位代表：…我代表…), never at a
    caption, a heading or a sentence that only names a report. A report found twice comes out once,
    with a warning on the report kept (and in the log).
    """
    spans = _report_spans(text) or _collection_spans(text) or [_Span(0, len(text), None)]
    pieces: list[tuple[int, int, _Span]] = []
    for span in spans:
        start, end = _trim(text, span.start, span.end)
        body = text[start:end]
        if not body.strip():
            continue
        if len(spans) > 1 and (end - start < _MIN_REPORT_CHARS or not _REPORT_CONTENT.search(body)):
            continue  # a heading, a caption or a link list between reports: no report content
        pieces.append((start, end, span))
    pieces = _drop_duplicates(text, pieces, source)
    reports: list[Report] = []
    for start, end, span in pieces:
        body = text[start:end]
        title = _clean_title(span.title) if span.title else None
        if span.opening is None and not title:
            title = _title(body)
        meta = detect_meta(body, title=title)
        reports.append(
            Report(
                text=body,
                meta=meta,
                source=source,
                offset=start,
                index=len(reports),
                warnings=list(span.warnings),
            )
        )
    return reports


def _report_spans(text: str) -> list[_Span]:
    """Spans that start at a real report's opening block; empty when no opening formula is found."""
    openings = [m.start() for m in _OPENING.finditer(text)]
    starts: list[tuple[int, str | None, int | None]] = []
    floor = 0
    for opening in openings:
        start, title = _block_start(text, opening, floor)
        starts.append((start, title, opening))
        floor = opening + 1
    # a title line followed by a report whose opening reads otherwise (各位代表：2020年，面对…)
    for match in _TITLE_LINE.finditer(text):
        title = match.group("title")
        if not _is_title(match) or any(match.start() <= o < match.end() + 2000 for o in openings):
            continue
        if any(s <= match.start() < o for s, _, o in starts if o is not None):
            continue
        if _ANY_OPENING.search(text, match.end(), match.end() + 1500):
            starts.append((match.start(), title, None))
    if not starts:
        return []
    starts.sort()
    spans = []
    for i, (begin, name, opened) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        spans.append(_Span(begin, end, name, opened if opened is not None else begin))
    return spans


def _is_title(match: re.Match) -> bool:
    title = re.sub(r"工[ 　]?作[ 　]?报[ 　]?告", "", match.group("title"))
    return not _NOT_TITLE_WORDS.search(title) and not _TOC_ENTRY.search(match.group())


def _block_start(text: str, opening: int, floor: int) -> tuple[int, str | None]:
    """Where a report's opening block begins: the title, delivery and speaker lines above 各位代表."""
    line_start = text.rfind("\n", floor, opening) + 1 if opening > floor else floor
    line_start = max(line_start, floor)
    prefix = text[line_start:opening]
    start = opening
    title = None
    if len(prefix) <= 300 and "。" not in prefix:
        start = line_start
        title = _title_in(prefix)
    pos = line_start
    seen = 0
    while pos > floor and seen < _BLOCK_LINES and opening - pos < _BLOCK_CHARS:
        prev_end = pos - 1
        prev_start = max(text.rfind("\n", floor, prev_end) + 1, floor)
        line = text[prev_start:prev_end]
        pos = prev_start
        if not line.strip():
            continue
        seen += 1
        if _is_furniture(line) or _CAPTION.fullmatch(line.strip()):
            continue
        line_title = _title_in(line)
        if line_title or _is_block_line(line):
            start = prev_start
            # the title nearest the delivery lines is the document's own; a line above it that also reads as
            # a title is a site's or a collection's heading ("2022年国务院政府工作报告" over "政府工作报告")
            title = title or line_title
            continue
        break
    return start, title


def _title_in(line: str) -> str | None:
    """The report title on a line that is a title line (政府工作报告——… included), else None."""
    match = _TITLE_LINE.fullmatch(line.rstrip("\r"))
    if match and _is_title(match):
        return match.group("title").strip()
    return None


def _is_block_line(line: str) -> bool:
    """A delivery, date or speaker line of a report's opening block."""
    line = line.rstrip("\r")
    if len(line.strip()) > 150:
        return False
    if _MEETING_LINE.search(line) and "。" not in line:
        return True
    return bool(_DATE_LINE.fullmatch(line) or _SPEAKER_LINE.fullmatch(line))


def _drop_duplicates(
    text: str, pieces: list[tuple[int, int, _Span]], source: str | None
) -> list[tuple[int, int, _Span]]:
    """Keep one copy of a report that a page holds twice; warn about it and about uncertain cases."""
    kept: list[tuple[int, int, _Span]] = []
    flats: list[str] = []  # each kept piece without whitespace, made once (pieces are compared pairwise)
    where = f"{source}: " if source else ""
    for piece in pieces:
        start, end, span = piece
        sample = _sentence_sample(text[start:end])
        duplicate_of = None
        for i, (k_start, k_end, k_span) in enumerate(kept):
            overlap = _overlap(sample, flats[i])
            if overlap >= 0.8:
                duplicate_of = i
                break
            if overlap >= 0.3:
                message = (
                    f"{where}report at offset {start} shares {overlap:.0%} of its sentences with the report at "
                    f"offset {k_start}; kept both (uncertain split)"
                )
                log.warning(message)
                span = _with_warning(span, message)
                kept[i] = (k_start, k_end, _with_warning(k_span, message))
        if duplicate_of is None:
            kept.append((start, end, span))
            flats.append(_SPACE.sub("", text[start:end]))
            continue
        k_start, k_end, k_span = kept[duplicate_of]
        message = (
            f"{where}the same report appears twice (offsets {k_start} and {start}); the "
            f"{'first' if k_end - k_start >= end - start else 'longer second'} copy is kept"
        )
        log.warning(message)
        if end - start > (k_end - k_start) * 1.1:
            kept[duplicate_of] = (start, end, _with_warning(span, message))
            flats[duplicate_of] = _SPACE.sub("", text[start:end])
        else:
            kept[duplicate_of] = (k_start, k_end, _with_warning(k_span, message))
    return kept


def _with_warning(span: _Span, message: str) -> _Span:
    return _Span(span.start, span.end, span.title, span.opening, (*span.warnings, message))


_SENTENCE_END = re.compile(r"[。！？!?；;]")
_SPACE = re.compile(r"\s+")


def _sentence_sample(candidate: str) -> list[str]:
    """About 60 of the candidate's sentences (whitespace removed, 12+ characters), evenly spaced."""
    sentences = [flat for s in _SENTENCE_END.split(candidate) if len(flat := _SPACE.sub("", s)) >= 12]
    return sentences[:: max(1, len(sentences) // 60)]


def _overlap(sample: list[str], kept_flat: str) -> float:
    """Share of a candidate's sampled sentences found in a kept report (whitespace removed)."""
    if not sample:
        return 0.0
    return sum(1 for s in sample if s in kept_flat) / len(sample)


def _collection_spans(text: str) -> list[_Span]:
    """Report spans from header lines; empty when the text holds a single report."""
    headers = [
        m
        for m in _HEADER.finditer(text)
        if not _TOC_ENTRY.search(m.group())
        and not _NOT_A_TITLE.search(m.group("title"))
        and _title_in(m.group()) is not None
    ]
    # A header followed by almost nothing before the next one is a sub-title of the same report
    starts: list[re.Match] = []
    for match in headers:
        if starts and match.start() - starts[-1].end() < 200:
            continue
        starts.append(match)
    if len(starts) < 2:
        return []
    spans = [
        _Span(m.start(), starts[i + 1].start() if i + 1 < len(starts) else len(text), m.group("title"))
        for i, m in enumerate(starts)
    ]
    lead = text[: starts[0].start()]
    if _looks_like_report(lead):
        spans.insert(0, _Span(0, starts[0].start(), None))
    return spans


def _is_furniture(line: str) -> bool:
    """A whole line of page furniture (收藏, 发表于…, a crawl date); furniture lines are short."""
    line = line.strip()
    return len(line) <= 300 and _FURNITURE.fullmatch(line) is not None


def _looks_like_report(text: str) -> bool:
    return len(text) > 3000 and ("各位代表" in text or "工作回顾" in text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move a span's ends inward past blank lines, furniture and trailing boilerplate."""
    lines = _lines(text, start, end)
    # skip furniture at the top; if furniture sits among the first lines, start after the last one
    head = lines[:12]
    first = 0
    for i, (s, e) in enumerate(head):
        if e - s > 100:  # report prose has begun
            break
        if _is_furniture(text[s:e]):
            first = i + 1
    lines = lines[first:]
    for i, (s, e) in enumerate(lines):
        if i > 0 and _TAIL.match(text[s:e].strip()):
            lines = lines[:i]
            break
    lines = [(s, e) for s, e in lines if text[s:e].strip()]
    while lines and _is_furniture(text[lines[-1][0] : lines[-1][1]]):
        lines.pop()
    if not lines:
        return start, start
    s, _ = lines[0]
    _, e = lines[-1]
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    s = _skip_bullet(text, s, e)
    return s, e


def _skip_bullet(text: str, s: int, e: int) -> int:
    match = re.match(r"[•·●]\s*", text[s:e])
    return s + match.end() if match else s


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def _clean_title(title: str) -> str:
    title = re.sub(r"——.*$", "", title.strip())
    return re.sub(r"[（(](?:全文|摘要)[)）]\s*$", "", title).strip()


def _title(body: str) -> str:
    """The title of a single report: its first short lines, joined (a plan's title spans lines)."""
    parts: list[str] = []
    for line in body.splitlines():
        line = line.strip()
        if not line:
            continue
        if len(line) > 60 or line.startswith(("——", "各位代表", "第一章", "一、")) or _is_furniture(line):
            break
        parts.append(line)
        if len(parts) == 3 or re.search(r"(工作报告|纲要|规划)$", line):
            break
    return "".join(p.replace(" ", "") for p in parts) or body.strip()[:60]
