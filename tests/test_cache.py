"""The SQLite cache: hits, misses, exact invalidation, secrets kept out, and survival of kill -9."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import CORPUS, FILES, corpus_report
from fake_extractors import FakeExtractor, summarize_text

import summarizer.api as api
from summarizer import load_reports
from summarizer.cache import Cache, cache_key, default_cache_dir
from summarizer.config import resolve_settings

QIANJIANG = CORPUS / FILES["qianjiang"]
DISTRICTS = CORPUS / FILES["chongqing_districts"]
ROOT = Path(__file__).resolve().parent.parent


def test_default_folder_comes_from_the_environment(tmp_path):
    assert default_cache_dir() == tmp_path / "cache"  # set by the conftest fixture
    assert Cache().path == tmp_path / "cache" / "summaries.sqlite3"


def test_put_get_round_trip_and_wal_mode(tmp_path):
    report = corpus_report("qianjiang")
    summary = summarize_text(report)
    key = cache_key(report.text, {"backend": "fake"})
    with Cache(tmp_path) as store:
        assert store.get(key) is None
        store.put(key, summary)
        assert store.get(key) == summary
        mode = store._db().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_key_depends_on_text_and_every_extractor_setting():
    text = corpus_report("qianjiang").text
    base = {"backend": "llm", "model": "m", "prompt": "default", "prompt_version": 1, "temperature": 0.0}
    key = cache_key(text, base)
    assert key == cache_key(text, dict(reversed(base.items())))  # order does not matter
    for field, value in [("model", "m2"), ("prompt", "terse"), ("prompt_version", 2), ("temperature", 0.2)]:
        assert cache_key(text, base | {field: value}) != key, field
    assert cache_key(text + "。", base) != key


def test_key_refuses_secrets():
    with pytest.raises(ValueError, match="secrets"):
        cache_key("text", {"backend": "llm", "settings": {"api_key": "x"}})


def test_rerun_makes_zero_extractor_calls():
    first = FakeExtractor()
    one = api.summarize_many([QIANJIANG, DISTRICTS], extractor=first)
    assert len(first.calls) == 11 and one.cache_hits == 0
    again = FakeExtractor()
    two = api.summarize_many([QIANJIANG, DISTRICTS], extractor=again)
    assert again.calls == [] and two.cache_hits == 11
    assert two.summaries == one.summaries
    assert two.usage.calls == 0  # cached summaries cost nothing this run


def test_changing_the_prompt_invalidates_exactly_its_entries():
    api.summarize_many([QIANJIANG, DISTRICTS], extractor=FakeExtractor(version=1))
    v2 = FakeExtractor(version=2)
    api.summarize_many([QIANJIANG], extractor=v2)
    assert len(v2.calls) == 1  # new prompt version: a miss
    v1_again = FakeExtractor(version=1)
    api.summarize_many([QIANJIANG, DISTRICTS], extractor=v1_again)
    assert v1_again.calls == []  # old entries are still valid for the old prompt
    v2_again = FakeExtractor(version=2)
    api.summarize_many([QIANJIANG, DISTRICTS], extractor=v2_again)
    assert len(v2_again.calls) == 10  # only the reports never run with v2
    assert Cache().info().entries == 11 + 11


def test_edited_report_text_misses_only_that_report(tmp_path):
    reports = list(load_reports(DISTRICTS))
    api.summarize_many(reports, extractor=FakeExtractor())
    edited = reports[3].model_copy(update={"text": reports[3].text.replace("增长", "增加", 1)})
    counting = FakeExtractor()
    api.summarize_many([*reports[:3], edited, *reports[4:]], extractor=counting)
    assert len(counting.calls) == 1


def test_no_cache_neither_reads_nor_writes():
    api.summarize_many([QIANJIANG], extractor=FakeExtractor(), cache=False)
    assert not Cache().path.exists()


def test_cached_summary_takes_the_provenance_of_the_report_at_hand(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(QIANJIANG.read_bytes())
    api.summarize_many([QIANJIANG], extractor=FakeExtractor())
    counting = FakeExtractor()
    result = api.summarize_many([copy], extractor=counting)
    assert counting.calls == [] and result.summaries[0].source == str(copy)


def test_api_key_is_not_stored(tmp_path):
    secret = "sk-test-do-not-store-0123456789"
    settings = resolve_settings(api_key=secret, model="m", base_url="http://127.0.0.1:9/v1")
    api.summarize_many([QIANJIANG], extractor=FakeExtractor(), settings=settings, cache=tmp_path)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert stored and secret.encode() not in stored


def test_clear_and_info(tmp_path):
    api.summarize_many([DISTRICTS], extractor=FakeExtractor(name="fake"))
    api.summarize_many([QIANJIANG], extractor=FakeExtractor(name="other"))
    store = Cache()
    info = store.info()
    assert info.entries == 11 and info.backends == {"fake": 10, "other": 1} and info.bytes > 0
    assert store.clear() == 11
    assert store.info().entries == 0
    assert Cache(tmp_path / "never-used").clear() == 0


_WRITER = textwrap.dedent(
    """
    import sys
    from summarizer.cache import Cache, cache_key
    from summarizer import load_reports
    from fake_extractors import summarize_text

    reports = load_reports(sys.argv[2])
    summary = summarize_text(reports[0])
    store = Cache(sys.argv[1])
    i = 0
    while True:  # write until killed
        store.put(cache_key(f"{i}", {"backend": "fake"}), summary)
        i += 1
        if i == 50:
            print("ready", flush=True)
    """
)


def test_kill_9_mid_write_leaves_a_valid_cache(tmp_path):
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path), str(QIANJIANG)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    db = sqlite3.connect(tmp_path / "summaries.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = db.execute("SELECT COUNT(*) FROM summaries").fetchone()[0]
    db.close()
    assert count >= 50
    with Cache(tmp_path) as store:
        keys = [cache_key(f"{i}", {"backend": "fake"}) for i in range(count)]
        assert all(store.get(k) is not None for k in keys)


def test_model_answers_are_kept_by_request_key(tmp_path):
    with Cache(tmp_path) as cache:
        answers = cache.answers
        assert answers.get("k1") is None
        answers.put("k1", {"content": '{"goals": []}', "usage": {"prompt_tokens": 10}})
        assert answers.get("k1") == {"content": '{"goals": []}', "usage": {"prompt_tokens": 10}}
        assert cache.info().answers == 1 and cache.info().entries == 0
        with pytest.raises(ValueError, match="secrets"):
            answers.put("k2", {"api_key": "sk-x"})
    with Cache(tmp_path) as reopened:  # answers survive the process, like summaries
        assert reopened.answers.get("k1") is not None
        reopened.clear()
        assert reopened.answers.get("k1") is None
