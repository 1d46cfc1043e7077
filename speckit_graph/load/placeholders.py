"""Template placeholders (``{{ id }}``, ``{ { id } }``, ``<id>``, ``a|b|c``, ``TODO``) found by hand scans in linear time.

The regular expressions these replace (``\\{\\{.*?\\}\\}`` and ``\\{ *\\{ *[^{}]*\\} *\\}``)
backtracked: a 40 KB title of ``{{{{...`` took 12 s, the 1 MB frontmatter limit hours.
Each function here gives the same answer as the old ``re.search`` / ``re.match`` on every
input, but looks at each character a bounded number of times.
"""

from __future__ import annotations

import re

#: ``<id>``, the whole value: anchored at both ends, so the engine tries it once.
_ANGLE = re.compile(r"^<[^<>]*>$")
_BRACE = re.compile(r"[{}]")


def _double_braces_from(text: str, start: int) -> bool:
    """Whether ``{{`` at or after ``start`` is closed by ``}}`` on its own line (the old ``\\{\\{.*?\\}\\}``)."""
    opening = text.find("{{", start)
    while opening >= 0:
        end_of_line = text.find("\n", opening)
        if end_of_line < 0:
            end_of_line = len(text)
        # The first opening of a line sees the most of it: later ones on that line add nothing.
        if text.find("}}", opening + 2, end_of_line) >= 0:
            return True
        opening = text.find("{{", end_of_line)
    return False


def _spaced_braces(text: str) -> bool:
    """Whether ``{ {`` text without braces ``} }`` occurs (the old ``\\{ *\\{ *[^{}]*\\} *\\}``).

    The four braces are consecutive braces of the text, so one pass over the braces decides it.
    """
    braces = [match.start() for match in _BRACE.finditer(text)]
    for n in range(len(braces) - 3):
        a, b, c, d = braces[n : n + 4]
        if text[a] == "{" and text[b] == "{" and text[c] == "}" and text[d] == "}":
            if _only_spaces(text, a + 1, b) and _only_spaces(text, c + 1, d):
                return True
    return False


def _only_spaces(text: str, start: int, end: int) -> bool:
    return end - start == 0 or text[start:end] == " " * (end - start)


def has_placeholder(text: str) -> bool:
    """Whether ``text`` holds a ``{{ ... }}`` (one line) or ``{ { ... } }`` template placeholder."""
    if "{" not in text:
        return False
    return _double_braces_from(text, 0) or _spaced_braces(text)


def has_placeholder_value(text: str) -> bool:
    """Whether a value is ``<...>`` as a whole or holds ``{{...}}`` on one line (``init``'s survey)."""
    return _ANGLE.search(text) is not None or ("{{" in text and _double_braces_from(text, 0))


def starts_with_placeholder_value(text: str) -> bool:
    """Like :func:`has_placeholder_value`, but a ``{{...}}`` must open the value (``re.match``)."""
    if _ANGLE.match(text) is not None:
        return True
    if not text.startswith("{{"):
        return False
    end_of_line = text.find("\n")
    return text.find("}}", 2, len(text) if end_of_line < 0 else end_of_line) >= 0


#: The forms SG403 knows, in the order they are tried (``[placeholders] forms`` picks among them).
PLACEHOLDER_FORMS = ("braces", "angle", "options", "todo", "variable")
_TODO_WORDS = frozenset({"todo", "tbd"})
_OPTION_EXTRA = frozenset("-_.")
#: ``$SNIP_ID``, ``${DISCUSSION_LINK}``: a shell-style variable a template left for the author to fill in.
_VARIABLE = re.compile(r"^\$(?:[A-Z][A-Z0-9_]*|\{[A-Z][A-Z0-9_]*\})$")


def may_hold_placeholder(source: str) -> bool:
    """Whether YAML source text could hold a value :func:`placeholder_form` accepts, in any form.

    Every form needs a ``{``, ``<``, ``|`` or ``$`` in the value, or is ``TODO``/``TBD`` once casefolded.
    A scalar's value is its source text up to escapes (a ``\\`` in the source) and line folding
    (which only adds blanks), so source without these characters, and without ``todo`` or
    ``tbd`` once casefolded, holds no placeholder: the loader then skips walking its values.
    """
    if "{" in source or "<" in source or "|" in source or "\\" in source or "$" in source:
        return True
    folded = source.casefold()
    return "todo" in folded or "tbd" in folded


def placeholder_form(text: str, forms: tuple[str, ...] = PLACEHOLDER_FORMS) -> str | None:
    """Which template form a frontmatter value still holds, or None; every check is one pass over ``text``.

    - ``braces``: ``{{ name }}`` (one line) or ``{ { name } }`` anywhere in the value;
    - ``angle``: the whole value is ``<...>`` (``<mm/dd/yyyy>``), not an autolink or address;
    - ``options``: the whole value is three or more words joined by ``|`` (``draft|final|living``);
    - ``todo``: the whole value is ``TODO`` or ``TBD``;
    - ``variable``: the whole value is a shell-style variable in capitals (``$SNIP_ID``, ``${LINK}``).
    """
    if "braces" in forms and "{" in text and has_placeholder(text):
        return "braces"
    value = text.strip()
    if not value or "\n" in value:
        return None
    if "angle" in forms and _is_angle_placeholder(value):
        return "angle"
    if "options" in forms and "|" in value and _is_option_list(value):
        return "options"
    if "todo" in forms and value.rstrip(".!:").casefold() in _TODO_WORDS:
        return "todo"
    if "variable" in forms and value.startswith("$") and _VARIABLE.match(value) is not None:
        return "variable"
    return None


def _is_angle_placeholder(value: str) -> bool:
    """``<...>`` as the whole value, except ``<https://...>`` and ``<name@host>`` (Markdown autolinks)."""
    if _ANGLE.match(value) is None:
        return False
    inner = value[1:-1].strip()
    if not inner or "://" in inner:
        return False
    return not ("@" in inner and " " not in inner)


def _is_option_list(value: str) -> bool:
    """Three or more words (letters, digits, ``-_.``) joined by ``|``, as a template lists the allowed values."""
    parts = value.split("|")
    if len(parts) < 3:
        return False
    for part in parts:
        word = part.strip()
        if not word or not word[0].isalpha() or not all(c.isalnum() or c in _OPTION_EXTRA for c in word):
            return False
    return True
