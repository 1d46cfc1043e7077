"""The traceability matrix (``speckit-graph matrix``) as Markdown, CSV, JSON, HTML and XLSX."""
