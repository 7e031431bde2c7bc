"""Sources -> documents: paths, folders, globs, texts, Reports and DataFrames, each loaded lazily.

A folder contributes every report file under it (`REPORT_SUFFIXES`); a glob its matching files; a string that
is not a path is a report text. Nothing is read here: each `Source` loads (and splits) its reports when
the batch gets to it, so one unreadable file becomes one error row.
"""

from __future__ import annotations

import functools
import glob
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError
from .models import Report
from .split import load_reports

__all__ = ["REPORT_SUFFIXES", "Source", "expand_sources", "is_dataframe", "looks_like_path"]

REPORT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")
"""File types picked up when a folder is given."""

_GLOB_CHARS = re.compile(r"[*?\[]")


@dataclass
class Source:
    """One input unit: a file, a text, a Report or a DataFrame row; `load()` gives its reports."""

    label: str
    load: Callable[[], list[Report]]


def expand_sources(sources: Any, text_column: str = "text", id_column: str | None = None) -> list[Source]:
    """Expand sources (paths, folders, globs, Reports, texts, a DataFrame, or a list of them)."""
    if is_dataframe(sources):
        return _frame_sources(sources, text_column, id_column)
    if isinstance(sources, str | Path | Report):
        sources = [sources]
    docs: list[Source] = []
    texts = 0
    for source in sources:
        if is_dataframe(source):
            docs.extend(_frame_sources(source, text_column, id_column))
        elif isinstance(source, Report):
            docs.append(Source(source.source or source.id, functools.partial(list, [source])))
        elif isinstance(source, Path):
            docs.extend(_path_sources(source))
        elif isinstance(source, str):
            if looks_like_path(source):
                docs.extend(_path_sources(Path(source), pattern=source))
            else:
                docs.append(Source(f"text#{texts}", functools.partial(load_reports, source)))
                texts += 1
        else:
            raise TypeError(f"unsupported source type {type(source).__name__}")
    return docs


def looks_like_path(text: str) -> bool:
    """True for a string that names a file, folder or glob rather than holding a report's text."""
    if "\n" in text or len(text) > 1024 or not text.strip():
        return False
    if Path(text).exists() or _GLOB_CHARS.search(text):
        return True
    # a short string naming a file that does not exist should say so, not be summarized as text
    return "/" in text or "\\" in text or text.lower().endswith((*REPORT_SUFFIXES, ".md"))


def is_dataframe(obj: Any) -> bool:
    return hasattr(obj, "columns") and hasattr(obj, "itertuples") and hasattr(obj, "iloc")


def _path_sources(path: Path, pattern: str | None = None) -> list[Source]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        if not files:
            kinds = ", ".join(REPORT_SUFFIXES)
            return [_failing(str(path), InputError(f"{path}: the folder holds no report files ({kinds})"))]
        return [_file_source(p) for p in files]
    if path.exists() or pattern is None or not _GLOB_CHARS.search(pattern):
        return [_file_source(path)]
    matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
    files = [p for p in matches if p.is_file()]
    if not files:
        return [_failing(pattern, InputError(f"{pattern}: no file matches"))]
    return [_file_source(p) for p in files]


def _file_source(path: Path) -> Source:
    return Source(str(path), lambda: load_reports(path))


def _failing(label: str, exc: Exception) -> Source:
    def load() -> list[Report]:
        raise exc

    return Source(label, load)


def _frame_sources(frame: Any, text_column: str, id_column: str | None) -> list[Source]:
    if text_column not in frame.columns:
        raise InputError(
            f"DataFrame has no {text_column!r} column (columns: {', '.join(map(str, frame.columns))})"
        )
    if id_column is None and "id" in frame.columns:
        id_column = "id"
    docs = []
    idents = frame[id_column] if id_column else range(len(frame))
    for i, (text, ident) in enumerate(zip(frame[text_column], idents, strict=True)):
        label = str(ident) if id_column else f"row {i}"
        docs.append(Source(label, functools.partial(_frame_reports, text, label)))
    return docs


def _frame_reports(text: Any, label: str) -> list[Report]:
    if not isinstance(text, str):
        raise InputError(f"{label}: text is {type(text).__name__}, not a string")
    return [r.model_copy(update={"source": label}) for r in load_reports(text)]
