"""The file problems the loader reports (SG001-SG006), and what reading one file gives.

The loader finds these while reading bytes and YAML, before any graph exists, so it names
their codes itself; ``check.rules.loading`` registers the same constants with their names
and summaries. Every other rule's code is written only where the rule is registered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from speckit_graph.core.findings import Hit
from speckit_graph.core.model import Spec

INVALID_FRONTMATTER = "SG001"
UNREADABLE_FILE = "SG002"
MISSING_ID = "SG003"
TEMPLATE_FILE = "SG004"
MULTIPLE_FRONTMATTER = "SG005"
EMPTY_FILE = "SG006"
YAML11_DIFFERENCE = "SG008"  # values YAML 1.1 reads differently (load/yaml11.py)
COMMENT_VALUE = "SG009"  # a value YAML reads as a comment (load/comment_values.py)


def file_problem(
    code: str,
    message: str,
    path: str,
    line: int | None = None,
    column: int | None = None,
    *,
    spec: str | None = None,
    key: str = "",
) -> Hit:
    """A loader hit: like a rule's, but carrying its code (see the module docstring)."""
    return Hit(message, path=path, line=line, column=column, spec=spec, key=key, code=code)


@dataclass
class FileOutcome:
    """The result of reading one file: a spec, problems, or neither (a plain Markdown page)."""

    spec: Spec | None = None
    issues: list[Hit] = field(default_factory=list)
    template: bool = False
    #: Hits of the rules that judge one spec alone, when the caller asked for them (``load_specs(judge=...)``).
    judged: list[Hit] = field(default_factory=list)

    def report(
        self, code: str, message: str, path: str, line: int | None = None, column: int | None = None, *, key: str = ""
    ) -> None:
        self.issues.append(file_problem(code, message, path, line, column, key=key))

    def report_template(self, path: str, message: str = "template file, left out of the graph") -> None:
        """The file is a template: not a spec, and said so once (SG004)."""
        self.template = True
        self.report(TEMPLATE_FILE, message, path, 1)
