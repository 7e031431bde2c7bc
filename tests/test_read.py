import codecs

import pytest

from summarizer.errors import BinaryInputError, EmptyInputError, InputError
from summarizer.read import decode, decode_document, html_to_text, read_document, read_text
from tests.conftest import CORPUS, FILES

SAMPLE = (CORPUS / FILES["bazhong"]).read_text(encoding="utf-8")[:3000]


@pytest.mark.parametrize(
    "encoding, data",
    [
        ("utf-8", SAMPLE.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + SAMPLE.encode("utf-8")),
        ("gb18030", SAMPLE.encode("gb18030")),
        ("gbk", SAMPLE.encode("gbk", errors="strict")),
        ("utf-16 with BOM", SAMPLE.encode("utf-16")),
        ("utf-16-le without BOM", SAMPLE.encode("utf-16-le")),
        ("utf-16-be without BOM", SAMPLE.encode("utf-16-be")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_decode_detects_encoding_from_bytes(encoding, data):
    assert decode(data) == SAMPLE


def test_decode_refuses_empty_and_blank():
    with pytest.raises(EmptyInputError):
        decode(b"")
    with pytest.raises(EmptyInputError):
        decode(b" \n\t\r\n")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"\x89PNG\r\n\x1a\n" + bytes(2000),
        b"PK\x03\x04" + bytes(range(200)) * 10,
    ],
    ids=["all-bytes", "png", "zip"],
)
def test_decode_refuses_binary(data):
    with pytest.raises(BinaryInputError):
        decode(data)


def test_html_page_keeps_text_and_drops_scripts():
    page = (
        "<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>"
        "<script>var x = '不要';</script><p>2020年巴中市人民政府工作报告</p>"
        "<div>地区生产总值增长 6%左右&nbsp;</div></body></html>"
    )
    text = decode(page.encode("utf-8"))
    assert "2020年巴中市人民政府工作报告" in text
    assert "地区生产总值增长 6%左右" in text
    assert "不要" not in text and "<p>" not in text


def test_html_to_text_puts_blocks_on_their_own_lines():
    assert html_to_text("<p>一</p><p>二</p>").split() == ["一", "二"]


def test_read_text_names_the_file_in_errors(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(EmptyInputError, match=r"empty\.txt"):
        read_text(empty)
    with pytest.raises(InputError, match=r"missing\.txt"):
        read_text(tmp_path / "missing.txt")


def test_read_document_of_a_text_file_is_one_page(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(SAMPLE, encoding="gb18030")
    document = read_document(path)
    assert document.text == SAMPLE == read_text(path)
    assert document.source_format == "text" and document.pages == ((0, len(SAMPLE)),)
    assert document.page_of(len(SAMPLE) // 2) == 1


def test_decode_document_marks_html():
    document = decode_document("<html><body><p>地区生产总值增长 6%左右</p></body></html>".encode())
    assert document.source_format == "html" and "地区生产总值增长 6%左右" in document.text


def test_pdf_header_is_not_binary_but_a_broken_pdf_names_the_file(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    with pytest.raises(InputError, match=r"report\.pdf: not a readable PDF") as caught:
        read_text(path)
    assert not isinstance(caught.value, BinaryInputError)


def test_saved_page_with_prolog_comment_and_navigation():
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- saved from url=(0050)https://www.gov.cn/ -->\n'
        "<!DOCTYPE html><html><body><nav><a>首页</a><a>政务</a></nav>"
        "<select><option>省政府网站</option></select><p>各位代表：</p><p>现在，我代表省人民政府</p></body></html>"
    )
    text = decode(page.encode("utf-8"))
    assert text.splitlines()[0] == "各位代表："
    assert "首页" not in text and "省政府网站" not in text and "<p>" not in text


def test_a_content_block_cut_out_of_a_page_is_read_as_html():
    # how a scraper saved a gov.cn report: the content <div> only, inside the repr of a Python list
    paragraphs = "".join(f"<p>　　第{i}段：国内生产总值增长7%左右。</p>\n" for i in range(30))
    fragment = '[<div class="conlun2_box_text">\n<h4>各位代表：</h4>\n' + paragraphs + "</div>]"
    text = decode(fragment.encode("utf-8"))
    assert "<p>" not in text and "<h4>" not in text and "各位代表：" in text
    assert "国内生产总值增长7%左右" in text
    plain = "各位代表：\n现在，我代表市人民政府向大会报告工作。<注>一处尖括号不算网页。\n" * 30
    assert decode(plain.encode("utf-8")) == plain
