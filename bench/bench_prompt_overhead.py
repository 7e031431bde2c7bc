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
import inspect
import json
import platform
import sys
from pathlib import Path

from summarizer import load_reports
from summarizer.config import ModelSettings
from summarizer.extract.llm.chunk import candidate_lines, chunk_report, estimate_tokens
from summarizer.extract.llm.modes import build_request
from summarizer.extract.llm.prompts import list_variants

CORPUS = Path(__file__).resolve().parent.parent / "evals" / "corpus"
MODES = ("json_object", "json_schema", "tools")


def render(variant, report, chunk, mode: str) -> list[dict[str, str]]:
    params = inspect.signature(variant.render).parameters
    extra = {"schema_in_request": mode in ("json_schema", "tools")} if "schema_in_request" in params else {}
    if variant.reading == "candidates":
        candidates = candidate_lines(report, chunk)
        if not candidates:
            return []
    else:
        candidates = []
    return variant.render(
        kinds=chunk.kinds, text=chunk.text(report), meta=report.meta.model_dump(mode="json"),
        section=chunk.section, candidates=candidates, **extra,
    )  # fmt: skip


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


if __name__ == "__main__":
    main()
