"""Word (.docx) bytes -> Document, read straight from the package's word/document.xml.

Only the body is read: page headers, footers, comments and footnotes live in other parts of the package.
Paragraphs (table cells included, in document order) are separated by a blank line; text in runs is joined
as written, `w:tab` gives a tab and `w:br` a line break; deleted text of tracked changes, field codes,
drawings and text boxes are left out. Pages: Word records where it last broke pages
(`w:lastRenderedPageBreak`); without those, hard page breaks count; otherwise the whole text is one page.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from .documents import Document, PageText, assemble
from .errors import CorruptDocumentError, EmptyInputError, EncryptedDocumentError

__all__ = ["MAX_XML_BYTES", "is_docx", "read_docx"]

MAX_XML_BYTES = 256 * 1024 * 1024
"""word/document.xml above this size (uncompressed) is refused rather than inflated."""

_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # ISO strict
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SKIP = frozenset({"del", "moveFrom", "instrText", "drawing", "pict", "object", "txbxContent", "fldData"})


def is_docx(data: bytes, suffix: str = "") -> bool:
    """A zip package holding word/document.xml (or, damaged, a file named .docx that starts like a zip)."""
    if data[:4] != b"PK\x03\x04":
        return suffix.lower() == ".docx" and data[:8] == _OLE_MAGIC
    return b"word/document.xml" in data or suffix.lower() == ".docx"


def read_docx(data: bytes, name: str = "input") -> Document:
    """Text of a .docx body with its pages; raises UnreadableDocumentError subclasses for unreadable files."""
    if data[:8] == _OLE_MAGIC:
        raise EncryptedDocumentError(
            f"{name}: a password-protected (encrypted) Word file, or an old binary .doc; "
            "open it in Word and save an unprotected .docx"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise CorruptDocumentError(
                    f"{name}: word/document.xml is {info.file_size} bytes uncompressed"
                )
            xml = package.read(info)
    except KeyError as exc:
        raise CorruptDocumentError(
            f"{name}: a zip file without word/document.xml, not a Word document"
        ) from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise CorruptDocumentError(f"{name}: damaged or truncated Word file ({exc})") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise CorruptDocumentError(
            f"{name}: damaged Word file, word/document.xml is not valid XML ({exc})"
        ) from exc
    pages = _pages(root)
    if not any(page.paragraphs for page in pages):
        raise EmptyInputError(f"{name}: the Word document has no text")
    return assemble(pages, "docx")


def _local(tag: str) -> tuple[str, str]:
    namespace, _, local = tag[1:].partition("}")
    return namespace, local


def _pages(root: ElementTree.Element) -> list[PageText]:
    rendered = any(_local(el.tag)[1] == "lastRenderedPageBreak" for el in root.iter())
    pages: list[list[str]] = [[]]
    continues = [False]
    current: list[str] = []
    for kind, value in _events(root, rendered):
        if kind == "text":
            current.append(value)
            continue
        paragraph = "".join(current).strip()
        if paragraph:
            pages[-1].append(paragraph)
        current = []
        if kind == "page":
            pages.append([])
            continues.append(bool(paragraph))  # broken mid-paragraph: the next page carries it on
        elif not paragraph and not pages[-1]:
            continues[-1] = False  # the break was the paragraph's last thing
    return [PageText(tuple(p), c) for p, c in zip(pages, continues, strict=True)]


def _events(element: ElementTree.Element, rendered: bool) -> Iterator[tuple[str, str]]:
    """("text", s) for text, ("end", "") at a paragraph end, ("page", "") at a page break, in order."""
    for child in element:
        namespace, local = _local(child.tag)
        if namespace == "http://schemas.openxmlformats.org/markup-compatibility/2006" and local == "Fallback":
            continue
        if local in _SKIP:
            continue
        if namespace not in _NAMESPACES:
            yield from _events(child, rendered)
        elif local == "t":
            yield "text", child.text or ""
        elif local == "tab":
            yield "text", "\t"
        elif local in ("br", "cr"):
            kind = child.get(f"{{{namespace}}}type")
            if kind == "page" and not rendered:
                yield "page", ""
            elif kind != "page":
                yield "text", "\n"
        elif local in ("lastRenderedPageBreak", "pageBreakBefore"):
            if _is_page_break(child, namespace, rendered):
                yield "page", ""
        elif local == "p":
            yield from _events(child, rendered)
            yield "end", ""
        else:
            yield from _events(child, rendered)


def _is_page_break(element: ElementTree.Element, namespace: str, rendered: bool) -> bool:
    """Word's rendered breaks when it recorded them, else a paragraph's page-break-before setting."""
    if _local(element.tag)[1] == "lastRenderedPageBreak":
        return rendered
    return not rendered and element.get(f"{{{namespace}}}val", "1") not in ("0", "false")
