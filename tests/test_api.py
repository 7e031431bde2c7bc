"""The bulk API on corpus files: every entry point, every source type, error rows, usage, concurrency."""

from __future__ import annotations

import asyncio

import pandas as pd
import pytest
from conftest import CORPUS, FILES, corpus_report, corpus_reports
from fake_extractors import FakeExtractor, summarize_text

import summarizer.api as api
from summarizer import InputError, load_reports
from summarizer.config import resolve_settings
from summarizer.models import Usage
from summarizer.sources import REPORT_SUFFIXES

QIANJIANG = CORPUS / FILES["qianjiang"]
DISTRICTS = CORPUS / FILES["chongqing_districts"]


@pytest.fixture
def fake() -> FakeExtractor:
    return FakeExtractor()


def test_summarize_one_report_file_text_and_report_agree(fake):
    report = corpus_report("qianjiang")
    from_file = api.summarize(QIANJIANG, extractor=fake, cache=False)
    from_report = api.summarize(report, extractor=fake, cache=False)
    from_text = api.summarize(report.text, extractor=fake, cache=False)
    assert from_file.meta.region == "黔江区" and from_file.meta.year == 2019
    assert from_file.source == str(QIANJIANG) and from_file.report_index == 0
    assert from_file.achievements == from_report.achievements == from_text.achievements
    assert from_file.achievements, "the fake extractor finds growth figures in this report"
    for item in from_file.achievements:
        assert report.text[item.evidence.start : item.evidence.end] == item.evidence.quote
    assert from_text.source == "text#0"
    assert len(fake.calls) == 3


def test_summarize_refuses_a_collection_and_raises_input_errors(fake, tmp_path):
    with pytest.raises(InputError, match="10 reports; use summarize_many"):
        api.summarize(DISTRICTS, extractor=fake, cache=False)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        api.summarize(empty, extractor=fake, cache=False)


def test_summarize_many_directory_glob_paths_reports_and_texts(fake):
    every = api.summarize_many(CORPUS, extractor=fake, cache=False)
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in REPORT_SUFFIXES)
    assert {p.suffix for p in files} == {".txt", ".html"}  # folders pick up every report type
    assert len(every.summaries) == sum(len(load_reports(p)) for p in files)
    assert every.ok and every.errors == []
    # input order: files sorted, reports in file order
    order = [(s.source, s.report_index) for s in every.summaries]
    assert order == sorted(order)
    globbed = api.summarize_many(str(CORPUS / "00[13]_*.txt"), extractor=fake, cache=False)
    assert [s.meta.region for s in globbed.summaries] == [
        r.meta.region for r in corpus_reports("chongqing_districts")
    ] + ["黔江区"]
    mixed = api.summarize_many(
        [str(QIANJIANG), corpus_report("bazhong"), corpus_report("chongqing_districts", "忠县").text],
        extractor=fake,
        cache=False,
    )
    assert [s.meta.region for s in mixed.summaries] == ["黔江区", "巴中市", "忠县"]
    assert mixed.summaries[2].source == "text#0"


def test_summarize_many_dataframe_with_id_column(fake):
    reports = corpus_reports("chongqing_districts")[:3]
    frame = pd.DataFrame({"doc": [f"d{i}" for i in range(3)], "body": [r.text for r in reports]})
    result = api.summarize_many(frame, extractor=fake, cache=False, text_column="body", id_column="doc")
    assert [s.source for s in result.summaries] == ["d0", "d1", "d2"]
    assert [s.meta.region for s in result.summaries] == [r.meta.region for r in reports]
    with pytest.raises(InputError, match="no 'text' column"):
        api.summarize_many(frame, extractor=fake, cache=False)


def test_failing_documents_become_rows_and_never_stop_the_batch(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(corpus_report("qianjiang").text.encode("gbk", errors="replace"))
    failing = FakeExtractor(fail_on="渝北区")
    result = api.summarize_many(
        [tmp_path, tmp_path / "missing.txt", DISTRICTS, str(tmp_path / "nothing-*.txt")],
        extractor=failing,
        cache=False,
    )
    errors = {(e.source.rsplit("/", 1)[-1], e.error_type) for e in result.errors}
    assert errors == {
        ("binary.txt", "BinaryInputError"),
        ("empty.txt", "EmptyInputError"),
        ("missing.txt", "InputError"),
        (DISTRICTS.name, "RuntimeError"),
        ("nothing-*.txt", "InputError"),
    }
    extractor_error = next(e for e in result.errors if e.error_type == "RuntimeError")
    assert extractor_error.report_index == 0  # 渝北区 is the first district
    assert "sk-abcdefghijklmnop" not in extractor_error.message and "sk-***" in extractor_error.message
    # the GBK file and the nine other districts still came through
    assert next(s for s in result.summaries if s.source.endswith("gbk.txt")).meta.region == "黔江区"
    assert len(result.summaries) == 1 + 9


def test_api_key_never_reaches_error_messages():
    secret = "not-a-real-key-123456789"
    leaky = FakeExtractor()

    async def boom(report):
        raise RuntimeError(f"401 Unauthorized for key {secret}")

    leaky.extract = boom
    settings = resolve_settings(api_key=secret, model="m", base_url="http://127.0.0.1:9/v1")
    result = api.summarize_many(QIANJIANG, extractor=leaky, settings=settings, cache=False)
    assert len(result.errors) == 1
    assert secret not in result.errors[0].message and "***" in result.errors[0].message


def test_usage_totals_sum_the_reports(fake):
    result = api.summarize_many(DISTRICTS, extractor=fake, cache=False)
    total = sum((s.usage for s in result.summaries), Usage())
    assert result.usage == total and result.usage.calls == 10


def test_on_result_and_skip_support_resume(fake):
    seen = []
    result = api.summarize_many(
        DISTRICTS,
        extractor=fake,
        cache=False,
        skip={(str(DISTRICTS), 0), (str(DISTRICTS), 5)},
        on_result=seen.append,
    )
    assert result.skipped == 2
    assert sorted(s.report_index for s in result.summaries) == [1, 2, 3, 4, 6, 7, 8, 9]
    assert sorted(s.report_index for s in seen) == [1, 2, 3, 4, 6, 7, 8, 9]
    assert len(fake.calls) == 8


def test_progress_counts_documents_and_items(fake):
    snapshots = []
    result = api.summarize_many(
        [QIANJIANG, DISTRICTS],
        extractor=fake,
        cache=False,
        on_progress=lambda p: snapshots.append(
            (p.documents_done, p.documents_total, p.reports_done, p.items)
        ),
    )
    assert snapshots[-1] == (
        2,
        2,
        11,
        sum(len(s.goals) + len(s.achievements) + len(s.key_projects) for s in result.summaries),
    )
    assert [s[2] for s in snapshots] == sorted(s[2] for s in snapshots)


class _InFlight(FakeExtractor):
    """Counts the reports being extracted at the same moment."""

    def __init__(self) -> None:
        super().__init__(delay=0.05)
        self.now = self.peak = 0

    async def extract(self, report):
        self.now += 1
        self.peak = max(self.peak, self.now)
        try:
            return await super().extract(report)
        finally:
            self.now -= 1


def test_reports_run_concurrently():
    counting = _InFlight()
    result = api.summarize_many(DISTRICTS, extractor=counting, cache=False, concurrency=10)
    assert len(result.summaries) == 10
    assert counting.peak == 10  # all ten in flight together, not one after another
    capped = _InFlight()
    api.summarize_many(DISTRICTS, extractor=capped, cache=False, concurrency=3)
    assert capped.peak == 3


def test_async_twins_and_the_sync_wrapper_inside_a_loop(fake):
    async def inside():
        one = await api.asummarize(QIANJIANG, extractor=fake, cache=False)
        many = await api.asummarize_many([QIANJIANG], extractor=fake, cache=False)
        with pytest.raises(RuntimeError, match=r"await summarizer\.asummarize_many"):
            api.summarize_many([QIANJIANG], extractor=fake, cache=False)
        return one, many

    one, many = asyncio.run(inside())
    assert many.summaries == [one]
    report = corpus_report("qianjiang")
    end = report.offset + len(report.text)
    provenance = {"source": str(QIANJIANG), "report_start": report.offset, "report_end": end}
    assert one == summarize_text(report).model_copy(update=provenance)


def test_backend_choice_follows_model_settings():
    assert api.choose_backend(None, resolve_settings()) == "rules"
    configured = resolve_settings(model="qwen", base_url="http://127.0.0.1:8080/v1")
    assert api.choose_backend(None, configured) == "llm"
    assert api.choose_backend("rules", configured) == "rules"


def test_registered_backend_by_name(monkeypatch):
    from summarizer.extract import base

    monkeypatch.setitem(base._REGISTRY, "fake-test", lambda **_: FakeExtractor(name="fake-test"))
    result = api.summarize_many(QIANJIANG, backend="fake-test", cache=False)
    assert result.summaries[0].backend == "fake-test"


def test_unknown_setting_is_a_config_error(fake):
    from summarizer import ConfigError

    with pytest.raises(ConfigError, match="temperatur"):
        api.summarize_many(QIANJIANG, extractor=fake, cache=False, temperatur=0.5)


def test_rules_backend_on_corpus_files():
    bazhong = CORPUS / FILES["bazhong"]
    result = api.summarize_many([QIANJIANG, bazhong], backend="rules", cache=False)
    assert result.ok and [s.meta.region for s in result.summaries] == ["黔江区", "巴中市"]
    texts = [corpus_report("qianjiang").text, corpus_report("bazhong").text]
    for summary, text in zip(result.summaries, texts, strict=True):
        assert summary.backend == "rules" and summary.goals and summary.achievements
        for item in [*summary.goals, *summary.achievements, *summary.key_projects]:
            assert text[item.evidence.start : item.evidence.end] == item.evidence.quote
    gdp = [g for g in result.summaries[0].goals if g.indicator == "gdp_growth"]
    assert gdp and "地区生产总值" in gdp[0].evidence.quote


def test_model_backend_calls_in_flight_never_exceed_the_concurrency():
    fakeserver = pytest.importorskip("fakeserver")
    pytest.importorskip("summarizer.extract.llm")
    with fakeserver.FakeServer(delay=0.05) as server:
        result = api.summarize_many(
            [QIANJIANG, DISTRICTS],
            backend="llm",
            base_url=server.url,
            model="fake",
            concurrency=3,
            cache=False,
        )
    assert result.ok and len(result.summaries) == 11
    assert result.usage.calls == len(server.served) > 11  # several chunks per report
    assert server.max_in_flight == 3
