"""Extractors: turn one report into a ReportSummary. `get_extractor(name)` picks one from the registry."""

from .base import Extractor, available_extractors, get_extractor, register_extractor

__all__ = ["Extractor", "available_extractors", "get_extractor", "register_extractor"]
