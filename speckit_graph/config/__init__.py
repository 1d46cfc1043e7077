"""Configuration: the typed, validated ``Config`` a repository asks for, and the presets.

``model`` holds the frozen dataclasses, ``parse`` turns ``.speckit-graph.toml`` /
``[tool.speckit-graph]`` data into one ``Config`` (every error reported together),
``discover`` finds and reads the file that applies to a path, ``presets`` names the known
repository shapes. Imports only ``core``.
"""
