"""summarizer: source-grounded goals, achievements and key projects from Chinese government reports."""

from .errors import (
    BinaryInputError,
    ConfigError,
    ContentError,
    EmptyInputError,
    InputError,
    ModelError,
    NotAReportError,
    PromptError,
    SummarizerError,
)
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

__all__ = [
    "Achievement",
    "BinaryInputError",
    "ConfigError",
    "ContentError",
    "EmptyInputError",
    "Evidence",
    "Goal",
    "InputError",
    "KeyProject",
    "ModelError",
    "NotAReportError",
    "PromptError",
    "Rejected",
    "Report",
    "ReportMeta",
    "ReportSummary",
    "Section",
    "SourceText",
    "SummarizerError",
    "Usage",
    "ground_items",
    "load_reports",
    "normalize",
    "sections",
    "sentences",
]
