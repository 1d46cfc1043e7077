"""Progress on stderr: rich's spinner and bar on a terminal, nothing at all elsewhere."""

from __future__ import annotations

import io
import threading
import time

from speckit_graph.cli.progress import LoadProgress, status


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_status_draws_on_a_terminal_and_erases_itself() -> None:
    stream = _Tty()
    with status("laying out the diagram", stream=stream):
        time.sleep(0.3)
    text = stream.getvalue()
    assert "laying out the diagram" in text
    assert text.rstrip("\r\n").endswith(("\x1b[2K", "\x1b[?25h"))  # cleared line, cursor shown again


def test_status_is_silent_when_not_on_a_terminal() -> None:
    stream = io.StringIO()
    with status("loading", stream=stream):
        time.sleep(0.2)
    assert stream.getvalue() == ""


def test_load_progress_draws_a_bar_for_slow_loads_without_a_thread() -> None:
    stream = _Tty()
    threads = threading.active_count()
    with LoadProgress(enabled=True, show_after=0.0, stream=stream) as progress:
        for done in range(0, 101, 10):
            progress(done, 100)
            assert threading.active_count() == threads
    assert "reading specs" in stream.getvalue()


def test_load_progress_prints_nothing_when_disabled_or_fast() -> None:
    stream = _Tty()
    with LoadProgress(enabled=False, show_after=0.0, stream=stream) as progress:
        progress(50, 100)
    with LoadProgress(enabled=True, stream=stream) as progress:
        progress(100, 100)
    assert stream.getvalue() == ""
