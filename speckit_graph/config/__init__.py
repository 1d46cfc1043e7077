"""Configuration: the typed, validated ``Config`` a repository asks for, and the presets.

Owns parsing ``.speckit-graph.toml`` / ``[tool.speckit-graph]`` into one frozen object (every
error reported together) and the named presets for known repository shapes. Imports only ``core``.
"""
