"""Compare PDF and Word text extractors on the test documents; prints the figures in bench/README.md.

    pip install pypdfium2 pdfminer.six pypdf python-docx docx2python
    python bench/bench_pdf.py

Each PDF library is used the plain way (its own text extraction, pages joined), and so is `summarizer`
(pypdfium2 plus its own layout). Against the source text of each document (whitespace removed):
similarity (rapidfuzz normalized Levenshtein; order errors lower it), characters missing from and extra
to the source (multiset difference; running headers and page numbers count as extra), full-width
punctuation kept, and speed (best of 3, pages per second).
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "tests" / "fixtures" / "documents"
CORPUS = ROOT / "evals" / "corpus"
QIANJIANG = (CORPUS / "003_81e20280b68fc4c4.txt").read_text(encoding="utf-8")
BAZHONG = (CORPUS / "000_e181ff31d8784aa3.txt").read_text(encoding="utf-8")
FULL_WIDTH = set("，。、；：？！“”（）《》—")

PDFS = {
    "report_qianjiang.pdf (14 p, embedded TrueType subset)": (DOCS / "report_qianjiang.pdf", QIANJIANG),
    "two_reports.pdf (29 p, STSong-Light CID, not embedded)": (DOCS / "two_reports.pdf", BAZHONG + QIANJIANG),
    "two_column.pdf (1 p, lines drawn in row order)": (
        DOCS / "two_column.pdf",
        "2020年巴中市人民政府工作报告" + (DOCS / "two_column.txt").read_text(encoding="utf-8"),
    ),
}


def pypdfium2_text(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    return "\n".join(pages), len(pages)


def pdfminer_text(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_text

    text = extract_text(path)
    return text, text.count("\f")


def pypdf_text(path: Path) -> tuple[str, int]:
    import pypdf

    pages = [page.extract_text() for page in pypdf.PdfReader(path).pages]
    return "\n".join(pages), len(pages)


def summarizer_text(path: Path) -> tuple[str, int]:
    from summarizer.read import read_document

    document = read_document(path)
    return document.text, len(document.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def measure(extract, path: Path, source: str) -> dict:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        text, pages = extract(path)
        times.append(time.perf_counter() - began)
    got, want = squeeze(text), squeeze(source)
    have, need = Counter(got), Counter(want)
    punct_want = sum(need[c] for c in FULL_WIDTH)
    return {
        "similarity": Levenshtein.normalized_similarity(got, want),
        "missing": sum((need - have).values()),
        "extra": sum((have - need).values()),
        "punct": f"{sum(min(have[c], need[c]) for c in FULL_WIDTH)}/{punct_want}",
        "pages/s": pages / min(times),
    }


def bench_pdf() -> None:
    extractors = {
        "pypdfium2": pypdfium2_text,
        "pdfminer.six": pdfminer_text,
        "pypdf": pypdf_text,
        "summarizer (pypdfium2 + layout)": summarizer_text,
    }
    for title, (path, source) in PDFS.items():
        print(f"\n{title}")
        print(
            f"  {'extractor':34} {'similarity':>10} {'missing':>8} {'extra':>6} {'full-width':>11} {'pages/s':>8}"
        )
        for name, extract in extractors.items():
            m = measure(extract, path, source)
            print(
                f"  {name:34} {m['similarity']:10.4f} {m['missing']:8} {m['extra']:6} {m['punct']:>11}"
                f" {m['pages/s']:8.1f}"
            )


def docx_zip_xml(path: Path) -> str:
    from summarizer.read import read_document

    return read_document(path).text


def docx_python_docx(path: Path) -> str:
    import docx

    return "\n\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def docx_docx2python(path: Path) -> str:
    from docx2python import docx2python

    with docx2python(path) as result:
        return result.text


def bench_docx() -> None:
    path = DOCS / "report_bazhong.docx"
    print(f"\n{path.name} (body paragraphs and headings, a page header)")
    print(f"  {'reader':34} {'similarity':>10} {'missing':>8} {'extra':>6} {'ms':>8}")
    for name, extract in {
        "zipfile + ElementTree (summarizer)": docx_zip_xml,
        "python-docx": docx_python_docx,
        "docx2python": docx_docx2python,
    }.items():
        times = []
        for _ in range(3):
            began = time.perf_counter()
            text = extract(path)
            times.append(time.perf_counter() - began)
        got, want = Counter(squeeze(text)), Counter(squeeze(BAZHONG))
        print(
            f"  {name:34} {Levenshtein.normalized_similarity(squeeze(text), squeeze(BAZHONG)):10.4f}"
            f" {sum((want - got).values()):8} {sum((got - want).values()):6} {min(times) * 1000:8.1f}"
        )


if __name__ == "__main__":
    bench_pdf()
    bench_docx()
