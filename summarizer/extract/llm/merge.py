"""Merge items from a report's chunks: one item per indicator and horizon, per project name, in text order.

Two chunks often state the same thing (a GDP target in the target passage and again in the tasks; a
railway in two task paragraphs). Duplicates across chunks collapse to the earliest mention; within one
chunk, items sharing a key but quoting different sentences are kept (the model saw them as distinct).
Rejected items are all kept, only exact repeats removed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from ...models import Achievement, Goal, KeyProject, Rejected

__all__ = ["item_key", "merge_items", "merge_rejected", "project_name_key"]

Item = Goal | Achievement | KeyProject
ItemT = TypeVar("ItemT", Goal, Achievement, KeyProject)

_NAME_NOISE = re.compile(r"[\s《》“”\"'「」『』()（）【】\[\]·・,，、。.]")
_NAME_VERBS = re.compile(
    r"^(?:开工建设|加快建设|加快推进|全面建成|建成投运|建成|开工|推进|启动|实施|谋划|争取|新建|续建)"
)
_NAME_SUFFIX = re.compile(r"(?:建设)?(?:项目|工程)$")


def project_name_key(name: str) -> str:
    """A project name for comparison: width-folded, no spaces or quotes, no leading verb or 项目/工程 suffix."""
    key = _NAME_NOISE.sub("", unicodedata.normalize("NFKC", name))
    key = _NAME_VERBS.sub("", key)
    return _NAME_SUFFIX.sub("", key) or key


def _text_key(text: str) -> str:
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", text))


def item_key(item: Item) -> Hashable:
    """What makes two items the same: indicator + horizon (goals), + period and value (achievements),
    the normalized name (projects). Indicator "other" adds the description, since it holds many targets."""
    if isinstance(item, Goal):
        extra = _text_key(item.description) if item.indicator == "other" else ""
        return ("goal", item.indicator, item.horizon, extra)
    if isinstance(item, Achievement):
        extra = _text_key(item.description) if item.indicator == "other" else ""
        return ("achievement", item.indicator, item.period, item.value, item.unit, extra)
    return ("project", project_name_key(item.name))


def _position(item: Item) -> int:
    start = item.evidence.start
    return start if start is not None else 1 << 60


def merge_items(groups: Sequence[tuple[Hashable, Sequence[ItemT]]]) -> list[ItemT]:
    """Items of one kind from (chunk id, items) groups, de-duplicated and ordered by position.

    Halves of a split chunk share their chunk id, so splitting never changes what is merged.
    """
    flat = [(chunk, item) for chunk, items in groups for item in items]
    flat.sort(key=lambda pair: _position(pair[1]))
    kept: list[ItemT] = []
    seen: dict[Hashable, tuple[Hashable, set[tuple[Any, Any]]]] = {}
    for chunk, item in flat:
        key = item_key(item)
        span = (item.evidence.start, item.evidence.end)
        if key in seen:
            first_chunk, spans = seen[key]
            if first_chunk != chunk or span in spans:
                continue
            spans.add(span)
        else:
            seen[key] = (chunk, {span})
        kept.append(item)
    return kept


def merge_rejected(groups: Sequence[Sequence[Rejected]]) -> list[Rejected]:
    """Every rejected item, in chunk order, without exact repeats."""
    result: list[Rejected] = []
    seen: set[str] = set()
    for group in groups:
        for rejected in group:
            marker = rejected.model_dump_json()
            if marker not in seen:
                seen.add(marker)
                result.append(rejected)
    return result
