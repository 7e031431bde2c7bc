"""Text -> reports: finds where each report in a file starts and ends, and drops web-page furniture.

Cleaning only chooses boundaries; every report's text is an exact slice of the decoded source, so
`source_text[report.offset:report.offset + len(report.text)] == report.text` always holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .documents import Document
from .errors import NotAReportError
from .meta import detect_meta
from .models import Report
from .read import read_document

__all__ = ["load_reports", "split_reports"]

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
# Once one of these appears after a report's body, the rest of the segment is site boilerplate
_TAIL = re.compile(
    r"(?:\d{4}-\d{1,2}-\d{1,2}\s*$|有想补充的信息|附件\s*$|温馨提示|投稿提示|招商中心\s*$|联系我们)",
)
# Header-like lines that name a collection or a glossary, not a report
_NOT_A_TITLE = re.compile(r"合集|汇编|目录|注释|《")
_MIN_REPORT_CHARS = 400


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    title: str | None


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
    reports = split_reports(text, source=str(path) if path else None)
    if not reports:
        where = f"{path}: " if path else ""
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


def split_reports(text: str, source: str | None = None) -> list[Report]:
    """Split decoded text into reports with metadata; one report when no collection headers exist."""
    spans = _collection_spans(text) or [_Span(0, len(text), None)]
    reports = []
    for span in spans:
        start, end = _trim(text, span.start, span.end)
        if end - start < _MIN_REPORT_CHARS and len(spans) > 1:
            continue
        body = text[start:end]
        if not body.strip():
            continue
        meta = detect_meta(body, title=_clean_title(span.title) if span.title else _title(body))
        reports.append(Report(text=body, meta=meta, source=source, offset=start, index=len(reports)))
    return reports


def _collection_spans(text: str) -> list[_Span]:
    """Report spans from header lines; empty when the text holds a single report."""
    headers = [
        m
        for m in _HEADER.finditer(text)
        if not _TOC_ENTRY.search(m.group()) and not _NOT_A_TITLE.search(m.group("title"))
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
        if i > 0 and _TAIL.match(text[s:e]):
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
    return re.sub(r"[（(]全文[)）]\s*$", "", title.strip())


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
