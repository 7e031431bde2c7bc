"""Benchmark: the rule extractor over every report of the corpus (evals/corpus/*.txt).

    python3 bench/bench_rules.py [--repeat 3]

Prints reports, items, total seconds (best of --repeat runs, loading excluded) and reports/second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer, load_reports  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    parser.add_argument("--corpus", type=Path, default=ROOT / "evals" / "corpus")
    args = parser.parse_args()
    began = time.perf_counter()
    reports = [r for path in sorted(args.corpus.glob("*.txt")) for r in load_reports(path)]
    load_seconds = time.perf_counter() - began
    client = Summarizer("rules", cache=False)  # built as the CLI builds it; no cache, so every run extracts
    best = float("inf")
    counts = (0, 0, 0, 0)
    for _ in range(args.repeat):
        began = time.perf_counter()
        summaries = client.summarize_many(reports).summaries
        best = min(best, time.perf_counter() - began)
        counts = tuple(
            sum(len(getattr(s, kind)) for s in summaries)
            for kind in ("goals", "achievements", "key_projects", "rejected")
        )
    goals, achievements, projects, rejected = counts
    print(f"reports: {len(reports)} (loaded in {load_seconds:.2f} s)")
    print(f"items: {goals} goals, {achievements} achievements, {projects} key projects, {rejected} rejected")
    print(f"total: {best:.2f} s  ({len(reports) / best:.1f} reports/s, best of {args.repeat})")


if __name__ == "__main__":
    main()
