"""Machine output of ``diff``: the version-1 JSON document described in docs/changes.md."""

from __future__ import annotations

import json
from typing import Any

from speckit_graph.render.escape import unicode_safe
from speckit_graph.vcs.changes import DIFF_VERSION, GraphDiff, LinkChange, Side, SpecSummary


def _side(side: Side) -> dict[str, Any]:
    return {"rev": side.label, "commit": side.commit, "specs": side.specs}


def _spec(spec: SpecSummary) -> dict[str, Any]:
    return {"id": spec.id, "path": spec.path, "title": spec.title, "status": spec.status, "type": spec.type}


def _link(link: LinkChange) -> dict[str, Any]:
    return {
        "source": link.source,
        "target": link.target,
        "kind": link.kind.value,
        "label": link.label,
        "field": link.field,
        "path": link.path,
        "line": link.line,
    }


def diff_document(diff: GraphDiff, root: str) -> dict[str, Any]:
    """Stable keys and order; ``after.commit`` is null for the working tree."""
    return {
        "version": DIFF_VERSION,
        "root": root,
        "before": _side(diff.before),
        "after": _side(diff.after),
        "summary": diff.counts(),
        "specs": {
            "added": [_spec(s) for s in diff.added],
            "removed": [_spec(s) for s in diff.removed],
            "renamed": [{"id": r.id, "from": r.old_path, "to": r.new_path} for r in diff.renamed],
            "status": [{"id": c.id, "path": c.path, "from": c.before, "to": c.after} for c in diff.status],
            "modified": [
                {"id": m.id, "path": m.path, "fields": list(m.fields), "body": m.body, "substantive": m.substantive}
                for m in diff.modified
            ],
        },
        "links": {
            "added": [_link(link) for link in diff.links_added],
            "removed": [_link(link) for link in diff.links_removed],
        },
        "findings": {
            "introduced": [f.to_dict() for f in diff.introduced],
            "resolved": [f.to_dict() for f in diff.resolved],
        },
    }


def render_diff_json(diff: GraphDiff, root: str) -> str:
    text = json.dumps(diff_document(diff, root), indent=2, ensure_ascii=False, default=str) + "\n"
    return unicode_safe(text)
