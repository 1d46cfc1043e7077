"""Plain terminal text for ``impact`` and ``order``; user strings pass :func:`terminal`."""

from __future__ import annotations

from collections.abc import Sequence

from speckit_graph.core.model import LinkKind
from speckit_graph.render.escape import terminal as t
from speckit_graph.render.report.numbers import hours, hours_label, plural
from speckit_graph.report.impact import Impact
from speckit_graph.report.order import BuildOrder, OrderItem

_RELATION = {LinkKind.DEPENDS_ON: "depends on", LinkKind.PARENT: "child of"}


def render_impact_text(result: Impact) -> str:
    """Affected specs grouped by distance, each saying how the change reaches it."""
    lines = [f"Changing {t(result.id)} ({t(result.status or 'no status')}) \u2014 {t(result.title)}"]
    if not result.affected:
        lines.append("affects no other spec: nothing depends on it and it has no children.")
        return "\n".join(lines + _files_text(result)) + "\n"
    dependents, children = result.count(LinkKind.DEPENDS_ON), result.count(LinkKind.PARENT)
    lines.append(
        f"affects {plural(len(result.affected), 'spec')} ({dependents} through dependencies, "
        f"{children} through the hierarchy), up to {plural(result.max_distance, 'link')} away."
    )
    distance = 0
    width = max(len(t(a.id)) for a in result.affected)
    for affected in result.affected:
        if affected.distance != distance:
            distance = affected.distance
            lines += ["", f"Distance {distance}:"]
        lines.append(
            f"  {t(affected.id).ljust(width)}  {_RELATION[affected.via]} {t(affected.through)}"
            f"  [{t(affected.status or 'no status')}] {t(affected.title)}"
        )
    return "\n".join(lines + _files_text(result)) + "\n"


def _files_text(result: Impact) -> list[str]:
    """With ``[trace]``: the code and test files that mention the changed or an affected spec."""
    lines: list[str] = []
    for label, files in (("Code that mentions", result.code), ("Tests that mention", result.tests)):
        if files is None:
            continue
        lines += ["", f"{label} these specs: {plural(len(files), 'file')}"]
        lines += [f"  {t(path)}" for path in files]
    return lines


def _items(items: Sequence[OrderItem], show_needs: bool = True) -> list[str]:
    if not items:
        return []
    width = max(len(t(i.id)) for i in items)
    lines = []
    for item in items:
        facts = ", ".join(x for x in (item.status or "no status", item.priority) if x)
        line = f"  {t(item.id).ljust(width)}  [{t(facts)}, {hours_label(item.estimated)}] {t(item.title)}"
        if show_needs and item.needs:
            line += f"  (needs {', '.join(t(n) for n in item.needs)})"
        lines.append(line)
    return lines


def render_order_text(order: BuildOrder) -> str:
    unfinished = order.scheduled + order.unordered
    lines = [
        f"Build order for {t(order.scope.label)} (target {t(order.target)}): "
        f"{plural(unfinished, 'unfinished spec')} in {plural(len(order.waves), 'wave')}; "
        f"{len(order.done)} already {t(order.target)}, {len(order.retired)} deprecated."
    ]
    for wave in order.waves:
        lines += ["", f"Wave {wave.number} ({plural(len(wave.items), 'spec')}, {hours(wave.estimated)} h estimated):"]
        lines += _items(wave.items, show_needs=wave.number > 1)
    if order.cycles:
        lines += ["", "Dependency cycles (cannot be ordered until broken):"]
        lines += ["  " + " -> ".join(t(s) for s in (*cycle, cycle[0])) for cycle in order.cycles]
        lines += ["", "On those cycles:"]
        lines += _items(order.on_cycles)
    if order.after_cycles:
        lines += ["", "Waiting on a cycle:"]
        lines += _items(order.after_cycles)
    if not unfinished:
        lines += ["", f"Nothing left to do: every live spec in scope is {t(order.target)}."]
    return "\n".join(lines) + "\n"
