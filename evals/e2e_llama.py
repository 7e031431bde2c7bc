"""End-to-end eval: the offline `rules` extractor vs model prompt variants on a local llama.cpp server.

Starts the gemma3 270M server (tests/llama_server.py; needs the `llama` extra), runs
`summarizer eval run` on a short gold excerpt, and writes compare.md / compare.html into the run folder.

    python evals/e2e_llama.py                                  # 巴中市 target sentence, variant default
    python evals/e2e_llama.py --variant default --variant candidates --excerpt 7990:8135 --name e2e-2

With `--setting-set LABEL:KEY=VALUE[,KEY=VALUE...]` (repeatable) the `llm` backend alone runs once per set
against the one server, into evals/runs/<name>-<LABEL>; the first set is the baseline, and the comparison of
all sets goes into its folder:

    python evals/e2e_llama.py --name e2e-sp --doc 000_bazhong --excerpt 0:2500 --setting chunk_tokens=800 \
        --setting-set default: --setting-set second_pass:second_pass=true
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from llama_server import LlamaServer, llama_available  # noqa: E402

from summarizer.cli import main  # noqa: E402


def _parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="e2e-llama")
    parser.add_argument("--doc", action="append", default=None, help="gold report(s), default 000_bazhong")
    parser.add_argument("--excerpt", default="8004:8094", help="START:END of each report (default: a target)")
    parser.add_argument(
        "--variant", action="append", default=None, help="prompt variant(s), default 'default'"
    )
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument(
        "--setting", action="append", default=[], metavar="KEY=VALUE", help="model setting for every run"
    )
    parser.add_argument(
        "--setting-set", action="append", default=[], metavar="LABEL:KEY=VALUE,...",
        help="one llm-only run per set, named <name>-<LABEL> (the first is the baseline)",
    )  # fmt: skip
    args = parser.parse_args()
    args.sets = [_setting_set(parser, spec) for spec in args.setting_set]
    return args


def _setting_set(parser: argparse.ArgumentParser, spec: str) -> tuple[str, list[str]]:
    """'second_pass:second_pass=true,max_reasks=1' -> ('second_pass', ['second_pass=true', 'max_reasks=1'])"""
    label, sep, pairs = spec.partition(":")
    if not sep or not label:
        parser.error(f"--setting-set expects LABEL:KEY=VALUE,... (LABEL: for none), got {spec!r}")
    return label, [pair for pair in pairs.split(",") if pair]


def _settings(pairs: list[str]) -> list[str]:
    return [arg for pair in pairs for arg in ("--setting", pair)]


def _cli(args: list[str]) -> None:
    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:  # click exits on errors even outside standalone mode
        if exc.code:
            raise


def run() -> None:
    args = _parse()
    if not llama_available():
        sys.exit("the llama extra is not installed: pip install -e '.[llama]'")
    os.chdir(ROOT)  # relative paths in the run manifest, so a committed run reads the same anywhere
    runs = Path("evals/runs")
    if args.sets:  # settings do not change the rules extractor: only the model runs
        folders = [(runs / f"{args.name}-{label}", ["llm"], pairs) for label, pairs in args.sets]
    else:
        folders = [(runs / args.name, ["rules", "llm"], [])]
    with LlamaServer(n_ctx=args.n_ctx) as server:
        common = ["--model", server.model_id]
        for variant in args.variant or ["default"]:
            common += ["--variant", variant]
        for doc in args.doc or ["000_bazhong"]:
            common += ["--doc", doc]
        common += [
            "--base-url", server.url, "--excerpt", args.excerpt, "--force", "--no-cache",
            "--concurrency", "1", "--runs-dir", str(runs), "--gold", "evals/gold",
            "--setting", "output_mode=json_object", "--setting", f"max_tokens={args.max_tokens}",
            "--setting", "timeout=600", "--setting", "max_retries=1", "--setting", "max_reasks=0",
            *_settings(args.setting),
        ]  # fmt: skip
        for folder, backends, pairs in folders:
            backend_args = [arg for backend in backends for arg in ("--backend", backend)]
            _cli(["eval", "run", *backend_args, *common, "--name", folder.name, *_settings(pairs)])
    refs = []
    for folder, _, _ in folders:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        refs += [f"{folder}:{cell['label']}" for cell in manifest["cells"]]
    out = folders[0][0]
    _cli(["eval", "compare", *refs, "--md", str(out / "compare.md"), "--html", str(out / "compare.html")])


if __name__ == "__main__":
    run()
