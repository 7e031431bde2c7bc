"""LLMExtractor against the scriptable fake server: each fault's exact handling, modes, usage, a mixed run."""

from __future__ import annotations

import asyncio
import json

import openai
import pytest
from conftest import corpus_report
from fakeserver import FAULTS, FakeServer, chunk_text, smart_answer

from summarizer import ContentError, ModelError, Report, ReportMeta, sections
from summarizer.config import ModelSettings, resolve_settings
from summarizer.errors import ConfigError
from summarizer.extract import get_extractor
from summarizer.extract.llm import LLMExtractor
from summarizer.extract.llm.modes import endpoint_modes

SECRET = "sk-test-secret-0123456789"


def excerpt() -> Report:
    """One chunk's worth of the 巴中 2020 report: a review result, the targets, two project sentences."""
    full = corpus_report("bazhong")
    spans = [(2166, 2198), (8004, 8094), (8921, 9165), (9165, 9285)]
    text = "\n".join(full.text[s:e] for s, e in spans)
    return Report(text=text, meta=ReportMeta(region="巴中市", year=2020, doc_type="work_report"))


def extractor(server: FakeServer, **overrides) -> LLMExtractor:
    settings = ModelSettings(
        base_url=server.url, model="fake", api_key=SECRET, timeout=1.0, max_retries=3, max_reasks=2,
        chunk_tokens=100_000, price_input=2.0, price_output=8.0,
    )  # fmt: skip
    return LLMExtractor(settings, retry_wait=(0.01, 0.05), **overrides)


def run(x: LLMExtractor, report: Report):
    return asyncio.run(x.extract(report))


def items(summary) -> dict[str, list[tuple]]:
    """Kept items reduced to what matters for comparing runs (fields and evidence spans)."""
    return {
        "goals": [(g.indicator, g.low, g.high, g.evidence.start, g.evidence.end) for g in summary.goals],
        "achievements": [(a.indicator, a.value, a.evidence.start) for a in summary.achievements],
        "key_projects": [(p.name, p.status, p.evidence.start) for p in summary.key_projects],
    }


@pytest.fixture(scope="module")
def clean():
    """The items of a fault-free run on the excerpt (what every recovered run must end with)."""
    with FakeServer() as server:
        summary = run(extractor(server), excerpt())
        assert server.actions() == ["smart"]
    return summary


def test_clean_run_yields_grounded_items_of_every_kind(clean):
    report = excerpt()
    assert clean.backend == "llm"
    assert [(a.indicator, a.value, a.unit) for a in clean.achievements] == [("gdp", 754.29, "亿元")]
    assert [(g.indicator, g.high, g.qualifier) for g in clean.goals] == [
        ("registered_unemployment_rate", 4.4, "at_most")
    ]
    assert {p.name for p in clean.key_projects} >= {"汉巴南铁路", "主体工程"}
    for item in [*clean.goals, *clean.achievements, *clean.key_projects]:
        ev = item.evidence
        assert report.text[ev.start : ev.end] == ev.quote and ev.match == "exact"
    assert clean.rejected == []
    assert clean.usage.calls == 1


def test_usage_counts_tokens_and_cost_of_every_call(clean):
    with FakeServer() as server:
        server.push("truncated")
        summary = run(extractor(server), excerpt())
        prompt = sum(s.prompt_tokens for s in server.served)
        completion = sum(s.completion_tokens for s in server.served)
    assert summary.usage.calls == 2
    assert (summary.usage.prompt_tokens, summary.usage.completion_tokens) == (prompt, completion)
    assert summary.usage.prompt_tokens > clean.usage.prompt_tokens  # the failed attempt is counted too
    assert summary.usage.cost == pytest.approx((prompt * 2.0 + completion * 8.0) / 1e6)
    assert summary.usage.seconds > 0


def test_429_is_retried_after_the_retry_after_delay(clean, retry_waits):
    with FakeServer(retry_after="1") as server:
        server.push("429")
        summary = run(extractor(server), excerpt())
        assert server.actions() == ["429", "smart"]
    assert retry_waits == [1.0]  # Retry-After: 1, not the 0.01 s backoff
    assert items(summary) == items(clean) and summary.rejected == []
    assert summary.usage.calls == 2


def test_500_is_retried_with_backoff_and_never_reaches_the_prompt(clean):
    with FakeServer() as server:
        server.push("500", "500")
        summary = run(extractor(server), excerpt())
        assert server.actions() == ["500", "500", "smart"]
        assert all(len(s.body["messages"]) == 2 for s in server.served)  # retried as is, no re-ask
    assert items(summary) == items(clean)
    assert summary.usage.calls == 3


def test_hang_past_the_client_timeout_is_retried(clean):
    with FakeServer(hang_seconds=1.5) as server:
        server.push("hang")
        summary = run(extractor(server), excerpt())
        # a second call at all means the 1 s client timeout cut the 1.5 s hang (it was not waited out)
        assert server.actions() == ["hang", "smart"]
    assert items(summary) == items(clean)
    assert summary.usage.calls == 2
    assert summary.usage.completion_tokens == clean.usage.completion_tokens  # the lost answer never arrived


def test_transport_failures_past_the_retry_limit_raise_model_error_without_the_key():
    with FakeServer() as server:
        server.push(*["500"] * 4)
        with pytest.raises(ModelError) as info:
            run(extractor(server), excerpt())
        assert len(server.served) == 4  # 1 call + max_retries=3
    assert not isinstance(info.value, ContentError)
    assert info.value.attempts == 4
    assert isinstance(info.value.__cause__.__cause__, openai.InternalServerError)
    assert "500" in str(info.value) and SECRET not in str(info.value)


def test_truncated_json_is_reasked_with_the_parse_error(clean):
    with FakeServer() as server:
        server.push("truncated")
        summary = run(extractor(server), excerpt())
        first, second = (s.body["messages"] for s in server.served)
    assert len(first) == 2 and [m["role"] for m in second] == ["system", "user", "assistant", "user"]
    assert second[:2] == first  # the base prompt is copied, never mutated
    assert "not valid JSON" in second[3]["content"]
    assert items(summary) == items(clean) and summary.rejected == []


def test_schema_invalid_items_are_reasked_with_the_validation_error(clean):
    with FakeServer() as server:
        server.push("schema_invalid")
        summary = run(extractor(server), excerpt())
        reask = server.served[1].body["messages"][-1]["content"]
    assert "goals[0]" in reask and "Field required" in reask
    assert items(summary) == items(clean) and summary.rejected == []


def test_hallucinated_quotes_are_reasked_then_rejected_with_the_reason(clean):
    with FakeServer() as server:
        server.push("hallucinate")
        summary = run(extractor(server), excerpt())
        reask = server.served[1].body["messages"][-1]["content"]
    assert "quote not found in the report" in reask and "月球基地" in reask
    assert items(summary) == items(clean)
    # the re-ask answered without them: each invented item ends in `rejected`, none is dropped silently
    assert sorted(r.kind for r in summary.rejected) == ["achievements", "goals", "key_projects"]
    assert all("quote not found" in r.reason and "(attempt 1)" in r.reason for r in summary.rejected)


def test_wrong_numbers_are_reasked_and_the_correction_resolves_them(clean):
    with FakeServer() as server:
        server.push("wrong_number")
        summary = run(extractor(server), excerpt())
        reask = server.served[1].body["messages"][-1]["content"]
    assert "does not appear in the quote" in reask
    assert items(summary) == items(clean) and summary.rejected == []


def test_the_same_errors_are_reasked_once_not_until_max_reasks():
    with FakeServer() as server:
        server.push("hallucinate", "hallucinate", "hallucinate")
        summary = run(extractor(server), excerpt())
        assert len(server.served) == 2  # the second answer repeats the same errors: no third call
    invented = [r for r in summary.rejected if "月球基地" in str(r.item)]
    assert len(invented) == 3 and {r.reason[-11:] for r in invented} == {"(attempt 1)"}
    assert summary.achievements  # the real items of every attempt are kept


def test_distinct_errors_are_reasked_up_to_max_reasks():
    with FakeServer() as server:
        server.push("hallucinate", "wrong_number", "schema_invalid", "hallucinate")
        summary = run(extractor(server), excerpt())
        assert len(server.served) == 3  # 1 + max_reasks=2, each answer with new errors
    assert summary.achievements and summary.rejected


def test_reask_token_budget_bounds_reasks():
    with FakeServer() as server:
        server.push("hallucinate")
        summary = run(extractor(server, reask_token_budget=100), excerpt())
        assert len(server.served) == 1
    assert len([r for r in summary.rejected if "quote not found" in r.reason]) == 3


def test_a_cut_off_answer_keeps_its_items_and_asks_only_for_the_rest(clean):
    with FakeServer() as server:
        server.push("length")  # cut inside the achievements: the goals before them are done
        summary = run(extractor(server), excerpt())
        served = list(server.served)
    assert server.actions() == ["length", "smart"]
    assert served[1].kinds == ("achievements", "key_projects")  # not the goals again, not in halves
    assert items(summary) == items(clean) and summary.rejected == []
    assert summary.usage.calls == 2


def test_a_cut_in_a_list_resumes_at_the_sentence_of_its_last_complete_item(clean):
    report = excerpt()
    answer = smart_answer(report.text, ("goals", "achievements", "key_projects"))
    text = json.dumps(answer, ensure_ascii=False)
    second = answer["key_projects"][1]["quote"]
    cut = text.index("}", text.index(json.dumps(second, ensure_ascii=False))) + 30  # inside the 3rd project
    with FakeServer() as server:
        server.push({"content": text[:cut], "finish_reason": "length"})
        summary = run(extractor(server), report)
        served = list(server.served)
    assert server.actions()[1:] == ["smart"]
    assert served[1].kinds == ("key_projects",)
    resumed = chunk_text(served[1].body["messages"])
    assert second in resumed and report.text.endswith(resumed.rstrip())  # from that sentence to the end
    assert "预期目标" not in resumed and "754.29" not in resumed
    assert items(summary) == items(clean) and summary.rejected == []  # no item twice


def _for_chunk_with(marker: str, action: str, times: int):
    """A `decide` hook answering `action` to the first `times` requests whose chunk holds `marker`."""
    left = [times]

    def decide(body):
        if marker in chunk_text(body["messages"]) and left[0] > 0:
            left[0] -= 1
            return action
        return None

    return decide


def test_unusable_answers_in_one_chunk_keep_the_other_chunks():
    report = corpus_report("bazhong")
    with FakeServer(decide=_for_chunk_with("754.29", "truncated", 3)) as server:
        summary = run(extractor(server, chunk_tokens=3000), report)
        n_calls = len(server.served)
    failed = [r for r in summary.rejected if "not valid JSON" in r.reason]
    assert len(failed) == 1 and "no re-asks left" in failed[0].reason
    assert n_calls <= 2 + len({s.body["messages"][1]["content"] for s in server.served})  # asked twice
    # the complete items before each cut are kept (754.29 comes first); the other chunks are kept
    assert "754.29" in str([a.evidence.quote for a in summary.achievements])
    assert summary.goals and summary.key_projects
    assert summary.usage.calls == n_calls


def test_a_transport_failure_in_one_chunk_keeps_the_other_chunks():
    report = corpus_report("bazhong")
    with FakeServer(decide=_for_chunk_with("754.29", "500", 2)) as server:
        summary = run(extractor(server, chunk_tokens=3000, max_retries=1), report)
    lost = [r for r in summary.rejected if r.reason.startswith("chunk not extracted")]
    assert [r.kind for r in lost] == ["achievements", "key_projects"] and "HTTP 500" in lost[0].reason
    assert lost[0].item["chunk"][0] >= 0 and SECRET not in lost[0].reason
    assert summary.goals and summary.key_projects


def test_every_chunk_unusable_gives_an_empty_summary_that_says_why():
    prose = {"content": "好的，我将仔细阅读这份报告并抽取{目标}和[成绩]。"}
    with FakeServer() as server:
        server.push(prose, prose, prose)
        summary = run(extractor(server), excerpt())
        n_calls = len(server.served)
    assert not summary.goals and not summary.achievements and not summary.key_projects
    assert summary.rejected and all("JSON" in r.reason for r in summary.rejected)
    assert summary.usage.calls == n_calls == 2  # the same bad answer is not asked for again


def test_every_chunk_failing_in_transport_raises_model_error():
    with FakeServer() as server:
        server.push("500", "500", "500", "500", "500", "500")
        with pytest.raises(ModelError) as info:
            run(extractor(server, max_retries=1), excerpt())
    assert not isinstance(info.value, ContentError)


@pytest.mark.parametrize("mode", ["json_object", "tools", "text"])
def test_every_output_mode_yields_the_same_items(clean, mode):
    with FakeServer() as server:
        summary = run(extractor(server, output_mode=mode), excerpt())
        assert [s.mode for s in server.served] == [mode]
        body = server.served[0].body
    assert ("tools" in body) == (mode == "tools")
    assert items(summary) == items(clean)


def test_strict_json_schema_request():
    with FakeServer() as server:
        run(extractor(server, output_mode="json_schema"), excerpt())
        fmt = server.served[0].body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    goal = fmt["json_schema"]["schema"]["properties"]["goals"]["items"]
    assert goal["additionalProperties"] is False and set(goal["required"]) == set(goal["properties"])
    assert goal["properties"]["low"]["type"] == ["number", "null"]


def test_auto_mode_falls_back_once_and_remembers_the_working_mode():
    report = corpus_report("bazhong")
    with FakeServer(reject_modes=("json_schema",)) as server:
        x = extractor(server, chunk_tokens=3000, concurrency=1)
        summary = run(x, report)
        modes = [(s.mode, s.status) for s in server.served]
    assert modes[0] == ("json_schema", 400)
    assert all(m == ("json_object", 200) for m in modes[1:]) and len(modes) > 3
    assert x.mode == "json_object" and summary.achievements


def test_an_explicit_mode_is_not_silently_changed():
    with FakeServer(reject_modes=("json_schema",)) as server:
        with pytest.raises(ModelError, match="HTTP 400"):
            run(extractor(server, output_mode="json_schema"), excerpt())
        assert len(server.served) == 1


def test_chunks_run_concurrently_within_the_bound():
    report = corpus_report("bazhong")
    with FakeServer(delay=0.2) as server:
        summary = run(extractor(server, chunk_tokens=1500, concurrency=3), report)
        assert len(server.served) > 6
        assert server.max_in_flight == 3
    assert summary.usage.calls == len(server.served)


def test_mixed_faults_end_with_the_same_items_as_a_clean_run():
    report = corpus_report("chongqing_districts", "合川区")
    options = {"chunk_tokens": 600, "concurrency": 4, "max_retries": 5, "max_reasks": 3}
    with FakeServer() as server:
        baseline = run(extractor(server, **options), report)
    # a seed under which no chunk gets the same fault twice: a repeated error is not re-asked (by design)
    with FakeServer(fault_rate=0.33, seed=12, hang_seconds=1.2, retry_after="0.1") as server:
        summary = run(extractor(server, **options), report)
        actions = server.actions()
    faulty = [a for a in actions if a != "smart"]
    assert 0.25 <= len(faulty) / len(actions) <= 0.45 and len(actions) > 40
    assert len(set(faulty)) >= 6 and set(faulty) <= set(FAULTS)
    assert items(summary) == items(baseline) and sum(map(len, items(baseline).values())) > 15
    # what is rejected is the invented items, unresolved wrong numbers, an answer malformed the same way
    # twice (re-asked once per distinct error), the items of a schema_invalid answer and an itemless chunk cut
    # off twice, each with its reason
    # (which faults land where follows the request bytes, so it moves whenever the prompt text changes)
    expected = (
        "does not appear",
        "not valid JSON",
        "Input should be a valid string",
        "before any complete item",
    )
    assert all(("月球基地" in str(r.item)) or any(e in r.reason for e in expected) for r in summary.rejected)
    assert summary.usage.calls == len(actions)


def test_registry_builds_it_from_resolved_settings(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    settings = resolve_settings(base_url="http://127.0.0.1:9/v1", model="m", prompt="candidates")
    x = get_extractor("llm", settings=settings)
    assert isinstance(x, LLMExtractor) and x.variant.name == "candidates"
    key = x.cache_key()
    assert key["backend"] == "llm" and key["model"] == "m" and key["prompt"]["name"] == "candidates"
    assert SECRET not in repr(key) and len(key["schema"]) == 16
    assert key != get_extractor("llm", settings=settings, prompt="default").cache_key()


def test_missing_model_or_bad_override_is_a_config_error():
    with pytest.raises(ConfigError, match="--model"):
        LLMExtractor(ModelSettings(base_url="http://127.0.0.1:9/v1"))
    with pytest.raises(ConfigError, match="unknown model setting"):
        LLMExtractor(ModelSettings(base_url="http://x/v1", model="m"), colour="red")


def test_endpoint_modes_per_provider():
    assert endpoint_modes("https://api.openai.com/v1")[0] == "json_schema"
    assert endpoint_modes("https://api.deepseek.com")[0] == "json_object"
    assert endpoint_modes("https://dashscope.aliyuncs.com/compatible-mode/v1")[0] == "json_object"
    assert endpoint_modes("http://127.0.0.1:8080/v1", "tools")[0] == "tools"


def test_a_cut_off_answer_that_cannot_be_split_keeps_its_complete_items(clean):
    with FakeServer() as server:
        server.push("length")
        summary = run(extractor(server, max_splits=0), excerpt())
        assert server.actions() == ["length"]
    kept = items(summary)
    full = items(clean)
    assert 0 < sum(map(len, kept.values())) < sum(map(len, full.values()))
    assert all(set(kept[k]) <= set(full[k]) for k in kept)
    [note] = summary.rejected
    assert "answer cut off at max_tokens" in note.reason and note.item["answer_tail"]


def test_every_setting_that_changes_output_changes_the_cache_key():
    settings = ModelSettings(base_url="http://127.0.0.1:9/v1", model="m")
    key = LLMExtractor(settings).cache_key()
    for change in ({"max_splits": 0}, {"schema_in_json_object": True}, {"second_pass": True},
                   {"chunk_overlap": 300}, {"enable_thinking": False}, {"max_reasks": 0}):  # fmt: skip
        assert LLMExtractor(settings.model_copy(update=change)).cache_key() != key, change
    assert LLMExtractor(settings.model_copy(update={"timeout": 5.0})).cache_key() == key  # transport only


def test_a_chunk_holding_review_and_targets_keeps_each_kind_to_its_sections():
    report = corpus_report("bazhong")  # one chunk: the review, the targets and the tasks
    parts = sections(report)
    review = next(p for p in parts if p.kind == "review")
    with FakeServer() as server:  # the fake reads every growth figure as a goal and a result alike
        summary = run(extractor(server), report)
        assert [s.kinds for s in server.served] == [("goals", "achievements", "key_projects")]
    assert summary.goals and summary.achievements
    assert all(not review.start <= g.evidence.start < review.end for g in summary.goals)
    assert all(review.start <= a.evidence.start < review.end for a in summary.achievements)
    off = [r for r in summary.rejected if "not read for" in r.reason]
    assert off and all(
        r.reason == f"quoted from a review section, which is not read for {r.kind}" for r in off
    )
    assert {r.kind for r in off} == {"goals"}  # review growth figures the fake also offered as targets


def _too_long_over(chars: int):
    """A `decide` hook answering "context length exceeded" to requests whose chunk is over `chars`."""
    return lambda body: "too_long" if len(chunk_text(body["messages"])) > chars else None


def test_a_chunk_too_long_for_the_context_is_asked_in_halves():
    report = corpus_report("bazhong")
    with FakeServer() as server:
        fitting = run(extractor(server, chunk_tokens=2500), report)
    with FakeServer(decide=_too_long_over(5000)) as server:
        summary = run(extractor(server), report)  # one chunk of the whole report
        actions = server.actions()
    assert actions[0] == "too_long" and actions.count("too_long") < len(actions) / 2
    assert not [r for r in summary.rejected if "not extracted" in r.reason]
    # every part was read: as many items as a run whose chunks fit from the start
    assert {(g.indicator, g.evidence.start) for g in summary.goals} == {
        (g.indicator, g.evidence.start) for g in fitting.goals
    }
    assert len(summary.key_projects) >= len(fitting.key_projects) - 2


def test_a_chunk_that_cannot_fit_says_which_setting_to_lower():
    with FakeServer(decide=_too_long_over(0)) as server:
        with pytest.raises(ModelError) as error:
            run(extractor(server, max_splits=0), excerpt())
        assert server.actions() == ["too_long"]  # not retried, and not blamed on the output mode
    assert "does not fit the model's context: lower chunk_tokens (100000) or max_tokens (4096)" in str(
        error.value
    )
    assert "maximum context length" in str(error.value) and SECRET not in str(error.value)


@pytest.mark.parametrize("provider", ["openai", "deepseek"])
def test_prompt_tokens_from_the_providers_cache_are_counted_and_priced(provider):
    report = corpus_report("bazhong")
    with FakeServer(prompt_cache=provider) as server:
        summary = run(extractor(server, chunk_tokens=3000, price_cached_input=0.5), report)
        systems = [s.body["messages"][0]["content"] for s in server.served]
    cached = sum(len(text) for i, text in enumerate(systems) if text in systems[:i])
    u = summary.usage
    assert u.cached_prompt_tokens == cached > 0  # every repeat of a system prompt after its first call
    expected = (u.prompt_tokens - cached) * 2.0 + cached * 0.5 + u.completion_tokens * 8.0
    assert u.cost == pytest.approx(expected / 1e6)
    without = ModelSettings(price_input=2.0).cached_price()
    assert without == 2.0  # no cached price set: cached tokens cost what the others do
