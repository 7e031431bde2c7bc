"""Bulk summarization end to end through `summarizer batch`; prints the figures recorded in bench/README.md.

1. Offline: the whole corpus (evals/corpus, 42 reports) with the rules backend, no cache; seconds and
   reports/second, best of --repeat runs, including process start-up.
2. Model backend against a local OpenAI-compatible test server (tests/fakeserver.py) that answers every
   call after a fixed delay: wall time of the batch with --concurrency 16 against the ideal
   (calls / 16) x delay, and a cached re-run as a share of the first run.

Run from the repository root: `python bench/bench_batch.py [--delay 2.0] [--repeat 3]`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "evals" / "corpus"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def _batch(args: list[str], env: dict[str, str]) -> float:
    """Seconds taken by one `summarizer batch` process; raises if it fails."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "batch", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def _env(cache_dir: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL")
    }
    return env | {
        "PYTHONPATH": str(ROOT),
        "SUMMARIZER_CACHE_DIR": cache_dir,
        "SUMMARIZER_CONFIG": "/nonexistent",
    }


def offline(repeat: int) -> None:
    from summarizer import load_reports

    reports = sum(len(load_reports(p)) for p in sorted(CORPUS.glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.jsonl")
        runs = [
            _batch([str(CORPUS), "-o", out, "--backend", "rules", "--no-cache", "--overwrite"], _env(tmp))
            for _ in range(repeat)
        ]
    best = min(runs)
    print(
        f"offline rules backend: {reports} reports in {best:.2f} s (best of {repeat}), {reports / best:.1f} reports/s"
    )
    print(f"  all runs: {', '.join(f'{r:.2f}' for r in runs)} s")


def model(delay: float, concurrency: int) -> None:
    from fakeserver import FakeServer

    with tempfile.TemporaryDirectory() as tmp, FakeServer(delay=delay) as server:
        out = str(Path(tmp) / "out.jsonl")
        args = [str(CORPUS), "-o", out, "--backend", "llm", "--base-url", server.url, "--model", "fake"]
        args += ["--concurrency", str(concurrency), "--overwrite"]
        first = _batch(args, _env(tmp))
        calls = len(server.served)
        peak = server.max_in_flight
        cached = _batch(args, _env(tmp))
        recalls = len(server.served) - calls
        in_process = _cached_in_process(server.url, concurrency, tmp)
    ideal = calls / concurrency * delay
    print(f"model backend, fake server answering after {delay:.2f} s, --concurrency {concurrency}:")
    print(
        f"  first run: {calls} calls in {first:.2f} s; ideal (calls / {concurrency}) x delay = {ideal:.2f} s"
    )
    print(f"  ratio wall / ideal = {first / ideal:.3f} (target <= 1.15); peak calls in flight: {peak}")
    waves = -(-calls // concurrency) * delay  # calls go out in whole waves: the floor no batch can beat
    print(f"  whole waves: ceil(calls / {concurrency}) x delay = {waves:.2f} s, ratio {first / waves:.3f}")
    print(
        f"  cached re-run (new process): {cached:.2f} s = {100 * cached / first:.1f}% of the first run, {recalls} calls"
    )
    share = 100 * in_process / first
    print(f"  cached re-run (in process, summarize_many): {in_process:.2f} s = {share:.1f}% (target < 5%)")


def _cached_in_process(url: str, concurrency: int, cache_dir: str) -> float:
    os.environ["SUMMARIZER_CONFIG"] = "/nonexistent"
    from summarizer import Summarizer

    client = Summarizer("llm", base_url=url, model="fake", concurrency=concurrency, cache=cache_dir)
    started = time.perf_counter()
    result = client.summarize_many(CORPUS)
    elapsed = time.perf_counter() - started
    assert result.cache_hits == len(result.summaries) and result.usage.calls == 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=2.0, help="server delay per call, seconds")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3, help="offline runs (best is reported)")
    parser.add_argument("--skip-model", action="store_true")
    options = parser.parse_args()
    offline(options.repeat)
    if not options.skip_model:
        model(options.delay, options.concurrency)


if __name__ == "__main__":
    main()
