"""Report -> sections (review, targets, tasks, self-building, plan chapters) and sentences, with offsets.

Works on reports with or without line breaks: headings are found by their numbering (一、二、 or
第一章) plus heading words, and sentences end at 。！？； whether or not a newline follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .models import DocType, Report, Section, SectionKind, Sentence, StatedIn

__all__ = ["section_at", "sections", "sentences", "where_stated"]

_CN_NUM = "一二三四五六七八九十"
_NUMERAL = {ch: i + 1 for i, ch in enumerate(_CN_NUM)}
_TOP_HEADING = re.compile(
    rf"(?:^|(?<=[。！？!?\s>]))([{_CN_NUM}]{{1,2}})[、.．](?![{_CN_NUM}]{{0,2}}[、.．])"
)
"""A numbered heading opens a line, follows a sentence end, or an HTML tag (`<h5>一、2014年工作回顾</h5>`)."""
_CHAPTER = re.compile(rf"(?:^|(?<=[。！？!?\s]))第([{_CN_NUM}]{{1,3}})章\s*")
_KINDS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (SectionKind.self_building, re.compile(r"自身建设|政府建设|建设人民满意|加强政府")),
    (SectionKind.review, re.compile(r"回顾|过去一年|过去五年|主要成就|规划背景|发展基础|发展环境")),
    (
        SectionKind.tasks,
        re.compile(
            r"工作安排|重点工作|主要任务|重点任务|工作任务|工作部署|工作总体部署|工作建议|政府工作的建议|重点抓好"
        ),
    ),
    (
        SectionKind.targets,
        re.compile(
            r"总体要求|预期目标|主要目标|总体目标|远景目标|目标任务|发展目标|奋斗目标|指导思想|总体思路"
        ),
    ),
)
# strongest cue first: "奋斗目标" also names long-range aims in the general-requirements paragraph
_TARGET_CUES = tuple(re.compile(c) for c in ("预期目标", "主要目标", "发展目标|目标任务", "奋斗目标"))
_TARGET_NUMBER = re.compile(r"\d\s*(?:%|％|万人|个百分点)|左右|以上|以内|同步|持平")
_LIST_ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]是|——|\d+[.．、]|[（(]\d+[)）])")
_PASSAGE_END = re.compile(
    rf"[（(][{_CN_NUM}][)）]|实现上述目标|完成上述目标|实现今年目标|实现这些目标|做好今年"
)
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』)）]?|\n+")
_MAX_PASSAGE = 2500


@dataclass(frozen=True)
class _Heading:
    start: int
    title: str
    kind: SectionKind | None


def sections(report: Report) -> list[Section]:
    """Sections in text order, covering the report from its first heading to its end.

    Computed once per report text: every extractor stage asks, and the answer is remembered.
    """
    return list(_sections(report.text, report.meta.doc_type == DocType.plan_outline))


@lru_cache(maxsize=64)  # str hashes are cached by Python: a hit costs no pass over the text
def _sections(text: str, plan: bool) -> tuple[Section, ...]:
    if plan or len(_CHAPTER.findall(text)) >= 3:
        headings = _chapter_headings(text)
    else:
        headings = _numbered_headings(text)
    if not headings:
        return (Section(kind=SectionKind.preamble, title="", start=0, end=len(text)),)
    result = []
    if headings[0].start > 0:
        result.append(Section(kind=SectionKind.preamble, title="", start=0, end=headings[0].start))
    previous = SectionKind.preamble
    for i, heading in enumerate(headings):
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        kind = heading.kind or (SectionKind.tasks if previous != SectionKind.preamble else SectionKind.review)
        result.extend(
            _carve_targets(text, Section(kind=kind, title=heading.title, start=heading.start, end=end))
        )
        previous = kind
    return tuple(result)


def _numbered_headings(text: str) -> list[_Heading]:
    """Top-level 一、二、三、 headings in increasing order.

    A heading needs heading words (回顾, 工作安排, 自身建设 ...); a bare numbered line also counts when
    it is the next number and no nested 一、 list has started since the last heading (so a review's own
    一、二、 subsections are not mistaken for top-level ones).
    """
    found: list[_Heading] = []
    last = 0
    nested = False
    for match in _TOP_HEADING.finditer(text):
        numeral = match.group(1)
        value = _NUMERAL.get(numeral, 0) if len(numeral) == 1 else 10 + _NUMERAL.get(numeral[-1], 0)
        window = text[match.end() : match.end() + 40].split("\n", 1)[0]
        kind, title = _classify(window)
        at_line_start = match.start() == 0 or text[match.start() - 1] == "\n"
        if found and value == 1 and kind is None:
            nested = True
        bare_ok = at_line_start and len(window) < 40 and value == last + 1 and not nested
        if value <= last or (kind is None and not bare_ok):
            continue
        found.append(_Heading(match.start(), f"{numeral}、{title}", kind))
        last, nested = value, False
    return found


def _chapter_headings(text: str) -> list[_Heading]:
    found = []
    for match in _CHAPTER.finditer(text):
        line = text[match.end() : match.end() + 40].split("\n", 1)[0]
        title = re.split(r"[。，,]", line, maxsplit=1)[0][:30]
        kind, _ = _classify(title)
        if kind in (SectionKind.tasks, SectionKind.self_building, None):
            kind = SectionKind.plan_chapter
        found.append(_Heading(match.start(), f"第{match.group(1)}章{title}", kind))
    return found


def _classify(window: str) -> tuple[SectionKind | None, str]:
    """A heading's kind and title from the text just after its number."""
    best: tuple[int, SectionKind, int] | None = None
    for kind, pattern in _KINDS:
        match = pattern.search(window[:30])
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind, match.end())
    if best is None:
        return None, window[:20].strip()
    _, kind, end = best
    # a heading that names targets and tasks together ("目标任务和重点工作") counts as tasks: targets get carved out
    tail = window[end : end + 12]
    if kind == SectionKind.targets and (also := _KINDS[2][1].search(tail)):
        kind = SectionKind.tasks
        end += also.end()
    return kind, window[:end].strip()


def _carve_targets(text: str, section: Section) -> list[Section]:
    """Split a tasks/targets section into its target passage and the rest."""
    if section.kind not in (SectionKind.tasks, SectionKind.targets):
        return [section]
    passage = _target_passage(text, section.start, section.end)
    if passage is None:
        return [section]
    start, end = passage
    if section.kind == SectionKind.targets and section.end - end < 2000:
        return [section]
    pieces = []
    if start - section.start > 0:
        pieces.append(section.model_copy(update={"end": start, "kind": SectionKind.tasks}))
    pieces.append(Section(kind=SectionKind.targets, title=section.title, start=start, end=end))
    pieces.append(section.model_copy(update={"start": end, "kind": SectionKind.tasks}))
    if section.kind == SectionKind.targets and len(pieces) == 3:
        pieces[0] = pieces[0].model_copy(update={"kind": SectionKind.targets})
    return pieces


def _target_passage(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The paragraph(s) stating this period's targets, found by a target cue followed by figures."""
    for cue in (m for pattern in _TARGET_CUES for m in pattern.finditer(text, start, end)):
        if not _TARGET_NUMBER.search(text, cue.end(), min(end, cue.end() + 300)):
            continue
        line_start = text.rfind("\n", start, cue.start()) + 1
        line_start = max(line_start, start)
        if cue.start() - line_start > 400:
            line_start = _sentence_start(text, cue.start(), start)
        return line_start, _passage_end(text, cue.end(), end)
    return None


def _sentence_start(text: str, pos: int, floor: int) -> int:
    for i in range(pos - 1, floor - 1, -1):
        if text[i] in "。！？；!?;\n":
            return i + 1
    return floor


def _passage_end(text: str, pos: int, end: int) -> int:
    """End of the target passage: its paragraph, plus following list-item paragraphs."""
    limit = min(end, pos + _MAX_PASSAGE)
    nl = text.find("\n", pos, limit)
    if nl == -1:  # no line breaks: stop at the next subsection marker or a closing phrase
        stop = _PASSAGE_END.search(text, pos, limit)
        return stop.start() if stop else _clip_sentence(text, pos, limit)
    para_end = nl
    while para_end < limit:
        nxt = para_end + 1
        while nxt < limit and text[nxt] in "\n \t　":
            nxt += 1
        nl = text.find("\n", nxt, end)
        line = text[nxt : nl if nl != -1 else end]
        if not line or len(line) > 500 or not (_LIST_ITEM.match(line) and _TARGET_NUMBER.search(line)):
            break
        para_end = nl if nl != -1 else end
    return para_end


def _clip_sentence(text: str, pos: int, limit: int) -> int:
    last = text.rfind("。", pos, limit)
    return last + 1 if last != -1 else limit


def sentences(text: str, start: int = 0, end: int | None = None) -> list[Sentence]:
    """Sentences of `text[start:end]` ending at 。！？； or a line break; whitespace trimmed."""
    end = len(text) if end is None else end
    result: list[Sentence] = []
    pos = start
    for match in _SENTENCE_END.finditer(text, start, end):
        _append(result, text, pos, match.end())
        pos = match.end()
    _append(result, text, pos, end)
    return result


def _append(result: list[Sentence], text: str, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        result.append(Sentence(start=s, end=e))


_STATED_IN: dict[str, StatedIn] = {
    SectionKind.targets: "targets",
    SectionKind.tasks: "tasks",
    SectionKind.plan_chapter: "plan_chapter",
    SectionKind.review: "review",
}


def where_stated(report: Report, offset: int | None) -> StatedIn | None:
    """Where in the report a goal at `offset` is stated: the targets passage, the tasks, a plan chapter,
    the review, or other (opening, self-building, closing); None when the offset is unknown."""
    if offset is None:
        return None
    part = section_at(sections(report), offset)
    return _STATED_IN.get(part.kind, "other") if part is not None else "other"


def section_at(parts: list[Section], pos: int) -> Section | None:
    """The section holding character `pos`."""
    for part in parts:
        if part.start <= pos < part.end:
            return part
    return None
