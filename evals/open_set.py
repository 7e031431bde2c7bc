"""Figures of issue 14 on the reports from outside the corpus: one summary per file, metadata, GDP target.

Truth is evals/open_meta.json (read by hand from each text; see evals/SOURCES.md). For every file:
does it give exactly one summary, is each metadata field right, and is the GDP growth target exact
(low, high, qualifier, and a horizon equal to the report's year; "no target" when the text sets none).

    python evals/open_set.py            # offline rules backend, a line per file and totals per split
    python evals/open_set.py --totals   # totals only (what a rules developer may see of the blind split)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer.evaluate.score import score_meta  # noqa: E402

FIELDS = ("region", "admin_level", "year", "doc_type", "title", "date", "speaker")


def gdp_target(summary) -> dict | None:
    goals = [g for g in summary.goals if g.indicator == "gdp_growth" and g.stated_in in (None, "targets")]
    annual = [g for g in goals if g.horizon == summary.meta.year and g.base_year is None]
    if not annual:
        return None
    g = annual[0]
    return {"low": g.low, "high": g.high, "qualifier": g.qualifier, "horizon": g.horizon}


def main() -> None:
    truth = json.loads((ROOT / "evals" / "open_meta.json").read_text(encoding="utf-8"))
    client = Summarizer("rules", cache=False)
    totals_only = "--totals" in sys.argv[1:]
    tally: Counter[tuple[str, str]] = Counter()
    if not totals_only:
        print(f"{'file':28} {'split':10} reports  metadata  GDP target (got / truth)")
    for entry in truth:
        result = client.summarize_many(ROOT / "evals" / "corpus" / entry["file"])
        summaries = result.summaries
        split = entry.get("split", "")
        tally[split, "files"] += 1
        tally[split, "one"] += len(summaries) == 1
        s = summaries[0] if summaries else None
        gold = {k: entry.get(k) for k in FIELDS}
        right = score_meta(gold, s.meta.model_dump(mode="json")) if s else {}
        meta_ok = bool(right) and all(right.values())
        tally[split, "meta"] += meta_ok
        got = gdp_target(s) if s else None
        want = entry.get("gdp_target")
        if want is not None:
            want = {**want, "horizon": entry["year"]}
            ok = (
                got is not None
                and all(float(got[k]) == float(want[k]) for k in ("low", "high"))
                and (got["qualifier"] == want["qualifier"] and got["horizon"] == want["horizon"])
            )
        else:
            ok = got is None
        tally[split, "gdp"] += ok
        if not totals_only:
            wrong = ", ".join(k for k, v in right.items() if not v)
            print(
                f"{entry['file']:28} {split:10} {len(summaries):7}  "
                f"{'ok' if meta_ok else 'WRONG ' + wrong:8}  {'ok' if ok else 'WRONG'} ({got} / {want})"
            )
    for split in sorted({s for s, _ in tally}):
        n = tally[split, "files"]
        print(
            f"{split}: files giving exactly one summary {tally[split, 'one']}/{n}; "
            f"metadata right {tally[split, 'meta']}/{n}; GDP target {tally[split, 'gdp']}/{n}"
        )


if __name__ == "__main__":
    main()
