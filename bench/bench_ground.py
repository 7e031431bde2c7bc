"""Benchmark: grounding over all 42 corpus reports.

1. Items: every goal, achievement and key project the offline extractor finds in the 42 reports, with their
   offsets dropped, grounded again through `ground_items` (quote located, numbers checked): time for all.
2. Tiers: for each number-bearing sentence we locate (1) the sentence itself (exact tier), (2) a variant
   with full-width digits and no spaces (normalized tier), (3) a variant with one character changed (fuzzy
   tier), each with the sentence's section as the expected region. Prints counts, time and quotes/second.

    python bench/bench_ground.py
"""

from __future__ import annotations

import platform
import time
from pathlib import Path

from summarizer import SourceText, ground_items, load_reports, sections, sentences
from summarizer.extract.rules import extract_rules

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"
_FULL = str.maketrans("0123456789%", "０１２３４５６７８９％")


def _variants(sentence: str) -> dict[str, str]:
    mid = len(sentence) // 2
    changed = sentence[:mid] + ("甲" if sentence[mid] != "甲" else "乙") + sentence[mid + 1 :]
    return {"exact": sentence, "normalized": sentence.replace(" ", "").translate(_FULL), "fuzzy": changed}


def ground_all_items(reports) -> None:
    """Re-ground every extracted item from its quote alone, as a model's answer would arrive."""
    batches = []
    for report in reports:
        summary = extract_rules(report)
        for kind in ("goals", "achievements", "key_projects"):
            items = [i.model_copy(update={"evidence": i.evidence.model_copy(update={"start": None, "end": None})})
                     for i in getattr(summary, kind)]  # fmt: skip
            batches.append((report, kind, items))
    start = time.perf_counter()
    kept = rejected = 0
    sources = {}
    for report, kind, items in batches:
        source = sources.setdefault(report.id, SourceText(report.text))
        result = ground_items(items, source, kind)
        kept += len(result.kept)
        rejected += len(result.rejected)
    elapsed = time.perf_counter() - start
    total = kept + rejected
    print(f"items: {total} items of {len(reports)} reports grounded in {elapsed:.2f} s "
          f"({total / elapsed:.0f}/s; {kept} kept, {rejected} rejected)")  # fmt: skip


def main() -> None:
    reports = [r for path in sorted(CORPUS.glob("*.txt")) for r in load_reports(path)]
    ground_all_items(reports)
    timings = {"exact": 0.0, "normalized": 0.0, "fuzzy": 0.0}
    counts = dict.fromkeys(timings, 0)
    found = dict.fromkeys(timings, 0)
    prepare = 0.0
    for report in reports:
        start = time.perf_counter()
        source = SourceText(report.text)
        source.normalized  # noqa: B018 - normalization cost measured once per report
        prepare += time.perf_counter() - start
        for section in sections(report):
            for span in sentences(report.text, section.start, section.end):
                text = report.text[span.start : span.end]
                if not any(ch.isdigit() for ch in text) or len(text) < 12 or len(text) > 300:
                    continue
                for tier, quote in _variants(text).items():
                    start = time.perf_counter()
                    evidence = source.locate(quote, near=(section.start, section.end))
                    timings[tier] += time.perf_counter() - start
                    counts[tier] += 1
                    found[tier] += evidence is not None
    total = sum(timings.values()) + prepare
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"reports: {len(reports)}; normalization of all reports: {prepare:.2f} s")
    for tier in timings:
        rate = counts[tier] / timings[tier] if timings[tier] else float("inf")
        print(
            f"{tier:>10}: {counts[tier]:6d} quotes, {found[tier]:6d} located, {timings[tier]:6.2f} s, {rate:8.0f}/s"
        )
    print(f"total: {sum(counts.values())} look-ups in {total:.2f} s")


if __name__ == "__main__":
    main()
