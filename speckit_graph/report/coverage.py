"""How much of a scope is traced into code and tests (``[trace]``): implemented and verified specs.

*Implemented*: a code file mentions the spec. *Verified*: a test file or a JUnit test case
names it and none of the JUnit cases that name it failed or errored. Counted over the live
specs of the scope (retired ones are history), like the report's progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from speckit_graph.core.trace import ERROR, FAILED, TraceIndex


@dataclass(frozen=True)
class Coverage:
    specs: int
    implemented: int
    verified: int
    failing: int  # live specs with a failed or errored JUnit case

    @property
    def implemented_percent(self) -> float | None:
        return 100.0 * self.implemented / self.specs if self.specs else None

    @property
    def verified_percent(self) -> float | None:
        return 100.0 * self.verified / self.specs if self.specs else None


def coverage(live_ids: Iterable[str], index: TraceIndex) -> Coverage:
    specs = implemented = verified = failing = 0
    for spec_id in live_ids:
        specs += 1
        implemented += index.is_implemented(spec_id)
        failed = index.last_result(spec_id) in (FAILED, ERROR)
        failing += failed
        verified += index.is_tested(spec_id) and not failed
    return Coverage(specs, implemented, verified, failing)
