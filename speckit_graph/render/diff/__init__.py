"""Renderers of the comparison of two revisions: text, JSON, Markdown, Mermaid."""
