"""Linear-growth checks that a loaded machine does not fail.

A unit test never asserts seconds (benchmarks/ does that); it asserts *growth*: the CPU time
(``time.process_time``, which other processes on the machine barely move) of the best of a few
runs at size n and at k*n. Linear work grows about k times, quadratic work k*k times; the
bound sits at 2.5*k, and a small absolute slack absorbs timer noise on tiny inputs.
"""

from __future__ import annotations

import time
from collections.abc import Callable


def best_cpu_seconds(run: Callable[[], object], repeats: int = 3) -> float:
    """The least CPU time of ``repeats`` runs: the one least disturbed by anything else."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def assert_grows_linearly(
    small: Callable[[], object], large: Callable[[], object], factor: int, slack: float = 0.02, what: str = ""
) -> None:
    """``large`` does ``factor`` times the work of ``small``; fail when it costs quadratically more."""
    small()  # warm imports and interpreter caches
    time_small, time_large = best_cpu_seconds(small), best_cpu_seconds(large)
    bound = 2.5 * factor * time_small + slack
    assert time_large <= bound, (
        f"{what}: {factor}x the input took {time_large:.3f} s against {time_small:.3f} s (bound {bound:.3f} s)"
    )
