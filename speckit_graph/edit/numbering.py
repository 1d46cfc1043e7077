"""The next free id for a new spec, derived from the ids the repository already has.

Two numbering schemes are recognised from the ids of the specs of the same type:

- a running number: every id is the same prefix and suffix around a number (``FIP-0034``,
  ``REQ-12``); the next id is the largest number plus one, padded like the others (or
  through the configured number template);
- a name and a sequence: the ids share a prefix, then a name, then a number
  (``spec-story-pay-by-card-001``); the next id puts the title's slug in the name and takes
  the first sequence number that is free.

Anything else cannot be derived and is refused with a message saying why (never a guess).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from speckit_graph.config.model import NumberTemplate
from speckit_graph.core.errors import UsageError
from speckit_graph.load.references import canonical_form

#: ``head`` + ``digits`` + ``tail``, the digits being the id's last run of digits.
_LAST_NUMBER = re.compile(r"^(?P<head>.*?)(?P<digits>\d+)(?P<tail>\D*)$", re.DOTALL)
_SEPARATORS = "-_./:"
_SLUG_DROP = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Numbering:
    """How a type's ids are numbered: ``scheme`` is ``running`` or ``named``."""

    scheme: str
    prefix: str
    tail: str
    width: int
    next_number: int = 1


def slug(title: str, limit: int = 48) -> str:
    """``Shopper pays by card`` -> ``shopper-pays-by-card`` (ASCII letters and digits, dashes between words)."""
    words = _SLUG_DROP.sub(" ", title.lower()).split()
    text = ""
    for word in words:
        candidate = f"{text}-{word}" if text else word
        if len(candidate) > limit:
            break
        text = candidate
    return text


def derive_numbering(ids: Sequence[str], spec_type: str, template: NumberTemplate | None = None) -> Numbering:
    """The numbering the ``ids`` of one type follow; UsageError when they follow none we can tell."""
    parts = [m for m in (_LAST_NUMBER.match(i) for i in ids) if m is not None]
    if not ids:
        raise UsageError(f"no spec of type '{spec_type}' to derive the numbering of its ids from; give the id with --id")
    if len(parts) < len(ids):
        plain = next(i for i in ids if _LAST_NUMBER.match(i) is None)
        raise UsageError(f"the ids of type '{spec_type}' are not numbered ('{plain}' holds no number); give the id with --id")
    heads = Counter((m.group("head"), m.group("tail")) for m in parts)
    widths = Counter(len(m.group("digits")) for m in parts if m.group("digits").startswith("0"))
    width = widths.most_common(1)[0][0] if widths else 0
    if template is not None and template.width is not None:
        width = template.width
    (head, tail), count = heads.most_common(1)[0]
    if count >= 2 and count * 2 > len(parts):
        highest = max(int(m.group("digits")) for m in parts if (m.group("head"), m.group("tail")) == (head, tail))
        return Numbering("running", head, tail, width, highest + 1)
    if len(parts) == 1:
        raise UsageError(
            f"only one spec of type '{spec_type}' ({ids[0]}): cannot tell which part of its id is a name "
            "and which a running number; give the id with --id"
        )
    prefix = _majority_prefix([m.group("head") for m in parts])
    tail = Counter(m.group("tail") for m in parts).most_common(1)[0][0]
    names = {m.group("head")[len(prefix) :] for m in parts if m.group("head").startswith(prefix)}
    separator = _name_separator(names)
    if not prefix or separator is None:
        shown = ", ".join(sorted(ids)[:3])
        raise UsageError(
            f"the ids of type '{spec_type}' ({shown}, ...) share no prefix to number a new one under; give the id with --id"
        )
    return Numbering("named", prefix + "\x00" + separator, tail, width or 1)


def _majority_prefix(heads: Sequence[str]) -> str:
    """The longest prefix ending in a separator that more than half of ``heads`` start with and go on after.

    ``spec-api-`` for ``spec-api-refunds-``, ``spec-api-checkout-session-`` and one ``spec-doc-errors-``.
    """
    counts: Counter[str] = Counter()
    for head in heads:
        ends = {n + 1 for n, ch in enumerate(head[:-1]) if ch in _SEPARATORS}
        counts.update(head[:end] for end in ends)
    shared = [prefix for prefix, count in counts.items() if count * 2 > len(heads)]
    return max(shared, key=lambda prefix: (len(prefix), prefix)) if shared else ""


def _name_separator(names: Collection[str]) -> str | None:
    """The separator between the name and the number (``-`` in ``pay-by-card-``); None when names do not end in one."""
    endings = Counter(name[-1:] for name in names)
    ending, count = endings.most_common(1)[0]
    if ending and ending in _SEPARATORS and count == len(names):
        return ending
    return None


def next_id(
    numbering: Numbering,
    taken: Collection[str],
    title: str | None,
    spec_type: str,
) -> str:
    """The first id under ``numbering`` that no spec has; ``taken`` holds the canonical forms of the ids in use.

    Compared without case and zero padding, so the new id never makes an existing reference ambiguous.
    """
    if numbering.scheme == "running":
        number = numbering.next_number
        while True:
            candidate = f"{numbering.prefix}{str(number).rjust(numbering.width, '0')}{numbering.tail}"
            if canonical_form(candidate) not in taken:
                return candidate
            number += 1
    prefix, separator = numbering.prefix.split("\x00")
    name = slug(title or "")
    if not name:
        raise UsageError(
            f"ids of type '{spec_type}' carry a name ({prefix}<name>{separator}{'1'.rjust(numbering.width, '0')}); "
            "give --title (letters or digits) to name the new spec, or the id with --id"
        )
    number = 1
    while True:
        candidate = f"{prefix}{name}{separator}{str(number).rjust(numbering.width, '0')}{numbering.tail}"
        if canonical_form(candidate) not in taken:
            return candidate
        number += 1
