"""Renderers of a list of findings: text, JSON, SARIF, GitHub annotations, JUnit."""
