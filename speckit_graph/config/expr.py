"""The expression language of declarative ``[[rules]]``: tokenizer, parser, type checker.

No ``eval``: a hand-written tokenizer and a recursive-descent parser with a nesting limit,
both linear in the length of the text. The parsed tree is checked against a :class:`Schema`
built from the configuration (known fields, link kinds and vocabularies), so a typo is a
configuration error with its position, never a rule that silently matches nothing.
Evaluation lives in :mod:`speckit_graph.check.rules.declared`.

Grammar (``docs/project-rules.md`` has it with examples)::

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | compare
    compare  := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand
                        | "not"? "in" operand)?
    operand  := literal | list | "(" expr ")" | call | path
    call     := ("any" | "all") "(" KIND "," expr ")" | "count" "(" KIND ("," expr)? ")"
    path     := NAME ("." NAME)*          # hops over parent-like kinds, then a field
    list     := "[" (literal ("," literal)*)? "]"
    literal  := STRING | NUMBER | "true" | "false" | "null"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

#: The longest expression accepted, and the deepest nesting: bounds on hostile configurations.
MAX_LENGTH = 4000
MAX_DEPTH = 32

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null", "any", "all", "count"})
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<number>-?\d{1,15}(?:\.\d{1,15})?)
      | (?P<name>[A-Za-z_][A-Za-z0-9_-]*)
      | (?P<string>'(?:[^'\\\n]|\\.){0,1000}'|"(?:[^"\\\n]|\\.){0,1000}")
      | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,|\.)""",
    re.VERBOSE,
)

ValueType = Literal["str", "num", "bool", "list", "null", "any"]


class ExprError(Exception):
    """A problem in an expression, at ``offset`` (0-based, in the expression text)."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass(frozen=True)
class Token:
    kind: str  # number, name, string, op, end
    text: str
    offset: int


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; one left-to-right scan, each regex anchored at the current offset."""
    if len(text) > MAX_LENGTH:
        raise ExprError(0, f"expression is {len(text):,} characters long (at most {MAX_LENGTH:,})")
    tokens: list[Token] = []
    offset = 0
    while offset < len(text):
        match = _TOKEN.match(text, offset)
        if match is None:
            raise ExprError(offset, f"unexpected character {text[offset]!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append(Token(kind, match.group(), offset))
        offset = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# -- the tree -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    offset: int


@dataclass(frozen=True)
class Literal_(Node):
    value: str | float | bool | None


@dataclass(frozen=True)
class ListLit(Node):
    items: tuple[Literal_, ...]


@dataclass(frozen=True)
class Path(Node):
    """``parent.parent.type``: ``hops`` are parent-like link kinds followed, ``field`` is read at the end."""

    hops: tuple[str, ...]
    field: str


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class BoolOp(Node):
    op: str  # and, or
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Compare(Node):
    op: str  # == != < <= > >= in "not in"
    left: Node
    right: Node


@dataclass(frozen=True)
class Quantifier(Node):
    """``any(kind, body)``, ``all(kind, body)`` or ``count(kind[, body])`` over linked specs."""

    fn: str
    kind: str
    body: Node | None
    kind_offset: int = 0


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def accept(self, text: str) -> bool:
        token = self.current
        if token.kind in ("op", "name") and token.text == text:
            self.index += 1
            return True
        return False

    def expect(self, text: str) -> Token:
        token = self.current
        if token.kind in ("op", "name") and token.text == text:
            self.index += 1
            return token
        raise ExprError(token.offset, f"expected '{text}', got {_shown(token)}")

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(self.current.offset, f"expression nests deeper than {MAX_DEPTH} levels")

    def expr(self) -> Node:
        self.nested()
        start = self.current.offset
        operands = [self.and_expr()]
        while self.accept("or"):
            operands.append(self.and_expr())
        self.depth -= 1
        return operands[0] if len(operands) == 1 else BoolOp(start, "or", tuple(operands))

    def and_expr(self) -> Node:
        start = self.current.offset
        operands = [self.not_expr()]
        while self.accept("and"):
            operands.append(self.not_expr())
        return operands[0] if len(operands) == 1 else BoolOp(start, "and", tuple(operands))

    def not_expr(self) -> Node:
        start = self.current.offset
        count = 0
        while self.current.kind == "name" and self.current.text == "not":
            self.take()
            count += 1
            if count > MAX_DEPTH:
                raise ExprError(start, f"more than {MAX_DEPTH} 'not' in a row")
        node = self.compare()
        for _ in range(count):
            node = Not(start, node)
        return node

    def compare(self) -> Node:
        left = self.operand()
        token = self.current
        if token.kind == "op" and token.text in COMPARISONS:
            self.take()
            return Compare(token.offset, token.text, left, self.operand())
        if token.kind == "name" and token.text == "in":
            self.take()
            return Compare(token.offset, "in", left, self.operand())
        if token.kind == "name" and token.text == "not" and self.tokens[self.index + 1].text == "in":
            self.index += 2
            return Compare(token.offset, "not in", left, self.operand())
        return left

    def operand(self) -> Node:
        token = self.current
        if token.kind == "op" and token.text == "(":
            self.take()
            node = self.expr()
            self.expect(")")
            return node
        if token.kind == "op" and token.text == "[":
            return self.list_literal()
        if token.kind == "name" and token.text in ("any", "all", "count"):
            return self.call()
        if token.kind == "name" and token.text not in KEYWORDS:
            return self.path()
        return self.literal()

    def literal(self) -> Literal_:
        token = self.take()
        if token.kind == "string":
            return Literal_(token.offset, _unescape(token.text))
        if token.kind == "number":
            return Literal_(token.offset, float(token.text))
        if token.kind == "name" and token.text in ("true", "false", "null"):
            return Literal_(token.offset, {"true": True, "false": False, "null": None}[token.text])
        raise ExprError(token.offset, f"expected a value, a field or '(', got {_shown(token)}")

    def list_literal(self) -> ListLit:
        start = self.expect("[").offset
        items: list[Literal_] = []
        if not self.accept("]"):
            items.append(self.literal())
            while self.accept(","):
                items.append(self.literal())
            self.expect("]")
        return ListLit(start, tuple(items))

    def call(self) -> Quantifier:
        name = self.take()
        self.expect("(")
        kind = self.current
        if kind.kind != "name" or kind.text in KEYWORDS:
            raise ExprError(kind.offset, f"expected a link kind, got {_shown(kind)}")
        self.take()
        body: Node | None = None
        if name.text != "count" or self.current.text == ",":
            self.expect(",")
            body = self.expr()
        self.expect(")")
        return Quantifier(name.offset, name.text, kind.text, body, kind.offset)

    def path(self) -> Path:
        start = self.current.offset
        names = [self.take().text]
        while self.accept("."):
            token = self.take()
            if token.kind != "name" or token.text in KEYWORDS:
                raise ExprError(token.offset, f"expected a field or link kind after '.', got {_shown(token)}")
            names.append(token.text)
            if len(names) > MAX_DEPTH:
                raise ExprError(token.offset, f"a path of more than {MAX_DEPTH} hops")
        return Path(start, tuple(names[:-1]), names[-1])


def _shown(token: Token) -> str:
    return "the end" if token.kind == "end" else repr(token.text[:40])


def parse(text: str) -> Node:
    """The tree of ``text``; raises :class:`ExprError` with the offset of the first problem."""
    parser = _Parser(tokenize(text))
    if parser.current.kind == "end":
        raise ExprError(0, "empty expression")
    node = parser.expr()
    if parser.current.kind != "end":
        raise ExprError(parser.current.offset, f"unexpected {_shown(parser.current)} after a complete expression")
    return node


# -- type checking ------------------------------------------------------------------------


@dataclass(frozen=True)
class Schema:
    """What an expression may name: fields with their value types, link kinds, vocabularies.

    ``kinds`` maps each link kind name to True when it leads to at most one spec per
    spec in the hierarchy sense (parent-like: usable as a path hop) and False otherwise.
    """

    fields: Mapping[str, ValueType]
    kinds: Mapping[str, bool]
    vocabularies: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def check(node: Node, schema: Schema) -> list[ExprError]:
    """Every type error in ``node`` (empty when it is sound); the top must be a condition."""
    errors: list[ExprError] = []
    _Checker(schema, errors).condition(node)
    return errors


class _Checker:
    def __init__(self, schema: Schema, errors: list[ExprError]) -> None:
        self.schema = schema
        self.errors = errors

    def fail(self, node: Node, message: str) -> None:
        self.errors.append(ExprError(node.offset, message))

    def condition(self, node: Node) -> None:
        kind = self.type_of(node)
        if kind not in ("bool", "any", "list", "str", "num") and kind != "null":
            self.fail(node, "expected a condition")  # pragma: no cover - every type is truthy-testable

    def type_of(self, node: Node) -> ValueType:  # noqa: PLR0911 - one branch per node type
        if isinstance(node, Literal_):
            if node.value is None:
                return "null"
            return "bool" if isinstance(node.value, bool) else "num" if isinstance(node.value, float) else "str"
        if isinstance(node, ListLit):
            return "list"
        if isinstance(node, Path):
            return self.path(node)
        if isinstance(node, Not):
            self.condition(node.operand)
            return "bool"
        if isinstance(node, BoolOp):
            for operand in node.operands:
                self.condition(operand)
            return "bool"
        if isinstance(node, Compare):
            self.compare(node)
            return "bool"
        if isinstance(node, Quantifier):
            return self.quantifier(node)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def path(self, node: Path) -> ValueType:
        for hop in node.hops:
            if hop not in self.schema.kinds:
                self.fail(node, f"unknown link kind {hop!r}{suggest(hop, self.schema.kinds)}")
                return "any"
            if not self.schema.kinds[hop]:
                self.fail(node, f"'{hop}' links to many specs: use any({hop}, ...), all({hop}, ...) or count({hop})")
                return "any"
        if node.field not in self.schema.fields:
            hint = " (a link kind: use count(...) > 0 to test it)" if node.field in self.schema.kinds else ""
            self.fail(node, f"unknown field {node.field!r}{hint or suggest(node.field, self.schema.fields)}")
            return "any"
        return self.schema.fields[node.field]

    def quantifier(self, node: Quantifier) -> ValueType:
        if node.kind not in self.schema.kinds:
            message = f"unknown link kind {node.kind!r}{suggest(node.kind, self.schema.kinds)}"
            self.errors.append(ExprError(node.kind_offset, message))
        if node.body is not None:
            self.condition(node.body)
        return "num" if node.fn == "count" else "bool"

    def compare(self, node: Compare) -> None:
        left, right = self.type_of(node.left), self.type_of(node.right)
        if node.op in ("in", "not in"):
            if right not in ("list", "any"):
                self.fail(node.right, f"'{node.op}' needs a list on its right, got a {right}")
            if isinstance(node.right, ListLit):
                for item in node.right.items:
                    self.vocabulary(node.left, item)
            return
        if node.op in ("<", "<=", ">", ">="):
            for side, kind in ((node.left, left), (node.right, right)):
                if kind not in ("num", "any"):
                    self.fail(side, f"'{node.op}' compares numbers, got a {kind}")
            return
        if "any" not in (left, right) and "null" not in (left, right) and left != right:
            self.fail(node, f"'{node.op}' compares a {left} with a {right}")
        if isinstance(node.right, Literal_):
            self.vocabulary(node.left, node.right)
        if isinstance(node.left, Literal_):
            self.vocabulary(node.right, node.left)

    def vocabulary(self, subject: Node, value: Literal_) -> None:
        """A literal compared with a vocabulary field must be one of the vocabulary's values."""
        if not isinstance(subject, Path) or not isinstance(value.value, str):
            return
        allowed = self.schema.vocabularies.get(subject.field, ())
        if allowed and value.value not in allowed:
            self.fail(value, f"{value.value!r} is not a {subject.field} of the vocabulary ({', '.join(allowed)})")


def suggest(name: str, known: Mapping[str, object]) -> str:
    """``; did you mean 'x'?`` for a close known name, else the list of known names."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    return f" (known: {', '.join(sorted(known))})"
