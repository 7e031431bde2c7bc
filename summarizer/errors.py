"""The exception tree of `summarizer`.

    SummarizerError
    ├── InputError              input we cannot read as a report
    │   ├── EmptyInputError     nothing but whitespace
    │   ├── BinaryInputError    not text in any supported encoding
    │   ├── NotAReportError     text, but no report found in it
    │   └── UnreadableDocumentError   a PDF or Word file we cannot take text from
    │       ├── CorruptDocumentError     damaged or truncated file
    │       ├── EncryptedDocumentError   needs a password to open
    │       └── ScannedDocumentError     a PDF of page images with no text layer (needs OCR)
    ├── ConfigError             missing or invalid settings (endpoint, key, prompt folder)
    ├── ModelError              the model endpoint failed after retries
    │   ├── ContentError        the model kept answering with unusable content
    │   └── BatchUnsupported    the endpoint has no Batch API (/v1/files, /v1/batches)
    ├── AnswersPending          not a failure: a report waits for answers from a batch job
    └── PromptError             a template or few-shot example is broken

Errors never carry API keys: settings render keys masked, and messages are built from masked values.
"""

from __future__ import annotations

__all__ = [
    "AnswersPending",
    "BatchUnsupported",
    "BinaryInputError",
    "ConfigError",
    "ContentError",
    "CorruptDocumentError",
    "EmptyInputError",
    "EncryptedDocumentError",
    "InputError",
    "ModelError",
    "NotAReportError",
    "PromptError",
    "ScannedDocumentError",
    "SummarizerError",
    "UnreadableDocumentError",
]


class SummarizerError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(SummarizerError):
    """The input cannot be read as a report."""


class EmptyInputError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class NotAReportError(InputError):
    pass


class UnreadableDocumentError(InputError):
    """A PDF or Word file that cannot give text; the message names the file and what is wrong."""


class CorruptDocumentError(UnreadableDocumentError):
    pass


class EncryptedDocumentError(UnreadableDocumentError):
    pass


class ScannedDocumentError(UnreadableDocumentError):
    """Pages are pictures of text (a scan): there is no text layer to read without OCR."""


class ConfigError(SummarizerError):
    """Missing or invalid settings."""

    @classmethod
    def from_validation(cls, exc: Exception, what: str = "model settings") -> ConfigError:
        """One line naming the invalid fields of a pydantic ValidationError, never their values."""
        errors = exc.errors() if hasattr(exc, "errors") else []
        fields = ", ".join(str(e["loc"][0]) for e in errors if e.get("loc"))
        return cls(f"invalid {what}: {fields or exc}")


class ModelError(SummarizerError):
    """The endpoint failed after transport retries; `attempts` counts the calls made."""

    def __init__(self, message: str, *, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


class ContentError(ModelError):
    """The model's answers stayed invalid after every re-ask; keeps the last error text."""

    def __init__(self, message: str, *, attempts: int = 0, last_error: str | None = None) -> None:
        super().__init__(message, attempts=attempts)
        self.last_error = last_error


class PromptError(SummarizerError):
    pass


class BatchUnsupported(ModelError):
    """The endpoint answered the Batch API (files upload, batches) with 404/405: use live mode."""


class AnswersPending(SummarizerError):
    """A report whose model requests were deferred to a batch job: not cached, not written, not an error.

    `requests` is how many of its requests are waiting for answers.
    """

    def __init__(self, message: str, *, requests: int = 0) -> None:
        super().__init__(message)
        self.requests = requests
