"""``move`` in the Markdown body: links in prose that point at the moved file follow it.

A body link target (``[text](../stories/a.md#acceptance)``, ``[ref]: /stories/a.md``) names a
file relative to the file it is in, or from the root of PATH when it starts with ``/``. Targets
that name the moved file are rewritten to its new place in the form they were written (``./``
kept when it still fits, anchor and query kept, percent-encoding kept, ``<...>`` kept); in the
moved file itself, relative targets naming a file that exists are recomputed from its new
folder. URLs (``https:``, ``mailto:``), bare anchors and targets outside PATH are left alone, and
so is everything in code (see :mod:`speckit_graph.edit.mdlinks`).
"""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections.abc import Callable

from speckit_graph.core.fixes import TextEdit
from speckit_graph.edit.mdlinks import body_links

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: Characters a bare (not ``<...>``) link target cannot hold as they are.
_NEEDS_QUOTING = re.compile(r"[\s()<>%]")


def mentions(data: bytes, old_rel: str) -> bool:
    """Whether ``data`` can hold a link to ``old_rel`` at all (its file name, plain or percent-encoded)."""
    name = posixpath.basename(old_rel)
    return name.encode("utf-8") in data or urllib.parse.quote(name).encode("utf-8") in data


def body_edits(relpath: str, data: bytes, old_rel: str, new_rel: str, exists: Callable[[str], bool]) -> list[TextEdit]:
    """The edits of ``relpath``'s body (bytes ``data``) once ``old_rel`` moves to ``new_rel``."""
    moved = relpath == old_rel
    folder = posixpath.dirname(relpath)
    new_folder = posixpath.dirname(new_rel) if moved else folder
    edits: list[TextEdit] = []
    for link in body_links(data):
        cut = min((i for i in (link.text.find("#"), link.text.find("?")) if i >= 0), default=len(link.text))
        bare, anchor = link.text[:cut], link.text[cut:]
        if not bare or _SCHEME.match(bare) or "\\" in bare:
            continue
        encoded = "%" in bare
        path = urllib.parse.unquote(bare) if encoded else bare
        rooted = path.startswith("/")
        target = posixpath.normpath(path.lstrip("/") if rooted else posixpath.join(folder, path))
        if target == ".." or target.startswith("../"):
            continue  # outside PATH
        if target == old_rel:
            target = new_rel
        elif not moved or rooted or not exists(target):
            continue  # another file's link to a file that stays, or a target we cannot check
        written = "/" + target if rooted else posixpath.relpath(target, new_folder or ".")
        if bare.startswith("./") and not written.startswith("../") and not rooted:
            written = "./" + written
        if encoded or (not link.angle and _NEEDS_QUOTING.search(written)):
            written = urllib.parse.quote(written, safe="/")
        if written + anchor != link.text:
            edits.append(TextEdit(relpath, link.start, link.end, written + anchor))
    return edits
