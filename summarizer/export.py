"""Summaries -> tidy tables and files: JSONL, CSV (UTF-8 with BOM), Parquet and Excel, plus readers.

Every row carries the report's metadata (source, report_index, region, admin_level, year, doc_type) and
items carry their evidence (quote, start, end, match), so each figure can be traced to its sentence.
Column lists and dtypes are fixed per kind, so an empty batch still gives the right columns and the
readers return exactly the frames that were written.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .models import ReportSummary

__all__ = [
    "COLUMNS",
    "SUFFIXES",
    "TABLES",
    "atomic_write",
    "read_excel",
    "read_json_lines",
    "read_jsonl",
    "read_table",
    "rows",
    "summary_line",
    "to_dataframe",
    "write",
    "write_jsonl",
]

_META = {
    "source": "string",
    "report_index": "Int64",
    "report_start": "Int64",
    "region": "string",
    "admin_level": "string",
    "year": "Int64",
    "doc_type": "string",
    "backend": "string",
}
_EVIDENCE = {
    "quote": "string",
    "start": "Int64",
    "end": "Int64",
    "file_start": "Int64",
    "file_end": "Int64",
    "page": "Int64",
    "match": "string",
}
_ITEM = {"item_index": "Int64"}
_DTYPES: dict[str, dict[str, str]] = {
    "reports": {
        **_META,
        "title": "string",
        "date": "string",
        "speaker": "string",
        "n_goals": "Int64",
        "n_achievements": "Int64",
        "n_key_projects": "Int64",
        "n_rejected": "Int64",
        "calls": "Int64",
        "prompt_tokens": "Int64",
        "completion_tokens": "Int64",
        "cached_prompt_tokens": "Int64",
        "cost": "Float64",
        "seconds": "Float64",
    },
    "goals": {
        **_META,
        **_ITEM,
        "indicator": "string",
        "description": "string",
        "low": "Float64",
        "high": "Float64",
        "unit": "string",
        "qualifier": "string",
        "horizon": "Int64",
        "base_year": "Int64",
        "stated_in": "string",
        "category": "string",
        **_EVIDENCE,
    },
    "achievements": {
        **_META,
        **_ITEM,
        "indicator": "string",
        "description": "string",
        "value": "Float64",
        "unit": "string",
        "qualifier": "string",
        "is_estimate": "boolean",
        "period": "string",
        "category": "string",
        **_EVIDENCE,
    },
    "key_projects": {
        **_META,
        **_ITEM,
        "name": "string",
        "status": "string",
        "investment_amount": "Float64",
        "investment_unit": "string",
        "location": "string",
        "sector": "string",
        "description": "string",
        **_EVIDENCE,
    },
    "rejected": {**_META, **_ITEM, "item_kind": "string", "reason": "string", "item": "string"},
    "errors": {"source": "string", "report_index": "Int64", "error_type": "string", "message": "string"},
}
_ALL_KIND = {
    "reports": "report",
    "goals": "goal",
    "achievements": "achievement",
    "key_projects": "key_project",
}
_ALL_KIND |= {"rejected": "rejected", "errors": "error"}
_DTYPES["all"] = {"kind": "string"} | {
    name: dtype for kind in _ALL_KIND for name, dtype in _DTYPES[kind].items() if name != "item_kind"
}
_DTYPES["all"]["item_kind"] = "string"

TABLES: tuple[str, ...] = ("reports", "goals", "achievements", "key_projects", "rejected", "errors", "all")
COLUMNS: dict[str, list[str]] = {kind: list(dtypes) for kind, dtypes in _DTYPES.items()}
"""Column order of each kind's table."""
SUFFIXES = (".jsonl", ".csv", ".parquet", ".xlsx")
_EXCEL_MAX_CELL = 32767


def _meta(summary: ReportSummary) -> dict[str, Any]:
    m = summary.meta
    return {
        "source": summary.source,
        "report_index": summary.report_index,
        "report_start": summary.report_start,
        "region": m.region,
        "admin_level": m.admin_level,
        "year": m.year,
        "doc_type": m.doc_type,
        "backend": summary.backend,
    }


def _evidence(item: Any, report_start: int | None) -> dict[str, Any]:
    """The quote, its span in the report, and the same span in the source file (when known)."""
    e = item.evidence
    in_file = report_start is not None and e.start is not None and e.end is not None
    return {
        "quote": e.quote,
        "start": e.start,
        "end": e.end,
        "file_start": report_start + e.start if in_file else None,
        "file_end": report_start + e.end if in_file else None,
        "page": e.page,
        "match": e.match,
    }


def _report_row(s: ReportSummary) -> dict[str, Any]:
    return _meta(s) | {
        "title": s.meta.title,
        "date": s.meta.date,
        "speaker": s.meta.speaker,
        "n_goals": len(s.goals),
        "n_achievements": len(s.achievements),
        "n_key_projects": len(s.key_projects),
        "n_rejected": len(s.rejected),
        "calls": s.usage.calls,
        "prompt_tokens": s.usage.prompt_tokens,
        "completion_tokens": s.usage.completion_tokens,
        "cached_prompt_tokens": s.usage.cached_prompt_tokens,
        "cost": s.usage.cost,
        "seconds": s.usage.seconds,
    }


def _kind_rows(s: ReportSummary, kind: str) -> list[dict[str, Any]]:
    meta = _meta(s)
    if kind == "reports":
        return [_report_row(s)]
    if kind == "goals":
        return [
            meta | {"item_index": i} | g.model_dump(exclude={"evidence"}) | _evidence(g, s.report_start)
            for i, g in enumerate(s.goals)
        ]
    if kind == "achievements":
        return [
            meta | {"item_index": i} | a.model_dump(exclude={"evidence"}) | _evidence(a, s.report_start)
            for i, a in enumerate(s.achievements)
        ]
    if kind == "key_projects":
        out = []
        for i, p in enumerate(s.key_projects):
            fields = p.model_dump(exclude={"evidence", "investment"})
            invest = {
                "investment_amount": p.investment.amount if p.investment else None,
                "investment_unit": p.investment.unit if p.investment else None,
            }
            out.append(meta | {"item_index": i} | fields | invest | _evidence(p, s.report_start))
        return out
    if kind == "rejected":
        return [
            meta
            | {
                "item_index": i,
                "item_kind": r.kind,
                "reason": r.reason,
                "item": json.dumps(r.item, ensure_ascii=False),
            }
            for i, r in enumerate(s.rejected)
        ]
    raise ValueError(f"unknown kind {kind!r} (known: {', '.join(TABLES)})")


def rows(summaries: Iterable[ReportSummary], kind: str, errors: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Plain dict rows of one kind; `errors` (DocumentError) feed the "errors" and "all" kinds."""
    if kind not in _DTYPES:
        raise ValueError(f"unknown kind {kind!r} (known: {', '.join(TABLES)})")
    summaries = list(summaries)
    if kind == "errors":
        return [e.to_dict() for e in errors]
    if kind == "all":
        out: list[dict[str, Any]] = []
        for s in summaries:
            for sub in ("reports", "goals", "achievements", "key_projects", "rejected"):
                out.extend({"kind": _ALL_KIND[sub]} | row for row in _kind_rows(s, sub))
        out.extend({"kind": "error"} | e.to_dict() for e in errors)
        return out
    return [row for s in summaries for row in _kind_rows(s, kind)]


def to_dataframe(
    summaries: Iterable[ReportSummary], kind: str = "reports", errors: Sequence[Any] = ()
) -> pd.DataFrame:
    """A tidy DataFrame of one kind with fixed columns and nullable dtypes."""
    return _typed(pd.DataFrame(rows(summaries, kind, errors), columns=COLUMNS.get(kind)), kind)


def _typed(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    frame = frame.reindex(columns=COLUMNS[kind])
    for name, dtype in _DTYPES[kind].items():
        column = frame[name]
        if dtype == "string":
            # enums and other objects become their string value
            column = column.map(lambda v: v if v is None or isinstance(v, str) or pd.isna(v) else str(v))
        frame[name] = column.astype(dtype)
    return frame.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- writers


def summary_line(result: Any) -> str:
    """One JSONL line (no newline) for a ReportSummary or a DocumentError."""
    if isinstance(result, ReportSummary):
        return result.model_dump_json()
    return json.dumps({"error": result.to_dict()}, ensure_ascii=False)


def write_jsonl(path: str | Path, summaries: Iterable[ReportSummary], errors: Sequence[Any] = ()) -> Path:
    path = Path(path)
    lines = [summary_line(s) for s in summaries] + [summary_line(e) for e in errors]
    atomic_write(path, "".join(line + "\n" for line in lines).encode("utf-8"))
    return path


def write(path: str | Path, summaries: Iterable[ReportSummary], errors: Sequence[Any] = ()) -> Path:
    """Write by extension: .jsonl (summaries), .csv / .parquet (the "all" table), .xlsx (a sheet per kind).

    CSV is UTF-8 with a BOM so Excel shows Chinese correctly. Files are replaced atomically.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    summaries = list(summaries)
    if suffix == ".jsonl":
        return write_jsonl(path, summaries, errors)
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported output type {suffix or path.name!r} (use {', '.join(SUFFIXES)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    try:
        if suffix == ".csv":
            to_dataframe(summaries, "all", errors).to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            to_dataframe(summaries, "all", errors).to_parquet(tmp, index=False)
        else:
            with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                for kind in TABLES[:-1]:
                    _excel_safe(to_dataframe(summaries, kind, errors)).to_excel(
                        writer, sheet_name=kind, index=False
                    )
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Excel refuses control characters and cells over 32767 characters."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    frame = frame.copy()
    for name, dtype in frame.dtypes.items():
        if str(dtype) == "string":
            frame[name] = (
                frame[name]
                .map(lambda v: v if pd.isna(v) else ILLEGAL_CHARACTERS_RE.sub("", v)[:_EXCEL_MAX_CELL])
                .astype("string")
            )
    return frame


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp{os.getpid()}")


# ---------------------------------------------------------------------------------------------- readers


def read_json_lines(path: str | Path) -> Iterator[Any]:
    """The value of every finished line of a JSONL file; `None` for a line that does not parse.

    A last line without its newline is an unfinished write (a killed run): it is given as `None` too,
    even if it happens to parse.
    """
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            if not line.endswith("\n"):
                yield None
                continue
            try:
                yield json.loads(line)
            except ValueError:
                yield None


def read_jsonl(path: str | Path) -> tuple[list[ReportSummary], list[dict[str, Any]], int]:
    """Summaries, error rows and the number of unreadable lines (e.g. a line cut short by a kill)."""
    summaries: list[ReportSummary] = []
    errors: list[dict[str, Any]] = []
    bad = 0
    for data in read_json_lines(path):
        if isinstance(data, dict) and set(data) == {"error"}:
            errors.append(data["error"])
            continue
        try:
            summaries.append(ReportSummary.model_validate(data))
        except ValueError:
            bad += 1
    return summaries, errors, bad


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Parquet file written by `write` back into the typed "all" table."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        return _typed(pd.read_parquet(path), "all")
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, na_values=[""])
    for name, dtype in _DTYPES["all"].items():
        if dtype == "boolean":
            frame[name] = frame[name].map({"True": True, "False": False})
        elif dtype in ("Int64", "Float64"):
            frame[name] = pd.to_numeric(frame[name])
    return _typed(frame, "all")


def read_excel(path: str | Path) -> dict[str, pd.DataFrame]:
    """Every sheet of an .xlsx file written by `write`, typed like `to_dataframe`."""
    sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return {kind: _typed(frame, kind) for kind, frame in sheets.items()}
