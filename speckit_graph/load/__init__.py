"""Loading: from a folder of Markdown files to specs with located links.

Owns the walk, the frontmatter split, the YAML construction, reference normalisation, the
parallel reader and the per-file cache. Imports ``config`` and ``core`` only; knows no rules.
"""
