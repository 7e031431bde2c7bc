"""The extractor protocol and a name -> factory registry shared by built-in and third-party backends."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from ..errors import ConfigError
from ..models import Report, ReportSummary

__all__ = ["Extractor", "available_extractors", "get_extractor", "register_extractor"]


@runtime_checkable
class Extractor(Protocol):
    """Turns one report into a grounded summary.

    `extract` is async so a model backend can run a report's chunks concurrently; offline
    backends simply do their work inside it. Every item returned has evidence located in
    `report.text`; items that failed validation go to `ReportSummary.rejected`.
    """

    name: str

    def cache_key(self) -> dict[str, Any]:
        """Everything that changes this extractor's output (backend, model, prompt version, params)."""
        ...

    async def extract(self, report: Report) -> ReportSummary: ...


_REGISTRY: dict[str, Callable[..., Extractor]] = {}
_BUILTIN = {"rules": "summarizer.extract.rules", "llm": "summarizer.extract.llm"}


def register_extractor(name: str, factory: Callable[..., Extractor]) -> None:
    """Make `get_extractor(name, **options)` call `factory(**options)`."""
    _REGISTRY[name] = factory


def get_extractor(name: str, **options: Any) -> Extractor:
    """An extractor by name ("rules", "llm" or a registered one), built with `options`."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])  # the module registers itself
    try:
        factory = _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(set(_REGISTRY) | set(_BUILTIN)))
        raise ConfigError(f"unknown backend {name!r} (known: {known})") from None
    return factory(**options)


def available_extractors() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))
