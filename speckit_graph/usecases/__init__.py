"""Use cases: what the CLI, and any script, calls; each takes a request and returns an outcome.

The only layer that wires loading, checking, version control, reports and renderers together.
"""
