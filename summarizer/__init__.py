"""summarizer: source-grounded goals, achievements and key projects from Chinese government reports.

`Summarizer` is the client that runs the pipeline (read -> split -> segment -> extract -> ground ->
merge -> export); `summarize`, `summarize_many` and `iter_summaries` build one per call.
The client, bulk API, exports, panel and HTML view are imported on first use (they pull in pandas and the
model client), so `import summarizer` and `summarizer --help` stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .config import ModelSettings, resolve_settings
from .errors import (
    BinaryInputError,
    ConfigError,
    ContentError,
    CorruptDocumentError,
    EmptyInputError,
    EncryptedDocumentError,
    InputError,
    ModelError,
    NotAReportError,
    PromptError,
    ScannedDocumentError,
    SummarizerError,
    UnreadableDocumentError,
)
from .extract import get_extractor, register_extractor
from .ground import SourceText, ground_items, normalize
from .models import (
    Achievement,
    Evidence,
    Goal,
    KeyProject,
    Rejected,
    Report,
    ReportMeta,
    ReportSummary,
    Section,
    Usage,
)
from .segment import sections, sentences
from .split import load_reports

if TYPE_CHECKING:
    from .api import asummarize, asummarize_many, iter_summaries, summarize, summarize_many
    from .cache import Cache
    from .client import Summarizer
    from .export import read_jsonl, to_dataframe
    from .extract.rules import RulesExtractor, extract_rules
    from .panel import target_outcome_panel
    from .results import BatchProgress, BatchResult, DocumentError
    from .view import render_html, render_many

_LAZY = {
    "BatchProgress": "results",
    "BatchResult": "results",
    "DocumentError": "results",
    "asummarize": "api",
    "asummarize_many": "api",
    "iter_summaries": "api",
    "summarize": "api",
    "summarize_many": "api",
    "Summarizer": "client",
    "Cache": "cache",
    "read_jsonl": "export",
    "to_dataframe": "export",
    "RulesExtractor": "extract.rules",
    "extract_rules": "extract.rules",
    "target_outcome_panel": "panel",
    "render_html": "view",
    "render_many": "view",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'summarizer' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{module}", __name__), name)


__all__ = [
    "Achievement",
    "BatchProgress",
    "BatchResult",
    "BinaryInputError",
    "Cache",
    "ConfigError",
    "ContentError",
    "CorruptDocumentError",
    "DocumentError",
    "EmptyInputError",
    "EncryptedDocumentError",
    "Evidence",
    "Goal",
    "InputError",
    "KeyProject",
    "ModelError",
    "ModelSettings",
    "NotAReportError",
    "PromptError",
    "Rejected",
    "Report",
    "ReportMeta",
    "ReportSummary",
    "RulesExtractor",
    "ScannedDocumentError",
    "Section",
    "SourceText",
    "Summarizer",
    "SummarizerError",
    "UnreadableDocumentError",
    "Usage",
    "asummarize",
    "asummarize_many",
    "extract_rules",
    "get_extractor",
    "ground_items",
    "iter_summaries",
    "load_reports",
    "normalize",
    "read_jsonl",
    "register_extractor",
    "render_html",
    "render_many",
    "resolve_settings",
    "sections",
    "sentences",
    "summarize",
    "summarize_many",
    "target_outcome_panel",
    "to_dataframe",
]
