"""Release views over a graph: readiness reports, impact sets and build order (computation only).

Renderers of these live in ``render.report``. Imports ``check``, ``graph`` and below.
"""
