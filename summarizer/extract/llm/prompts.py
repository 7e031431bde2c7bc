"""Prompt variants: folders of Jinja2 templates with a manifest, rendered in a sandbox.

A variant folder holds `manifest.toml` (name, version, description, output_mode, reading, examples),
`system.j2`, `user.j2` and `reask.j2`, and optionally a few-shot examples file. Built-in variants live in
`summarizer/prompts/`; `load_variant` also accepts the path of a user's own folder.

Report text reaches templates only as variable values, so `{{ }}` or `{% %}` inside a report is printed
as written, never evaluated. Schemas and examples are dumped with ensure_ascii=False (escaped Chinese
is unreadable to models and costs tokens). Few-shot examples are checked when a variant loads: their
quotes must be found in their own example text and their numbers in their quotes.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ...errors import PromptError
from ...ground import SourceText, ground_items
from ...models import MatchTier, Report
from .chunk import Chunk, candidate_lines
from .modes import MODES
from .response import KINDS, parse_answer, response_schema, schema_text

__all__ = [
    "BUILTIN_DIR",
    "ENTRY_POINT_GROUP",
    "PromptVariant",
    "list_variants",
    "load_variant",
    "plugin_variants",
    "render_chunk",
]

BUILTIN_DIR = Path(__file__).resolve().parents[2] / "prompts"
"""Where the shipped variants live (inside the package, so a non-editable install finds them)."""

ENTRY_POINT_GROUP = "summarizer.prompts"
"""Entry-point group of prompt-variant plugins: `name = "pkg.module:FOLDER"`, a folder path (str or Path)
or a callable returning one; the folder holds manifest.toml and the templates, like the built-in ones."""

_TEMPLATES = ("system.j2", "user.j2", "reask.j2")
_MODES = ("auto", *MODES)
_READINGS = ("section", "candidates")


def _to_json(value: Any, indent: int | None = 2) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


@dataclass(frozen=True)
class PromptVariant:
    """One prompt variant: its manifest fields, folder and validated few-shot examples."""

    name: str
    version: str
    description: str
    output_mode: str
    path: Path
    reading: str = "section"
    examples: tuple[dict[str, Any], ...] = field(default=(), repr=False)

    @cached_property
    def template_hash(self) -> str:
        """Hash over every file of the folder, so any edit changes cache keys."""
        digest = hashlib.sha256()
        for file in sorted(p for p in self.path.rglob("*") if p.is_file()):
            digest.update(file.relative_to(self.path).as_posix().encode())
            digest.update(file.read_bytes())
        return digest.hexdigest()[:16]

    @cached_property
    def _env(self) -> SandboxedEnvironment:
        env = SandboxedEnvironment(
            loader=jinja2.FileSystemLoader(str(self.path)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.filters["json"] = _to_json
        return env

    def render(
        self,
        *,
        kinds: Sequence[str],
        text: str,
        meta: dict[str, Any],
        section: str,
        candidates: Sequence[str] = (),
        context: str = "",
        schema_in_request: bool = False,
    ) -> list[dict[str, str]]:
        """System and user messages for one chunk asking for `kinds`.

        `context` is preceding text shown for reading only (chunk overlap); `schema_in_request` is true
        when the request carries the schema itself (json_schema, tools), so the prompt leaves it out.
        """
        values: dict[str, Any] = {
            "kinds": list(kinds),
            "text": text,
            "candidates": list(candidates),
            "context": context,
            "meta": meta,
            "section": section,
            "schema": response_schema(kinds),
            "schema_text": schema_text(kinds),
            "schema_in_request": schema_in_request,
            "examples": [e for e in self.examples if set(e["kinds"]) & set(kinds)],
        }
        return [
            {"role": "system", "content": self._render("system.j2", values)},
            {"role": "user", "content": self._render("user.j2", values)},
        ]

    def render_reask(
        self,
        *,
        kinds: Sequence[str],
        answer_error: str | None,
        errors: Sequence[str],
        direct: bool = False,
        missed: bool = False,
    ) -> str:
        """The follow-up message: the exact problems of the previous answer; or (`direct`) a request to
        answer with JSON at once after an answer spent max_tokens before any item; or (`missed`) the
        second pass asking for items the previous answer missed."""
        context = {
            "kinds": list(kinds), "answer_error": answer_error, "errors": list(errors),
            "direct": direct, "missed": missed,
        }  # fmt: skip
        return self._render("reask.j2", context)

    def _render(self, template: str, context: dict[str, Any]) -> str:
        try:
            return self._env.get_template(template).render(context).strip()
        except jinja2.TemplateError as exc:
            raise PromptError(f"prompt {self.name!r}: cannot render {template}: {exc}") from exc


def render_chunk(
    variant: PromptVariant, report: Report, chunk: Chunk, *, schema_in_request: bool = False, overlap: int = 0
) -> list[dict[str, str]] | None:
    """The exact first messages sent for one chunk (None: a candidates variant found nothing to ask)."""
    candidates: list[str] = []
    if variant.reading == "candidates":
        candidates = candidate_lines(report, chunk)
        if not candidates:
            return None
    context = report.text[max(0, chunk.start - overlap) : chunk.start].strip() if overlap else ""
    return variant.render(
        kinds=chunk.kinds, text=chunk.text(report), meta=report.meta.model_dump(mode="json"),
        section=chunk.section, candidates=candidates, context=context, schema_in_request=schema_in_request,
    )  # fmt: skip


def list_variants() -> list[PromptVariant]:
    """The built-in prompt variants and those plugins provide, by name."""
    builtin = sorted(BUILTIN_DIR.iterdir()) if BUILTIN_DIR.is_dir() else []
    folders = [p for p in builtin if (p / "manifest.toml").is_file()]
    return [load_variant(p) for p in folders + list(plugin_variants().values())]


def plugin_variants() -> dict[str, Path]:
    """Prompt-variant folders registered by installed packages (entry points `summarizer.prompts`)."""
    found: dict[str, Path] = {}
    for point in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = point.load()
            folder = Path(target() if callable(target) else target)
        except Exception as exc:
            raise PromptError(f"cannot load prompt plugin {point.name!r} ({point.value}): {exc}") from None
        if not (folder / "manifest.toml").is_file():
            raise PromptError(f"prompt plugin {point.name!r}: {folder} holds no manifest.toml")
        found[point.name] = folder
    return found


def load_variant(name_or_path: str | Path) -> PromptVariant:
    """A variant by name (built-in, then plugins) or a variant folder by path; PromptError when broken."""
    path = Path(name_or_path).expanduser()
    if not (path / "manifest.toml").is_file():
        name = str(name_or_path)
        builtin = BUILTIN_DIR / name
        if isinstance(name_or_path, str) and "/" not in name and (builtin / "manifest.toml").is_file():
            path = builtin
        elif isinstance(name_or_path, str) and name in (plugins := plugin_variants()):
            path = plugins[name]
        else:
            known = ", ".join(v.name for v in list_variants())
            raise PromptError(f"no prompt variant {name!r} (known: {known}; or a folder path)")
    return _load_folder(path.resolve())


def _load_folder(path: Path) -> PromptVariant:
    try:
        manifest = tomllib.loads((path / "manifest.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"cannot read {path / 'manifest.toml'}: {exc}") from exc
    for key in ("name", "version", "description"):
        if not isinstance(manifest.get(key), str) or not manifest[key]:
            raise PromptError(f"{path / 'manifest.toml'}: {key!r} must be a non-empty string")
    mode = manifest.get("output_mode", "auto")
    reading = manifest.get("reading", "section")
    if mode not in _MODES:
        raise PromptError(f"{path}: output_mode {mode!r} is not one of {', '.join(_MODES)}")
    if reading not in _READINGS:
        raise PromptError(f"{path}: reading {reading!r} is not one of {', '.join(_READINGS)}")
    missing = [t for t in _TEMPLATES if not (path / t).is_file()]
    if missing:
        raise PromptError(f"{path}: missing template(s) {', '.join(missing)}")
    examples = _load_examples(path, manifest.get("examples"))
    variant = PromptVariant(
        name=manifest["name"], version=manifest["version"], description=manifest["description"],
        output_mode=mode, path=path, reading=reading, examples=examples,
    )  # fmt: skip
    for template in _TEMPLATES:  # syntax errors surface at load, not mid-run
        try:
            variant._env.get_template(template)
        except jinja2.TemplateError as exc:
            raise PromptError(f"{path / template}: {exc}") from exc
    return variant


def _load_examples(path: Path, name: str | None) -> tuple[dict[str, Any], ...]:
    if not name:
        return ()
    file = path / name
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise PromptError(f"cannot read few-shot examples {file}: {exc}") from exc
    if not isinstance(data, list):
        raise PromptError(f"{file}: expected a list of examples")
    for number, example in enumerate(data, 1):
        check_example(example, where=f"{file} example {number}")
    return tuple(data)


def check_example(example: Any, *, where: str = "example") -> None:
    """Raise PromptError unless the example's answer parses and every quote and number is in its text."""
    if not isinstance(example, dict) or not {"kinds", "text", "answer"} <= set(example):
        raise PromptError(f"{where}: needs 'kinds', 'text' and 'answer'")
    kinds = example["kinds"]
    if not kinds or any(k not in KINDS for k in kinds):
        raise PromptError(f"{where}: kinds must be some of {', '.join(KINDS)}")
    parsed = parse_answer(json.dumps(example["answer"], ensure_ascii=False), kinds)
    problems = [parsed.error] if parsed.error else [e.describe() for e in parsed.errors]
    source = SourceText(example["text"], fuzzy=False)
    for kind in kinds:
        grounded = ground_items(parsed.items[kind], source, kind, min_tier=MatchTier.normalized)
        problems += [f"{r.kind}: {r.reason}" for r in grounded.rejected]
    if problems:
        raise PromptError(f"{where} is broken: " + "; ".join(problems))
