"""A minimal LSP client over a subprocess's stdin/stdout: raw JSON-RPC, as any editor speaks it."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class Client:
    """Starts ``python -m speckit_graph lsp`` and talks to it; notifications are queued by method."""

    def __init__(self, root: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        command = [sys.executable, "-m", "speckit_graph", "lsp", "--no-cache", "--debounce-ms", "50", *args]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root
        )
        self.root = root
        self.next_id = 0
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.pending: list[dict[str, Any]] = []

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            headers: dict[str, str] = {}
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = stream.read(int(headers["content-length"]))
            self.messages.put(json.loads(body))

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 20) -> Any:
        self.next_id += 1
        number = self.next_id
        self.send({"id": number, "method": method, "params": params})
        message = self._wait(lambda m: m.get("id") == number and "method" not in m, timeout)
        if "error" in message:
            raise AssertionError(f"{method} failed: {message['error']}")
        return message.get("result")

    def _wait(self, wanted: Any, timeout: float) -> dict[str, Any]:
        for index, message in enumerate(self.pending):
            if wanted(message):
                return self.pending.pop(index)
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.messages.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no such message within {timeout} s; received: {self.pending}") from None
            if wanted(message):
                return message
            self.pending.append(message)

    def diagnostics(self, uri: str, timeout: float = 20) -> list[dict[str, Any]]:
        """The next diagnostics published for ``uri``."""
        message = self._wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri, timeout
        )
        return list(message["params"]["diagnostics"])

    def initialize(self) -> dict[str, Any]:
        result = self.request(
            "initialize", {"processId": os.getpid(), "rootUri": self.root.resolve().as_uri(), "capabilities": {}}
        )
        self.notify("initialized", {})
        return dict(result)

    def uri(self, relpath: str) -> str:
        return (self.root / relpath).resolve().as_uri()

    def open(self, relpath: str, text: str | None = None) -> str:
        uri = self.uri(relpath)
        content = (self.root / relpath).read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": content}}
        )
        return uri

    def change(self, uri: str, text: str, version: int = 2) -> None:
        self.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}
        )

    def close(self) -> int:
        """shutdown, exit; the server's exit code."""
        self.request("shutdown", None)
        self.notify("exit", None)
        try:
            return self.process.wait(timeout=10)
        finally:
            for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
                if stream is not None:
                    stream.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
