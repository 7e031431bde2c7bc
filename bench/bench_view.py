"""HTML view: time to render the page of a long single-line report with hundreds of highlights.

Uses the test suite's own worst case (`tests/view_helpers.long_single_line`: five district reports of
corpus file 001 on one 75,000-character line, several hundred located items) and prints the best of
N renderings and the page size. Kept out of the tests, which must not time themselves.

    python bench/bench_view.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from view_helpers import located_count, long_single_line  # noqa: E402

from summarizer.view import render_html  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    summary, report = long_single_line()
    best = float("inf")
    for _ in range(args.repeat):
        began = time.perf_counter()
        page = render_html(summary, report)
        best = min(best, time.perf_counter() - began)
    size = len(page.encode())
    print(f"{len(report.text):,} characters, {located_count(summary)} highlights")
    print(f"render_html: {best * 1000:.1f} ms best of {args.repeat}; page {size / 1024:.0f} KiB "
          f"= {size / len(report.text.encode()):.2f}x the text")  # fmt: skip


if __name__ == "__main__":
    main()
