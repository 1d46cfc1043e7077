"""Output of ``speckit-graph init``: the commented TOML file and the survey table.

Both are deterministic: same repository, same bytes. Every string from the repository goes
through an escaper for its target (TOML strings and comments, terminal/rich markup).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.markup import escape as rich_escape
from rich.table import Table

from speckit_graph.config.presets import PRESET_SUMMARIES
from speckit_graph.core.findings import CheckResult
from speckit_graph.init.propose import LinkChoice, Proposal
from speckit_graph.render.escape import terminal

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_TABLE_ORDER = ("aliases", "ids", "links", "references", "vocabulary", "rules", "limits")
_TABLE_WIDTH = 100


# ---------------------------------------------------------------------------------------
# TOML


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and every control character escaped."""
    out = []
    for char in value:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def comment(text: str) -> str:
    """One comment line; a repository string can never end the comment or start a new line."""
    return "# " + terminal(text) if text else "#"


def render_toml(proposal: Proposal) -> str:
    """The configuration file: a header explaining the survey, then the settings, commented."""
    lines = [
        comment("speckit-graph configuration, proposed by `speckit-graph init` from this repository's frontmatter."),
        comment(
            f"Survey: {proposal.files_scanned} Markdown files, {proposal.files_with_frontmatter} with frontmatter. "
            f"Best-matching preset: {proposal.preset}"
        ),
        comment(f"  ({PRESET_SUMMARIES.get(proposal.preset, proposal.preset)})."),
        comment("Every key not set here comes from the preset; override any of them. See docs/configuration.md."),
    ]
    if proposal.notes:
        lines.append("#")
        lines.append(comment("What init found:"))
        lines.extend(comment(f"  - {note}") for note in proposal.notes)
    lines.extend(_link_comments(proposal.links))
    lines.append("")
    settings = proposal.settings
    for key, value in settings.items():
        if not isinstance(value, Mapping):
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for name in sorted((k for k, v in settings.items() if isinstance(v, Mapping)), key=_table_rank):
        table = settings[name]
        if any(not isinstance(value, Mapping) for value in table.values()) or not table:
            lines.append("")
            lines.append(f"[{toml_key(name)}]")
        nested = []
        for key, value in table.items():
            if isinstance(value, Mapping):
                nested.append((key, value))
            else:
                lines.append(f"{toml_key(key)} = {toml_value(value)}")
        for key, value in nested:
            lines.append("")
            lines.append(f"[{toml_key(name)}.{toml_key(key)}]")
            lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
    lines.extend(_vocabulary_comments(proposal))
    lines.extend(_hierarchy_comments(proposal))
    lines.extend(_suggestions(proposal.links))
    return "\n".join(lines).rstrip("\n") + "\n"


def _table_rank(name: str) -> tuple[int, str]:
    return (_TABLE_ORDER.index(name) if name in _TABLE_ORDER else len(_TABLE_ORDER), name)


def _link_comments(links: list[LinkChoice]) -> list[str]:
    enabled = [link for link in links if link.enabled and link.refs]
    if not enabled:
        return []
    lines = ["#", comment("Link fields, and how many of their references reach a spec in this repository:")]
    for link in enabled:
        origin = "preset" if link.from_preset else "found by init"
        lines.append(comment(f"  - {link.key} -> {link.name}: {link.resolved} of {link.refs} ({origin})"))
    return lines


def _hierarchy_comments(proposal: Proposal) -> list[str]:
    """The observed type hierarchy as a commented [types] block for the user to confirm."""
    observed = proposal.hierarchy
    if not observed.pairs:
        return []
    lines = [
        "",
        comment("Type hierarchy seen in the parent links (which type parents which, how often)."),
        comment("Uncomment to check it (SG601 wrong parent type, SG602 inverted hierarchy); it replaces the"),
        comment("preset's hierarchy. Drop the rare pairs that are mistakes: check will then report them."),
    ]
    for name in observed.types():
        parents = observed.parents_of(name)
        if not parents and not observed.is_root(name):
            continue
        seen = "".join(f", under {parent}: {count}" for parent, count in parents)
        counts = f"{observed.specs[name]} specs, without a parent: {observed.rootless[name]}{seen}"
        lines.append(comment(f"[types.{toml_key(name)}]"))
        proposed = [] if observed.is_root(name) else [parent for parent, _ in parents]
        lines.append(comment(f"parents = {toml_value(proposed)}  # {counts}"))
    return lines


def _vocabulary_comments(proposal: Proposal) -> list[str]:
    if not proposal.unknown_values:
        return []
    lines = ["", comment("Values seen but left out of the vocabulary (check reports them; add them if they are right):")]
    for name, values in proposal.unknown_values.items():
        shown = ", ".join(f"'{value}' ({count})" for value, count in values[:10])
        more = f", and {len(values) - 10} more" if len(values) > 10 else ""
        lines.append(comment(f"  {name}: {shown}{more}"))
    return lines


def _suggestions(links: list[LinkChoice]) -> list[str]:
    suggested = [link for link in links if not link.enabled]
    if not suggested:
        return []
    lines = ["", comment("Suggested link fields, not enabled: too few of their values resolve to a spec.")]
    for link in suggested:
        lines.append(comment(f"[links.{link.name}]  # {link.resolved} of {link.refs} references resolve"))
        lines.append(comment(f"fields = [{toml_string(link.key)}]"))
        lines.append(comment(f"like = {toml_string(link.kind.value)}"))
    return lines


# ---------------------------------------------------------------------------------------
# The survey table and summary


def render_report(
    proposal: Proposal, result: CheckResult, links_resolved: int, markup: bool = False, width: int = _TABLE_WIDTH
) -> str:
    """The key table, what init proposes, and what ``check`` says with the proposal."""
    table = Table(title=None, show_lines=False, pad_edge=False, box=None, header_style="bold" if markup else "")
    for header, justify in (("key", "left"), ("files", "right"), ("value shapes", "left"),
                            ("examples", "left"), ("proposed role", "left")):  # fmt: skip
        table.add_column(header, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for stat in proposal.keys.values():
        shapes = ", ".join(f"{shape} {count}" for shape, count in stat.shapes.most_common(3))
        files = f"{stat.files}" + (f" ({stat.second_only} 2nd block)" if stat.second_only else "")
        examples = " | ".join(stat.examples)
        table.add_row(*(rich_escape(terminal(cell)) for cell in (stat.key, files, shapes, examples, stat.role)))
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=markup, color_system="standard" if markup else None,
        highlight=False, soft_wrap=False, legacy_windows=False,
    )  # fmt: skip
    console.print(
        f"Frontmatter keys in {rich_escape(terminal(proposal.root))}: {proposal.files_with_frontmatter} of "
        f"{proposal.files_scanned} Markdown files have frontmatter.",
        soft_wrap=True,
    )
    console.print(table)
    scores = ", ".join(f"{name} {score}" for name, score in proposal.preset_scores.items())
    console.print(f"\nPreset: {proposal.preset} (scores: {scores})", soft_wrap=True)
    for note in proposal.notes:
        console.print(f"  - {rich_escape(terminal(note))}", soft_wrap=True)
    for link in proposal.links:
        if link.enabled and link.refs:
            console.print(
                f"  - link field {rich_escape(terminal(link.key))} -> {link.name}: "
                f"{link.resolved} of {link.refs} references resolve",
                soft_wrap=True,
            )
    counts = result.counts()
    by_code: dict[str, int] = {}
    for finding in result.findings:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
    codes = ", ".join(f"{code} x{count}" for code, count in sorted(by_code.items()))
    tally = ", ".join(_plural(counts[name], name) for name in ("error", "warning", "info"))
    console.print(
        f"\nWith this configuration: {_plural(result.specs, 'spec')}, {_plural(links_resolved, 'link')} resolved; "
        f"check reports {tally}" + (f" ({codes})." if codes else "."),
        soft_wrap=True,
    )
    return buffer.getvalue()


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"
