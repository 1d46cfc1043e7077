"""What an id looks like in this repository, derived from the ids the specs have.

A mention must look like an id before it counts, so ``spec: see below`` is no mention and
``REQ-0999`` (when specs are numbered ``REQ-0001``...) is a mention of an unknown id. The
shape of an id is its *prefix* (the leading letters with the separator after them, written
literally: ``REQ-``, ``spec-``) plus a *signature* of the rest (letter runs become ``a``/``A``,
digit runs ``9``, separators stay): ``spec-feature-email-001`` is ``("spec-", "a-a-9")``.

The search never runs a user-written regular expression over file text: the candidate
regex is an alternation of escaped literal prefixes followed by one bounded character class,
so it is linear in the file size; ``id-pattern`` (when configured) is only applied with
``fullmatch`` to candidate tokens of at most :data:`MAX_TOKEN` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Longest token taken for an id; longer runs are cut there (and then rarely look like an id).
MAX_TOKEN = 128
#: Beyond this many distinct prefixes the candidate search falls back to a generic token shape.
MAX_PREFIXES = 64
_PREFIX = re.compile(r"[A-Za-z]+[-_./:]?|[0-9]+[-_./:]")
_TOKEN_TAIL = rb"[A-Za-z0-9_.\-]{0,%d}" % MAX_TOKEN
_BEFORE = rb"(?<![A-Za-z0-9_\-])"
#: Fallback candidate: words joined by separators with no quantifier that can overlap another.
_GENERIC = rb"[A-Za-z0-9]{1,64}(?:[-_.][A-Za-z0-9]{1,64}){1,8}"


def signature(rest: str) -> str:
    """Letter runs -> ``a``/``A`` (mixed case: ``Aa``), digit runs -> ``9``, anything else kept as is."""
    out: list[str] = []
    for char in rest:
        if char.isascii() and char.isdigit():
            cls = "9"
        elif char.isascii() and char.isalpha():
            cls = "A" if char.isupper() else "a"
        else:
            out.append(char)
            continue
        last = out[-1] if out else ""
        if last not in _RUNS:
            out.append(cls)
        elif last != cls:
            if "9" in (last, cls):
                out.append(cls)
            else:
                out[-1] = "Aa"
    return "".join(out)


_RUNS = ("a", "A", "Aa", "9")


def split_prefix(spec_id: str) -> tuple[str, str]:
    """``("REQ-", "0001")``; an id that starts with neither letters nor digits has no prefix."""
    match = _PREFIX.match(spec_id)
    if match is None:
        return "", spec_id
    return match.group(0), spec_id[match.end() :]


@dataclass(frozen=True)
class IdShapes:
    """The prefixes and signatures of the known ids (and ``id-pattern``): what counts as an id."""

    prefixes: tuple[str, ...]
    signatures: frozenset[tuple[str, str]]
    id_pattern: str | None = None

    @classmethod
    def of(cls, ids: Iterable[str], id_pattern: str | None = None) -> IdShapes:
        prefixes: set[str] = set()
        signatures: set[tuple[str, str]] = set()
        for spec_id in ids:
            if not spec_id or len(spec_id) > MAX_TOKEN or not spec_id.isascii():
                continue  # such an id can still be named after a marker, literally (see looks_like_id)
            prefix, rest = split_prefix(spec_id)
            if prefix:
                prefixes.add(prefix)
                signatures.add((prefix, signature(rest)))
        return cls(tuple(sorted(prefixes)), frozenset(signatures), id_pattern)

    def key(self) -> str:
        """Everything a scan's output depends on, for the cache fingerprint."""
        return repr((self.prefixes, sorted(self.signatures), self.id_pattern))

    def candidate_regex(self) -> re.Pattern[bytes]:
        """Where ids may start: a known prefix not glued to a word before it."""
        if not self.prefixes:
            return re.compile(rb"(?!)")
        if len(self.prefixes) > MAX_PREFIXES:
            return re.compile(_BEFORE + _GENERIC)
        # Longest first, so REQ-AUTH- is tried before REQ-; literals only.
        alternatives = b"|".join(re.escape(p.encode()) for p in sorted(self.prefixes, key=lambda p: (-len(p), p)))
        return re.compile(_BEFORE + b"(?:" + alternatives + b")" + _TOKEN_TAIL)

    def compiled_pattern(self) -> re.Pattern[str] | None:
        if not self.id_pattern:
            return None
        try:
            return re.compile(self.id_pattern)
        except re.error:
            return None

    def looks_like_id(self, token: str, pattern: re.Pattern[str] | None = None) -> bool:
        """Whether ``token`` has the shape of a known id (or matches ``id-pattern``)."""
        if not token or len(token) > MAX_TOKEN:
            return False
        prefix, rest = split_prefix(token)
        if prefix and (prefix, signature(rest)) in self.signatures:
            return True
        return pattern is not None and pattern.fullmatch(token) is not None


def trim(token: str) -> str:
    """A token without the punctuation that ends sentences and lists (``REQ-1.``, ``REQ-1-``)."""
    return token.rstrip("._-")
