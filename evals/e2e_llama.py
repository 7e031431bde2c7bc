"""End-to-end eval: the offline `rules` extractor vs model prompt variants on a local llama.cpp server.

Starts the gemma3 270M server (tests/llama_server.py; needs the `llama` extra), runs
`summarizer eval run` on a short gold excerpt, and writes compare.md / compare.html into the run folder.

    python evals/e2e_llama.py                                  # 巴中市 target sentence, variant default
    python evals/e2e_llama.py --variant default --variant candidates --excerpt 7990:8135 --name e2e-2
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
    return parser.parse_args()


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
    folder = Path("evals/runs") / args.name
    with LlamaServer(n_ctx=args.n_ctx) as server:
        eval_args = ["eval", "run", "--backend", "rules", "--backend", "llm", "--model", server.model_id]
        for variant in args.variant or ["default"]:
            eval_args += ["--variant", variant]
        for doc in args.doc or ["000_bazhong"]:
            eval_args += ["--doc", doc]
        eval_args += [
            "--base-url", server.url, "--excerpt", args.excerpt, "--name", args.name, "--force", "--no-cache",
            "--concurrency", "1", "--runs-dir", "evals/runs", "--gold", "evals/gold",
            "--setting", "output_mode=json_object", "--setting", f"max_tokens={args.max_tokens}",
            "--setting", "timeout=600", "--setting", "max_retries=1", "--setting", "max_reasks=0",
        ]  # fmt: skip
        _cli(eval_args)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    refs = [f"{folder}:{cell['label']}" for cell in manifest["cells"]]
    _cli(
        ["eval", "compare", *refs, "--md", str(folder / "compare.md"), "--html", str(folder / "compare.html")]
    )


if __name__ == "__main__":
    run()
