"""Which comment openers a file's language has, by its extension, for bare ids in comments.

The generic set (``#``, ``//``, ``/*``, ``*``, ``--``, ``;``, ``<!--``) reads a ``;`` or ``--``
inside a Python string as the start of a comment, so an id later on that line counted as a
mention (found by tracing this repository's own tests). Unless ``[trace] comments`` is set,
a file whose extension is known here gets its language's openers; other files the generic set.
"""

from __future__ import annotations

#: Comment openers per family of languages (``*`` counts only at the start of a line).
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("#",),
    ("//", "/*", "*"),
    ("#", "//", "/*", "*"),
    ("--",),
    (";",),
    ("%",),
    ("<!--",),
    ("//", "/*", "*", "<!--"),
)
_EXTENSIONS = (
    ".py .pyi .rb .sh .bash .zsh .r .jl .ex .exs .pl .pm .yaml .yml .toml .cmake .ps1 .nim .tf .cr .coffee",
    ".ts .tsx .js .jsx .mjs .cjs .go .rs .java .kt .kts .scala .c .h .cc .cpp .hpp .cxx .cs .fs .swift .m .mm "
    ".dart .zig .groovy .gradle .proto .css .scss .less",
    ".php",
    ".sql .lua .hs .elm .ada .adb",
    ".lisp .clj .cljs .el .scm .asm .s .ini",
    ".erl .hrl .tex",
    ".html .htm .xml .svg .md",
    ".vue .svelte",
)
#: Extension (with its dot, lower case) -> index into :data:`FAMILIES`.
FAMILY_OF: dict[str, int] = {ext: index for index, names in enumerate(_EXTENSIONS) for ext in names.split()}


def family_of(path: str) -> int | None:
    """The index of ``path``'s language family, None when its extension is not known."""
    dot = path.rfind(".")
    if dot <= path.rfind("/") + 1:  # no dot, or a dot file (".bashrc")
        return None
    return FAMILY_OF.get(path[dot:].lower())
