"""The extractor protocol and a name -> factory registry shared by built-in and third-party backends.

Third-party backends arrive as plugins, loaded by `load_plugins()` (every `Summarizer` calls it):
- a package entry point in the group `summarizer.extractors`: `name = "pkg.module:factory"` registers
  `factory` under `name`;
- a module named in SUMMARIZER_EXTRACTOR_PLUGINS (comma-separated) is imported and registers itself with
  `register_extractor`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any, Protocol, runtime_checkable

from ..config import PLUGINS_ENV, extractor_plugins
from ..errors import ConfigError
from ..models import Report, ReportSummary

__all__ = [
    "ENTRY_POINT_GROUP",
    "Extractor",
    "available_extractors",
    "extractor_factory",
    "get_extractor",
    "load_plugins",
    "register_extractor",
]

ENTRY_POINT_GROUP = "summarizer.extractors"
"""Entry-point group of extractor plugins: each entry point names a factory."""


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


def extractor_factory(name: str) -> Callable[..., Extractor]:
    """The factory registered as `name` ("rules", "llm" or a plugin's)."""
    if name not in _REGISTRY and name in _BUILTIN:
        importlib.import_module(_BUILTIN[name])  # the module registers itself
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(set(_REGISTRY) | set(_BUILTIN)))
        raise ConfigError(f"unknown backend {name!r} (known: {known})") from None


def get_extractor(name: str, **options: Any) -> Extractor:
    """An extractor by name ("rules", "llm" or a registered one), built with `options`."""
    return extractor_factory(name)(**options)


def available_extractors() -> list[str]:
    return sorted(set(_REGISTRY) | set(_BUILTIN))


def load_plugins() -> list[str]:
    """Register every extractor plugin (entry points, then SUMMARIZER_EXTRACTOR_PLUGINS); their names.

    A plugin that cannot be imported is a ConfigError naming it, not a traceback.
    """
    names = []
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in _REGISTRY:
            continue
        try:
            register_extractor(point.name, point.load())
        except Exception as exc:
            raise ConfigError(f"cannot load extractor plugin {point.name!r} ({point.value}): {exc}") from None
        names.append(point.name)
    for module in extractor_plugins():
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ConfigError(f"cannot import extractor plugin {module!r} ({PLUGINS_ENV}): {exc}") from None
        names.append(module)
    return names
