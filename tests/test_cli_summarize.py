"""`summarizer summarize / batch / cache` with CliRunner on corpus files and bad inputs; kill-and-resume."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, FILES, corpus_report, corpus_reports

from summarizer.cli import main
from summarizer.cli.summarize import NO_MODEL_NOTICE
from summarizer.export import read_excel, read_jsonl, read_table
from summarizer.models import ReportSummary

ROOT = Path(__file__).resolve().parent.parent
QIANJIANG = str(CORPUS / FILES["qianjiang"])
DISTRICTS = str(CORPUS / FILES["chongqing_districts"])
BAZHONG = str(CORPUS / FILES["bazhong"])


@pytest.fixture(autouse=True)
def _plugins(monkeypatch):
    monkeypatch.setenv("SUMMARIZER_EXTRACTOR_PLUGINS", "fake_extractors")


def invoke(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def bad_inputs(tmp_path) -> dict[str, Path]:
    files = {
        "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.txt",
        "gbk": tmp_path / "gbk.txt",
        "missing": tmp_path / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["gbk"].write_bytes(corpus_report("qianjiang").text.encode("gbk", errors="replace"))
    return files


# ---------------------------------------------------------------------------------------------- summarize


def test_summarize_json_with_the_rules_backend_and_one_notice_line():
    result = invoke("summarize", BAZHONG, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip().splitlines() == [NO_MODEL_NOTICE]
    assert "OPENAI_BASE_URL" in NO_MODEL_NOTICE and "--base-url" in NO_MODEL_NOTICE
    [data] = json.loads(result.stdout)  # always an array, one summary per report
    summary = ReportSummary.model_validate(data)
    assert summary.backend == "rules" and summary.meta.region == "巴中市"
    text = corpus_report("bazhong").text
    assert summary.goals and summary.achievements
    for item in [*summary.goals, *summary.achievements, *summary.key_projects]:
        assert text[item.evidence.start : item.evidence.end] == item.evidence.quote


def test_explicit_backend_prints_no_notice():
    result = invoke("summarize", QIANJIANG, "--backend", "rules", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_collection_gives_one_summary_per_report():
    result = invoke("summarize", DISTRICTS, "--backend", "fake", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["meta"]["region"] for d in data] == [
        r.meta.region for r in corpus_reports("chongqing_districts")
    ]
    one = invoke("summarize", DISTRICTS, "--backend", "fake", "--format", "json", "--report", "8")
    assert [d["meta"]["region"] for d in json.loads(one.stdout)] == ["渝中区"]


def test_stdin_markdown_and_output_file(tmp_path):
    out = tmp_path / "s.md"
    data = Path(QIANJIANG).read_bytes()
    result = invoke("summarize", "-", "--backend", "fake", "--format", "markdown", "-o", str(out), input=data)
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("## 黔江区 2019 work_report")


def test_table_format_on_a_gbk_file(bad_inputs):
    result = invoke("summarize", str(bad_inputs["gbk"]), "--backend", "fake")
    assert result.exit_code == 0 and "黔江区" in result.stdout and "Achievements" in result.stdout


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty", "empty"), ("binary", "binary"), ("missing", "cannot read")],
)
def test_unreadable_input_exits_1_with_one_line(bad_inputs, name, reason):
    result = invoke("summarize", str(bad_inputs[name]), "--backend", "fake")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and reason in lines[0]


def test_html_format_uses_the_viewer_when_present(tmp_path):
    out = tmp_path / "r.html"
    result = invoke("summarize", QIANJIANG, "--backend", "fake", "--format", "html", "-o", str(out))
    if importlib.util.find_spec("summarizer.view") is None:
        assert result.exit_code == 1 and "summarizer.view" in result.stderr
    else:
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert page.lstrip().lower().startswith("<!doctype html") and "黔江区" in page


@pytest.mark.parametrize(
    "args",
    [
        ("summarize", QIANJIANG, "--format", "xml"),
        ("summarize", QIANJIANG, "--backend", "nope"),
        ("summarize", QIANJIANG, "--concurrency", "0"),
        ("summarize",),
        ("batch", QIANJIANG),
        ("batch", QIANJIANG, "-o", "out.txt"),
    ],
)
def test_bad_usage_exits_2(args):
    assert invoke(*args).exit_code == 2


def test_llm_backend_without_a_model_exits_1_with_how_to_configure():
    result = invoke("summarize", QIANJIANG, "--backend", "llm")
    assert result.exit_code == 1 and "--model" in result.stderr


# ---------------------------------------------------------------------------------------------- batch


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_batch_writes_each_format(tmp_path, suffix):
    out = tmp_path / f"out{suffix}"
    result = invoke("batch", QIANJIANG, DISTRICTS, "-o", str(out), "--backend", "fake")
    assert result.exit_code == 0, result.output
    regions = ["黔江区"] + [r.meta.region for r in corpus_reports("chongqing_districts")]
    if suffix == ".jsonl":
        summaries, errors, bad = read_jsonl(out)
        assert sorted(s.meta.region for s in summaries) == sorted(regions) and not errors and not bad
    elif suffix == ".xlsx":
        assert sorted(read_excel(out)["reports"].region) == sorted(regions)
    else:
        table = read_table(out)
        assert sorted(table[table.kind == "report"].region) == sorted(regions)
    assert "11 report(s) summarized" in result.stderr


def test_batch_with_failures_exits_3_and_writes_them(tmp_path, bad_inputs):
    out = tmp_path / "out.csv"
    paths = [QIANJIANG, DISTRICTS, *(str(bad_inputs[n]) for n in ("empty", "binary", "gbk", "missing"))]
    result = invoke("batch", *paths, "-o", str(out), "--backend", "failing")
    assert result.exit_code == 3
    assert "4 document(s) failed" in result.stderr  # empty, binary, missing, and the 渝北区 report
    table = read_table(out)
    errors = table[table.kind == "error"]
    assert sorted(errors.error_type) == ["BinaryInputError", "EmptyInputError", "InputError", "RuntimeError"]
    assert len(table[table.kind == "report"]) == 1 + 9 + 1  # 黔江区, nine districts, the GBK copy


def test_batch_of_a_directory_with_no_cache_leaves_no_cache(tmp_path):
    out = tmp_path / "out.jsonl"
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in FILES.values():
        (folder / name).write_bytes((CORPUS / name).read_bytes())
    result = invoke("batch", str(folder), "-o", str(out), "--backend", "fake", "--no-cache")
    assert result.exit_code == 0
    assert len(read_jsonl(out)[0]) == sum(len(corpus_reports(n)) for n in FILES)
    assert not (tmp_path / "cache").exists()


def test_rerun_skips_finished_reports_and_refuses_other_settings(tmp_path):
    out = tmp_path / "out.jsonl"
    assert invoke("batch", DISTRICTS, "-o", str(out), "--backend", "fake", "--no-cache").exit_code == 0
    again = invoke("batch", DISTRICTS, "-o", str(out), "--backend", "fake", "--no-cache")
    assert (
        again.exit_code == 0 and "0 report(s) summarized" in again.stderr and "10 already in" in again.stderr
    )
    other = invoke("batch", DISTRICTS, "-o", str(out), "--backend", "slow", "--no-cache")
    assert other.exit_code == 1 and "--overwrite" in other.stderr
    fresh = invoke("batch", DISTRICTS, "-o", str(out), "--backend", "slow", "--no-cache", "--overwrite")
    assert fresh.exit_code == 0 and {s.backend for s in read_jsonl(out)[0]} == {"slow"}


def test_truncated_last_line_is_dropped_and_redone(tmp_path):
    out = tmp_path / "out.jsonl"
    invoke("batch", DISTRICTS, "-o", str(out), "--backend", "fake", "--no-cache")
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[:6]) + lines[6][:50], encoding="utf-8")
    result = invoke("batch", DISTRICTS, "-o", str(out), "--backend", "fake", "--no-cache")
    assert result.exit_code == 0 and "dropped 1 unfinished line" in result.stderr
    summaries, errors, bad = read_jsonl(out)
    assert bad == 0 and not errors
    assert sorted(s.report_index for s in summaries) == list(range(10))


def test_rerun_uses_the_cache(tmp_path):
    first = invoke("batch", QIANJIANG, DISTRICTS, "-o", str(tmp_path / "a.csv"), "--backend", "fake")
    second = invoke("batch", QIANJIANG, DISTRICTS, "-o", str(tmp_path / "b.csv"), "--backend", "fake")
    assert first.exit_code == second.exit_code == 0
    assert "11 from cache" in second.stderr and "0 model calls" in second.stderr
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def _env(tmp_path: Path, log: Path) -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
        "SUMMARIZER_EXTRACTOR_PLUGINS": "fake_extractors",
        "FAKE_EXTRACTOR_DELAY": "0.15",
        "FAKE_EXTRACTOR_LOG": str(log),
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
    }


@pytest.mark.parametrize("cache", [False, True])
def test_kill_9_mid_batch_then_resume(tmp_path, cache):
    """A batch killed with SIGKILL finishes on restart without redoing finished reports."""
    out = tmp_path / "out.jsonl"
    log = tmp_path / "calls.log"
    args = [sys.executable, "-m", "summarizer", "batch", DISTRICTS, QIANJIANG, BAZHONG, "-o", str(out)]
    args += ["--backend", "slow", "--concurrency", "2"] + ([] if cache else ["--no-cache"])
    proc = subprocess.Popen(args, env=_env(tmp_path, log), stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 4:
                break
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finished = {(s.source, s.report_index) for s in read_jsonl(out)[0]}
    assert 4 <= len(finished) < 12, "killed halfway"
    calls_before = log.read_text(encoding="utf-8").splitlines()

    rerun = subprocess.run(args, env=_env(tmp_path, log), capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    summaries, errors, bad = read_jsonl(out)
    assert bad == 0 and not errors
    keys = [(s.source, s.report_index) for s in summaries]
    assert len(keys) == len(set(keys)) == 12  # every report exactly once
    calls_after = log.read_text(encoding="utf-8").splitlines()[len(calls_before) :]
    redone = {(c.rsplit("#", 1)[0], int(c.rsplit("#", 1)[1])) for c in calls_after}
    assert not redone & finished, "finished reports were extracted again"
    # with the cache, a report cached just before the kill but not yet written needs no call either
    assert len(calls_after) == 12 - len(finished) if not cache else len(calls_after) <= 12 - len(finished)


def test_ctrl_c_twice_on_the_offline_backend_stops_cleanly_and_keeps_finished_rows(tmp_path):
    """SIGINT mid-batch on the rules backend: exit 130, one line, no traceback, finished rows kept."""
    out = tmp_path / "out.jsonl"
    # enough work (10 x 29 reports, about 15 s) that a busy machine cannot finish it before the signal lands
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(10):
        shutil.copy(CORPUS / FILES["provinces"], inputs / f"provinces_{i}.txt")
    args = [sys.executable, "-m", "summarizer", "batch", str(inputs), "-o", str(out)]
    args += ["--backend", "rules", "--concurrency", "1", "--no-cache"]
    proc = subprocess.Popen(args, env=_env(tmp_path, tmp_path / "log"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.read_text(encoding="utf-8").count("\n")):
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.05)
    proc.send_signal(signal.SIGINT)  # the impatient second Ctrl-C
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted; run the same command again" in stderr
    summaries, _, bad = read_jsonl(out)
    assert bad == 0 and 1 <= len(summaries) < 290  # stopped between reports, every written row whole


# ---------------------------------------------------------------------------------------------- cache


def test_cache_info_and_clear(tmp_path):
    invoke("batch", DISTRICTS, "-o", str(tmp_path / "o.jsonl"), "--backend", "fake")
    info = invoke("cache", "info")
    assert info.exit_code == 0
    assert f"path: {tmp_path / 'cache' / 'summaries.sqlite3'}" in info.stdout and "entries: 10" in info.stdout
    cleared = invoke("cache", "clear")
    assert cleared.exit_code == 0 and "removed 10 cached summaries" in cleared.stdout
    assert "entries: 0" in invoke("cache", "info").stdout


def test_save_text_writes_what_the_offsets_count_in(tmp_path):
    pdf = Path(__file__).resolve().parent / "fixtures" / "documents" / "report_qianjiang.pdf"
    saved = tmp_path / "q.txt"
    result = invoke(
        "summarize", str(pdf), "--backend", "rules", "--format", "json", "--save-text", str(saved)
    )
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)
    text = saved.read_text(encoding="utf-8")
    assert summary["goals"]
    for goal in summary["goals"]:
        ev = goal["evidence"]
        at = summary["report_start"] + ev["start"]
        assert text[at : at + len(ev["quote"])] == ev["quote"] and ev["page"] >= 1
    folder = tmp_path / "texts"
    out = tmp_path / "out.csv"
    batch = invoke(
        "batch", str(pdf), QIANJIANG, "-o", str(out), "--backend", "rules", "--save-text", str(folder)
    )
    assert batch.exit_code == 0, batch.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{pdf.name}.txt", f"{Path(QIANJIANG).name}.txt"]
    )


def test_trace_flag_writes_every_request_and_answer_without_the_key(tmp_path):
    from fakeserver import FakeServer

    trace = tmp_path / "trace.jsonl"
    key = "sk-trace-secret-123456"
    with FakeServer() as server:
        args = ["--backend", "llm", "--base-url", server.url, "--model", "fake", "--api-key", key]
        result = invoke(
            "summarize", QIANJIANG, *args, "--trace", str(trace), "--no-cache", "--format", "json"
        )
        assert result.exit_code == 0, result.output
        calls = len(server.served)
    lines = [json.loads(line) for line in trace.read_text(encoding="utf-8").splitlines()]
    assert len(lines) >= calls > 0
    assert key not in trace.read_text(encoding="utf-8")
