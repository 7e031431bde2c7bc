"""The `Summarizer` client: built once, resumable and cancellable in process, plugins for everyone."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, FILES, corpus_reports
from fake_extractors import FakeExtractor

import summarizer
from summarizer import ConfigError, InputError, ReportSummary, Summarizer
from summarizer.export import read_jsonl
from summarizer.extract import available_extractors, load_plugins
from summarizer.extract.base import _REGISTRY
from summarizer.extract.rules import RulesExtractor

DISTRICTS = CORPUS / FILES["chongqing_districts"]
PROVINCES = CORPUS / FILES["provinces"]


class CountingRules(RulesExtractor):
    """The real offline extractor, counting the reports it was given."""

    def __init__(self) -> None:
        self.calls = 0

    async def extract(self, report):
        self.calls += 1
        return await super().extract(report)


def test_one_client_builds_its_extractor_once_and_serves_many_calls():
    client = Summarizer("rules", cache=False)
    extractor = client.extractor
    one = client.summarize(CORPUS / FILES["qianjiang"])
    many = client.summarize_many(DISTRICTS)
    assert client.extractor is extractor and client.backend == "rules"
    assert one.meta.region == "黔江区" and len(many.summaries) == 10
    assert repr(client) == "<Summarizer backend='rules' concurrency=4>"


def test_no_model_configured_means_the_offline_backend():
    assert Summarizer(cache=False).backend == "rules"
    assert Summarizer(model="m", base_url="http://127.0.0.1:9/v1", cache=False).backend == "llm"


def test_an_interrupted_batch_resumes_without_redoing_finished_reports(tmp_path):
    out = tmp_path / "out.jsonl"
    slow = FakeExtractor(delay=0.05)
    client = Summarizer(extractor=slow, cache=False, concurrency=1)

    async def stop_after_three() -> None:
        done: list[object] = []
        task = asyncio.create_task(client.asummarize_many(DISTRICTS, output=out, on_result=done.append))
        while len(done) < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(stop_after_three())
    kept, _, bad = read_jsonl(out)
    assert len(kept) >= 3 and bad == 0

    again = FakeExtractor()
    result = Summarizer(extractor=again, cache=False).summarize_many(DISTRICTS, output=out)
    assert len(again.calls) == 10 - len(kept)  # only the unfinished reports
    assert len(result.resumed) == len(kept)
    final, _, _ = read_jsonl(out)
    assert sorted(s.report_index for s in final) == list(range(10))


def test_resuming_with_other_settings_is_refused(tmp_path):
    out = tmp_path / "out.jsonl"
    Summarizer(extractor=FakeExtractor(version=1), cache=False).summarize_many(DISTRICTS, output=out)
    other = Summarizer(extractor=FakeExtractor(version=2), cache=False)
    with pytest.raises(InputError, match="other backend settings"):
        other.summarize_many(DISTRICTS, output=out)
    result = other.summarize_many(DISTRICTS, output=out, overwrite=True)
    assert len(result.summaries) == 10 and not result.resumed


def test_cancel_stops_the_offline_backend_between_reports():
    counting = CountingRules()
    client = Summarizer(extractor=counting, cache=False, concurrency=2)
    total = len(corpus_reports("provinces"))

    async def cancel_after_first() -> int:
        done: list[object] = []
        task = asyncio.create_task(client.asummarize_many(PROVINCES, on_result=done.append))
        while not done:
            await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return counting.calls

    calls = asyncio.run(cancel_after_first())
    # the rules backend never awaits inside a report: the cancel lands at the next report boundary
    assert calls <= 3 < total


def test_iter_summaries_yields_as_it_goes_and_stops_when_the_loop_does():
    slow = FakeExtractor(delay=0.01)
    client = Summarizer(extractor=slow, cache=False, concurrency=1)
    rows = []
    for row in client.iter_summaries(DISTRICTS):
        rows.append(row)
        if len(rows) == 2:
            break
    assert all(isinstance(r, ReportSummary) for r in rows)
    assert len(slow.calls) <= 3  # the rest of the batch was cancelled
    every = list(summarizer.iter_summaries(DISTRICTS, extractor=FakeExtractor(), cache=False))
    assert len(every) == 10


def test_an_empty_folder_is_an_error_row_not_an_empty_success(tmp_path):
    (tmp_path / "empty").mkdir()
    result = Summarizer("rules", cache=False).summarize_many(tmp_path / "empty")
    assert not result.summaries and not result.ok
    assert result.errors[0].error_type == "InputError" and "no report files" in result.errors[0].message


def test_entry_point_plugins_load_for_the_library(tmp_path, monkeypatch):
    package = tmp_path / "demo_plugin.py"
    package.write_text(
        "from summarizer.extract.rules import RulesExtractor\n"
        "class Demo(RulesExtractor):\n    name = 'demo'\n",
        encoding="utf-8",
    )
    dist = tmp_path / "demo_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: demo-plugin\nVersion: 1.0\n", "utf-8")
    (dist / "entry_points.txt").write_text("[summarizer.extractors]\ndemo = demo_plugin:Demo\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(_REGISTRY, "demo", raising=False)
    assert "demo" in load_plugins()
    assert "demo" in available_extractors()
    client = Summarizer("demo", cache=False)
    assert client.summarize(CORPUS / FILES["qianjiang"]).backend == "rules"
    monkeypatch.delitem(_REGISTRY, "demo")
    monkeypatch.delitem(sys.modules, "demo_plugin", raising=False)


def test_a_broken_plugin_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_EXTRACTOR_PLUGINS", "no_such_plugin_module")
    with pytest.raises(ConfigError, match="no_such_plugin_module"):
        Summarizer(cache=False)


def test_settings_options_are_validated_once_with_one_message():
    with pytest.raises(ConfigError, match="invalid model settings: temperature"):
        Summarizer(cache=False, temperature="hot")


def test_the_cache_is_shared_by_every_call_of_a_client(tmp_path):
    counting = FakeExtractor()
    with Summarizer(extractor=counting, cache=tmp_path / "cache") as client:
        client.summarize_many(DISTRICTS)
        again = client.summarize_many(DISTRICTS)
    assert len(counting.calls) == 10 and again.cache_hits == 10
    assert Path(tmp_path / "cache").is_dir()


DOCUMENTS = Path(__file__).resolve().parent / "fixtures" / "documents"


def test_items_from_a_pdf_carry_the_page_their_quote_is_on():
    from summarizer.read import read_document

    path = DOCUMENTS / "two_reports.pdf"
    document = read_document(path)
    result = Summarizer("rules", cache=False).summarize_many(path)
    assert [s.meta.region for s in result.summaries] == ["巴中市", "黔江区"]
    pages = set()
    for s in result.summaries:
        for item in [*s.goals, *s.achievements, *s.key_projects]:
            at = s.report_start + item.evidence.start
            assert document.text[at : at + len(item.evidence.quote)] == item.evidence.quote
            assert item.evidence.page == document.page_of(at)
            pages.add(item.evidence.page)
    assert len(pages) > 5  # items spread over the pages, each with its own
    text_summary = Summarizer("rules", cache=False).summarize(CORPUS / FILES["qianjiang"])
    assert all(g.evidence.page is None for g in text_summary.goals)


def test_a_killed_model_run_resumed_pays_for_no_answer_twice(tmp_path):
    from fakeserver import FakeServer

    reports = list(corpus_reports("chongqing_districts")[:3])
    options = {"model": "fake", "chunk_tokens": 1500, "concurrency": 2}
    with FakeServer() as server:
        clean = Summarizer("llm", base_url=server.url, cache=tmp_path / "a", **options)
        uninterrupted = clean.summarize_many(reports).usage.calls
    assert uninterrupted >= 6

    with FakeServer(delay=0.05) as server:
        client = Summarizer("llm", base_url=server.url, cache=tmp_path / "b", **options)
        out = tmp_path / "out.jsonl"

        async def kill_mid_report() -> None:
            task = asyncio.create_task(client.asummarize_many(reports, output=out))
            while len(server.served) < uninterrupted // 2:  # some answers in, no report finished
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(kill_mid_report())
        first = len(server.served)
        resumed = Summarizer("llm", base_url=server.url, cache=tmp_path / "b", **options)
        result = resumed.summarize_many(reports, output=out)
        assert len(result.summaries) + len(result.resumed) == 3
        # answers already received come from the cache; only the calls in flight at the kill are paid twice
        assert uninterrupted <= len(server.served) <= uninterrupted + options["concurrency"]
        assert first < uninterrupted and resumed.extractor.cache_hits > 0
