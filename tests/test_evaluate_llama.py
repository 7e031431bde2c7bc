"""End to end: an eval run comparing the offline extractor with a model variant on a real llama.cpp server.

The gemma3 270M model is tiny and mostly wrong; what is tested is the harness around it: a run over a real
endpoint stores outputs and usage, scores them, compares the two cells, and re-scores with no model call.
"""

from __future__ import annotations

import json

import pytest
from evaluate_helpers import CORPUS, GOLD
from llama_server import serve_or_skip

from summarizer.evaluate.compare import compare_cells, resolve_cells
from summarizer.evaluate.gold import load_gold
from summarizer.evaluate.runs import cell_matrix, rescore_run, run_eval

pytestmark = pytest.mark.llama

EXCERPT = (8004, 8094)  # 巴中市's 2020 target sentence: four gold goals, a prompt the server reads in seconds


@pytest.fixture(scope="module")
def llama():
    yield from serve_or_skip()


def test_eval_rules_vs_llm_on_llama(llama, tmp_path):
    gold = load_gold(GOLD, CORPUS, names=["000_bazhong"])
    options = {
        "base_url": llama.url, "output_mode": "json_object", "max_tokens": 64, "timeout": 150,
        "max_retries": 1, "max_reasks": 0,
    }  # fmt: skip
    cells = cell_matrix(["rules", "llm"], ["default"], [llama.model_id], options)
    folder = tmp_path / "e2e"
    summary = run_eval(cells, gold, folder, excerpt=EXCERPT, gold_dir=str(GOLD), corpus_dir=str(CORPUS))
    rules, llm = summary["rules"], summary[cells[1].label]
    assert rules.counts["goals"].n_gold == 4
    assert rules.micro["soft"]["f1"] is not None
    # the model cell either answered (usage counted, every kept quote verbatim) or is an error row
    if llm.errors == 0:
        assert llm.usage.calls >= 1 and llm.usage.prompt_tokens > 0
        assert llm.grounding_rate in (None, 1.0)
    else:
        rows = [json.loads(x) for x in (folder / "outputs.jsonl").read_text(encoding="utf-8").splitlines()]
        assert any(r["error"] for r in rows)

    comparison = compare_cells(resolve_cells([f"{folder}:rules", f"{folder}:{cells[1].label}"]))
    ci = comparison.intervals[f"e2e:{cells[1].label}"][0]
    assert ci.low <= ci.diff <= ci.high

    llama.__exit__()  # the server is gone: re-scoring must not need it
    again = rescore_run(folder)
    assert again["rules"] == rules
