"""The text of a report file together with where each page of it lies.

A `Document` is what the read stage hands on: `text` is the string every offset downstream refers to, and
`pages` holds one `(start, end)` character span per page of the source file. Spans are contiguous and cover
the text: page 1 starts at 0, each page ends where the next begins, the last ends at `len(text)`, so every
offset belongs to exactly one page (a blank page gets an empty span). A paragraph that runs over a page
break is joined into one line of `text`; its characters keep the page they were printed on.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["Document", "PageText", "SourceFormat", "assemble"]

SourceFormat = Literal["text", "html", "pdf", "docx"]

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Document:
    """Report text read from a file, with one `(start, end)` span per page (1 page for text and HTML)."""

    text: str
    pages: tuple[tuple[int, int], ...]
    source_format: SourceFormat
    ocr: bool = False
    """True when the text came from optical character recognition (digits may be wrong)."""

    @classmethod
    def single_page(cls, text: str, source_format: SourceFormat) -> Document:
        return cls(text, ((0, len(text)),), source_format)

    def page_of(self, offset: int) -> int:
        """The 1-based number of the page holding character `offset` (`len(text)`, an end offset, counts)."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} is outside the text (0..{len(self.text)})")
        numbered = [(start, number) for number, (start, end) in enumerate(self.pages, 1) if end > start]
        if not numbered:
            return 1
        index = bisect_right([start for start, _ in numbered], offset) - 1
        return numbered[max(index, 0)][1]

    def page_range(self, start: int, end: int) -> tuple[int, int]:
        """First and last page (1-based) of the characters `text[start:end]`."""
        return self.page_of(start), self.page_of(max(start, end - 1))


@dataclass(frozen=True)
class PageText:
    """One page's paragraphs in reading order; `continues` when its first paragraph carries on the last
    paragraph of the page before (a sentence broken by the page break), and `joiner` goes between them."""

    paragraphs: tuple[str, ...]
    continues: bool = False
    joiner: str = ""


def assemble(pages: Sequence[PageText], source_format: SourceFormat, ocr: bool = False) -> Document:
    """Join pages into one text: paragraphs separated by a blank line, page spans kept."""
    parts: list[str] = []
    length = 0
    starts: list[int | None] = []
    for page in pages:
        if not page.paragraphs:
            starts.append(None)
            continue
        first = True
        for paragraph in page.paragraphs:
            if length:
                sep = (page.joiner if page.continues else PARAGRAPH_BREAK) if first else PARAGRAPH_BREAK
                parts.append(sep)
                length += len(sep)
            if first:
                starts.append(length)
                first = False
            parts.append(paragraph)
            length += len(paragraph)
    text = "".join(parts)
    return Document(text, _spans(starts, len(text)), source_format, ocr)


def _spans(starts: Sequence[int | None], length: int) -> tuple[tuple[int, int], ...]:
    """Contiguous spans from each page's content start (None for a blank page)."""
    spans: list[tuple[int, int]] = []
    seen_text = False
    for i, start in enumerate(starts):
        following = next((s for s in starts[i + 1 :] if s is not None), length)
        if start is None:
            spans.append((following, following) if seen_text else (0, 0))
        else:
            spans.append((start if seen_text else 0, following))
            seen_text = True
    return tuple(spans)
