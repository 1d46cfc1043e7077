"""SG0xx: problems found while reading files; the loader reports them, this declares them.

The codes are the loader's constants (:mod:`speckit_graph.load.issues`), so each is written once.
"""

from __future__ import annotations

from speckit_graph.check.rules.registry import loader_rule
from speckit_graph.core.findings import Severity
from speckit_graph.load import issues

loader_rule(
    issues.INVALID_FRONTMATTER, "invalid-frontmatter", Severity.ERROR, "Frontmatter YAML does not parse or is not a mapping."
)
loader_rule(
    issues.UNREADABLE_FILE, "unreadable-file", Severity.ERROR, "A file cannot be read: encoding, permission, size limit, symlink."
)
loader_rule(issues.MISSING_ID, "missing-id", Severity.WARNING, "Frontmatter has spec fields or links but no id.")
loader_rule(issues.TEMPLATE_FILE, "template-file", Severity.INFO, "A template was recognised and left out of the graph.")
loader_rule(
    issues.MULTIPLE_FRONTMATTER, "multiple-frontmatter", Severity.WARNING, "A second frontmatter block further down is ignored."
)
loader_rule(issues.EMPTY_FILE, "empty-file", Severity.INFO, "A Markdown file is empty.")
loader_rule(
    issues.YAML11_DIFFERENCE,
    "yaml-1-1-difference",
    Severity.INFO,
    "A value that YAML 1.1 tools read differently (0054, 1:30, 1_000, on/no); said once per kind per repository.",
)
loader_rule(
    issues.COMMENT_VALUE,
    "comment-value",
    Severity.WARNING,
    "A value starting with '#' after 'key: ' is a YAML comment, so the field is empty.",
)
