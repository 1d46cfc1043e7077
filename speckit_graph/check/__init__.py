"""Checking: the rule registry, the rules, suppressions, severities and baselines.

Owns turning a graph into a sorted list of findings. Rules are pure functions registered once
with their code; nothing here prints. Imports ``graph`` and below.
"""
