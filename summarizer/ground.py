"""Grounding: find each item's quote in its report and check the item's numbers against the quote.

Quotes are located in tiers: exact, then normalized (NFKC, width, whitespace, dash and tilde variants),
then bounded fuzzy (rapidfuzz) near an expected region. Offsets always index the ORIGINAL report text,
at the character level (no tokenizer, so quotes starting mid-run of Han characters align).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .models import Achievement, Evidence, Goal, KeyProject, MatchTier, Rejected, Report
from .numbers import number_in_text

__all__ = ["GroundingResult", "SourceText", "ground_items", "item_numbers", "normalize", "paginate"]

Item = Goal | Achievement | KeyProject

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―－﹣−～〜~"), "-")
_PUNCT = {ord("："): ":", ord("，"): ",", ord("；"): ";", ord("（"): "(", ord("）"): ")", ord("％"): "%"}
_DROP = frozenset(" \t\r\n\u3000\u2002\u2003\u00a0*")
MIN_FUZZY_CHARS = 8
"""Quotes shorter than this are never fuzzy-matched: short strings match anywhere."""
FUZZY_CUTOFF = 90.0


def normalize(text: str) -> tuple[str, list[int]]:
    """Normalized text and, for each of its characters, the index of its source character.

    NFKC (full-width digits and letters), dash and tilde variants to "-", Chinese punctuation to ASCII,
    whitespace and markdown asterisks dropped, so "754.29 亿元" and "754.29亿元" compare equal.
    """
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        out = _CHAR_CACHE.get(ch)
        if out is None:
            out = _CHAR_CACHE[ch] = _normalize_char(ch)
        for o in out:
            chars.append(o)
            index.append(i)
    return "".join(chars), index


_CHAR_CACHE: dict[str, str] = {}


def _normalize_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    out = unicodedata.normalize("NFKC", ch).translate(_DASHES).translate(_PUNCT)
    return "".join(o for o in out if not o.isspace())


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    match: MatchTier


class SourceText:
    """A report's text prepared for repeated quote look-ups (normalization is done once)."""

    def __init__(self, text: str, *, fuzzy: bool = True) -> None:
        self.text = text
        self.fuzzy = fuzzy
        self._norm: tuple[str, list[int]] | None = None

    @property
    def normalized(self) -> tuple[str, list[int]]:
        if self._norm is None:
            self._norm = normalize(self.text)
        return self._norm

    def locate(self, quote: str, near: tuple[int, int] | None = None) -> Evidence | None:
        """Find `quote`; prefer an occurrence inside `near` (start, end). None when not found."""
        quote = quote.strip()
        if not quote:
            return None
        span = self._exact(quote, near) or self._normalized(quote, near) or self._fuzzy(quote, near)
        if span is None:
            return None
        return Evidence(
            quote=self.text[span.start : span.end], start=span.start, end=span.end, match=span.match
        )

    def _exact(self, quote: str, near: tuple[int, int] | None) -> _Span | None:
        start = _find_near(self.text, quote, near)
        return None if start is None else _Span(start, start + len(quote), MatchTier.exact)

    def _normalized(self, quote: str, near: tuple[int, int] | None) -> _Span | None:
        norm, index = self.normalized
        nquote, _ = normalize(quote)
        if not nquote:
            return None
        norm_near = None if near is None else (_norm_pos(index, near[0]), _norm_pos(index, near[1]))
        h = _find_near(norm, nquote, norm_near)
        if h is None:
            return None
        return _Span(index[h], index[h + len(nquote) - 1] + 1, MatchTier.normalized)

    def _fuzzy(self, quote: str, near: tuple[int, int] | None) -> _Span | None:
        """Best approximate alignment near the expected region; never a tiny part of a long quote."""
        norm, index = self.normalized
        nquote, _ = normalize(quote)
        if not self.fuzzy or len(nquote) < MIN_FUZZY_CHARS:
            return None
        lo, hi = 0, len(norm)
        if near is not None:
            lo = _norm_pos(index, near[0])
            hi = _norm_pos(index, near[1])
            pad = 2 * len(nquote)
            lo, hi = max(0, lo - pad), min(len(norm), hi + pad)
        window = norm[lo:hi]
        if len(window) < len(nquote):
            return None
        result = fuzz.partial_ratio_alignment(nquote, window, score_cutoff=FUZZY_CUTOFF)
        if result is None:
            return None
        length = result.dest_end - result.dest_start
        if not 0.85 * len(nquote) <= length <= 1.15 * len(nquote):
            return None
        start = index[lo + result.dest_start]
        end = index[lo + result.dest_end - 1] + 1
        return _Span(start, end, MatchTier.fuzzy)


def _find_near(text: str, sub: str, near: tuple[int, int] | None) -> int | None:
    """Start of `sub` in `text`: the first one starting inside `near`, else the one closest to it.

    Looking inside the expected region first keeps a look-up cheap even when a phrase repeats
    thousands of times; only a miss there scans outward.
    """
    if near is None:
        pos = text.find(sub)
        return None if pos == -1 else pos
    lo, hi = near
    inside = text.find(sub, lo, max(lo, hi - 1) + len(sub))
    if inside != -1 and inside < hi:
        return inside
    before = text.rfind(sub, 0, lo + len(sub) - 1)
    after = text.find(sub, hi)
    candidates = [p for p in (before, after) if p != -1]
    if not candidates:
        return None
    return min(candidates, key=lambda p: min(abs(p - lo), abs(p - hi)))


def _norm_pos(index: list[int], pos: int) -> int:
    """First normalized position whose source index is at or after `pos`."""
    return bisect_left(index, pos)


def item_numbers(item: Item) -> list[tuple[str, float, str | None]]:
    """(field, value, unit) for every number an item states."""
    if isinstance(item, Goal):
        return [(f, v, item.unit) for f, v in (("low", item.low), ("high", item.high)) if v is not None]
    if isinstance(item, Achievement):
        return [("value", item.value, item.unit)] if item.value is not None else []
    if item.investment is not None:
        return [("investment", item.investment.amount, item.investment.unit)]
    return []


@dataclass
class GroundingResult:
    """Items that passed (with evidence offsets filled in) and those rejected, with reasons."""

    kept: list[Any]
    rejected: list[Rejected]


def ground_items(
    items: Iterable[Item],
    source: SourceText,
    kind: str,
    near: tuple[int, int] | None = None,
    *,
    min_tier: MatchTier = MatchTier.fuzzy,
) -> GroundingResult:
    """Locate each item's quote and check its numbers; failures become `Rejected` with the reason."""
    allowed = _tiers_up_to(min_tier)
    kept: list[Any] = []
    rejected: list[Rejected] = []
    for item in items:
        reason = _check(item, source, near, allowed)
        if isinstance(reason, str):
            rejected.append(Rejected(kind=kind, item=item.model_dump(mode="json"), reason=reason))
        else:
            kept.append(item.model_copy(update={"evidence": reason}))
    return GroundingResult(kept, rejected)


def _tiers_up_to(tier: MatchTier) -> set[str]:
    order = [MatchTier.exact, MatchTier.normalized, MatchTier.fuzzy]
    return {t.value for t in order[: order.index(tier) + 1]}


def _check(item: Item, source: SourceText, near: tuple[int, int] | None, allowed: set[str]) -> Evidence | str:
    quote = item.evidence.quote
    hint = near
    if item.evidence.start is not None and item.evidence.end is not None:
        hint = (item.evidence.start, item.evidence.end)
    evidence = source.locate(quote, hint)
    if evidence is None:
        return f"quote not found in the report: {quote[:80]!r}"
    if evidence.match not in allowed:
        return f"quote matched only {evidence.match}, below the required tier: {quote[:80]!r}"
    for field, value, unit in item_numbers(item):
        if not number_in_text(value, unit, evidence.quote):
            return f"{field}={value:g}{unit or ''} does not appear in the quote {evidence.quote[:80]!r}"
    return evidence


def paginate(items: Iterable[Item], report: Report) -> list[Any]:
    """Items with `evidence.page` set from the report's pages (PDF and Word files); others unchanged."""
    items = list(items)
    if not report.pages:
        return items
    out = []
    for item in items:
        start = item.evidence.start
        page = report.page_of(start) if start is not None else None
        out.append(item.model_copy(update={"evidence": item.evidence.model_copy(update={"page": page})}))
    return out
