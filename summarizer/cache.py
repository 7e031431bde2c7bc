"""A persistent SQLite cache of report summaries and of model answers.

Two tables. `summaries` holds finished ReportSummary JSON, keyed by the report text and the extractor's
settings. `answers` holds each successful raw model answer, keyed by the exact request (model, messages,
parameters; never the key), so a batch killed in the middle of a report, or re-run with a changed merge
or grounding step, never pays twice for an answer it already has (`Cache.answers`).

The key is sha256 of (sha256 of the report text, the extractor's `cache_key()`, the ReportSummary schema
hash), so changing the prompt, model, backend or generation parameters misses exactly the affected
entries. The database runs in WAL mode and every write is its own transaction: a process killed with
SIGKILL mid-batch leaves a valid cache holding every summary finished before the kill.
Values are ReportSummary JSON; API keys never reach the cache (extractors' cache keys hold no secrets,
and we refuse keys that look like they do).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .config import cache_dir as default_cache_dir
from .models import ReportSummary

__all__ = [
    "CACHE_FILE",
    "AnswerStore",
    "Cache",
    "CacheInfo",
    "cache_key",
    "default_cache_dir",
    "summary_schema_hash",
    "text_hash",
]

CACHE_FILE = "summaries.sqlite3"
_SECRET_WORDS = ("api_key", "apikey", "secret", "password", "token_value", "authorization")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS summaries (
    key TEXT PRIMARY KEY,
    backend TEXT,
    text_sha256 TEXT NOT NULL,
    summary TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    key TEXT PRIMARY KEY,
    answer TEXT NOT NULL,
    created REAL NOT NULL
);
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SCHEMA_HASH: str | None = None


def summary_schema_hash() -> str:
    """Hash of the ReportSummary JSON Schema: a model change invalidates every entry."""
    global _SCHEMA_HASH
    if _SCHEMA_HASH is None:
        schema = json.dumps(ReportSummary.model_json_schema(), sort_keys=True, ensure_ascii=False)
        _SCHEMA_HASH = hashlib.sha256(schema.encode("utf-8")).hexdigest()[:16]
    return _SCHEMA_HASH


def cache_key(text: str, extractor_key: dict[str, Any]) -> str:
    """The cache key of one report text under one extractor configuration."""
    for name in _flatten_keys(extractor_key):
        if any(word in name.lower() for word in _SECRET_WORDS):
            raise ValueError(f"extractor cache key must not hold secrets (field {name!r})")
    payload = json.dumps(
        {"text": text_hash(text), "extractor": extractor_key, "schema": summary_schema_hash()},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _flatten_keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        names = []
        for k, v in value.items():
            names.append(str(k))
            names.extend(_flatten_keys(v))
        return names
    if isinstance(value, list | tuple):
        return [n for v in value for n in _flatten_keys(v)]
    return []


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    bytes: int
    backends: dict[str, int]
    answers: int = 0


class Cache:
    """Summaries stored in `<folder>/summaries.sqlite3` (folder defaults to `default_cache_dir()`)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder).expanduser() if folder else default_cache_dir()
        self.path = self.folder / CACHE_FILE
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            # autocommit mode (isolation_level=None); each put is one explicit transaction
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def get(self, key: str) -> ReportSummary | None:
        """The cached summary, or None (also when the stored JSON no longer validates)."""
        row = self._db().execute("SELECT summary FROM summaries WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return ReportSummary.model_validate_json(row[0])
        except ValidationError:
            return None

    def put(self, key: str, summary: ReportSummary, *, text_sha256: str = "") -> None:
        self._write(
            "INSERT OR REPLACE INTO summaries (key, backend, text_sha256, summary, created) "
            "VALUES (?, ?, ?, ?, ?)",
            (key, summary.backend, text_sha256, summary.model_dump_json(), time.time()),
        )

    def _write(self, sql: str, values: tuple[Any, ...]) -> None:
        """One statement in its own transaction: a kill never leaves half a write."""
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(sql, values)
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @property
    def answers(self) -> AnswerStore:
        """The model-answer table, as the `get`/`put` store the model extractor takes."""
        return AnswerStore(self)

    def clear(self) -> int:
        """Delete every summary and answer; returns how many summaries there were."""
        if not self.path.exists():
            return 0
        db = self._db()
        count = db.execute("SELECT COUNT(*) FROM summaries").fetchone()[0]
        db.execute("DELETE FROM summaries")
        db.execute("DELETE FROM answers")
        db.execute("VACUUM")
        return count

    def info(self) -> CacheInfo:
        if not self.path.exists():
            return CacheInfo(self.path, 0, 0, {})
        db = self._db()
        rows = db.execute("SELECT COALESCE(backend, ''), COUNT(*) FROM summaries GROUP BY 1").fetchall()
        backends = {name: n for name, n in rows}
        answers = db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
        size = sum(p.stat().st_size for p in self.folder.glob(CACHE_FILE + "*") if p.is_file())
        return CacheInfo(self.path, sum(backends.values()), size, backends, answers)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AnswerStore:
    """Raw model answers by request key: `get(key)` -> dict or None, `put(key, answer)`."""

    def __init__(self, cache: Cache) -> None:
        self._cache = cache

    def get(self, key: str) -> dict[str, Any] | None:
        row = self._cache._db().execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, answer: dict[str, Any]) -> None:
        for name in _flatten_keys(answer):
            if any(word in name.lower() for word in _SECRET_WORDS):
                raise ValueError(f"a cached answer must not hold secrets (field {name!r})")
        text = json.dumps(answer, ensure_ascii=False, sort_keys=True, default=str)
        self._cache._write(
            "INSERT OR REPLACE INTO answers (key, answer, created) VALUES (?, ?, ?)", (key, text, time.time())
        )
