"""PDF and Word reports: text, layout traps, page spans and clear errors (files in tests/fixtures/documents)."""

from __future__ import annotations

import io
import itertools
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from summarizer.documents import Document, PageText, assemble
from summarizer.errors import (
    CorruptDocumentError,
    EmptyInputError,
    EncryptedDocumentError,
    InputError,
    ScannedDocumentError,
    UnreadableDocumentError,
)
from summarizer.extract.rules import extract_rules
from summarizer.read import decode, decode_document, read_document, read_text
from summarizer.split import load_reports
from tests.conftest import CORPUS, FILES

DOCS = Path(__file__).resolve().parent / "fixtures" / "documents"
QIANJIANG = (CORPUS / FILES["qianjiang"]).read_text(encoding="utf-8")
BAZHONG = (CORPUS / FILES["bazhong"]).read_text(encoding="utf-8")
FULL_WIDTH = "，。、；：？！“”（）《》——"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def similarity(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(squeeze(a), squeeze(b))


@pytest.fixture(scope="module")
def report_pdf() -> Document:
    return read_document(DOCS / "report_qianjiang.pdf")


def test_pdf_report_gives_the_report_text(report_pdf):
    assert report_pdf.source_format == "pdf" and not report_pdf.ocr
    assert similarity(report_pdf.text, QIANJIANG) >= 0.99
    growth = [s for s in re.split(r"(?<=[。；])", squeeze(QIANJIANG)) if "增长" in s]
    assert len(growth) > 10
    text = squeeze(report_pdf.text)
    assert [s for s in growth if s not in text] == []
    for mark in FULL_WIDTH:
        assert text.count(mark) == squeeze(QIANJIANG).count(mark), mark


def test_pdf_running_header_and_page_numbers_are_gone(report_pdf):
    assert len(report_pdf.pages) == 14
    # the title is printed once as the title and 14 times as the running header
    assert report_pdf.text.count("2019年重庆市黔江区政府工作报告") == 1
    assert not re.search(r"^\s*[-—]?\s*\d+\s*[-—]?\s*$", report_pdf.text, re.MULTILINE)


def test_pdf_lines_broken_mid_sentence_are_joined(report_pdf):
    source = [squeeze(p) for p in QIANJIANG.splitlines() if p.strip()]
    paragraphs = [squeeze(p) for p in report_pdf.text.split("\n\n")]
    assert paragraphs == source
    assert "\n" not in report_pdf.text.replace("\n\n", "")


def test_pdf_page_spans_cover_the_text_and_keep_each_character_on_its_page(report_pdf):
    pages = report_pdf.pages
    assert pages[0][0] == 0 and pages[-1][1] == len(report_pdf.text)
    assert all(a[1] == b[0] and a[0] < a[1] for a, b in itertools.pairwise(pages))
    assert report_pdf.page_of(0) == 1
    assert report_pdf.page_of(len(report_pdf.text)) == 14
    # page 1 ends with "新" and page 2 starts with "增政府债券资金": one word, one line, two pages
    at = report_pdf.text.index("新增政府债券资金11.8亿元")
    assert report_pdf.page_of(at) == 1 and report_pdf.page_of(at + 1) == 2
    assert report_pdf.page_range(at, at + 8) == (1, 2)
    for number, (start, end) in enumerate(pages, 1):
        assert report_pdf.page_of(start) == number and report_pdf.page_of(end - 1) == number
    with pytest.raises(ValueError):
        report_pdf.page_of(len(report_pdf.text) + 1)


def test_two_column_page_reads_column_by_column():
    document = read_document(DOCS / "two_column.pdf")
    shown = (DOCS / "two_column.txt").read_text(encoding="utf-8")
    title, _, body = document.text.partition("\n\n")
    assert title == "2020年巴中市人民政府工作报告"
    assert similarity(body, shown) >= 0.99
    assert "- 1 -" not in document.text


def test_pdf_and_txt_of_a_report_give_the_same_goals():
    (from_pdf,) = load_reports(DOCS / "report_qianjiang.pdf")
    (from_txt,) = load_reports(CORPUS / FILES["qianjiang"])
    assert from_pdf.meta == from_txt.meta
    pdf_summary, txt_summary = extract_rules(from_pdf), extract_rules(from_txt)
    goals = [(g.indicator, g.low, g.high) for g in pdf_summary.goals]
    assert goals == [(g.indicator, g.low, g.high) for g in txt_summary.goals]
    assert len(goals) >= 5
    assert len(pdf_summary.achievements) == len(txt_summary.achievements)
    assert len(pdf_summary.key_projects) == len(txt_summary.key_projects)
    for goal in pdf_summary.goals:  # quotes are exact slices of the report text read from the PDF
        assert from_pdf.text[goal.evidence.start : goal.evidence.end] == goal.evidence.quote


def test_pdf_holding_two_reports_splits_in_two():
    reports = load_reports(str(DOCS / "two_reports.pdf"))
    assert [r.meta.region for r in reports] == ["巴中市", "黔江区"]
    assert similarity(reports[0].text, BAZHONG) >= 0.99
    assert similarity(reports[1].text, QIANJIANG) >= 0.99


def test_pdf_with_owner_password_only_reads():
    document = read_document(DOCS / "restricted.pdf")
    assert document.text.startswith("2020年巴中市人民政府工作报告")


def test_word_report_reads_body_only():
    document = read_document(DOCS / "report_bazhong.docx")
    assert document.source_format == "docx" and document.pages == ((0, len(document.text)),)
    assert similarity(document.text, BAZHONG) >= 0.99
    assert "页眉" not in document.text  # the page header is not body text
    paragraphs = document.text.split("\n\n")
    assert "一、2019年工作回顾" in paragraphs  # a heading stays its own paragraph
    assert [s.strip() for s in BAZHONG.splitlines() if s.strip()] == paragraphs


def test_word_and_txt_of_a_report_give_the_same_goals():
    (from_docx,) = load_reports(DOCS / "report_bazhong.docx")
    (from_txt,) = load_reports(CORPUS / FILES["bazhong"])
    goals = [(g.indicator, g.low, g.high) for g in extract_rules(from_docx).goals]
    assert goals and goals == [(g.indicator, g.low, g.high) for g in extract_rules(from_txt).goals]


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(
            "word/document.xml", f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
        )
    return buf.getvalue()


def test_word_page_breaks_give_page_spans_and_keep_a_broken_paragraph_whole():
    body = (
        "<w:p><w:r><w:t>一、标题</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>增长</w:t><w:br w:type='page'/><w:t>6%左右。</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>第二段</w:t><w:tab/><w:t>x</w:t></w:r>"
        "<w:del><w:r><w:delText>删掉的</w:delText></w:r></w:del></w:p>"
        "<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>第三页</w:t></w:r></w:p>"
    )
    document = decode_docx(_docx(body))
    assert document.text == "一、标题\n\n增长6%左右。\n\n第二段\tx\n\n第三页"
    assert [document.text[s:e] for s, e in document.pages] == [
        "一、标题\n\n增长",
        "6%左右。\n\n第二段\tx\n\n",
        "第三页",
    ]
    assert document.page_of(document.text.index("6%")) == 2


def decode_docx(data: bytes) -> Document:
    return decode_document(data, "test.docx")


@pytest.mark.parametrize(
    ("name", "error", "words"),
    [
        ("scanned.pdf", ScannedDocumentError, ["no text layer", "OCR"]),
        ("encrypted.pdf", EncryptedDocumentError, ["encrypted", "password"]),
        ("truncated.pdf", CorruptDocumentError, ["damaged or truncated"]),
        ("corrupt.pdf", CorruptDocumentError, ["not a readable PDF"]),
        ("corrupt.docx", CorruptDocumentError, ["damaged or truncated Word file"]),
    ],
)
def test_unreadable_documents_raise_clear_input_errors(name, error, words):
    with pytest.raises(error) as caught:
        read_text(DOCS / name)
    assert isinstance(caught.value, UnreadableDocumentError) and isinstance(caught.value, InputError)
    message = str(caught.value)
    assert str(DOCS / name) in message
    for word in words:
        assert word in message
    assert "Traceback" not in message and "PdfiumError" not in message
    with pytest.raises(error):
        load_reports(DOCS / name)


def test_kind_of_file_comes_from_the_bytes_not_the_name(tmp_path):
    renamed = tmp_path / "report.txt"
    shutil.copy(DOCS / "report_qianjiang.pdf", renamed)
    assert read_document(renamed).source_format == "pdf"
    unnamed = tmp_path / "download"
    shutil.copy(DOCS / "report_bazhong.docx", unnamed)
    assert read_document(unnamed).source_format == "docx"
    # a PDF piped in as bytes (the CLI reads stdin with decode) is read, not refused as binary
    assert decode((DOCS / "restricted.pdf").read_bytes()).startswith("2020年巴中市人民政府工作报告")


def test_zip_that_is_not_a_word_file(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as package:
        package.writestr("xl/workbook.xml", "<workbook/>")
    named_docx = tmp_path / "sheet.docx"
    named_docx.write_bytes(buf.getvalue())
    with pytest.raises(CorruptDocumentError, match=r"without word/document\.xml"):
        read_text(named_docx)


def test_password_protected_word_file(tmp_path):
    ole = tmp_path / "secret.docx"
    ole.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(EncryptedDocumentError, match="password"):
        read_text(ole)


def test_empty_word_document():
    with pytest.raises(EmptyInputError):
        decode_docx(_docx("<w:p/>"))


def test_assemble_gives_blank_pages_empty_spans():
    document = assemble(
        [PageText(()), PageText(("甲。",)), PageText(()), PageText(("乙", "丙。"), continues=True)], "pdf"
    )
    assert document.text == "甲。乙\n\n丙。"
    assert document.pages == ((0, 0), (0, 2), (2, 2), (2, 7))
    assert [document.page_of(i) for i in range(len(document.text) + 1)] == [2, 2, 4, 4, 4, 4, 4, 4]


def test_pdf_with_some_image_only_pages_reads_the_rest_and_warns(caplog):
    import pypdfium2 as pdfium

    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(DOCS / "restricted.pdf"))
    mixed.import_pages(pdfium.PdfDocument(DOCS / "scanned.pdf"))
    buf = io.BytesIO()
    mixed.save(buf)
    with caplog.at_level("WARNING", logger="summarizer.pdf"):
        document = decode_document(buf.getvalue(), "mixed.pdf")
    assert document.text.startswith("2020年巴中市人民政府工作报告")
    assert len(document.pages) == 3 and document.pages[2][0] == document.pages[2][1] == len(document.text)
    assert "mixed.pdf: page(s) [3] have no text layer" in caplog.text
