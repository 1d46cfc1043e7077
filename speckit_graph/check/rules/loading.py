"""SG0xx: problems found while reading files; the loader reports them, this declares them."""

from __future__ import annotations

from speckit_graph.check.rules.registry import loader_rule
from speckit_graph.core.findings import Severity

loader_rule("SG001", "invalid-frontmatter", Severity.ERROR, "Frontmatter YAML does not parse or is not a mapping.")
loader_rule("SG002", "unreadable-file", Severity.ERROR, "A file cannot be read: encoding, permission, size limit, symlink.")
loader_rule("SG003", "missing-id", Severity.WARNING, "Frontmatter has spec fields or links but no id.")
loader_rule("SG004", "template-file", Severity.INFO, "A template was recognised and left out of the graph.")
loader_rule("SG005", "multiple-frontmatter", Severity.WARNING, "A second frontmatter block further down is ignored.")
loader_rule("SG006", "empty-file", Severity.INFO, "A Markdown file is empty.")
