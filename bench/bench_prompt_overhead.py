"""Prompt overhead: estimated prompt tokens sent per report token, per prompt variant and output mode.

For every report of the corpus, the report is chunked as the model extractor chunks it (default
settings), each chunk's first request is rendered exactly as sent (system + user messages, plus the
schema when the request carries it: tools; a json_schema response_format is counted separately), and
the estimated tokens (`chunk.estimate_tokens`: one per Chinese character, one per 4 other characters)
are summed. Re-asks are not counted (they depend on the model). No model is called.

    python bench/bench_prompt_overhead.py [--chunk-tokens 4500] [--variant default] [--json]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from dataclasses import replace
from pathlib import Path

from summarizer import load_reports
from summarizer.config import ModelSettings
from summarizer.extract.llm.chunk import Chunk, chunk_report, estimate_tokens, split_chunk
from summarizer.extract.llm.modes import build_request, schema_in_request
from summarizer.extract.llm.prompts import list_variants, load_variant, render_chunk
from summarizer.segment import sentences

EVALS = Path(__file__).resolve().parent.parent / "evals"
CORPUS = EVALS / "corpus"
ANSWER_TOKENS_PER_ITEM = 70
"""A goal, achievement or project as the default variant's JSON answer, in estimated tokens."""
ITEMS_PER_GOLD_ITEM = 1.3
"""Models answer more items than the gold holds (near-misses, items the gold leaves out)."""
MODES = ("json_object", "json_schema", "tools")


def render(variant, report, chunk, mode: str) -> list[dict[str, str]]:
    return render_chunk(variant, report, chunk, schema_in_request=schema_in_request(mode)) or []


def sent_tokens(messages, request: dict, mode: str) -> int:
    tokens = sum(estimate_tokens(m["content"]) for m in messages)
    if mode == "tools":  # OpenAI counts tool definitions as prompt tokens
        tokens += estimate_tokens(json.dumps(request["tools"], ensure_ascii=False))
    return tokens


def measure(chunk_tokens: int, variants: list[str]) -> list[dict]:
    settings = ModelSettings(model="m", base_url="http://127.0.0.1:9/v1", chunk_tokens=chunk_tokens)
    rows = []
    reports = [r for f in sorted(CORPUS.glob("*.txt")) for r in load_reports(f)]
    for variant in (v for v in list_variants() if v.name in variants):
        for mode in MODES:
            sent = report_total = 0
            per_report = []
            for report in reports:
                chunks = chunk_report(report, chunk_tokens)
                r_sent = 0
                for chunk in chunks:
                    messages = render(variant, report, chunk, mode)
                    if messages:
                        r_sent += sent_tokens(
                            messages, build_request(settings, mode, messages, chunk.kinds), mode
                        )
                r_tokens = estimate_tokens(report.text)
                per_report.append((r_tokens, r_sent, report))
                sent += r_sent
                report_total += r_tokens
            short = min(per_report, key=lambda t: t[0])
            rows.append({
                "variant": variant.name, "mode": mode, "reports": len(reports),
                "corpus_ratio": round(sent / report_total, 3),
                "short_report": f"{short[2].meta.region} ({short[0]} tokens)",
                "short_ratio": round(short[1] / short[0], 3),
            })  # fmt: skip
    return rows


def _cut_cost(variant, report, chunk: Chunk, at: list[int], max_tokens: int, asks_left: int) -> int:
    """Prompt tokens of one chunk's request, plus the follow-ups when its answer would be cut off: the
    extractor keeps the items before the cut and asks again from the sentence of the last one (the
    items are taken in text order, as one kind; a cut between kinds costs about the same)."""
    messages = render_chunk(variant, report, chunk) or []
    tokens = sum(estimate_tokens(m["content"]) for m in messages)
    inside = sorted(p for p in at if chunk.start <= p < chunk.end)
    fit = int(max_tokens / ANSWER_TOKENS_PER_ITEM / ITEMS_PER_GOLD_ITEM)
    if len(inside) <= fit or asks_left == 0:
        return tokens
    resume = next(s.start for s in sentences(report.text, chunk.start, chunk.end) if inside[fit - 1] < s.end)
    if resume <= chunk.start:  # the extractor halves the chunk instead
        halves = split_chunk(report, chunk)
        if halves is None:
            return tokens
        return tokens + sum(_cut_cost(variant, report, h, at, max_tokens, asks_left - 1) for h in halves)
    rest = replace(chunk, start=resume)
    return tokens + _cut_cost(variant, report, rest, at, max_tokens, asks_left - 1)


def modelled(chunk_tokens: int, max_tokens: int, max_splits: int = 3) -> float:
    """Prompt tokens per report token over the gold reports when answers run to `max_tokens`: an answer
    holding more items than fit is cut and the rest asked again (as the extractor does), with the
    chunk's item count taken from the gold (x ITEMS_PER_GOLD_ITEM) at ANSWER_TOKENS_PER_ITEM each."""
    variant = load_variant("default")
    sent = report_total = 0
    for gold_file in sorted((EVALS / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text("utf-8"))
        quotes = [
            i["quote"] for kind in ("goals", "achievements", "key_projects") for i in gold.get(kind, [])
        ]
        report = max(load_reports(CORPUS / gold["source"]), key=lambda r: sum(q in r.text for q in quotes))
        at = [p for p in (report.text.find(q) for q in quotes) if p >= 0]

        chunks = chunk_report(report, chunk_tokens)
        sent += sum(_cut_cost(variant, report, c, at, max_tokens, max_splits) for c in chunks)
        report_total += estimate_tokens(report.text)
    return round(sent / report_total, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunk-tokens", type=int, default=ModelSettings().chunk_tokens)
    parser.add_argument("--variant", action="append")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = measure(args.chunk_tokens, args.variant or [v.name for v in list_variants()])
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print(
        f"# {platform.machine()} {platform.system()}, Python {sys.version.split()[0]}; chunk_tokens={args.chunk_tokens}"
    )
    print("| variant | mode | corpus (prompt tokens / report token) | shortest report | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['variant']} | {r['mode']} | {r['corpus_ratio']} | {r['short_report']} | {r['short_ratio']} |"
        )
    print("\n# default variant, json_object, gold reports, with cut-off answers re-asked (modelled)")
    print("| chunk_tokens | max_tokens | prompt tokens / report token |")
    print("| --- | --- | --- |")
    for chunk_tokens, max_tokens in ((4500, 2048), (4500, 4096), (6000, 2048), (6000, 4096), (8000, 4096)):
        print(f"| {chunk_tokens} | {max_tokens} | {modelled(chunk_tokens, max_tokens)} |")


if __name__ == "__main__":
    main()
