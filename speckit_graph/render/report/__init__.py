"""Renderers of readiness reports, build orders and impact: Markdown, HTML, JSON, text."""
