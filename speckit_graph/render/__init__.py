"""Rendering: every output format, and the escaping for each output medium.

Owns turning results (findings, diagrams, diffs, reports, trees, init surveys) into text or
bytes. Renderers compute no analysis and do not import each other across subpackages;
``escape`` is the one place that makes user-controlled strings safe for a medium.
"""
