"""A value that YAML reads as a comment: ``discussions-to: #arcs in Algorand Discord``.

After ``key:`` and a space, ``#`` starts a comment, so the key's value is empty (null) and
the text the author wrote is gone without a word. The file parses, so nothing else would
tell; each such key gets an SG009 warning at its line, naming the text that was lost.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from speckit_graph.load.issues import COMMENT_VALUE, FileOutcome

#: After the key: the colon, blanks, then the comment that YAML drops (trailing blanks are cut
#: in Python: a lazy ``.*?`` before ``\s*$`` would be quadratic on a long run of blanks).
_COMMENT_AFTER_COLON = re.compile(r"\s*:[ \t]+(#.*)")
_NULL = "tag:yaml.org,2002:null"


def report_comment_values(text: str, node: Any, relpath: str, outcome: FileOutcome) -> None:
    """An SG009 per top-level key whose value is empty only because it starts with ``#``."""
    if not isinstance(node, yaml.MappingNode) or " #" not in text and "\t#" not in text:
        return  # the common case, decided without splitting the text
    lines = text.split("\n")
    for key_node, value_node in node.value:
        if not (isinstance(key_node, yaml.ScalarNode) and isinstance(value_node, yaml.ScalarNode)):
            continue
        if value_node.tag != _NULL or value_node.value != "" or value_node.style:
            continue
        mark = key_node.end_mark
        if mark.line >= len(lines):
            continue
        found = _COMMENT_AFTER_COLON.match(lines[mark.line], mark.column)
        if found is None:
            continue
        comment = found.group(1).rstrip()
        outcome.report(
            COMMENT_VALUE,
            f"{key_node.value} is empty: YAML reads '{comment}' as a comment; quote it "
            f'({key_node.value}: "{comment}") if it is the value',
            relpath,
            mark.line + 2,
            found.start(1) + 1,
            key=str(key_node.value),
        )
