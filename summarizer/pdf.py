"""PDF bytes -> Document, read with PDFium (pypdfium2) and laid out from the positions of text lines.

PDFium gives text runs with their boxes; the reading order is rebuilt from geometry, not from the order
the file happens to draw in:

- running headers and footers go: a line near the top or bottom of the page that repeats, digits aside,
  at the same height on three or more pages (or on every page of a two-page file), and bare page numbers
  there (`- 3 -`, `第3页`, `3`, `第 3 页 共 14 页`);
- two-column pages are read column by column (a vertical gutter with lines on both sides of it);
- a line that fills the column width carries on into the next one (joined with no space between Chinese
  characters); a short line, an indented next line or a wider gap ends the paragraph, across page breaks
  too; full-width punctuation is kept as printed.

PDFium is not thread-safe, so one lock serialises all use of it.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .documents import Document, PageText, assemble
from .errors import CorruptDocumentError, EmptyInputError, EncryptedDocumentError, ScannedDocumentError

__all__ = ["read_pdf"]

log = logging.getLogger(__name__)

_LOCK = threading.Lock()
_PAGE_NUMBER = re.compile(
    r"(?:第 {0,2})?[0-9０-９]{1,5} {0,2}页?(?: {0,2}(?:[/／]|共) {0,2}[0-9０-９]{1,5} {0,2}页?)?|[Pp]age ?\d{1,5}(?: of \d{1,5})?"
)
"""A bare page number, once the dashes around it (- 3 -, — 3 —) are stripped."""
_DASHES = " \t\u3000-—–－_·"
_SENTENCE_END = tuple("。！？；：…!?;:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]")
_ZONE_LINES = 2
"""How many lines at the top and at the bottom of a page may be running headers or footers."""


@dataclass
class _Line:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)


def read_pdf(data: bytes, name: str = "input") -> Document:
    """Text of a PDF with its page spans; raises UnreadableDocumentError subclasses for unreadable files."""
    with _LOCK:
        pages, image_pages = _page_lines(data, name)
    _drop_furniture(pages)
    if not any(pages):
        if image_pages:
            raise ScannedDocumentError(
                f"{name}: no text layer on any of its {len(pages)} page(s), only images (a scan?); "
                f"run OCR first, e.g. `ocrmypdf -l chi_sim {name} out.pdf`, and read the result"
            )
        raise EmptyInputError(f"{name}: no text on any of its {len(pages)} page(s)")
    missing = [i + 1 for i in sorted(image_pages) if not pages[i]]
    if missing:
        log.warning("%s: page(s) %s have no text layer (images only); their text is missing", name, missing)
    return assemble(_page_texts(pages), "pdf")


def _page_lines(data: bytes, name: str) -> tuple[list[list[_Line]], set[int]]:
    """Text lines of every page, and the indexes of pages that hold images but no text."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _load_error(exc, name) from exc
    try:
        pages: list[list[_Line]] = []
        image_pages: set[int] = set()
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines = _merge_runs(list(_runs(page)))
                if not lines and _has_images(page):
                    image_pages.add(index)
                pages.append(lines)
            finally:
                page.close()
        return pages, image_pages
    except pdfium.PdfiumError as exc:
        raise CorruptDocumentError(f"{name}: damaged PDF, a page cannot be read ({exc})") from exc
    finally:
        pdf.close()


def _load_error(exc: pdfium.PdfiumError, name: str) -> Exception:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedDocumentError(f"{name}: the PDF is encrypted and needs a password to open")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedDocumentError(f"{name}: the PDF uses an unsupported security handler")
    return CorruptDocumentError(f"{name}: not a readable PDF (damaged or truncated file)")


def _runs(page) -> Iterator[_Line]:
    """Runs of characters on one baseline, in drawing order, with their loose (font-height) boxes.

    PDFium's generated characters (the spaces and line breaks it guesses) are skipped: lines and spaces
    are rebuilt from positions here.
    """
    textpage = page.get_textpage()
    try:
        run: _Line | None = None
        for i in range(textpage.count_chars()):
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
                continue
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 0xFFFE)
            if _CONTROL.match(char):
                continue
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            if run is not None:
                h = run.height
                if abs(bottom - run.bottom) < 0.5 * h and -0.5 * h < left - run.right < h:
                    run.text += char
                    run.top = max(run.top, top)
                    if not char.isspace():  # a trailing space must not make a line look full
                        run.right = max(run.right, right)
                    continue
                if run.text.strip():
                    yield _strip(run)
            run = _Line(char, left, bottom, right, top)
        if run is not None and run.text.strip():
            yield _strip(run)
    finally:
        textpage.close()


def _strip(run: _Line) -> _Line:
    run.text = run.text.strip()
    return run


def _has_images(page) -> bool:
    return next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3), None) is not None


def _merge_runs(runs: list[_Line]) -> list[_Line]:
    """Runs on the same baseline that touch (less than a character apart) form one line, top to bottom."""
    lines: list[_Line] = []
    for run in sorted(runs, key=lambda r: (-round(r.bottom), r.left)):
        for line in reversed(lines[-4:]):
            same_row = abs((line.top + line.bottom) - (run.top + run.bottom)) / 2 < 0.5 * line.height
            if same_row and -0.5 * line.height < run.left - line.right < line.height:
                line.text = _join(
                    line.text, run.text, " " if run.left - line.right > 0.25 * line.height else ""
                )
                line.right = max(line.right, run.right)
                line.top, line.bottom = max(line.top, run.top), min(line.bottom, run.bottom)
                break
        else:
            lines.append(run)
    lines.sort(key=lambda line: (-round(line.bottom), line.left))
    return lines


def _join(first: str, second: str, space: str = "") -> str:
    return first + (space or _joiner(first, second)) + second


def _joiner(first: str, second: str) -> str:
    """A space between two Latin words broken over lines; nothing between Chinese characters or digits."""
    a, b = first[-1:], second[:1]
    return " " if a.isascii() and a.isalpha() and b.isascii() and b.isalpha() else ""


def _furniture_key(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]]) -> None:
    """Remove running headers/footers and page numbers from the top and bottom lines of each page."""
    zones = [
        [(i, line) for i, line in enumerate(lines) if i < _ZONE_LINES or i >= len(lines) - _ZONE_LINES]
        for lines in pages
    ]
    candidates: dict[str, list[tuple[int, float]]] = {}
    for number, zone in enumerate(zones):
        for _, line in zone:
            candidates.setdefault(_furniture_key(line.text), []).append((number, line.top))
    repeated: set[tuple[int, float]] = set()
    for places in candidates.values():
        for number, top in places:
            same = {n for n, t in places if abs(t - top) <= 6}
            if len(same) >= 3 or (len(same) == len(pages) >= 2):
                repeated.add((number, top))
    for number, zone in enumerate(zones):
        drop = {
            i
            for i, line in zone
            if (number, line.top) in repeated or _PAGE_NUMBER.fullmatch(line.text.strip(_DASHES))
        }
        if drop:
            pages[number] = [line for i, line in enumerate(pages[number]) if i not in drop]


def _columns(lines: list[_Line]) -> list[list[_Line]]:
    """Lines in reading order, grouped by column: full-width lines above, columns left to right, below."""
    if len(lines) < 8:
        return [lines] if lines else []
    left = min(line.left for line in lines)
    right = max(line.right for line in lines)
    width = right - left
    narrow = [line for line in lines if line.right - line.left < 0.55 * width]
    gutter = _gutter(narrow, left + 0.25 * width, right - 0.25 * width)
    if gutter is None:
        return [lines]
    first = [line for line in lines if line.right <= gutter]
    second = [line for line in lines if line.left >= gutter]
    spanning = [line for line in lines if line.left < gutter < line.right]
    top = max(line.top for line in first + second)
    above = [line for line in spanning if line.bottom >= top]
    below = [line for line in spanning if line.bottom < top]
    return [group for group in (above, first, second, below) if group]


def _gutter(lines: list[_Line], low: float, high: float) -> float | None:
    """The middle of the widest x band in [low, high] crossed by (almost) no line, with 3+ lines each side.

    A centred title or heading may cross the gutter, so up to 5% of the lines (at least one) may.
    """
    if len(lines) < 6:
        return None
    allowed = max(1, len(lines) // 20)
    best: tuple[float, float] | None = None
    band_start: float | None = None
    x = low
    while x <= high + 1:
        clear = x <= high and sum(line.left < x < line.right for line in lines) <= allowed
        if clear and band_start is None:
            band_start = x
        elif not clear and band_start is not None:
            if best is None or x - band_start > best[1] - best[0]:
                best = (band_start, x)
            band_start = None
        x += 1.0
    if best is None or best[1] - best[0] < 6:
        return None
    middle = (best[0] + best[1]) / 2
    left_side = sum(line.right <= middle for line in lines)
    right_side = sum(line.left >= middle for line in lines)
    return middle if left_side >= 3 and right_side >= 3 else None


def _page_texts(pages: list[list[_Line]]) -> list[PageText]:
    result: list[PageText] = []
    previous: tuple[_Line, float] | None = None  # last line of the page before, and its column's right edge
    for lines in pages:
        paragraphs: list[str] = []
        continues = False
        for column in _columns(lines):
            col_left = min(line.left for line in column)
            col_right = max(line.right for line in column)
            pitch = _pitch(column)
            for line in column:
                if previous is not None and _carries_on(previous, line, col_left, pitch):
                    if paragraphs:
                        paragraphs[-1] = _join(paragraphs[-1], line.text)
                    else:
                        continues = True
                        paragraphs.append(line.text)
                else:
                    paragraphs.append(line.text)
                previous = (line, col_right)
        joiner = (
            _joiner(result[-1].paragraphs[-1], paragraphs[0]) if continues and result[-1].paragraphs else ""
        )
        result.append(PageText(tuple(paragraphs), continues, joiner))
    return result


def _pitch(column: list[_Line]) -> float:
    """The usual distance from one line's top to the next in a column."""
    gaps = [a.top - b.top for a, b in itertools.pairwise(column) if a.top > b.top]
    return statistics.median(gaps) if gaps else 0.0


def _carries_on(previous: tuple[_Line, float], line: _Line, col_left: float, pitch: float) -> bool:
    """Whether `line` continues the paragraph of the line before it (in the same or an earlier column)."""
    before, before_right = previous
    if line.left > col_left + 0.8 * line.height:  # indented: a new paragraph
        return False
    if line.top < before.bottom and pitch > 0 and before.top - line.top > 1.6 * pitch:  # a wider gap
        return False
    room = before_right - before.right
    if before.text.endswith(_SENTENCE_END):
        return room < 1.5 * before.height  # a full line that ends a sentence, mid-paragraph
    # no closing punctuation: broken mid-sentence unless the line is as short as a heading
    return room < 0.4 * (before_right - col_left)
