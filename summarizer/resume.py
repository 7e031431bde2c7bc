"""A JSONL output that a batch appends to as it goes, so a stopped run resumes where it stopped.

Beside `OUT.jsonl` sits `.OUT.jsonl.run.json`, the run key (backend and everything that changes output);
resuming with another key is refused rather than mixing two configurations in one file. Lines are
fsynced one by one: a kill -9 loses at most the line being written, and that line is dropped on resume.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .export import atomic_write, read_jsonl, summary_line
from .models import ReportSummary
from .results import Result

__all__ = ["ResumeFile", "run_file"]


def run_file(out: Path) -> Path:
    """Where the run key of OUT.jsonl is kept."""
    return out.with_name(f".{out.name}.run.json")


class ResumeFile:
    """`with ResumeFile(out, run_key) as f:` -> `f.done` (finished summaries), `f.append(result)`.

    overwrite=True starts afresh; otherwise finished summaries already in OUT are kept (error lines are
    dropped so those documents are tried again).
    """

    def __init__(self, out: str | Path, run_key: dict[str, Any], *, overwrite: bool = False) -> None:
        self.out = Path(out)
        self.key = json.dumps(run_key, sort_keys=True, ensure_ascii=False, default=str)
        self.overwrite = overwrite
        self.done: list[ReportSummary] = []
        self.dropped = 0
        self._fh: IO[str] | None = None

    def __enter__(self) -> ResumeFile:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def skip(self) -> set[tuple[str | None, int]]:
        """(source, report_index) of every finished report: what a resumed batch leaves out."""
        return {(s.source, s.report_index) for s in self.done}

    def open(self) -> None:
        keyfile = run_file(self.out)
        resuming = self.out.exists() and not self.overwrite
        if resuming and keyfile.exists() and keyfile.read_text(encoding="utf-8") != self.key:
            raise InputError(
                f"{self.out} holds results made with other backend settings; "
                "use overwrite (--overwrite) or another output file"
            )
        self.done = self._finished() if resuming else []
        lines = "".join(summary_line(s) + "\n" for s in self.done)
        atomic_write(self.out, lines.encode("utf-8"))
        atomic_write(keyfile, self.key.encode("utf-8"))
        self._fh = open(self.out, "a", encoding="utf-8")  # noqa: SIM115 -- closed in close()

    def append(self, result: Result) -> None:
        if self._fh is None:
            raise RuntimeError("ResumeFile is not open")
        self._fh.write(summary_line(result) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _finished(self) -> list[ReportSummary]:
        try:
            summaries, _errors, self.dropped = read_jsonl(self.out)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot resume {self.out}: {exc}; use overwrite to start afresh") from None
        # a report may be in the file twice if two runs overlapped; keep the first
        seen: set[tuple[str | None, int]] = set()
        unique = []
        for s in summaries:
            if (s.source, s.report_index) not in seen:
                seen.add((s.source, s.report_index))
                unique.append(s)
        return unique
