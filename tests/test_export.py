"""Tidy tables and writers: every format is written, read back and compared with the in-memory frames."""

from __future__ import annotations

import codecs
import json

import pandas as pd
import pytest
from conftest import CORPUS, FILES, corpus_reports
from fake_extractors import FakeExtractor
from pandas.testing import assert_frame_equal

import summarizer.api as api
from summarizer.export import COLUMNS, TABLES, read_excel, read_jsonl, read_table, to_dataframe, write
from summarizer.models import Rejected


@pytest.fixture(scope="module")
def batch() -> api.BatchResult:
    """Ten district reports and the 黔江区 report, one of them failing, plus a missing file."""
    result = api.summarize_many(
        [CORPUS / FILES["chongqing_districts"], CORPUS / FILES["qianjiang"], CORPUS / "missing.txt"],
        extractor=FakeExtractor(fail_on="巫山县"),
        cache=False,
    )
    # one rejected item so that table has rows; reasons and items hold Chinese and a pipe
    first = result.summaries[0]
    rejected = Rejected(kind="goals", item={"description": "增长|6%"}, reason="quote not found: '增长6%'")
    result.summaries[0] = first.model_copy(update={"rejected": [rejected]})
    return result


def test_rows_carry_metadata_and_evidence(batch):
    goals = batch.to_dataframe("goals")
    achievements = batch.to_dataframe("achievements")
    assert len(goals) == sum(len(s.goals) for s in batch.summaries) > 0
    assert len(achievements) == sum(len(s.achievements) for s in batch.summaries) > 0
    texts = {
        (str(CORPUS / FILES[f]), r.index): r.text
        for f in ("chongqing_districts", "qianjiang")
        for r in corpus_reports(f)
    }
    for frame in (goals, achievements, batch.to_dataframe("key_projects")):
        assert list(frame.columns) == list(frame.columns.unique())
        for row in frame.itertuples():
            text = texts[(row.source, row.report_index)]
            assert text[row.start : row.end] == row.quote  # offsets index the report text
    qianjiang = achievements[achievements.region == "黔江区"]
    assert set(qianjiang.year) == {2019} and set(qianjiang.admin_level) == {"county-district"}
    assert set(qianjiang.doc_type) == {"work_report"}


def test_reports_and_errors_tables(batch):
    reports = batch.to_dataframe("reports")
    assert len(reports) == len(batch.summaries) == 10  # 11 reports, 巫山县 failed
    assert "巫山县" not in set(reports.region)
    assert reports.n_goals.sum() == sum(len(s.goals) for s in batch.summaries)
    errors = batch.to_dataframe("errors")
    assert sorted(errors.error_type) == ["InputError", "RuntimeError"]
    assert errors[errors.error_type == "RuntimeError"].report_index.tolist() == [1]


def test_all_table_stacks_every_kind(batch):
    table = batch.to_dataframe("all")
    counts = table.kind.value_counts().to_dict()
    n_items = {
        k: len(batch.to_dataframe(k))
        for k in ("reports", "goals", "achievements", "key_projects", "rejected")
    }
    assert counts.get("report") == n_items["reports"] and counts.get("goal") == n_items["goals"]
    assert counts.get("achievement") == n_items["achievements"] and counts.get("error") == 2
    assert counts.get("rejected") == 1


def test_empty_batch_keeps_the_columns():
    for kind in TABLES:
        frame = to_dataframe([], kind)
        assert frame.empty and list(frame.columns) == COLUMNS[kind]


def test_unknown_kind_is_refused(batch):
    with pytest.raises(ValueError, match="unknown kind"):
        batch.to_dataframe("projects")


def test_jsonl_round_trip(batch, tmp_path):
    path = batch.write(tmp_path / "out.jsonl")
    summaries, errors, bad = read_jsonl(path)
    assert summaries == batch.summaries and bad == 0
    assert errors == [e.to_dict() for e in batch.errors]
    assert "黔江区" in path.read_text(encoding="utf-8")  # Chinese stays readable, not \\u escapes


def test_jsonl_reader_drops_a_truncated_last_line(batch, tmp_path):
    path = batch.write(tmp_path / "out.jsonl")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # a write cut short by a kill
    summaries, errors, bad = read_jsonl(path)
    assert bad == 1 and len(summaries) + len(errors) == len(batch.summaries) + len(batch.errors) - 1


def test_csv_has_a_bom_and_round_trips(batch, tmp_path):
    path = batch.write(tmp_path / "out.csv")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    assert_frame_equal(read_table(path), batch.to_dataframe("all"))


def test_parquet_round_trips(batch, tmp_path):
    path = batch.write(tmp_path / "out.parquet")
    assert_frame_equal(read_table(path), batch.to_dataframe("all"))


def test_excel_has_a_sheet_per_kind_and_round_trips(batch, tmp_path):
    path = batch.write(tmp_path / "out.xlsx")
    sheets = read_excel(path)
    assert list(sheets) == [k for k in TABLES if k != "all"]
    for kind, frame in sheets.items():
        assert_frame_equal(frame, batch.to_dataframe(kind), obj=kind)
    item = json.loads(sheets["rejected"].item[0])
    assert item == {"description": "增长|6%"}


def test_unsupported_extension_is_refused(batch, tmp_path):
    with pytest.raises(ValueError, match="unsupported output type"):
        write(tmp_path / "out.txt", batch.summaries)
    assert not (tmp_path / "out.txt").exists()


def test_dataframe_module_function_matches_batch_method(batch):
    assert_frame_equal(to_dataframe(batch.summaries, "goals"), batch.to_dataframe("goals"))
    assert isinstance(batch.to_dataframe("goals").year.dtype, pd.Int64Dtype)


def test_a_reader_with_only_the_file_and_the_output_finds_every_quote(tmp_path):
    from summarizer import Summarizer
    from summarizer.read import read_text

    path = CORPUS / FILES["provinces"]
    result = Summarizer("rules", cache=False).summarize_many(path)
    file_text = read_text(path)
    summaries = result.summaries
    assert len(summaries) == 29 and all(s.report_start is not None for s in summaries)
    for s in summaries:  # JSON: report_start + evidence offsets
        assert s.report_end - s.report_start > 1000
        for item in [*s.goals, *s.achievements, *s.key_projects]:
            start = s.report_start + item.evidence.start
            assert file_text[start : start + len(item.evidence.quote)] == item.evidence.quote
    out = result.write(tmp_path / "all.csv")  # CSV: file_start / file_end columns
    frame = read_table(out)
    items = frame[frame["kind"].isin(["goal", "achievement", "key_project"])]
    assert len(items) > 500
    for row in items.itertuples():
        assert file_text[row.file_start : row.file_end] == row.quote
