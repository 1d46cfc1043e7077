"""``speckit-graph tree``: plain indented text for pipes and files, a coloured rich Tree for terminals."""

from __future__ import annotations

from rich.markup import escape as rich_escape
from rich.tree import Tree

from speckit_graph.config.model import Vocabulary
from speckit_graph.core.model import Spec
from speckit_graph.graph.tree import SpecTree, TreeNode
from speckit_graph.render.escape import terminal
from speckit_graph.trace.matrix import FileLines, SpecFiles

_MARKS = {"cycle": "↻ cycle, not followed", "repeat": "shown above", "missing": "no such spec"}
#: Colours along the lifecycle, first stage to last; retired and unknown statuses have their own.
_STAGE_COLOURS = ("bright_black", "yellow", "cyan", "green")
_RETIRED, _UNKNOWN = "red", "magenta"


def _label(spec: Spec | None, spec_id: str) -> tuple[str, str, str]:
    """(id, title, status) as printable text."""
    if spec is None:
        return terminal(spec_id), "", ""
    return terminal(spec.id), terminal(spec.title), terminal(spec.status or "no status")


def _notes(node: TreeNode) -> list[str]:
    notes = [_MARKS[node.mark]] if node.mark else []
    if node.hidden:
        notes.append(f"+{node.hidden} below, past --depth")
    return notes


def _plain_line(spec: Spec | None, spec_id: str, notes: list[str]) -> str:
    ident, title, status = _label(spec, spec_id)
    text = ident + (f"  {title}" if title else "") + (f"  [{status}]" if status else "")
    return text + (f"  ({'; '.join(notes)})" if notes else "")


def render_tree_text(tree: SpecTree, files: SpecFiles | None = None) -> str:
    """Indented text with box-drawing guides; no colour, same bytes on every run (``files``: [trace])."""
    lines = [_plain_line(tree.root, tree.root.id, [])]
    single = len(tree.sections) == 1
    blocks: list[tuple[str, list[TreeNode]]] = [
        (section.title if section.nodes else f"{section.title}: none", list(section.nodes)) for section in tree.sections
    ]
    if single and not blocks[0][1]:
        lines.append(f"└── {blocks[0][0]}")
    for item, prefix, last in _ordered(blocks, single):
        if isinstance(item, str):
            lines.append(prefix + ("└── " if last else "├── ") + item)
        else:
            _emit(item, prefix, last, lines)
    if files is not None:
        lines += render_files_text(files)
    return "\n".join(lines) + "\n"


def _ordered(blocks: list[tuple[str, list[TreeNode]]], single: bool) -> list[tuple[str | TreeNode, str, bool]]:
    """Top-level items in display order: section headers, then their top nodes (expanded by _emit)."""
    items: list[tuple[str | TreeNode, str, bool]] = []
    for index, (title, nodes) in enumerate(blocks):
        last = index == len(blocks) - 1
        if single:
            items.extend((node, "", i == len(nodes) - 1) for i, node in enumerate(nodes))
        else:
            items.append((title, "", last))
            child_prefix = "    " if last else "│   "
            items.extend((node, child_prefix, i == len(nodes) - 1) for i, node in enumerate(nodes))
    return items


def _emit(root: TreeNode, prefix: str, last: bool, lines: list[str]) -> None:
    """Write ``root`` and everything below it, iteratively."""
    stack: list[tuple[TreeNode, str, bool]] = [(root, prefix, last)]
    while stack:
        node, node_prefix, node_last = stack.pop()
        lines.append(node_prefix + ("└── " if node_last else "├── ") + _plain_line(node.spec, node.id, _notes(node)))
        child_prefix = node_prefix + ("    " if node_last else "│   ")
        count = len(node.children)
        stack.extend((child, child_prefix, i == count - 1) for i, child in reversed(list(enumerate(node.children))))


def status_style(status: str | None, vocabulary: Vocabulary) -> str:
    """A colour per lifecycle stage, spread over the stages the configuration defines."""
    stage = vocabulary.stage(status)
    if stage is not None:
        top = max(len(vocabulary.lifecycle) - 1, 1)
        return _STAGE_COLOURS[round(stage * (len(_STAGE_COLOURS) - 1) / top)]
    return _RETIRED if status in vocabulary.retired else _UNKNOWN


def _rich_label(spec: Spec | None, spec_id: str, notes: list[str], vocabulary: Vocabulary) -> str:
    ident, title, status = (rich_escape(part) for part in _label(spec, spec_id))
    if spec is None:
        text = f"[red]{ident}[/red]"
    else:
        colour = status_style(spec.status, vocabulary)
        text = f"[bold]{ident}[/bold]" + (f"  {title}" if title else "") + f"  [{colour}]\\[{status}][/{colour}]"
    return text + (f"  [dim]({rich_escape('; '.join(notes))})[/dim]" if notes else "")


def render_tree_rich(tree: SpecTree, vocabulary: Vocabulary) -> Tree:
    """The same tree as a rich Tree, statuses coloured by lifecycle stage (for terminals)."""
    top = Tree(_rich_label(tree.root, tree.root.id, [], vocabulary), guide_style="bright_black")
    single = len(tree.sections) == 1
    work: list[tuple[TreeNode, Tree]] = []
    for section in tree.sections:
        if single:
            parent = top
            if not section.nodes:
                top.add(f"[dim]{rich_escape(section.title)}: none[/dim]")
        else:
            heading = section.title if section.nodes else f"{section.title}: none"
            parent = top.add(f"[bold underline]{rich_escape(heading)}[/bold underline]")
        work.extend((node, parent) for node in section.nodes)
    # breadth of work list is walked iteratively; rich itself renders without recursion limits
    queue = list(reversed(work))
    while queue:
        node, parent = queue.pop()
        branch = parent.add(_rich_label(node.spec, node.id, _notes(node), vocabulary))
        queue.extend((child, branch) for child in reversed(node.children))
    return top


def render_files_text(files: SpecFiles) -> list[str]:
    """``tree`` with ``[trace]``: the code and test files that mention the spec, with their lines."""
    lines = ["", *_file_block("Code that mentions it", files.code)]
    result = f" (last JUnit result: {terminal(files.result)})" if files.result else ""
    lines += _file_block("Tests that mention it", files.tests, result)
    return lines


def _file_block(title: str, files: tuple[FileLines, ...], suffix: str = "") -> list[str]:
    if not files:
        return [f"{title}: none{suffix}"]
    count = f"{len(files):,} file{'s' if len(files) != 1 else ''}"
    return [f"{title}: {count}{suffix}", *(f"  {terminal(f.text())}" for f in files)]
