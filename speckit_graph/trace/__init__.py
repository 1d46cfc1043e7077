"""Tracing: scanning code and test files for spec mentions and reading JUnit results.

Owns turning the files ``[trace]`` names into a :class:`~speckit_graph.core.trace.TraceIndex`:
a bytes-level, linear-time search for id shapes (:mod:`shapes`, :mod:`scan`), JUnit XML read
without DTDs or entities (:mod:`junit`), parallel and cached by content (:mod:`collect`).
Imports ``load``, ``config`` and ``core`` only; the SG5xx rules in ``check`` read its result.
"""
