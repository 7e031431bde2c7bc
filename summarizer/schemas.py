"""JSON Schema files in `schemas/`, generated from the Pydantic models (`summarizer schema --write`)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from .models import Achievement, Goal, KeyProject, Report, ReportMeta, ReportSummary

__all__ = ["SCHEMA_MODELS", "render_schemas", "write_schemas"]

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "report_summary": ReportSummary,
    "report_meta": ReportMeta,
    "report": Report,
    "goal": Goal,
    "achievement": Achievement,
    "key_project": KeyProject,
}


def render_schemas() -> dict[str, str]:
    """File name -> JSON text for every exported model (stable, Chinese left readable)."""
    return {
        f"{name}.json": json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True)
        + "\n"
        for name, model in SCHEMA_MODELS.items()
    }


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every schema into `folder`; returns the paths written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
