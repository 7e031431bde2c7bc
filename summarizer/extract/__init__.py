"""Extractors: turn one report into a ReportSummary. `get_extractor(name)` picks one from the registry."""

from .base import (
    Extractor,
    available_extractors,
    extractor_factory,
    get_extractor,
    load_plugins,
    register_extractor,
)

__all__ = [
    "Extractor",
    "available_extractors",
    "extractor_factory",
    "get_extractor",
    "load_plugins",
    "register_extractor",
]
