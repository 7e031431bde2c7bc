"""Model endpoint settings: one frozen object, resolved from explicit values, then the environment, then a file.

This is the only module that reads environment variables. The API key is a `SecretStr`, so it
never shows in reprs, logs, caches or exceptions.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from .errors import ConfigError

__all__ = [
    "DEFAULT_CACHE_DIR",
    "DEFAULT_CONFIG_PATH",
    "OUTPUT_MODES",
    "ModelSettings",
    "OutputMode",
    "model_configured",
    "resolve_settings",
]

OutputMode = Literal["auto", "json_schema", "json_object", "tools", "text"]
OUTPUT_MODES: tuple[str, ...] = get_args(OutputMode)
"""Every output mode, in the order `auto` prefers them after `auto` itself."""

DEFAULT_CONFIG_PATH = Path("~/.config/summarizer/config.toml")
"""Where settings are read from unless SUMMARIZER_CONFIG names another file."""

DEFAULT_CACHE_DIR = Path("~/.cache/summarizer")
"""Where summaries are cached unless SUMMARIZER_CACHE_DIR names another folder."""

PLUGINS_ENV = "SUMMARIZER_EXTRACTOR_PLUGINS"
"""Comma-separated module names imported before a backend is chosen (they register extractors)."""

_ENV = {
    "api_key": "OPENAI_API_KEY",
    "base_url": "OPENAI_BASE_URL",
    "model": "SUMMARIZER_MODEL",
}


class ModelSettings(BaseModel):
    """How to reach and drive one OpenAI-compatible endpoint."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_url: str | None = Field(None, description="Endpoint root, e.g. http://127.0.0.1:8080/v1")
    api_key: SecretStr | None = None
    model: str | None = None
    temperature: float = 0.0
    max_tokens: int = Field(
        4096, description="Answer tokens per call (a dense section lists 50+ items of ~70 tokens each)"
    )
    timeout: float = 120.0
    concurrency: int = 4
    output_mode: OutputMode = "auto"
    prompt: str = Field("default", description="Prompt variant name or a folder of templates")
    max_retries: int = Field(5, description="Transport retries per call (429, 5xx, timeouts)")
    max_reasks: int = Field(
        2, description="Content re-asks per chunk (bad JSON, invalid or ungrounded items)"
    )
    chunk_tokens: int = Field(6000, description="Token budget of report text per call")
    max_calls_per_report: int | None = Field(
        None, description="Model calls per report before it ends with a reason (None: 3 per chunk + 2)"
    )
    max_tokens_per_report: int | None = Field(
        None,
        description="Prompt + completion tokens per report before it ends with a reason "
        "(None: 4 x (report tokens + chunks x max_tokens))",
    )
    enable_thinking: bool | None = Field(
        None, description="Ask reasoning models (Qwen3) to think or not; None leaves the server default"
    )
    chunk_overlap: int = Field(
        0, description="Characters of preceding text shown as context before each chunk (0: none)"
    )
    second_pass: bool = Field(
        False, description="Ask each chunk once more for what the first answer missed (merged by span)"
    )
    max_splits: int = Field(3, description="Times a chunk whose answer was cut off may be halved")
    schema_in_json_object: bool = Field(
        False,
        description="Send the JSON Schema with json_object requests (llama-cpp-python turns it into a grammar)",
    )
    price_input: float = Field(0.0, description="Price per million prompt tokens")
    price_output: float = Field(0.0, description="Price per million completion tokens")
    price_cached_input: float | None = Field(
        None,
        description="Price per million prompt tokens served from the provider's prompt cache "
        "(None: price_input; DeepSeek and OpenAI charge a fraction)",
    )
    price_batch_input: float | None = Field(
        None,
        description="Price per million prompt tokens answered by a batch job (None: half of price_input)",
    )
    price_batch_output: float | None = Field(
        None,
        description="Price per million completion tokens answered by a batch job (None: half of price_output)",
    )
    batch_max_requests: int = Field(
        50_000, ge=1, description="Requests per batch input file (OpenAI and DashScope take 50,000)"
    )
    batch_max_bytes: int = Field(
        100_000_000,
        ge=1,
        description="Bytes per batch input file (OpenAI takes 200 MB, DashScope 100 MB); larger inputs split",
    )

    def batch_prices(self) -> tuple[float, float]:
        """(input, output) price per million tokens of batch answers: half the live price unless set."""
        inp = self.price_input / 2 if self.price_batch_input is None else self.price_batch_input
        out = self.price_output / 2 if self.price_batch_output is None else self.price_batch_output
        return inp, out

    def cached_price(self) -> float:
        """Price per million prompt tokens the provider's prompt cache served (price_input unless set)."""
        return self.price_input if self.price_cached_input is None else self.price_cached_input

    def key_value(self) -> str:
        """The API key for the client; local servers accept any placeholder."""
        return self.api_key.get_secret_value() if self.api_key else "not-needed"

    def cache_params(self) -> dict[str, Any]:
        """Settings that change a model's output (no key, no transport knobs)."""
        params = {
            "base_url": self.base_url,
            "model": self.model,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "output_mode": self.output_mode,
            "prompt": self.prompt,
            "chunk_tokens": self.chunk_tokens,
        }
        # newer fields only when set, so keys of runs that do not use them stay as they were
        extra = {
            "enable_thinking": None,
            "chunk_overlap": 0,
            "second_pass": False,
            "max_splits": 3,
            "schema_in_json_object": False,
        }
        params.update({k: getattr(self, k) for k, off in extra.items() if getattr(self, k) != off})
        return params


def resolve_settings(config_path: str | Path | None = None, **explicit: Any) -> ModelSettings:
    """Settings from explicit values (None = unset), else the environment, else the config file."""
    values: dict[str, Any] = _read_config(config_path)
    for field, var in _ENV.items():
        if os.environ.get(var):
            values[field] = os.environ[var]
    values.update({k: v for k, v in explicit.items() if v is not None})
    try:
        return ModelSettings(**values)
    except ValidationError as exc:
        raise ConfigError.from_validation(exc) from None


def model_configured(settings: ModelSettings) -> bool:
    """True when a model endpoint is set up well enough to call (a model name plus a URL or a key)."""
    return bool(settings.model and (settings.base_url or settings.api_key))


def _read_config(config_path: str | Path | None) -> dict[str, Any]:
    path = Path(config_path or os.environ.get("SUMMARIZER_CONFIG") or DEFAULT_CONFIG_PATH).expanduser()
    if not path.is_file():
        if config_path:
            raise ConfigError(f"config file not found: {path}")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    return dict(data.get("model", data))


def cache_dir() -> Path:
    """The cache folder: SUMMARIZER_CACHE_DIR, else DEFAULT_CACHE_DIR."""
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or DEFAULT_CACHE_DIR).expanduser()


def extractor_plugins() -> list[str]:
    """Module names listed in SUMMARIZER_EXTRACTOR_PLUGINS."""
    return [name.strip() for name in os.environ.get(PLUGINS_ENV, "").split(",") if name.strip()]
