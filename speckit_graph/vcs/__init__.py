"""Version control: git plumbing, per-spec history and the diff between two revisions.

Owns every git process speckit-graph starts (read-only, no index writes), materialising a
revision, commit times for suspect links, and the graph-to-graph comparison behind ``diff``.
"""
