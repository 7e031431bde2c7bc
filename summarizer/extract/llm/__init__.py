"""The model extractor: chunk and route a report, prompt an OpenAI-compatible endpoint, parse, re-ask, merge.

Modules in the order a report meets them: `chunk` (section-routed chunks), `prompts` (Jinja2 variants),
`modes` (structured-output modes per endpoint), `response` (answer shapes -> items), `extractor` (the
calling loop: transport retries, re-asks, grounding) and `merge` (chunk items -> one list per kind);
`batchapi` speaks the provider Batch APIs and the batch line format (used by `summarizer.jobs`).
"""

from .extractor import LLMExtractor, map_openai_error

__all__ = ["LLMExtractor", "map_openai_error"]
