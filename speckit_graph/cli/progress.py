"""A spinner on stderr for steps that may take a while (loading thousands of specs, Graphviz layouts).

On a terminal it animates after a short delay and erases itself; elsewhere (CI logs,
pipes) it stays silent unless a step runs long, and then says so once, on its own line.
"""

from __future__ import annotations

import sys
import threading
import time
from types import TracebackType
from typing import TextIO

_FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class Spinner:
    """``with Spinner() as spin: spin.update("rendering"); ...`` shows what runs and for how long."""

    def __init__(self, stream: TextIO | None = None, delay: float = 0.4, quiet_notice: float = 5.0, enabled: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.delay = delay
        self.quiet_notice = quiet_notice
        self.enabled = enabled
        self._message = ""
        self._started = time.monotonic()
        self._step_started = self._started
        self._noticed = False
        self._drawn = False
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Spinner:
        if self.enabled:
            self._thread = threading.Thread(target=self._run, name="speckit-graph-spinner", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self._clear()

    def update(self, message: str) -> None:
        with self._lock:
            self._message = message
            self._step_started = time.monotonic()
            self._noticed = False

    def _run(self) -> None:
        frame = 0
        while not self._stop.wait(0.1):
            with self._lock:
                now = time.monotonic()
                message, step_age = self._message, now - self._step_started
                if not message:
                    continue
                if self.tty and step_age >= self.delay:
                    self._write(f"\r\x1b[2K{_FRAMES[frame % len(_FRAMES)]} {message} ({step_age:.0f} s)")
                    self._drawn = True
                    frame += 1
                elif not self.tty and step_age >= self.quiet_notice and not self._noticed:
                    self._write(f"speckit-graph: {message} (still running after {step_age:.0f} s)\n")
                    self._noticed = True

    def _clear(self) -> None:
        if self._drawn:
            self._write("\r\x1b[2K")
            self._drawn = False

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # a closed pipe must not kill the real work
            pass
