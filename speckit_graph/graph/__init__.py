"""The traceability graph and the algorithms on it.

Owns ``SpecGraph`` (specs, resolved links, unresolved links as data), the graph algorithms
(cycles, waves, longest path, closures), trees around one spec and did-you-mean over ids.
Imports ``load``, ``config`` and ``core``.
"""
