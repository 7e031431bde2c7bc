"""Precision / recall of the rule extractor against the gold files in evals/gold/ (a quick, simple match).

Matching (one-to-one, greedy in text order):
- goals, achievements: same indicator and overlapping evidence spans (gold quotes located in the report);
- key projects: normalized names where one contains the other, or share a 4+ character run.
Achievements with indicator "other" are left out of precision: the gold brief does not annotate them.

    python3 bench/score_rules.py            # per-kind figures, micro over all gold reports
    python3 bench/score_rules.py --per-report
    python3 bench/score_rules.py --show key_projects --verbose   # every miss and extra with its quote
    python3 bench/score_rules.py --harness   # also the eval harness's soft / strict figures
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer import load_reports  # noqa: E402
from summarizer.extract.rules import extract_rules  # noqa: E402

GOLD = ROOT / "evals" / "gold"
CORPUS = ROOT / "evals" / "corpus"
KINDS = ("goals", "achievements", "key_projects")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def norm_name(name: str) -> str:
    name = re.sub(r"[\s“”\"'（）()、·]", "", name)
    return re.sub(r"(工程|项目|建设)$", "", name)


def names_match(a: str, b: str) -> bool:
    a, b = norm_name(a), norm_name(b)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    return any(a[i : i + 4] in b for i in range(len(a) - 3))


def span_of(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote)
    if start == -1:
        squeezed = re.sub(r"\s+", "", quote)
        start = text.find(squeezed)
        if start == -1:
            return None
        return start, start + len(squeezed)
    return start, start + len(quote)


def score_report(gold: dict, report, verbose: bool = False) -> dict[str, Counts]:
    summary = extract_rules(report)
    text = report.text
    result = {}
    for kind in KINDS:
        counts = Counts()
        predicted = list(getattr(summary, kind))
        if kind == "achievements":
            predicted = [p for p in predicted if p.indicator != "other"]
        used: set[int] = set()
        matched: dict[int, int] = {}
        # two passes for projects: identical names first, so a near name does not take another's partner
        for strict in (True, False) if kind == "key_projects" else (False,):
            for gi, g in enumerate(gold[kind]):
                if gi in matched:
                    continue
                gspan = span_of(text, g["quote"])
                for i, p in enumerate(predicted):
                    if i in used:
                        continue
                    if kind == "key_projects":
                        same = norm_name(g["name"]) == norm_name(p.name)
                        ok = same if strict else names_match(g["name"], p.name)
                    else:
                        ok = (
                            g["indicator"] == p.indicator
                            and gspan is not None
                            and p.evidence.start < gspan[1]
                            and gspan[0] < p.evidence.end
                        )
                    if ok:
                        matched[gi] = i
                        used.add(i)
                        break
        for gi, g in enumerate(gold[kind]):
            if gi in matched:
                counts.tp += 1
            else:
                counts.fn += 1
                label = g.get("name") or f"{g['indicator']} | {g['quote'][:40]}"
                if verbose:
                    label += f"  [{g.get('status') or g.get('qualifier')}]  « {g['quote'][:70]} »"
                counts.misses.append(label)
        for i, p in enumerate(predicted):
            if i not in used:
                counts.fp += 1
                label = p.name if kind == "key_projects" else f"{p.indicator} | {p.evidence.quote[:40]}"
                if verbose:
                    label += f"  [{getattr(p, 'status', None) or p.qualifier}]  « {p.evidence.quote[:70]} »"
                counts.extras.append(label)
        result[kind] = counts
    return result


def gold_reports() -> list[tuple[Path, dict, object]]:
    pairs = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        reports = load_reports(CORPUS / gold["source"])
        report = next((r for r in reports if r.meta.region == gold["region"]), None)
        if report is None and len(reports) == 1:
            report = reports[0]
        if report is not None:
            pairs.append((path, gold, report))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-report", action="store_true", help="figures for each gold file")
    parser.add_argument("--show", choices=KINDS, help="list misses and extras of one kind")
    parser.add_argument(
        "--verbose", action="store_true", help="with --show: one line per miss / extra, with status and quote"
    )
    parser.add_argument(
        "--harness", action="store_true", help="also print the eval harness's soft/strict figures (Hungarian)"
    )
    args = parser.parse_args()
    totals = {kind: Counts() for kind in KINDS}
    pairs = gold_reports()
    for path, gold, report in pairs:
        scores = score_report(gold, report, args.verbose)
        for kind in KINDS:
            totals[kind].add(scores[kind])
        if args.per_report:
            cells = "  ".join(
                f"{k}: P {scores[k].precision:.2f} R {scores[k].recall:.2f} ({scores[k].tp}/{scores[k].tp + scores[k].fn})"
                for k in KINDS
            )
            print(f"{path.name:24} {cells}")
        if args.show:
            c = scores[args.show]
            if args.verbose:
                print(f"-- {path.name}")
                print(
                    "".join(f"   MISS  {m}\n" for m in c.misses)
                    + "".join(f"   EXTRA {e}\n" for e in c.extras)
                )
            else:
                print(f"-- {path.name}\n   missed: {c.misses}\n   extra:  {c.extras}")
    print(f"gold files: {len(pairs)}")
    for kind in KINDS:
        c = totals[kind]
        print(
            f"{kind:13} precision {c.precision:.3f}  recall {c.recall:.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn})"
        )
    if args.harness:
        print_harness()


def print_harness() -> None:
    """Soft and strict P/R of the eval harness (summarizer.evaluate): optimal pairing, name similarity."""
    from summarizer.evaluate.gold import load_gold
    from summarizer.evaluate.score import aggregate
    from summarizer.evaluate.score import score_report as harness_score

    run = aggregate([harness_score(g, extract_rules(g.report)) for g in load_gold(GOLD)])
    for kind in KINDS:
        soft, strict = run.per_kind[kind]["soft"], run.per_kind[kind]["strict"]
        print(
            f"harness {kind:13} soft P {soft['precision']:.3f} R {soft['recall']:.3f}  "
            f"strict P {strict['precision']:.3f} R {strict['recall']:.3f}"
        )


if __name__ == "__main__":
    main()
