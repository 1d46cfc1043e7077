"""Build the bad-input corpus: every kind of broken or hostile file a repository can hold.

Large files are generated rather than committed. ``build(root)`` writes the corpus and returns,
for each file, the rule codes ``check`` must report for it (an empty set: loads cleanly).
Run ``python -m tests.hostile.corpus DIR`` to write it somewhere and look at it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

GOOD = "---\nid: {id}\ntitle: {title}\ntype: epic\nstatus: draft\n---\nBody\n"


def good(spec_id: str, title: str = "A title") -> str:
    return GOOD.format(id=spec_id, title=title)


def billion_laughs(levels: int = 9) -> str:
    lines = ["---", "id: spec-bomb-001", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines += ["---", ""]
    return "\n".join(lines)


def build(root: Path) -> dict[str, set[str]]:
    """Write the corpus under ``root``; return {relative path: expected codes}.

    ``"A|B"`` means either code: PyYAML 6.0.4 refuses 1,000-level nesting (SG001), older
    releases load it (and the spec then lacks required fields, SG401).
    """
    files: dict[str, tuple[str | bytes, set[str]]] = {
        "truncated.md": ('---\nid: spec-trunc-001\ntitle: "never closed\n---\n', {"SG001"}),
        "no-closing.md": ("---\nid: spec-open-001\ntitle: open\n", {"SG001"}),
        "huge-frontmatter.md": ("---\nid: spec-huge-001\ntitle: " + "x" * (10 * 1024 * 1024) + "\n---\n", {"SG002"}),
        "nested.md": ("---\nid: spec-nested-001\ndeep: " + "[" * 1000 + "]" * 1000 + "\n---\n", {"SG001|SG401"}),
        "nested-map.md": ("---\nid: spec-nested-002\ndeep: " + "{a: " * 1000 + "1" + "}" * 1000 + "\n---\n", {"SG001|SG401"}),
        "billion-laughs.md": (billion_laughs(), {"SG002"}),
        "recursive-alias.md": ("---\nid: spec-rec-001\nloop: &l [*l]\n---\n", {"SG002"}),
        "python-object.md": ("---\nid: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n", {"SG001"}),
        "python-name.md": ("---\nid: spec-py-001\nx: !!python/name:os.system\n---\n", {"SG001", "SG401"}),  # id read
        "merge-keys.md": (
            "---\nbase: &b {type: epic, status: draft}\nid: spec-merge-001\ntitle: Merged\n<<: *b\n---\n",
            set(),
        ),
        "duplicate-keys.md": (
            "---\nid: spec-dup-001\ntitle: A\ntype: epic\nstatus: draft\nstatus: done\n---\n",
            {"SG001", "SG402"},
        ),  # fmt: skip
        "non-string-keys.md": (
            "---\nid: spec-keys-001\ntitle: K\ntype: epic\nstatus: draft\n1: one\nnull: x\n---\n",
            set(),
        ),  # fmt: skip
        "unhashable-key.md": ("---\nid: spec-keys-002\n? [a, b]\n: c\n---\n", {"SG001", "SG401"}),  # id read
        "invalid-date.md": ("---\nid: spec-date-001\ncreatedAt: 2021-26-02\n---\n", {"SG008", "SG401", "SG404"}),
        "numbers-for-strings.md": (
            "---\nid: 12345\ntitle: 42\ntype: 7\nstatus: 3.5\nparent: 9\n---\n",
            {"SG104", "SG402"},
        ),  # fmt: skip
        "nul-bytes.md": (b"---\nid: spec-nul-001\ntitle: a\x00b\n---\n", {"SG002"}),
        "invalid-utf8.md": (b"---\nid: spec-bytes-001\ntitle: \xc3\x28\xff\n---\n", {"SG002"}),
        "utf16-bom.md": (good("spec-utf16-001").encode("utf-16"), set()),
        "utf16-broken.md": (b"\xff\xfe" + good("spec-utf16-002").encode("utf-16-le")[:-1], {"SG002"}),
        "mixed-endings.md": ("---\r\nid: spec-mixed-001\ntitle: Mixed\r\ntype: epic\rstatus: draft\n---\r\n", set()),
        "long-id.md": (good("spec-" + "x" * 50_000), set()),
        "id-with-spaces.md": (good("'spec with spaces 001'"), set()),
        "id-with-quotes.md": (good("'spec \"quoted\" ''single'' 001'"), set()),
        "id-with-slashes.md": (good("'spec/with\\\\slashes/001'"), set()),
        "id-with-emoji.md": (good("spec-🚀-001", "Launch 🚀"), set()),
        "id-with-rtl.md": (good("'spec-\u202eevil\u202c-\u200f001'", "\u202egnp.exe"), set()),
        "id-with-escape.md": (good("'spec-\\e[31mred-001'", "'\\e]8;;http://evil\\e\\\\click\\e]8;;\\e\\\\'"), set()),
        "empty.md": ("", {"SG006"}),
        "only-dashes.md": ("---\n---\n", set()),
        "bom-only.md": (b"\xef\xbb\xbf", {"SG006"}),
        "binary.md": (bytes(range(256)) * 64, set()),
        "list-frontmatter.md": ("---\n- a\n- b\n---\n", {"SG001"}),
        "scalar-frontmatter.md": ("---\njust a string\n---\n", {"SG001"}),
        "many-links.md": (
            "---\nid: spec-links-001\ntitle: L\ntype: epic\nstatus: draft\ndependencies: ["
            + ", ".join(f"d{i}" for i in range(10_001))
            + "]\n---\n",
            {"SG104"},
        ),  # fmt: skip
        "tab-indented.md": ("---\nid: spec-tab-001\n\ttitle: tab\n---\n", {"SG001"}),
    }
    expected: dict[str, set[str]] = {}
    for name, (content, codes) in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        expected[name] = codes

    (root / "dir.md").mkdir(exist_ok=True)  # a directory named like a spec
    (root / "dir.md" / "inside.md").write_text(good("spec-inside-001"), encoding="utf-8")
    expected["dir.md/inside.md"] = set()
    outside = root.parent / f"{root.name}-outside-secret.md"
    outside.write_text(good("spec-secret-001"), encoding="utf-8")
    _symlink(outside, root / "escape.md")
    expected["escape.md"] = {"SG002"}
    _symlink(root / "loop.md", root / "loop.md")
    expected["loop.md"] = {"SG002"}
    _symlink(root / "missing-target.md", root / "dangling-link.md")
    expected["dangling-link.md"] = {"SG002"}
    (root / "sub").mkdir(exist_ok=True)
    _symlink(root, root / "sub" / "up")  # a directory loop: never followed
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads everything; the unit tests cover it
        locked = root / "locked.md"
        locked.write_text(good("spec-locked-001"), encoding="utf-8")
        locked.chmod(0)
        expected["locked.md"] = {"SG002"}
    return expected


def build_empty_files(root: Path, count: int = 100_000) -> None:
    """``count`` empty Markdown files in folders of 1,000 (one ``open`` each: ``touch`` costs three calls)."""
    flags = os.O_CREAT | os.O_WRONLY | os.O_TRUNC
    folder = root
    for index in range(count):
        if index % 1000 == 0:
            folder = root / f"d{index // 1000:03d}"
            folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(folder / f"e{index:06d}.md", flags, 0o644))


def _symlink(target: Path, link: Path) -> None:
    if not link.is_symlink():
        os.symlink(target, link)


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    out.mkdir(parents=True, exist_ok=True)
    for path, codes in sorted(build(out).items()):
        print(f"{path}: {', '.join(sorted(codes)) or 'loads'}")
