"""Every answer shape real models give, against the fake server on a real corpus report.

Each shape is answered to the first request of every chunk; later requests get the clean answer. A run
must end with the clean run's items, no duplicates, and at most 2.5x its calls (3x when an answer is cut
off). Also: the per-report budget, refused connections, the trace and the answers cache.
"""

from __future__ import annotations

import asyncio
import io
import json
import socket

import pytest
from conftest import corpus_report
from fakeserver import FakeServer, chunk_text

from summarizer import ModelError
from summarizer.config import ModelSettings
from summarizer.extract.llm import LLMExtractor

SECRET = "sk-test-secret-0123456789"


def report():
    return corpus_report("bazhong")


def extractor(url: str, **overrides) -> LLMExtractor:
    settings = ModelSettings(
        base_url=url,
        model="fake",
        api_key=SECRET,
        timeout=2.0,
        max_retries=3,
        max_reasks=2,
        chunk_tokens=3000,
    )
    return LLMExtractor(settings, retry_wait=(0.01, 0.05), **overrides)


def run(x: LLMExtractor, r=None):
    return asyncio.run(x.extract(r or report()))


def items(summary) -> dict[str, list[tuple]]:
    return {
        "goals": [(g.indicator, g.low, g.high, g.qualifier, g.evidence.start) for g in summary.goals],
        "achievements": [(a.indicator, a.value, a.unit, a.evidence.start) for a in summary.achievements],
        "key_projects": [(p.name, p.status, p.evidence.start) for p in summary.key_projects],
    }


def first_of_each_chunk(action):
    """A `decide` hook answering `action` to the first request for each chunk text."""
    seen: set[str] = set()

    def decide(body):
        text = chunk_text(body["messages"])
        if text not in seen:
            seen.add(text)
            return action
        return None

    return decide


@pytest.fixture(scope="module", params=["json_object", "tools"])
def clean(request):
    with FakeServer() as server:
        summary = run(extractor(server.url, output_mode=request.param))
        calls = len(server.served)
    assert calls >= 4 and sum(map(len, items(summary).values())) >= 8 and not summary.rejected
    return request.param, summary, calls


SHAPES = [
    # shape, how many calls per chunk at most (relative to the clean run)
    ("think", 1.0),
    ("reasoning_field", 1.0),
    ("wrapper", 1.0),
    ("typed_list", 1.0),
    ("extra_key", 1.0),
    ("strings", 1.0),
    ("double_encoded", 1.0),
    ("tool_per_kind", 1.0),
    ("missing_fields", 2.0),
    ("no_choices", 2.0),
    ("content_filter", 2.0),
    ("refusal", 2.0),
    ("think_length", 2.0),
]


@pytest.mark.parametrize(("shape", "ratio"), SHAPES)
def test_every_answer_shape_ends_with_the_clean_items(clean, shape, ratio):
    mode, baseline, clean_calls = clean
    with FakeServer(decide=first_of_each_chunk(shape)) as server:
        summary = run(extractor(server.url, output_mode=mode))
        calls = len(server.served)
    got, want = items(summary), items(baseline)
    assert got == want
    for kind, values in got.items():
        assert len(values) == len(set(values)), f"duplicate {kind}"
    assert calls <= ratio * clean_calls <= 2.5 * clean_calls
    assert summary.usage.calls == calls
    reasons = " ".join(r.reason for r in summary.rejected)
    assert "not valid JSON" not in reasons


@pytest.mark.parametrize(
    ("shape", "reason"),
    [
        ("refusal", "the model refused"),
        ("content_filter", "content filter"),
        ("no_choices", "no choices"),
        ("think_length", "before any complete item"),
    ],
)
def test_a_model_that_never_answers_costs_two_calls_per_chunk_and_says_why(clean, shape, reason):
    _, _, clean_calls = clean
    with FakeServer(decide=lambda body: shape) as server:
        summary = run(extractor(server.url, output_mode="json_object"))
        calls = len(server.served)
    assert calls == 2 * clean_calls
    assert not summary.goals and not summary.achievements and not summary.key_projects
    assert summary.rejected and all(reason in r.reason for r in summary.rejected)


def test_a_cut_answer_without_items_is_never_split():
    cut = {"content": '{"goals": [{"quote": "全市经济社会发展的预期目标', "finish_reason": "length"}
    with FakeServer(decide=lambda body: cut) as server:
        summary = run(extractor(server.url, output_mode="json_object"))
        texts = {chunk_text(s.body["messages"]) for s in server.served}
        calls = len(server.served)
    assert calls == 2 * len(texts)  # one retry per chunk, no halves
    assert all("max_tokens" in r.reason for r in summary.rejected)


def test_the_report_budget_ends_a_report_with_a_reason():
    with FakeServer(decide=lambda body: "hallucinate") as server:
        summary = run(extractor(server.url, output_mode="json_object", max_calls_per_report=3))
        assert len(server.served) == 3
    assert summary.usage.calls == 3
    assert any(
        "report budget spent" in r.reason and "max_calls_per_report=3" in r.reason for r in summary.rejected
    )


def test_the_token_budget_counts_every_call():
    with FakeServer() as server:
        summary = run(
            extractor(server.url, output_mode="json_object", max_tokens_per_report=1, concurrency=1)
        )
        assert len(server.served) == 1  # the first call spends the budget; every other chunk stops
    assert sum("max_tokens_per_report=1" in r.reason for r in summary.rejected) >= 3


def test_a_refused_connection_fails_at_once(retry_waits):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again before the call: nothing listens
    x = LLMExtractor(
        ModelSettings(base_url=f"http://127.0.0.1:{port}/v1", model="m", max_retries=5, chunk_tokens=3000)
    )
    with pytest.raises(ModelError, match="cannot reach") as info:
        run(x)
    # each chunk tried once, no retry and no backoff wait (it used to take 36 s)
    assert "(1 attempt(s))" in str(info.value) and retry_waits == []


def test_trace_writes_every_request_and_answer_without_the_key(tmp_path):
    path = tmp_path / "trace.jsonl"
    with FakeServer() as server:
        server.push("truncated")
        summary = run(extractor(server.url, output_mode="json_object", trace=path))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == summary.usage.calls
    assert {"request", "answer", "chunk", "attempt", "mode"} <= set(lines[0])
    assert lines[0]["request"]["messages"] and lines[0]["answer"]["usage"]["prompt_tokens"] > 0
    assert SECRET not in path.read_text(encoding="utf-8")
    buffer = io.StringIO()
    with FakeServer() as server:
        run(extractor(server.url, output_mode="json_object", trace=buffer))
    assert len(buffer.getvalue().splitlines()) == len(server.served)


class DictStore:
    def __init__(self):
        self.data: dict[str, dict] = {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value):
        self.data[key] = json.loads(json.dumps(value))


def test_answers_cache_serves_identical_requests_without_calls():
    store = DictStore()
    with FakeServer() as server:
        first = run(extractor(server.url, output_mode="json_object", answers=store))
        calls = len(server.served)
    assert len(store.data) == calls and all(len(k) == 64 for k in store.data)
    assert SECRET not in json.dumps(store.data)
    with FakeServer() as server:
        x = extractor(server.url, output_mode="json_object", answers=store)
        second = run(x)
        assert server.served == []
    assert items(second) == items(first) and second.usage.calls == 0 and x.cache_hits == calls


def test_second_pass_and_overlap_are_off_by_default_and_merge_by_span(clean):
    mode, baseline, clean_calls = clean
    with FakeServer() as server:
        summary = run(extractor(server.url, output_mode=mode, second_pass=True, chunk_overlap=200))
        calls = len(server.served)
        asks = [s.body["messages"][-1]["content"] for s in server.served]
    assert calls == 2 * clean_calls and sum("遗漏" in a for a in asks) == clean_calls
    assert items(summary) == items(baseline)  # the second answer repeats the items: merged by span
    assert any("<context>" in s.body["messages"][1]["content"] for s in server.served)
