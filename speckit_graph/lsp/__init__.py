"""The editor protocol: ``speckit-graph lsp``, a language server over stdio (diagnostics, navigation, completion).

It keeps the repository in memory, re-reads only the document being edited (from the
editor's buffer) and never writes to the workspace.
"""
