"""What a slow command shows on stderr while it works: rich's progress bar and status line.

Both show only on a terminal; in CI logs and pipes they print nothing. Loading a repository
gets a progress bar (:class:`LoadProgress`) that never starts a thread, so worker processes
can be forked while it is on screen; steps without progress of their own (a Graphviz
layout) get rich's spinner (:func:`status`), which runs only while no worker is started.
rich itself is imported only once something is drawn (about 0.03 s of start-up otherwise).
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # rich is imported only when something is drawn: most runs are not on a terminal
    from rich.console import Console
    from rich.progress import Progress, TaskID

#: Loading shorter than this shows nothing: a bar that flashes by is noise.
SHOW_AFTER = 1.0


def on_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (stderr by default) is a terminal a person watches."""
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class LoadProgress:
    """A progress bar on stderr for slow loads, and nothing at all for fast ones.

    Pass an instance as the ``progress`` callback; it appears once loading has taken
    more than ``SHOW_AFTER`` seconds, and only when ``enabled`` (stderr is a terminal).
    It never starts a thread (``auto_refresh`` is off and it redraws at most ten times a
    second), so worker processes can be forked while it is on screen.
    """

    def __init__(self, enabled: bool, show_after: float = SHOW_AFTER, stream: TextIO | None = None) -> None:
        self.enabled = enabled
        self.show_after = show_after
        self.stream = stream
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
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._bar = Progress(
                TextColumn("reading specs"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=_console(self.stream),
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


@contextlib.contextmanager
def status(message: str, *, enabled: bool | None = None, stream: TextIO | None = None) -> Iterator[None]:
    """rich's spinner and ``message`` on a terminal while the block runs; erased afterwards, silent elsewhere."""
    if not (on_terminal(stream) if enabled is None else enabled):
        yield
        return
    with _console(stream).status(message):
        yield


def _console(stream: TextIO | None) -> Console:
    from rich.console import Console

    return Console(file=stream) if stream is not None else Console(stderr=True)
