"""Batch jobs against the fake Batch API: submit, status, collect, cancel; faults; vLLM files; the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, FILES
from fake_batch_server import FakeBatchServer
from fakeserver import FakeServer

from summarizer import Summarizer
from summarizer.cli import main
from summarizer.errors import BatchUnsupported, InputError
from summarizer.jobs import load_state, state_path

QIANJIANG = str(CORPUS / FILES["qianjiang"])
DISTRICTS = str(CORPUS / FILES["chongqing_districts"])
OPTIONS = {"model": "fake", "chunk_tokens": 1500, "concurrency": 4}


def client(url: str, cache: Path, **options) -> Summarizer:
    return Summarizer("llm", base_url=url, cache=cache, **{**OPTIONS, **options})


def lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def comparable(path: Path) -> list[str]:
    """OUT rows without usage (calls and seconds differ between live and batch), in a fixed order."""
    rows = [{k: v for k, v in row.items() if k != "usage"} for row in lines(path)]
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def live_run(tmp_path: Path, source: str, answerer: FakeServer | None = None, name: str = "live") -> Path:
    out = tmp_path / f"{name}.jsonl"
    with answerer or FakeServer() as server:
        client(server.url, tmp_path / f"{name}-cache").summarize_many(source, output=out)
    return out


def test_submit_then_collect_writes_what_a_live_run_writes_and_fills_the_cache(tmp_path):
    out = tmp_path / "out.jsonl"
    prices = {"price_input": 2.0, "price_output": 8.0}
    with FakeBatchServer() as server:
        c = client(server.url, tmp_path / "cache", **prices)
        sent = c.submit_batch(QIANJIANG, output=out)
        assert sent.submitted > 3 and sent.pending == sent.submitted and not sent.done
        assert sent.result.deferred == ["003_81e20280b68fc4c4#0"] and not lines(out)
        # the uploaded input file is OpenAI batch JSONL, one line per request, custom_id readable + unique
        batch = server.batches[sent.batches[0]["id"]]
        uploaded = lines_of(server.files[batch["input_file_id"]]["data"])
        assert {x["method"] for x in uploaded} == {"POST"} and {x["url"] for x in uploaded} == {
            "/v1/chat/completions"
        }
        assert uploaded[0]["body"]["model"] == "fake" and "messages" in uploaded[0]["body"]
        ids = [x["custom_id"] for x in uploaded]
        assert len(set(ids)) == len(ids) and all(i.startswith("003_81e20280b68fc4c4#0:") for i in ids)
        state = load_state(out)
        assert state_path(out).name == ".out.jsonl.batch.json" and state["sources"] == [QIANJIANG]
        assert all(len(state["requests"][i]["key"]) == 64 for i in ids)
        assert "api_key" not in state["settings"]

        assert c.batch_status(out).batches[0]["status"] == "in_progress"
        done = c.collect_batch(out)
        assert done.done and done.collected == sent.submitted and not done.failed
        assert done.batch_calls == sent.submitted and len(server.answerer.served) == sent.submitted
        usage = done.result.summaries[0].usage
        assert usage.calls == sent.submitted  # batch answers are the report's calls, at the batch price
        assert usage.cost == pytest.approx((usage.prompt_tokens * 1.0 + usage.completion_tokens * 4.0) / 1e6)

        again = c.collect_batch(out)  # idempotent: nothing downloaded again, nothing new written
        assert again.collected == 0 and len(again.result.resumed) == 1 and not again.result.summaries
        assert len(server.answerer.served) == sent.submitted

        # a later live run with the same cache makes no call
        fresh = client(server.url, tmp_path / "cache").summarize_many(
            QIANJIANG, output=tmp_path / "again.jsonl"
        )
        assert fresh.usage.calls == 0 and len(server.answerer.served) == sent.submitted
    assert comparable(out) == comparable(live_run(tmp_path, QIANJIANG))


def lines_of(data: bytes) -> list[dict]:
    return [json.loads(x) for x in data.splitlines() if x.strip()]


def test_failed_requests_are_retried_live_with_their_reason_recorded(tmp_path):
    out = tmp_path / "out.jsonl"
    faults = {}

    def fault(custom_id: str, body: dict) -> str | None:
        n = len(faults)
        if custom_id not in faults:
            faults[custom_id] = ("error", "body_400", None, None)[n % 4]
        return faults[custom_id]

    with FakeBatchServer(line_fault=fault) as server:
        c = client(server.url, tmp_path / "cache")
        sent = c.submit_batch(QIANJIANG, output=out)
        done = c.collect_batch(out, wait=5, poll=0.01)
        bad = {cid for cid, f in faults.items() if f}
        assert set(done.failed) == bad and done.done
        reasons = set(done.failed.values())
        assert any("request failed in the batch" in r for r in reasons)
        assert any("HTTP 400 inside the batch response" in r for r in reasons)
        state = load_state(out)
        assert all(state["requests"][cid]["reasons"] for cid in bad)
        # every failed request went live once; every answered one came from the batch
        assert len(server.answerer.served) == sent.submitted
        assert done.batch_calls == sent.submitted - len(bad)
    assert comparable(out) == comparable(live_run(tmp_path, QIANJIANG))


@pytest.mark.parametrize("outcome", ["no_output", "expired", "failed"])
def test_a_batch_that_ends_badly_loses_no_finished_answer_and_retries_in_a_follow_up(tmp_path, outcome):
    out = tmp_path / "out.jsonl"
    with FakeBatchServer(outcomes=(outcome,)) as server:
        c = client(server.url, tmp_path / "cache")
        sent = c.submit_batch(QIANJIANG, output=out, reask="batch")
        first = c.collect_batch(out, wait=5, poll=0.01)
        answered = {"no_output": 0, "expired": sent.submitted // 2, "failed": 0}[outcome]
        assert first.collected == answered and len(first.failed) == sent.submitted - answered
        assert first.submitted == sent.submitted - answered and not first.done  # a follow-up batch
        assert [b["round"] for b in first.batches] == [1, 2]
        why = next(iter(first.failed.values()))
        assert {"no_output": "batch worker failed", "expired": "batch expired", "failed": "invalid_file"}[
            outcome
        ] in why
        second = c.collect_batch(out, wait=5, poll=0.01)
        assert second.done and second.collected == first.submitted
        assert len(server.answerer.served) == sent.submitted  # no request answered twice
    assert comparable(out) == comparable(live_run(tmp_path, QIANJIANG))


def test_cancelled_batches_keep_their_partial_output(tmp_path):
    out = tmp_path / "out.jsonl"
    with FakeBatchServer(outcomes=("stuck",)) as server:
        c = client(server.url, tmp_path / "cache")
        sent = c.submit_batch(QIANJIANG, output=out)
        waiting = c.collect_batch(out)  # still running: nothing is sent live meanwhile
        assert waiting.pending == sent.submitted and waiting.result.deferred and not server.answerer.served
        assert c.cancel_batch(out).batches[0]["status"] in ("cancelling", "cancelled")
        done = c.collect_batch(out)
        assert done.done and done.collected == sent.submitted // 2
        assert all("batch cancelled" in r for r in done.failed.values())
        assert len(server.answerer.served) == sent.submitted  # half from the batch, half live
    assert comparable(out) == comparable(live_run(tmp_path, QIANJIANG))


def test_large_inputs_split_by_the_request_and_byte_limits(tmp_path):
    out = tmp_path / "out.jsonl"
    with FakeBatchServer(max_requests=4) as server:
        c = client(server.url, tmp_path / "cache", batch_max_requests=4, batch_max_bytes=60_000)
        sent = c.submit_batch(QIANJIANG, output=out)
        sizes = [b["requests"] for b in sent.batches]
        assert len(sizes) >= 2 and max(sizes) <= 4 and sum(sizes) == sent.submitted
        assert all(b["bytes"] <= 60_000 or b["requests"] == 1 for b in sent.batches)
        done = c.collect_batch(out, wait=5, poll=0.01)
        assert done.done and done.collected == sent.submitted and not done.failed
    with FakeBatchServer(max_requests=2) as server:  # the provider refuses files over its limit
        c = client(server.url, tmp_path / "cache2")
        sent = c.submit_batch(QIANJIANG, output=tmp_path / "two.jsonl")
        done = c.collect_batch(tmp_path / "two.jsonl", wait=5, poll=0.01)
        assert done.done and all("too_many_requests" in r for r in done.failed.values())
        assert len(done.failed) == sent.submitted


def test_re_asks_go_live_or_into_a_follow_up_batch(tmp_path):
    def wrong_first(body: dict) -> str | None:  # every first answer has a number not in its quote
        return "wrong_number" if len(body["messages"]) <= 2 else None

    for reask in ("live", "batch"):
        out = tmp_path / f"{reask}.jsonl"
        with FakeBatchServer(answerer=FakeServer(decide=wrong_first)) as server:
            c = client(server.url, tmp_path / f"cache-{reask}")
            sent = c.submit_batch(QIANJIANG, output=out, reask=reask)
            first = c.collect_batch(out, wait=5, poll=0.01)
            if reask == "live":
                assert first.done and first.submitted == 0
                assert len(server.answerer.served) > sent.submitted  # the re-asks, live
            else:
                assert (
                    first.submitted > 0 and not first.done and len(server.answerer.served) == sent.submitted
                )
                second = c.collect_batch(out, wait=5, poll=0.01)
                assert second.done and second.collected == first.submitted
        assert comparable(out) == comparable(
            live_run(tmp_path, QIANJIANG, FakeServer(decide=wrong_first), name=f"live-{reask}")
        )


def test_a_server_without_a_batch_api_is_one_clear_error(tmp_path):
    with FakeBatchServer(batches=False) as server:
        c = client(server.url, tmp_path / "cache")
        with pytest.raises(BatchUnsupported, match=r"has no Batch API .*HTTP 404.*--export-requests"):
            c.submit_batch(QIANJIANG, output=tmp_path / "out.jsonl")
        result = CliRunner().invoke(
            main, ["batch", QIANJIANG, "-o", str(tmp_path / "o.jsonl"), "--via", "batch", "--model", "fake",
                   "--base-url", server.url, "--setting", "chunk_tokens=1500"],
        )  # fmt: skip
    assert result.exit_code == 1 and "has no Batch API" in result.output
    assert len(result.output.strip().splitlines()) == 1
    with pytest.raises(InputError, match="no batch job"):
        c.collect_batch(tmp_path / "nothing.jsonl")


def test_export_requests_for_vllm_then_import_its_results(tmp_path):
    out, requests, results = tmp_path / "out.jsonl", tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    answerer = FakeServer()
    with answerer:
        c = client(answerer.url, tmp_path / "cache")
        sent = c.submit_batch(QIANJIANG, output=out, export=requests)
        assert sent.exported == requests and not answerer.served
        # what `vllm run-batch -i requests.jsonl -o results.jsonl` does: answer every line, same format
        rows = []
        for n, line in enumerate(lines(requests)):
            code, body, _ = answerer._handle(line["body"])
            rows.append({"id": f"vllm-{n}", "custom_id": line["custom_id"],
                         "response": {"status_code": code, "request_id": f"r{n}", "body": body}, "error": None})  # fmt: skip
        rows[0] = {**rows[0], "response": None, "error": {"code": 500, "message": "engine died"}}
        results.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        served = len(answerer.served)
        done = c.collect_batch(out, results=results)
        assert (
            done.done
            and done.collected == sent.submitted - 1
            and list(done.failed.values()) == ["batch error 500: engine died"]
        )
        assert len(answerer.served) == served + 1  # only the failed request went live
    assert comparable(out) == comparable(live_run(tmp_path, QIANJIANG))


def test_the_command_line_flow(tmp_path):
    out = tmp_path / "out.jsonl"
    run = lambda *args: CliRunner().invoke(main, list(args))  # noqa: E731
    with FakeBatchServer() as server:
        flags = ["--model", "fake", "--base-url", server.url, "--setting", "chunk_tokens=1500",
                 "--setting", "price_input=2", "--setting", "price_output=8"]  # fmt: skip
        sent = run("batch", QIANJIANG, "-o", str(out), "--via", "batch", *flags)
        assert sent.exit_code == 0, sent.output
        assert "submitted" in sent.output and "jobs collect" in sent.output
        status = run("jobs", "status", str(out))
        assert status.exit_code == 0 and "in_progress" in status.output
        collected = run("jobs", "collect", str(out), "--wait", "5", "--poll", "0.01")
        assert collected.exit_code == 0, collected.output
        assert (
            "answered by batch at the batch price" in collected.output
            and "1 report(s) summarized" in collected.output
        )
        assert "batch job done" in collected.output
        assert len(lines(out)) == 1
        cancel = run("jobs", "cancel", str(out))
        assert cancel.exit_code == 0 and "completed" in cancel.output
        exported = run("batch", QIANJIANG, "-o", str(tmp_path / "x.jsonl"), "--export-requests",
                       str(tmp_path / "req.jsonl"), *flags, "--setting", "chunk_tokens=1400")  # fmt: skip
        assert exported.exit_code == 0 and "vllm run-batch" in exported.output
        assert (tmp_path / "req.jsonl").exists()
