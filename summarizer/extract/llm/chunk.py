"""Report -> chunks for the model: within a token budget, cut at section and sentence boundaries.

Each chunk carries the item kinds its sections are routed to (a review yields achievements and the
projects it names, targets and tasks yield goals and key projects, plan chapters yield everything). Offsets index `Report.text`, so a
chunk's span is the `near` hint for grounding its items. `candidate_sentences` picks the sentences worth
showing a model when only cheap cues are wanted (figures with indicator words, project verbs).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from ...models import ITEM_KINDS, Report, Section, SectionKind, Sentence
from ...segment import section_at, sections, sentences

__all__ = [
    "ALL_KINDS",
    "CHUNKING",
    "ROUTES",
    "Chunk",
    "candidate_lines",
    "candidate_sentences",
    "chunk_report",
    "estimate_tokens",
    "split_chunk",
]

ALL_KINDS = ITEM_KINDS
ROUTES: Mapping[str, tuple[str, ...]] = {
    SectionKind.preamble: ALL_KINDS,  # only used when long: a report without headings is all preamble
    SectionKind.review: ("achievements", "key_projects"),  # about a third of named projects sit here
    SectionKind.targets: ("goals", "key_projects"),
    SectionKind.tasks: ("goals", "key_projects"),
    SectionKind.plan_chapter: ALL_KINDS,
    SectionKind.self_building: (),
    SectionKind.closing: (),
}
"""Which item kinds each section kind is read for; sections routed to () are not sent to the model."""

CHUNKING = 2
"""Version of the chunking rules: it is in the cache key, since other chunks are other answers."""

MIN_PREAMBLE_CHARS = 400
"""A shorter preamble is the title, date and speaker: nothing to extract."""

_CJK_RANGES = ((0x3400, 0x9FFF), (0xF900, 0xFAFF), (0x3000, 0x303F), (0xFF00, 0xFFEF))
_CJK = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES) + "]")


def estimate_tokens(text: str) -> int:
    """A conservative token count without a tokenizer: one per Chinese character, one per 4 other chars."""
    return _estimate(len(_CJK.findall(text)), len(text))


def _estimate(cjk: int, length: int) -> int:
    return cjk + (length - cjk + 3) // 4


class _Tokens:
    """`estimate_tokens` of any span of one text in constant time, from prefix counts of its Chinese
    characters (chunking asks for thousands of spans of the same text)."""

    def __init__(self, text: str) -> None:
        import numpy as np  # here, not at import: the CLI starts without it

        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        cjk = np.zeros(len(codes), dtype=bool)
        for low, high in _CJK_RANGES:
            cjk |= (codes >= low) & (codes <= high)
        self._prefix = np.concatenate(([0], np.cumsum(cjk, dtype=np.int64)))

    def __call__(self, start: int, end: int) -> int:
        return _estimate(int(self._prefix[end] - self._prefix[start]), end - start)


@dataclass(frozen=True)
class Chunk:
    """A span of a report sent in one call, with the kinds asked for and the section it came from."""

    start: int
    end: int
    kinds: tuple[str, ...]
    section: str
    index: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def text(self, report: Report) -> str:
        return report.text[self.start : self.end]


def chunk_report(
    report: Report, max_tokens: int, *, routes: Mapping[str, Sequence[str]] = ROUTES
) -> list[Chunk]:
    """Chunks covering every routed section, each within `max_tokens` (estimated), in text order.

    Adjacent sections routed to the same kinds share a chunk when they fit; a section too long for one
    chunk is cut at sentence ends; a single sentence longer than the budget is cut by characters. When
    adjacent sections routed to different kinds need fewer calls together than apart (a short report's
    review and plan), they are cut as one stretch and each chunk asks for the kinds of the sections it
    holds: every call repeats the instructions, so fewer calls send fewer tokens.
    """
    if max_tokens < 1:
        raise ValueError("max_tokens must be positive")
    parts = sections(report)
    runs = _routed_runs(report, parts, routes)
    tokens = _Tokens(report.text)

    def calls(start: int, end: int) -> int:
        return -(-tokens(start, end) // max_tokens)

    chunks: list[Chunk] = []
    for stretch in _stretches(runs):
        start, end = stretch[0].start, stretch[-1].end
        if calls(start, end) < sum(calls(r.start, r.end) for r in stretch):
            pieces = [_Run(start, end, ())]
        else:
            pieces = stretch
        for piece in pieces:
            for s, e in _even_cut(report.text, tokens, piece.start, piece.end, max_tokens):
                kinds = tuple(
                    k for k in ALL_KINDS if any(r.start < e and s < r.end and k in r.kinds for r in stretch)
                )
                at = section_at(parts, s)
                chunks.append(Chunk(s, e, kinds, at.title if at is not None else ""))
    return [replace(c, index=i) for i, c in enumerate(chunks)]


@dataclass(frozen=True)
class _Run:
    """Consecutive sections routed to the same kinds."""

    start: int
    end: int
    kinds: tuple[str, ...]


def _routed_runs(report: Report, parts: list[Section], routes: Mapping[str, Sequence[str]]) -> list[_Run]:
    runs: list[_Run] = []
    for part in parts:
        kinds = tuple(routes.get(part.kind, ()))
        short_preamble = part.end - part.start < MIN_PREAMBLE_CHARS
        if part.kind == SectionKind.preamble and len(parts) > 1 and short_preamble:
            kinds = ()
        if not kinds:
            continue
        if runs and runs[-1].kinds == kinds and runs[-1].end == part.start:
            runs[-1] = replace(runs[-1], end=part.end)
        else:
            runs.append(_Run(part.start, part.end, kinds))
    return runs


def _stretches(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped where each starts exactly where the previous one ends (no unrouted text between)."""
    groups: list[list[_Run]] = []
    for run in runs:
        if groups and groups[-1][-1].end == run.start:
            groups[-1].append(run)
        else:
            groups.append([run])
    return groups


def _even_cut(text: str, tokens: _Tokens, start: int, end: int, max_tokens: int) -> list[tuple[int, int]]:
    """As few spans as the budget allows, of even size (no tiny leftover chunk)."""
    total = tokens(start, end)
    count = -(-total // max_tokens)
    spans = _cut(text, tokens, start, end, max_tokens)
    if count > 1 and len(spans) == count:
        even = _cut(text, tokens, start, end, min(max_tokens, total * 11 // (10 * count) + 1))
        spans = even if len(even) == count else spans
    return spans


def _cut(text: str, tokens: _Tokens, start: int, end: int, max_tokens: int) -> list[tuple[int, int]]:
    """Spans covering text[start:end], each within the budget, cut after sentence ends where possible.

    Token counts are summed sentence by sentence (each piece is estimated once), so a long section costs
    linear time; the sum of parts never undercounts the whole.
    """
    if tokens(start, end) <= max_tokens:
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    cur = done = start  # current span start; end of the text already counted in `used`
    used = 0
    for sentence in sentences(text, start, end):
        grown = used + tokens(done, sentence.end)
        if grown <= max_tokens:
            used, done = grown, sentence.end
            continue
        if sentence.start > cur and text[cur : sentence.start].strip():
            spans.append((cur, sentence.start))
            cur = sentence.start
        while tokens(cur, sentence.end) > max_tokens:  # one oversized sentence
            cut = _char_cut(text, tokens, cur, sentence.end, max_tokens)
            spans.append((cur, cut))
            cur = cut
        used, done = tokens(cur, sentence.end), sentence.end
    if cur < end and text[cur:end].strip():
        spans.append((cur, end))
    elif spans:
        spans[-1] = (spans[-1][0], end)
    return spans


def _char_cut(text: str, tokens: _Tokens, start: int, end: int, max_tokens: int) -> int:
    """The furthest position within the budget: after the last comma, else not inside a number."""
    lo, hi = start + 1, end
    while lo < hi:  # binary search: largest pos with estimate(text[start:pos]) <= max_tokens
        mid = (lo + hi + 1) // 2
        if tokens(start, mid) <= max_tokens:
            lo = mid
        else:
            hi = mid - 1
    comma = max(text.rfind(c, start, lo) for c in "，,、：")
    if comma > start:
        return comma + 1
    cut = lo
    while cut > start + 1 and (text[cut - 1].isdigit() or text[cut - 1] in ".．") and text[cut].isdigit():
        cut -= 1  # never inside a number: 449.23 stays whole
    return cut


def split_chunk(report: Report, chunk: Chunk, min_chars: int = 16) -> tuple[Chunk, Chunk] | None:
    """Two halves of a chunk cut at the sentence end nearest its middle (a comma if one sentence).

    Used when a model's answer was cut off (finish_reason "length"). None when too short to split.
    """
    if chunk.end - chunk.start < 2 * min_chars:
        return None
    middle = (chunk.start + chunk.end) // 2
    ends = [s.end for s in sentences(report.text, chunk.start, chunk.end)][:-1]
    cuts = [e for e in ends if chunk.start + min_chars <= e <= chunk.end - min_chars]
    if not cuts:
        text = report.text
        cuts = [
            i + 1 for i in range(chunk.start + min_chars, chunk.end - min_chars) if text[i] in "，,、：；"
        ] or [middle]
    cut = min(cuts, key=lambda e: abs(e - middle))
    return replace(chunk, end=cut), replace(chunk, start=cut)


_FIGURE = re.compile(r"\d")
_MEASURE = re.compile(
    r"亿|万|%|％|个百分点|倍|增长|下降|提高|达到|完成|突破|实现|控制在|人次|吨|公里|千米|亩"
)
_GOAL_WORDS = re.compile(r"预期目标|主要目标|同步|持平|下达|以内|以上|左右|高于|低于|到20\d\d年|年均")
_PROJECT = re.compile(
    r"(开工|建成|通车|投运|投用|竣工|建设|推进|启动|实施|谋划|争取|签约|落地|开通|完工)"
    r".{0,40}?(工程|项目|铁路|高铁|高速|机场|水库|大桥|隧道|轨道|轻轨|地铁|园区|基地|中心|医院|学校|"
    r"电站|港|码头|枢纽|管网|厂|大道|公路|快速路|环线|综合体|产业园)"
    r"|(工程|项目|铁路|高铁|高速|机场|水库|大桥|隧道|轨道|园区|基地|医院|电站|枢纽|大道|公路|环线)"
    r".{0,12}?(开工|建成|通车|投运|投用|竣工|加快建设|主体完工|封顶)"
)


_HEADING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节部分篇])"
)
_LEAD_IN = re.compile(r"[：:]\s*$|(?:目标|任务|安排|要求)(?:是|为)?\s*$")


def candidate_sentences(report: Report, chunk: Chunk) -> list[Sentence]:
    """Sentences of a chunk that look like they state a figure or a project for the chunk's kinds.

    A selected sentence right after a lead-in (`主要预期目标是：`) starts at the lead-in, so the model
    sees what the figures are (and can quote it); the lead-in alone is never a candidate.
    """
    result: list[Sentence] = []
    previous: Sentence | None = None
    for sentence in sentences(report.text, chunk.start, chunk.end):
        lead_in = (
            previous
            if previous is not None and _LEAD_IN.search(report.text[previous.start : previous.end])
            else None
        )
        previous = sentence
        text = report.text[sentence.start : sentence.end]
        has_figure = bool(_FIGURE.search(text) and _MEASURE.search(text))
        wanted = (
            ("achievements" in chunk.kinds and has_figure)
            or ("goals" in chunk.kinds and (has_figure or _GOAL_WORDS.search(text)))
            or ("key_projects" in chunk.kinds and _PROJECT.search(text))
        )
        if wanted:
            if lead_in is not None and (not result or result[-1].end <= lead_in.start):
                sentence = Sentence(start=lead_in.start, end=sentence.end)
            result.append(sentence)
    return result


def candidate_lines(report: Report, chunk: Chunk) -> list[str]:
    """The candidate sentences' text, each group under the heading it sits below (`【（三）…】`).

    Headings are section titles and numbered paragraph openings (`（一）`, `一、`, `第二章`); they are
    context lines for the model, never quotes.
    """
    chosen = candidate_sentences(report, chunk)
    if not chosen:
        return []
    text = report.text
    headings = [(chunk.start, chunk.section)] if chunk.section else []
    line_start = chunk.start
    for line in text[chunk.start : chunk.end].splitlines(keepends=True):
        stripped = line.strip()
        if stripped and _HEADING.match(stripped):
            head = re.split(r"[。：:]", stripped, maxsplit=1)[0][:40]
            headings.append((line_start, head))
        line_start += len(line)
    lines: list[str] = []
    shown = None
    for sentence in chosen:
        heading = next((h for pos, h in reversed(headings) if pos <= sentence.start), None)
        if heading and heading != shown:
            lines.append(f"【{heading}】")
            shown = heading
        lines.append(text[sentence.start : sentence.end])
    return lines
