"""The progress bar commands that load a repository show on stderr for slow loads."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

#: Loading shorter than this shows nothing: a bar that flashes by is noise.
SHOW_AFTER = 1.0


class LoadProgress:
    """A progress bar on stderr for slow loads, and nothing at all for fast ones.

    Pass an instance as the ``progress`` callback; it appears once loading has taken
    more than ``SHOW_AFTER`` seconds, and only when ``enabled`` (stderr is a terminal).
    It never starts a thread (``auto_refresh`` is off and it redraws at most ten times a
    second), so worker processes can be forked while it is on screen.
    """

    def __init__(self, enabled: bool, show_after: float = SHOW_AFTER) -> None:
        self.enabled = enabled
        self.show_after = show_after
        self.started = time.monotonic()
        self._bar: Progress | None = None
        self._task: TaskID | None = None
        self._drawn = 0.0

    def __enter__(self) -> LoadProgress:
        self.started = time.monotonic()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if self._bar is None:
            if done >= total or now - self.started < self.show_after:
                return
            self._bar = Progress(
                TextColumn("reading specs"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
                auto_refresh=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("load", total=total)
        assert self._task is not None
        self._bar.update(self._task, completed=done, total=total)
        if done >= total or now - self._drawn >= 0.1:
            self._bar.refresh()
            self._drawn = now
