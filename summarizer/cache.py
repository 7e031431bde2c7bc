"""A persistent SQLite cache of report summaries, keyed by the report text and the extractor's settings.

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

__all__ = ["CACHE_FILE", "Cache", "CacheInfo", "cache_key", "default_cache_dir", "schema_hash", "text_hash"]

CACHE_FILE = "summaries.sqlite3"
_SECRET_WORDS = ("api_key", "apikey", "secret", "password", "token_value", "authorization")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS summaries (
    key TEXT PRIMARY KEY,
    backend TEXT,
    text_sha256 TEXT NOT NULL,
    summary TEXT NOT NULL,
    created REAL NOT NULL
)
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_SCHEMA_HASH: str | None = None


def schema_hash() -> str:
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
        {"text": text_hash(text), "extractor": extractor_key, "schema": schema_hash()},
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
            conn.execute(_SCHEMA)
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
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(
                "INSERT OR REPLACE INTO summaries (key, backend, text_sha256, summary, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, summary.backend, text_sha256, summary.model_dump_json(), time.time()),
            )
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def clear(self) -> int:
        """Delete every entry; returns how many there were."""
        if not self.path.exists():
            return 0
        db = self._db()
        count = db.execute("SELECT COUNT(*) FROM summaries").fetchone()[0]
        db.execute("DELETE FROM summaries")
        db.execute("VACUUM")
        return count

    def info(self) -> CacheInfo:
        if not self.path.exists():
            return CacheInfo(self.path, 0, 0, {})
        db = self._db()
        rows = db.execute("SELECT COALESCE(backend, ''), COUNT(*) FROM summaries GROUP BY 1").fetchall()
        backends = {name: n for name, n in rows}
        size = sum(p.stat().st_size for p in self.folder.glob(CACHE_FILE + "*") if p.is_file())
        return CacheInfo(self.path, sum(backends.values()), size, backends)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
