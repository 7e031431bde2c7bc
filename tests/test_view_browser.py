"""The view page in a real browser: headless Debian chromium, driven from the command line.

The page has a self-test (open it with #selftest): it counts highlights and table rows, clicks every
item row and checks that its highlight scrolled into view and flashed, and writes the results plus any
script errors into <pre id="selftest-result">, which `--dump-dom` hands back. Chromium's own console log
(--enable-logging=stderr) is checked too. Missing chromium skips these tests locally and fails them in CI.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarizer.view import render_html, render_many
from tests.view_helpers import PAYLOADS, gold_summary, hostile, located_count, long_single_line

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
_RESULT = re.compile(r'<pre id="selftest-result" hidden="">(.*?)</pre>', re.S)
_CONSOLE = re.compile(r":CONSOLE[:(]\S*\] (.*)")


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        message = "chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@dataclass
class Run:
    dom: str
    console: list[str]
    seconds: float


def run_chromium(chromium: str, workdir: Path, url: str, *args: str) -> Run:
    """One headless chromium run on `url` with a throwaway profile; console messages from its log."""
    command = [
        chromium,
        "--headless",
        "--no-sandbox",  # tests run as root in CI containers
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        "--mute-audio",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={workdir / 'profile'}",
        "--window-size=1400,900",
        *args,
        url,
    ]
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    seconds = time.perf_counter() - started
    assert proc.returncode == 0, proc.stderr[-2000:]
    return Run(proc.stdout, _CONSOLE.findall(proc.stderr), seconds)


def selftest(chromium: str, workdir: Path, page: str) -> tuple[dict, Run]:
    path = workdir / "page.html"
    path.write_text(page, encoding="utf-8")
    result = run_chromium(chromium, workdir, path.as_uri() + "#selftest", "--dump-dom")
    found = _RESULT.search(result.dom)
    assert found, f"no self-test result in the page; console: {result.console}"
    return json.loads(html.unescape(found.group(1))), result


@pytest.fixture(scope="module")
def bazhong(chromium, tmp_path_factory):
    summary, report = gold_summary("000_bazhong")
    out, run = selftest(chromium, tmp_path_factory.mktemp("bazhong"), render_html(summary, report))
    return summary, out, run


def test_corpus_page_loads_without_errors(bazhong):
    _, out, run = bazhong
    assert out["errors"] == []
    assert run.console == []
    assert out["resources"] == 0  # nothing fetched: the page is self-contained
    assert out["scripts"] == 3  # error probe, JSON data, page script


def test_counts_of_highlights_and_rows_match_the_summary(bazhong):
    summary, out, _ = bazhong
    (page,) = out["reports"]
    assert page["rows"] == {
        "g": len(summary.goals),
        "a": len(summary.achievements),
        "p": len(summary.key_projects),
    }
    assert page["highlighted"] == located_count(summary) == 98
    assert page["rejected"] == len(summary.rejected)
    assert page["marks"] == render_html(summary, _report("000_bazhong")).count('<mark class="hl ')
    assert page["text_chars"] == len(_report("000_bazhong").text)


def test_click_on_each_item_scrolls_its_highlight_into_view_and_flashes_it(bazhong):
    summary, out, _ = bazhong
    (page,) = out["reports"]
    assert page["failures"] == []
    assert page["clicked"] == page["in_view"] == page["flashed"] == page["span_ok"] == located_count(summary)


def test_hovering_a_highlight_shows_all_of_its_items(bazhong):
    _, out, _ = bazhong
    (page,) = out["reports"]
    assert page["hovered"] == page["hover_ok"] == page["marks"] > 0


def test_long_single_line_report_stays_responsive(chromium, tmp_path):
    summary, report = long_single_line()
    assert len(report.text) == 75_000 and "\n" not in report.text
    out, run = selftest(chromium, tmp_path, render_html(summary, report))
    (page,) = out["reports"]
    assert out["errors"] == [] and run.console == []
    assert page["highlighted"] == located_count(summary) > 300
    assert page["failures"] == []
    assert page["in_view"] == page["clicked"] == located_count(summary)
    assert page["hover_ok"] == page["marks"]
    print(f"load {out['load_ms']} ms, self-test {out['selftest_ms']} ms, chromium run {run.seconds:.1f} s")


def test_report_picker_page(chromium, tmp_path):
    pairs = [gold_summary("001_nanchuan"), gold_summary("001_yuzhong")]
    out, run = selftest(chromium, tmp_path, render_many(pairs))
    assert out["errors"] == [] and run.console == []
    assert [r["id"] for r in out["reports"]] == ["r0", "r1"]
    for (summary, _), page in zip(pairs, out["reports"], strict=True):
        assert page["highlighted"] == page["in_view"] == located_count(summary)
        assert page["rows"]["p"] == len(summary.key_projects)
        assert page["failures"] == []


def test_hostile_report_runs_no_script(chromium, tmp_path):
    summary, report = hostile()
    out, run = selftest(chromium, tmp_path, render_html(summary, report))
    assert out["errors"] == [] and run.console == []
    assert not re.search(r"<html[^>]*data-pwned", run.dom)
    assert out["title"] != "PWNED" and "PWNED" in out["title"]  # the payload shows, as text
    assert out["images"] == 0 and out["scripts"] == 3
    (page,) = out["reports"]
    for payload in PAYLOADS:
        assert payload.strip() in page["text"]  # rendered literally
    assert page["highlighted"] == located_count(summary) and page["failures"] == []


def test_the_payloads_do_run_when_not_escaped(chromium, tmp_path):
    """Control for the test above: pasted raw into a page, the payloads set the marker."""
    for payload in PAYLOADS[:2]:
        path = tmp_path / "raw.html"
        path.write_text(f"<!DOCTYPE html><html><body><p>{payload}</p></body></html>", encoding="utf-8")
        run = run_chromium(chromium, tmp_path, path.as_uri(), "--dump-dom")
        assert re.search(r'<html[^>]*data-pwned="1"', run.dom), payload


def test_screenshot_of_a_corpus_report(chromium, tmp_path):
    summary, report = gold_summary("000_bazhong")
    page = tmp_path / "page.html"
    page.write_text(render_html(summary, report), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "view-bazhong.png"
    shot.unlink(missing_ok=True)
    # #item=... opens the page with that item selected: the targets paragraph, highlighted
    run_chromium(chromium, tmp_path, page.as_uri() + "#item=r0-g2", f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 900)
    assert len(data) > 20_000  # a rendered page, not a blank one


def _report(name: str):
    return gold_summary(name)[1]
