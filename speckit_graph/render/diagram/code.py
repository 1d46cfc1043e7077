"""``graph --with-code``: the code and test files that mention the drawn specs, as nodes of their own.

Each file that mentions a spec of the view becomes a ``file`` node (role ``code`` or ``test``;
a file both globs match, or that only a test names, is a test) with one edge per spec it
mentions, of kind ``implements`` (code) or ``verifies`` (test). A spec collapsed into a group
passes its files to the group: one edge per file and group, counting each file once. Above ``threshold`` files the files are
collapsed per folder: one node per folder and role with the number of files, and one edge per
folder and spec with the number of files behind it. Linear in the mentions of the drawn specs.
"""

from __future__ import annotations

import posixpath
from dataclasses import replace

from speckit_graph.core.trace import TEST, TRACE_LINK_KINDS, TraceIndex
from speckit_graph.render.diagram.model import DiagramView, ViewEdge, ViewNode, edge_key

#: Above this many files a ``--with-code`` picture shows one node per folder.
DEFAULT_CODE_THRESHOLD = 50


def file_key(path: str, role: str, folder: bool, taken: frozenset[str] = frozenset()) -> str:
    """A view key for a file or folder, ``~`` appended while a spec's key has it (an odd id)."""
    key = f"{'folder' if folder else 'file'}:{role}:{path}"
    while key in taken:
        key += "~"
    return key


def with_code(view: DiagramView, index: TraceIndex, threshold: int = DEFAULT_CODE_THRESHOLD) -> DiagramView:
    """``view`` plus its specs' code and test files (collapsed per folder above ``threshold`` files)."""
    placement = view.placement or {node.spec_id: node.key for node in view.nodes if node.kind == "spec"}
    roles: dict[str, str] = {}  # path -> code or test (test wins)
    links: set[tuple[str, str]] = set()  # (path, key of the spec's node or of its group)
    for spec_id, node_key in placement.items():
        for mention in index.by_id.get(spec_id, ()):
            links.add((mention.path, node_key))
            if roles.get(mention.path) != TEST:
                roles[mention.path] = mention.role
    if not roles:
        return replace(view, notes=(*view.notes, "--with-code: no code or test file mentions the specs drawn"))
    collapse = len(roles) > threshold
    taken = frozenset(node.key for node in view.nodes)
    places: dict[str, tuple[str, str]] = {}  # node key -> (role, path or folder)
    files: dict[str, set[str]] = {}  # node key -> files behind it
    counts: dict[tuple[str, str], int] = {}
    for path, spec_key in sorted(links):
        role = roles[path]
        where = (posixpath.dirname(path) or ".") if collapse else path
        key = file_key(where, role, collapse, taken)
        places[key] = (role, where)
        files.setdefault(key, set()).add(path)
        counts[key, spec_key] = counts.get((key, spec_key), 0) + 1
    nodes = [
        ViewNode(
            key=key, kind="file", spec_id="", title=places[key][1], type=places[key][0], members=len(found) if collapse else 0
        )
        for key, found in sorted(files.items())
    ]
    edges = [ViewEdge(key, spec_key, TRACE_LINK_KINDS[places[key][0]], count=count) for (key, spec_key), count in counts.items()]
    notes = list(view.notes)
    if collapse:
        notes.append(f"--with-code: {len(roles):,} files, more than {threshold:,}: one node per folder")
    return replace(
        view,
        nodes=(*view.nodes, *nodes),
        edges=tuple(sorted((*view.edges, *edges), key=edge_key)),
        notes=tuple(notes),
        _by_key={},
    )


def file_label(node: ViewNode) -> list[str]:
    """The lines of a file node: its role, the path (a folder's ends with ``/``) and a folder's file count."""
    if node.members:
        return [f"{node.type} folder", f"{node.title}/", f"{node.members:,} file{'s' if node.members != 1 else ''}"]
    return [f"{node.type} file", node.title]
