"""Bytes -> text: PDF and Word files, encoding detection, HTML stripping and clear errors for unreadable input.

The kind of file is told from its bytes (`%PDF-`, a zip holding word/document.xml), and encodings from
BOMs, UTF-16 zero-byte patterns and strict decoding, never guessed from a file name alone (a damaged
file named .docx is reported as a damaged Word file). `read_document` keeps the page spans of PDF and
Word files; `read_text` and `decode` return the text only.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from pathlib import Path

from .documents import Document, SourceFormat
from .docx import is_docx, read_docx
from .errors import BinaryInputError, EmptyInputError, InputError
from .pdf import read_pdf

__all__ = ["MAX_BYTES", "decode", "decode_document", "read_document", "read_text"]

MAX_BYTES = 64 * 1024 * 1024
"""Larger inputs are refused: the biggest real collection we have seen is 1.5 MB."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*(<!doctype html|<html|<head|<body|<meta|<div|<p[ >])",
    re.IGNORECASE | re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# markup that only a page (or a fragment cut out of one) is made of; plain reports never hold these
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|br|span|table|tr|td|li|ul|strong|font)\b[^<>\n]{0,300}>", re.IGNORECASE
)


def decode(data: bytes) -> str:
    """Decode report bytes: a PDF or .docx, or text in UTF-8 (with or without BOM), UTF-16/32, GB18030/GBK.

    Raises EmptyInputError for blank input, BinaryInputError for anything that is not text, and
    UnreadableDocumentError subclasses for PDF and Word files that give no text.
    """
    return decode_document(data).text


def decode_document(data: bytes, name: str = "input") -> Document:
    """Report bytes -> Document; `name` (a file name) goes into error messages of PDF and Word files."""
    if is_pdf(data):
        return read_pdf(data, name)
    if is_docx(data, Path(name).suffix):
        return read_docx(data, name)
    text, source_format = _decode_text(data)
    return Document.single_page(text, source_format)


def is_pdf(data: bytes) -> bool:
    """The PDF header may follow up to 1,024 bytes of junk (the specification allows it)."""
    return b"%PDF-" in data[:1024]


def _decode_text(data: bytes) -> tuple[str, SourceFormat]:
    if not data.strip():
        raise EmptyInputError("input is empty")
    text = _decode_bytes(data)
    if not text.strip():
        raise EmptyInputError("input holds only whitespace")
    if len(_CONTROL.findall(text[:20000])) > max(8, len(text[:20000]) // 100):
        raise BinaryInputError("input looks binary (control characters), not a text report")
    if _HTML_START.match(text[:2000]) or _looks_like_html_fragment(text[:20000]):
        return html_to_text(text), "html"
    return text, "text"


def _looks_like_html_fragment(head: str) -> bool:
    """A page's content block saved without its <html> shell: block tags throughout, not a stray one."""
    tags = _BLOCK_TAG.findall(head)
    return len(tags) >= 10 and sum(len(tag) for tag in tags) * 50 >= len(head)


def _decode_bytes(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise BinaryInputError("input looks binary (zero bytes), not a text report")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BinaryInputError("input is not UTF-8, UTF-16 or GB18030 text")


def _utf16_without_bom(data: bytes) -> str | None:
    """Chinese UTF-16 has few zero bytes, so judge by ASCII digits/newlines at even or odd places."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    # CJK code points such as U+4E00 put zero bytes on the other side too, but far fewer
    if odd_zeros > half * 0.05 and odd_zeros > 4 * even_zeros:
        return "utf-16-le"
    if even_zeros > half * 0.05 and even_zeros > 4 * odd_zeros:
        return "utf-16-be"
    return None


class _TextExtractor(HTMLParser):
    # page furniture that never holds report text: navigation, drop-down link lists, embedded frames
    _SKIP = frozenset(
        {"script", "style", "head", "noscript", "template", "nav", "select", "iframe", "svg", "button"}
    )
    _BLOCK = frozenset(
        {
            "p", "div", "br", "li", "tr", "td", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
            "section", "article", "table", "ul", "ol", "blockquote", "pre", "center", "hr", "header", "footer",
        }
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Keep the visible text of an HTML page, one block per line; scripts and styles dropped."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip("\n")


def read_document(path: str | Path) -> Document:
    """Read a report file (text, HTML, PDF or .docx) with its page spans; errors name the file."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size} bytes is over the {MAX_BYTES} byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        return decode_document(data, name=path.name)
    except InputError as exc:
        message = str(exc).removeprefix(f"{path.name}: ")
        raise type(exc)(f"{path}: {message}") from exc.__cause__


def read_text(path: str | Path) -> str:
    """Read a report file and return its text (`read_document(path).text`); errors name the file."""
    return read_document(path).text
