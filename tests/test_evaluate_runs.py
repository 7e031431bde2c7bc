"""Eval runs: outputs and scores stored per (cell, doc); the cache is reused; re-scoring calls no model."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner
from evaluate_helpers import CORPUS, GOLD, SMALL_GOLD, write_gold

import summarizer.client
from summarizer.cli import main
from summarizer.errors import ModelError
from summarizer.evaluate.gold import load_gold
from summarizer.evaluate.runs import CellSpec, cell_matrix, load_run, rescore_run, run_eval
from summarizer.extract import base
from summarizer.models import Report, ReportSummary

DOCS = ["000_bazhong", "003_qianjiang"]
KINDS = ("goals", "achievements", "key_projects")


class OracleExtractor:
    """Answers with the gold items of the report (all, or every other one); can fail on one region."""

    name = "oracle"

    def __init__(self, golds, *, keep_every: int = 1, fail_region: str | None = None, variant: str = "v"):
        self.by_text = {g.report.text: g for g in golds}
        self.keep_every = keep_every
        self.fail_region = fail_region
        self.variant = variant
        self.calls = 0

    def cache_key(self):
        return {"backend": "oracle", "keep_every": self.keep_every, "variant": self.variant}

    async def extract(self, report: Report) -> ReportSummary:
        self.calls += 1
        if report.meta.region == self.fail_region:
            raise ModelError("endpoint down")
        gold = self.by_text[report.text]
        items = {k: gold.items[k][:: self.keep_every] for k in KINDS}
        return ReportSummary(meta=report.meta, source=report.source, report_index=report.index, **items)


@pytest.fixture(scope="module")
def golds():
    return load_gold(GOLD, CORPUS, names=DOCS)


def _factory(golds, made):
    def factory(cell: CellSpec):
        keep = 1 if cell.variant == "good" else 2
        extractor = OracleExtractor(golds, keep_every=keep, variant=cell.variant or "", fail_region=None)
        made.append(extractor)
        return extractor

    return factory


def test_cell_matrix():
    cells = cell_matrix(["rules", "llm"], ["default", "terse"], ["m1"])
    assert [c.label for c in cells] == ["rules", "llm-default-m1", "llm-terse-m1"]


def test_run_stores_outputs_scores_and_manifest(tmp_path, golds):
    made: list[OracleExtractor] = []
    cells = [CellSpec("oracle", "good"), CellSpec("oracle", "half")]
    summary = run_eval(cells, golds, tmp_path / "r1", factory=_factory(golds, made), gold_dir=str(GOLD))
    assert summary["oracle-good"].micro["strict"]["f1"] == 1.0
    half = summary["oracle-half"].micro["soft"]
    assert half["precision"] == 1.0 and 0.4 < half["recall"] < 0.6
    folder = tmp_path / "r1"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["docs"] == DOCS
    assert [c["label"] for c in manifest["cells"]] == ["oracle-good", "oracle-half"]
    assert {"created", "git_commit", "summarizer_version", "match"} <= set(manifest)
    outputs = [
        json.loads(line) for line in (folder / "outputs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert [(o["cell"], o["doc"]) for o in outputs] == [
        (c, d) for c in ("oracle-good", "oracle-half") for d in DOCS
    ]
    assert ReportSummary.model_validate(outputs[0]["summary"]).goals
    stored = load_run(folder)
    assert set(stored.scores["oracle-half"]) == set(DOCS)
    assert stored.summary["oracle-half"] == summary["oracle-half"]
    assert sum(e.calls for e in made) == 4

    # the same run again is served from the cache: no extractor call
    made.clear()
    run_eval(cells, golds, tmp_path / "r2", factory=_factory(golds, made), gold_dir=str(GOLD))
    assert sum(e.calls for e in made) == 0
    manifest2 = json.loads((tmp_path / "r2" / "manifest.json").read_text(encoding="utf-8"))
    assert [c["cache_hits"] for c in manifest2["cells"]] == [2, 2]


def test_failed_report_is_an_error_row(tmp_path, golds):
    def factory(cell):
        return OracleExtractor(golds, fail_region="黔江区")

    summary = run_eval([CellSpec("oracle")], golds, tmp_path / "r", factory=factory, use_cache=False)
    s = summary["oracle"]
    assert s.errors == 1 and s.schema_valid_rate == 0.5
    rows = [
        json.loads(x) for x in (tmp_path / "r" / "outputs.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    failed = next(r for r in rows if r["doc"] == "003_qianjiang")
    assert failed["summary"] is None and "endpoint down" in failed["error"]


def test_rescore_makes_no_model_calls(tmp_path, golds, monkeypatch):
    folder = tmp_path / "r"
    run_eval([CellSpec("oracle", "half")], golds, folder, factory=_factory(golds, []), gold_dir=str(GOLD))
    before = load_run(folder).summary["oracle-half"]

    def boom(*args, **kwargs):
        raise AssertionError("re-scoring must not call an extractor")

    monkeypatch.setattr(base, "get_extractor", boom)
    monkeypatch.setattr(summarizer.client.Summarizer, "asummarize_many", boom)

    # same gold, same threshold: same scores
    assert rescore_run(folder)["oracle-half"] == before
    # new gold: one bazhong goal removed from a copy of the gold set -> one fewer gold item
    new_gold = tmp_path / "gold"
    for name in DOCS:
        data = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
        if name == "000_bazhong":
            data["goals"] = data["goals"][1:]
        write_gold(new_gold, name, data)
    after = rescore_run(folder, gold_dir=new_gold, corpus_dir=CORPUS)["oracle-half"]
    assert after.counts["goals"].n_gold == before.counts["goals"].n_gold - 1
    # a threshold no pair reaches: nothing matches
    from summarizer.evaluate.match import MatchConfig

    strict = rescore_run(folder, config=MatchConfig(threshold=1.01), corpus_dir=CORPUS)["oracle-half"]
    assert strict.micro["soft"]["f1"] == 0.0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["rescored"]) == 3


def test_rescore_flags_an_invalid_stored_summary(tmp_path, golds):
    folder = tmp_path / "r"
    run_eval([CellSpec("oracle", "good")], golds, folder, factory=_factory(golds, []), gold_dir=str(GOLD))
    rows = [json.loads(x) for x in (folder / "outputs.jsonl").read_text(encoding="utf-8").splitlines()]
    rows[0]["summary"]["goals"][0]["qualifier"] = "roughly"
    (folder / "outputs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    s = rescore_run(folder)["oracle-good"]
    assert s.schema_valid_rate == 0.5
    assert s.micro["soft"]["recall"] < 1.0


def test_cli_run_rescore_compare(tmp_path, golds, monkeypatch):
    small = copy.deepcopy(SMALL_GOLD)
    gold_dir = tmp_path / "gold"
    write_gold(gold_dir, "000_small", small)
    small_golds = load_gold(gold_dir, CORPUS)
    monkeypatch.setitem(
        base._REGISTRY,
        "oracle",
        lambda settings=None, **kw: OracleExtractor(
            small_golds,
            keep_every=1 if settings and settings.prompt == "good" else 2,
            variant=settings.prompt,
        ),
    )
    runner = CliRunner()
    common = ["--gold", str(gold_dir), "--corpus", str(CORPUS), "--runs-dir", str(tmp_path / "runs")]
    args = ["eval", "run", "--backend", "oracle", "--variant", "good", "--variant", "half", "--name", "cli"]
    result = runner.invoke(main, [*args, *common])
    assert result.exit_code == 0, result.output
    assert "oracle-good: 1 report(s)" in result.output
    again = runner.invoke(main, [*args, *common])
    assert again.exit_code != 0 and "exists" in again.output

    result = runner.invoke(
        main, ["eval", "rescore", "cli", "--threshold", "0.9", "--runs-dir", str(tmp_path / "runs")]
    )
    assert result.exit_code == 0, result.output
    md, html = tmp_path / "cmp.md", tmp_path / "cmp.html"
    result = runner.invoke(
        main,
        [
            "eval",
            "compare",
            "cli:oracle-good",
            "cli:oracle-half",
            "--runs-dir",
            str(tmp_path / "runs"),
            "--md",
            str(md),
            "--html",
            str(html),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "paired-bootstrap" in md.read_text(encoding="utf-8")
    assert "<svg" in html.read_text(encoding="utf-8")


def test_llm_backend_run_against_a_local_endpoint(tmp_path, golds):
    """The model path end to end: an OpenAI-compatible server (scripted, real sockets), then a rescore
    that sends it nothing."""
    from fakeserver import FakeServer

    gold = next(g for g in golds if g.name == "000_bazhong")
    with FakeServer() as server:
        cells = cell_matrix(["llm"], ["default"], ["fake-model"], {"base_url": server.url})
        summary = run_eval(
            cells, [gold], tmp_path / "llm", excerpt=(0, 3000), gold_dir=str(GOLD), use_cache=False
        )
        served = len(server.served)
        s = summary["llm-default-fake-model"]
        assert served > 0 and s.usage.calls > 0
        assert s.errors == 0 and s.grounding_rate == 1.0
        assert s.counts["achievements"].tp_soft > 0  # the server quotes real GDP figures of the excerpt
        rescore_run(tmp_path / "llm", corpus_dir=CORPUS)
        assert len(server.served) == served
    manifest = json.loads((tmp_path / "llm" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["excerpt"] == [0, 3000]
    assert manifest["cells"][0]["model"] == "fake-model"
    assert "api_key" not in json.dumps(manifest)


@pytest.mark.parametrize(
    ("setting", "message"),
    [("max_tokens", "expected KEY=VALUE"), ("api_key=sk-secret123", "OPENAI_API_KEY")],
)
def test_cli_run_rejects_bad_settings(tmp_path, setting, message):
    args = ["eval", "run", "--variant", "default", "--setting", setting, "--runs-dir", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0
    assert message in result.output
    assert "sk-secret123" not in result.output
