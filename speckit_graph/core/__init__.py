"""The vocabulary every layer shares: specs, links, findings, errors.

Owns the plain frozen dataclasses (``model``), the finding types every output renders
(``findings``) and the error hierarchy (``errors``). Imports nothing from speckit_graph.
"""
