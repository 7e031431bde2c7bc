"""Batch jobs against the fake Batch API: overhead of preparing and collecting, relative to a live run.

N reports (the 10 district reports of evals/corpus/001_*.txt repeated, each copy with its number as a
prefix and after every 8th sentence, so every chunk's text and so every request key differs) are summarized three ways, each with a fresh cache, at concurrency 16:

- live: `summarize_many` against tests/fakeserver.py (every request one HTTP call);
- prepare: `submit_batch` against tests/fake_batch_server.py (pipeline in defer mode, batch JSONL
  written, uploaded, batch created);
- collect: `collect_batch` once the fake provider has finished (it answers at the batch's last status
  step, before the clock starts): output file downloaded, answers put in the cache, pipeline run again.

The fake servers answer the same way, so every figure is our own overhead plus loopback HTTP.
Run from the repository root: `python bench/bench_batch_api.py [--reports 1000]`.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fake_batch_server import FakeBatchServer  # noqa: E402
from fakeserver import FakeServer  # noqa: E402

from summarizer import Summarizer, load_reports  # noqa: E402

OPTIONS = {"model": "fake", "concurrency": 16}


def reports(n: int) -> list:
    base = load_reports(ROOT / "evals" / "corpus" / "001_1942fa47ad5fe32d.txt")
    out = []
    for i in range(n):
        r = base[i % len(base)]
        parts = r.text.split("。")
        text = "。".join(p + (f"（副本{i}）" if k % 8 == 7 else "") for k, p in enumerate(parts))
        out.append(r.model_copy(update={"text": f"（副本{i}）{text}", "source": f"bench{i:04d}.txt"}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    args = parser.parse_args()
    docs = reports(args.reports)
    tmp = Path(tempfile.mkdtemp())
    with FakeServer() as server:
        started = time.perf_counter()
        live = Summarizer("llm", base_url=server.url, cache=tmp / "live", **OPTIONS).summarize_many(
            docs, output=tmp / "live.jsonl"
        )
        live_s = time.perf_counter() - started
    calls = live.usage.calls
    with FakeBatchServer() as server:
        client = Summarizer("llm", base_url=server.url, cache=tmp / "batch", **OPTIONS)
        started = time.perf_counter()
        sent = client.submit_batch(docs, output=tmp / "batch.jsonl")
        prepare_s = time.perf_counter() - started
        client.batch_status(tmp / "batch.jsonl")  # validating -> in_progress
        client.batch_status(tmp / "batch.jsonl")  # in_progress -> completed: the fake provider answers
        started = time.perf_counter()
        done = client.collect_batch(tmp / "batch.jsonl", sources=docs)
        collect_s = time.perf_counter() - started
    assert done.done and len(done.result.summaries) == args.reports, done
    mb = sum(b["bytes"] for b in sent.batches) / 1e6
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"{args.reports} reports, {calls} live calls, {sent.submitted} batch requests ({mb:.1f} MB input)")
    print(f"live run:         {live_s:7.1f} s")
    print(f"batch prepare:    {prepare_s:7.1f} s  ({prepare_s / live_s:.2f} x live)")
    print(f"batch collect:    {collect_s:7.1f} s  ({collect_s / live_s:.2f} x live)")
    print(
        f"prepare+collect:  {prepare_s + collect_s:7.1f} s  ({(prepare_s + collect_s) / live_s:.2f} x live)"
    )


if __name__ == "__main__":
    main()
