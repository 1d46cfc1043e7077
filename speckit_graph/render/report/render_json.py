"""Machine output of ``report``, ``order`` and ``impact``: versioned JSON documents.

The shapes are documented in docs/report.md and pinned by the JSON Schemas shipped in
``speckit_graph/render/report/schemas/`` (``report-v1``, ``order-v1``, ``impact-v1``). A change
that removes or retypes a key bumps ``version``; adding keys does not.
"""

from __future__ import annotations

import json
from typing import Any

from speckit_graph.core.model import LinkKind
from speckit_graph.render.escape import json_values
from speckit_graph.render.report.numbers import json_number
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder, OrderItem
from speckit_graph.report.readiness import ReadinessReport
from speckit_graph.report.scope import Scope

JSON_VERSION = 1


def dumps(document: dict[str, Any]) -> str:
    """Indented JSON, except that each object of a top-level list sits on one line.

    One spec per line stays readable and greppable, and lets the C encoder do the bulk of
    a 100,000-spec document (the indenting encoder is pure Python and ~20x slower).
    """
    parts = []
    for key, value in json_values(document).items():
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            text = f"[\n{items}\n  ]"
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def scope_document(scope: Scope) -> dict[str, Any]:
    by_via: dict[str, int] = {}
    for via in scope.members.values():
        by_via[via.value] = by_via.get(via.value, 0) + 1
    return {
        "label": scope.label,
        "release": scope.release,
        "description": scope.description,
        "roots": list(scope.roots),
        "tags": list(scope.tags),
        "specs": len(scope),
        "by_reason": dict(sorted(by_via.items())),
    }


def report_document(report: ReadinessReport) -> dict[str, Any]:
    progress, effort, path = report.progress, report.effort, report.critical_path
    return {
        "kind": "report",
        "version": JSON_VERSION,
        "root": report.root,
        "date": report.date.isoformat(),
        "target": report.target,
        **({"verified": True} if report.verified else {}),
        "ready": report.ready,
        "verdict": report.verdict,
        "scope": scope_document(report.scope),
        "blockers": [
            {
                "id": blocker.id,
                "title": report.row(blocker.id).title,
                "status": report.row(blocker.id).status,
                "priority": report.row(blocker.id).priority,
                "author": report.row(blocker.id).author,
                "path": report.row(blocker.id).path,
                "waiting": blocker.waiting,
                "blocks": list(blocker.blocks),
                "age_days": blocker.age_days,
                "reasons": [
                    {"kind": r.kind.value, "message": r.message, "related": list(r.related), "code": r.code}
                    for r in blocker.reasons
                ],
            }
            for blocker in report.blockers
        ],
        "progress": {
            "specs": progress.specs,
            "reached": progress.reached,
            "deprecated": progress.deprecated,
            "percent": _percent(progress.percent),
        },
        "effort": {
            "estimated": json_number(effort.estimated),
            "actual": json_number(effort.actual),
            "completed": json_number(effort.completed),
            "remaining": json_number(effort.remaining),
            "percent": _percent(effort.percent),
            "unestimated": effort.unestimated,
            "unestimated_unfinished": effort.unestimated_unfinished,
        },
        "status_counts": dict(report.status_counts),
        "priority_counts": dict(report.priority_counts),
        "critical_path": {
            "ids": list(path.ids),
            "estimated": json_number(path.estimated),
            "remaining": json_number(path.remaining),
            "unestimated": list(path.unestimated),
            "excluded": list(path.excluded),
        },
        "cycles": [list(cycle) for cycle in report.cycles],
        "deprecated": list(report.deprecated),
        "findings": [finding.to_dict() for finding in report.findings],
        "file_errors": len(report.file_errors),
        "specs": [
            {
                "id": row.id,
                "title": row.title,
                "type": row.type,
                "status": row.status,
                "priority": row.priority,
                "author": row.author,
                "path": row.path,
                "in_scope_as": row.via.value,
                "reached": row.reached,
                "deprecated": row.retired,
                "estimated": json_number(row.estimated),
                "actual": json_number(row.actual),
                "remaining": json_number(row.remaining),
                "approvers": list(row.approvers),
                "updated": row.updated.isoformat() if row.updated else None,
            }
            for row in report.specs
        ],
        **_coverage(report),
    }


def _coverage(report: ReadinessReport) -> dict[str, Any]:
    """``coverage`` only when the repository is traced (``[trace]``): outputs without it stay as they were."""
    found = report.coverage
    if found is None:
        return {}
    return {
        "coverage": {
            "specs": found.specs,
            "implemented": found.implemented,
            "verified": found.verified,
            "failing": found.failing,
            "implemented_percent": _percent(found.implemented_percent),
            "verified_percent": _percent(found.verified_percent),
        }
    }


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def render_report_json(report: ReadinessReport) -> str:
    return dumps(report_document(report))


# ---------------------------------------------------------------------------------------


def _item(item: OrderItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "status": item.status,
        "priority": item.priority,
        "estimated": json_number(item.estimated),
        "needs": list(item.needs),
    }


def order_document(order: BuildOrder) -> dict[str, Any]:
    return {
        "kind": "order",
        "version": JSON_VERSION,
        "root": order.root,
        "target": order.target,
        "scope": scope_document(order.scope),
        "waves": [
            {"wave": wave.number, "estimated": json_number(wave.estimated), "specs": [_item(i) for i in wave.items]}
            for wave in order.waves
        ],
        "cycles": [list(cycle) for cycle in order.cycles],
        "on_cycles": [_item(i) for i in order.on_cycles],
        "after_cycles": [_item(i) for i in order.after_cycles],
        "done": list(order.done),
        "deprecated": list(order.retired),
    }


def render_order_json(order: BuildOrder) -> str:
    return dumps(order_document(order))


def impact_document(result: Impact, root: str) -> dict[str, Any]:
    return {
        "kind": "impact",
        "version": JSON_VERSION,
        "root": root,
        "id": result.id,
        "title": result.title,
        "status": result.status,
        "affected": [
            {
                "id": a.id,
                "title": a.title,
                "status": a.status,
                "distance": a.distance,
                "relation": a.via.value,
                "through": a.through,
            }
            for a in result.affected
        ],
        "summary": {
            "affected": len(result.affected),
            "max_distance": result.max_distance,
            "by_relation": {kind.value: result.count(kind) for kind in (LinkKind.DEPENDS_ON, LinkKind.PARENT)},
        },
        # Only with [trace]: documents of untraced repositories stay as they were.
        **({} if result.code is None else {"code": list(result.code)}),
        **({} if result.tests is None else {"tests": list(result.tests)}),
    }


def render_impact_json(result: Impact, root: str) -> str:
    return dumps(impact_document(result, root))


def schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a document ``kind`` (``report``, ``order`` or ``impact``), version 1."""
    from importlib import resources

    text = (
        resources.files("speckit_graph.render.report").joinpath(f"schemas/{kind}-v{JSON_VERSION}.schema.json").read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded
