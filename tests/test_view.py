"""The HTML view, checked on the Python side: marked-up text, tables, escaping, size and speed, the CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from summarizer.cli import main
from summarizer.extract import base as registry
from summarizer.models import Achievement, Evidence, ReportSummary
from summarizer.view import Highlight, highlights, mark_text, render_html, render_many
from tests.view_helpers import (
    PAYLOADS,
    corpus_file,
    gold_report,
    gold_summary,
    hostile,
    located_count,
    long_single_line,
)


class Page(HTMLParser):
    """Collects what the tests look at: tags, scripts, marks (ids and text) and the article's text."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.marks: list[tuple[list[str], str]] = []
        self.article: list[str] = []
        self.rows: dict[str, int] = {}
        self._script: list[str] | None = None
        self._mark: list[str] | None = None
        self._in_article = False
        self._tbody: str | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script":
            self._script = []
        elif tag == "article":
            self._in_article = True
        elif tag == "mark" and "hl" in (attrs.get("class") or "").split():
            self.marks.append((attrs["data-ids"].split(), ""))
            self._mark = []
        elif tag == "tbody":
            self._tbody = attrs.get("class")
        elif tag == "tr" and self._tbody and "data-id" in attrs:
            self.rows[self._tbody] = self.rows.get(self._tbody, 0) + 1

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        elif tag == "article":
            self._in_article = False
        elif tag == "mark" and self._mark is not None:
            ids, _ = self.marks[-1]
            self.marks[-1] = (ids, "".join(self._mark))
            self._mark = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        if self._mark is not None:
            self._mark.append(data)
        if self._in_article:
            self.article.append(data)

    def text_of(self, item_id: str) -> str:
        return "".join(text for ids, text in self.marks if item_id in ids)


@pytest.fixture(scope="module")
def bazhong():
    summary, report = gold_summary("000_bazhong")
    return summary, report, Page(render_html(summary, report))


def test_report_text_comes_back_exactly_from_the_page(bazhong):
    _, report, page = bazhong
    assert "".join(page.article) == report.text


def test_every_item_is_highlighted_over_exactly_its_quote(bazhong):
    summary, report, page = bazhong
    items = [("g", summary.goals), ("a", summary.achievements), ("p", summary.key_projects)]
    for code, kind in items:
        for n, item in enumerate(kind):
            assert page.text_of(f"r0-{code}{n}") == report.text[item.evidence.start : item.evidence.end]
    assert page.rows == {"g": 4, "a": 16, "p": 78}


def test_tables_have_the_item_fields(bazhong):
    summary, _, _ = bazhong
    page = render_html(summary, gold_report("000_bazhong"))
    n, goal = next(
        (n, g) for n, g in enumerate(summary.goals) if g.qualifier == "at_most"
    )  # 失业率 4.4% 以内
    row = re.search(rf'<tr data-id="r0-g{n}"[^>]*>(.*?)</tr>', page).group(1)
    assert (
        goal.indicator.replace("_", "_<wbr>") in row
        and ">4.4<" in row
        and ">at_most<" in row
        and ">2020<" in row
    )
    assert "巴中市" in page and "市长 何平" in page and "2020-05-15" in page and "12000 in / 2100 out" in page


def _span(id_: str, kind: str, start: int, end: int) -> Highlight:
    return Highlight(id_, kind, start, end, "exact")


def test_overlapping_and_identical_spans_split_into_segments():
    report = gold_report("000_bazhong")
    quote = "城镇登记失业率控制在 4.4% 以内"
    start = report.text.index(quote)
    inner = report.text.index("4.4%", start)
    spans = [
        _span("g0", "g", start, start + len(quote)),
        _span("g1", "g", start, start + len(quote)),  # identical span, another item
        _span("a0", "a", inner, inner + 4),  # nested inside both, another kind
        _span("p0", "p", start - 5, start + 3),  # crosses the start
    ]
    page = Page(f"<article>{mark_text(report.text, spans)}</article>")
    assert "".join(page.article) == report.text
    assert page.marks == [
        (["p0"], report.text[start - 5 : start]),
        (["g0", "g1", "p0"], report.text[start : start + 3]),
        (["g0", "g1"], report.text[start + 3 : inner]),
        (["g0", "g1", "a0"], "4.4%"),
        (["g0", "g1"], report.text[inner + 4 : start + len(quote)]),
    ]
    marked = mark_text(report.text, spans)
    assert '<mark class="hl g p m" data-ids="g0 g1 p0">' in marked
    assert '<mark class="hl g a m" data-ids="g0 g1 a0">4.4%</mark>' in marked


def test_missing_or_stale_offsets_are_relocated_and_absent_quotes_listed_unlocated():
    report = gold_report("000_bazhong")
    quote = "全市699个贫困村全部退出"
    truth = report.text.index(quote)
    summary = ReportSummary(
        meta=report.meta,
        achievements=[
            Achievement(indicator="poverty_reduction", description="a", evidence=Evidence(quote=quote)),
            Achievement(
                indicator="poverty_reduction",
                description="b",
                evidence=Evidence(quote=quote, start=3, end=16),
            ),
            Achievement(
                indicator="other", description="c", evidence=Evidence(quote="这句话不在报告里面出现")
            ),
        ],
    )
    spans = highlights(summary, report)
    assert [(h.start, h.end, h.tier) for h in spans[:2]] == [(truth, truth + len(quote), "relocated")] * 2
    assert spans[2] is None
    page = render_html(summary, report)
    assert '<tr data-id="r0-a2" class="unlocated"' in page
    marks = Page(page).marks
    assert marks == [(["r0-a0", "r0-a1"], quote)]


def test_hostile_report_and_model_output_are_rendered_as_text():
    summary, report = hostile()
    page = render_html(summary, report)
    parsed = Page(page)
    # only the page's own elements: three scripts, no image or svg, no event-handler attribute anywhere
    assert len(parsed.scripts) == 3
    assert not [t for t, _ in parsed.tags if t in ("img", "svg", "iframe", "object")]
    assert not [(t, a) for t, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert "".join(parsed.article) == report.text
    for payload in PAYLOADS:
        assert payload not in page  # never raw
        assert html.escape(payload.strip(), quote=False) in page  # shown as text
    data = json.loads(parsed.scripts[1])
    assert "<" not in parsed.scripts[1] and ">" not in parsed.scripts[1] and "&" not in parsed.scripts[1]
    assert any(PAYLOADS[0] in item["d"] for item in data["items"].values())  # round-trips intact


def test_scripts_are_allowed_by_their_hash_and_nothing_else_is():
    summary, report = gold_summary("001_yuzhong")
    page = render_html(summary, report)
    parsed = Page(page)
    csp = next(a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv"))
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    script_tags = [attrs for tag, attrs in parsed.tags if tag == "script"]
    executable = [
        s for s, a in zip(parsed.scripts, script_tags, strict=True) if a.get("type") != "application/json"
    ]
    assert len(executable) == 2
    assert {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in executable} == hashes
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_long_single_line_report_renders_whole_and_compact():
    summary, report = long_single_line()
    assert len(report.text) == 75_000 and located_count(summary) > 300
    page = render_html(summary, report)
    assert len(page.encode()) < 3 * len(report.text.encode())  # about 1.9x the text
    parsed = Page(page)
    assert "".join(parsed.article) == report.text
    assert len({i for ids, _ in parsed.marks for i in ids}) == located_count(summary)


def test_render_many_has_a_picker_and_unique_ids():
    pairs = [gold_summary("001_nanchuan"), gold_summary("001_yuzhong")]
    page = render_many(pairs)
    assert page.count("<option ") == 2 and "南川区 2021" in page and "渝中区 2021" in page
    assert '<section class="report" id="r0">' in page and '<section class="report" id="r1" hidden>' in page
    ids = re.findall(r'<tr data-id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == sum(located_count(s) for s, _ in pairs)
    with pytest.raises(ValueError):
        render_many([])


# ------------------------------------------------------------------------------------------------ CLI


def _summary_json(name: str) -> str:
    summary, _ = gold_summary(name)
    return summary.model_dump_json()


def test_cli_view_result_json(tmp_path):
    result = tmp_path / "result.json"
    result.write_text(_summary_json("000_bazhong"), encoding="utf-8")
    out = tmp_path / "page.html"
    res = CliRunner().invoke(main, ["view", str(result), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = Page(out.read_text(encoding="utf-8"))
    assert "".join(page.article) == gold_report("000_bazhong").text
    assert sum(page.rows.values()) == 98 and "1 report(s), 98 item(s)" in res.output


def test_cli_view_jsonl_batch_makes_a_picker_and_report_picks_one(tmp_path):
    lines = [
        _summary_json("001_nanchuan"),
        json.dumps({"error": {"source": "x"}}),
        _summary_json("001_yuzhong"),
    ]
    result = tmp_path / "batch.jsonl"
    result.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "page.html"
    res = CliRunner().invoke(main, ["view", str(result), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").count('<section class="report"') == 2
    yuzhong = gold_report("001_yuzhong").index
    res = CliRunner().invoke(main, ["view", str(result), "-o", str(out), "--report", str(yuzhong)])
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="report"') == 1 and "渝中区" in page
    res = CliRunner().invoke(main, ["view", str(result), "-o", str(out), "--report", "3"])
    assert res.exit_code != 0 and "no summary of report 3" in res.output


def test_cli_view_result_with_a_moved_source(tmp_path):
    summary, _ = gold_summary("000_bazhong")
    result = tmp_path / "result.json"
    result.write_text(
        summary.model_copy(update={"source": "/nowhere/000.txt"}).model_dump_json(), encoding="utf-8"
    )
    res = CliRunner().invoke(main, ["view", str(result), "-o", str(tmp_path / "p.html")])
    assert res.exit_code == 1 and "--source" in res.output
    args = ["view", str(result), "-o", str(tmp_path / "p.html"), "--source", str(corpus_file("000"))]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output


def test_cli_view_rejects_json_that_is_not_a_summary(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"goals": 3}', encoding="utf-8")
    res = CliRunner().invoke(main, ["view", str(bad), "-o", str(tmp_path / "p.html")])
    assert res.exit_code == 1 and "not a report summary" in res.output


class GoldExtractor:
    """Stands in for a backend: the gold items of the report's region, so the page has real content."""

    name = "gold"

    def cache_key(self):
        return {"backend": "gold"}

    async def extract(self, report):
        name = {"巴中市": "000_bazhong", "南川区": "001_nanchuan", "渝中区": "001_yuzhong"}.get(
            report.meta.region
        )
        if name is None:
            return ReportSummary(meta=report.meta, source=report.source, report_index=report.index)
        return gold_summary(name)[0]


def test_cli_view_report_file_summarizes_it(tmp_path, monkeypatch):
    monkeypatch.setitem(registry._REGISTRY, "rules", lambda **_: GoldExtractor())
    out = tmp_path / "page.html"
    res = CliRunner().invoke(main, ["view", str(corpus_file("000")), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert sum(Page(out.read_text(encoding="utf-8")).rows.values()) == 98
    # a collection: every report on one page, or the one asked for
    res = CliRunner().invoke(main, ["view", str(corpus_file("001")), "-o", str(out)])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").count("<option ") == 10
    res = CliRunner().invoke(main, ["view", str(corpus_file("001")), "-o", "-", "--report", "6"])
    assert res.exit_code == 0 and res.output.count('<section class="report"') == 1 and "南川区" in res.output
    res = CliRunner().invoke(main, ["view", str(corpus_file("001")), "-o", "-", "--report", "10"])
    assert res.exit_code == 2 and "holds 10 report(s)" in res.output


def test_cli_view_report_file_without_the_rules_backend(tmp_path, monkeypatch):
    monkeypatch.delitem(registry._REGISTRY, "rules", raising=False)
    monkeypatch.setitem(registry._BUILTIN, "rules", "summarizer.extract._no_such_module")
    res = CliRunner().invoke(main, ["view", str(corpus_file("000")), "-o", str(tmp_path / "p.html")])
    assert res.exit_code == 1
    assert "'rules' backend is not available" in res.output and "summarizer view RESULT.json" in res.output


def test_cli_view_report_file_with_the_real_rules_backend(tmp_path):
    pytest.importorskip("summarizer.extract.rules")
    out = tmp_path / "page.html"
    res = CliRunner().invoke(main, ["view", str(corpus_file("000")), "-o", str(out)])
    assert res.exit_code == 0, res.output
    page = Page(out.read_text(encoding="utf-8"))
    assert "".join(page.article) == gold_report("000_bazhong").text
    assert sum(page.rows.values()) > 0 and page.marks


def test_view_of_a_batch_file_works_from_any_folder(tmp_path, monkeypatch):
    import shutil

    from conftest import CORPUS, FILES

    from summarizer.cli import main

    work = tmp_path / "project"
    (work / "reports").mkdir(parents=True)
    shutil.copy(CORPUS / FILES["qianjiang"], work / "reports" / "q.txt")
    monkeypatch.chdir(work)  # the batch records the relative path reports/q.txt
    made = CliRunner().invoke(main, ["batch", "reports", "-o", "out/all.jsonl", "--backend", "rules"])
    assert made.exit_code == 0, made.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    page = CliRunner().invoke(main, ["view", str(work / "out" / "all.jsonl"), "-o", "page.html"])
    assert page.exit_code == 0, page.output  # found under the result's parent folders
    assert "地区生产总值" in (elsewhere / "page.html").read_text(encoding="utf-8")
    moved = tmp_path / "moved.jsonl"
    shutil.copy(work / "out" / "all.jsonl", moved)
    lost = CliRunner().invoke(main, ["view", str(moved), "-o", "p2.html"])
    assert lost.exit_code == 1 and "--source-root" in lost.output
    found = CliRunner().invoke(main, ["view", str(moved), "-o", "p2.html", "--source-root", str(work)])
    assert found.exit_code == 0, found.output
