"""Evaluating declarative ``[[rules]]``: the checked expression trees of ``config.project.rules``.

An evaluator walks the tree per spec. Paths follow parent-like links one hop at a time;
``any``/``all``/``count`` visit the linked specs of a kind, and their results are memoized per
(expression node, spec), so each quantifier is computed at most once per spec: a rule costs
O(size of its expressions x (specs + links)) however its quantifiers nest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from speckit_graph.check.rules.neighbours import Neighbours, neighbours
from speckit_graph.check.rules.registry import CheckFn
from speckit_graph.config import expr
from speckit_graph.config.model import Config
from speckit_graph.config.project import DeclaredRule
from speckit_graph.core.findings import Hit
from speckit_graph.graph.specgraph import SpecGraph


class Evaluator:
    """Values of expression nodes for specs of one graph (one evaluator per rule run)."""

    def __init__(self, graph: SpecGraph, config: Config, neighbours: Neighbours) -> None:
        self.graph = graph
        self.fold = config.vocabulary.fold
        self.project = config.project
        self.neighbours = neighbours
        self.memo: dict[tuple[int, str], Any] = {}

    def holds(self, node: expr.Node, spec_id: str) -> bool:
        return truthy(self.value(node, spec_id))

    def value(self, node: expr.Node, spec_id: str) -> Any:  # noqa: PLR0911 - one branch per node type
        if isinstance(node, expr.Literal_):
            return node.value
        if isinstance(node, expr.ListLit):
            return tuple(item.value for item in node.items)
        if isinstance(node, expr.Path):
            return self.path(node, spec_id)
        if isinstance(node, expr.Not):
            return not self.holds(node.operand, spec_id)
        if isinstance(node, expr.BoolOp):
            if node.op == "and":
                return all(self.holds(operand, spec_id) for operand in node.operands)
            return any(self.holds(operand, spec_id) for operand in node.operands)
        if isinstance(node, expr.Compare):
            return self.compare(node, spec_id)
        if isinstance(node, expr.Quantifier):
            key = (id(node), spec_id)
            if key not in self.memo:
                self.memo[key] = self.quantifier(node, spec_id)
            return self.memo[key]
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def path(self, node: expr.Path, spec_id: str) -> Any:
        current: str | None = spec_id
        for hop in node.hops:
            current = self.neighbours.first(current, hop) if current is not None else None
        spec = self.graph.specs_by_id.get(current) if current is not None else None
        if spec is None:
            return None
        if node.field == "id":
            return spec.id
        if node.field == "type":
            return self.project.type_of(spec)
        return normalise(spec.fields.get(node.field))

    def quantifier(self, node: expr.Quantifier, spec_id: str) -> Any:
        targets = [t for t in self.neighbours.targets(spec_id, node.kind) if t in self.graph.specs_by_id]
        body = node.body
        if node.fn == "count":
            return float(len(targets) if body is None else sum(1 for t in targets if self.holds(body, t)))
        assert body is not None  # the parser requires a body for any() and all()
        if node.fn == "any":
            return any(self.holds(body, t) for t in targets)
        return all(self.holds(body, t) for t in targets)

    def compare(self, node: expr.Compare, spec_id: str) -> bool:
        left, right = self.value(node.left, spec_id), self.value(node.right, spec_id)
        if node.op in ("in", "not in"):
            found = contains(right, left, self.fold)
            return found if node.op == "in" else not found
        if node.op == "==":
            return equal(left, right, self.fold)
        if node.op == "!=":
            return not equal(left, right, self.fold)
        if not _number(left) or not _number(right):
            return False  # an absent or non-numeric field is neither less nor more than anything
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[node.op]


def _number(value: Any) -> bool:
    return isinstance(value, float)


def normalise(value: Any) -> Any:
    """A frontmatter value as the language sees it: stripped strings, floats, tuples, ISO dates."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return tuple(normalise(item) for item in value if not isinstance(item, (list, dict)))
    return None  # a mapping: nothing an expression can compare


def truthy(value: Any) -> bool:
    """A condition's truth: absent, empty, false and zero are false."""
    if isinstance(value, str):
        return bool(value.strip())
    return bool(value)


def equal(left: Any, right: Any, fold: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return bool(fold(left) == fold(right))
    return bool(left == right)


def contains(container: Any, item: Any, fold: Any) -> bool:
    """``item in container``; a list item is in when any of its entries is."""
    if not isinstance(container, tuple):
        return False
    items = item if isinstance(item, tuple) else (item,)
    return any(equal(one, other, fold) for one in items for other in container)


def make_check(rule: DeclaredRule) -> CheckFn:
    """The check function of a declarative rule: a finding on each spec where ``when`` holds and ``require`` does not."""

    def check(graph: SpecGraph, config: Config) -> Iterator[Hit]:
        evaluator = Evaluator(graph, config, neighbours(graph))
        for spec in graph.specs():
            if rule.when is not None and not evaluator.holds(rule.when, spec.id):
                continue
            if rule.require is not None and evaluator.holds(rule.require, spec.id):
                continue
            yield Hit(
                f"'{spec.id}': {rule.message}",
                path=spec.path,
                line=spec.location.line,
                column=spec.location.column,
                spec=spec.id,
            )

    return check
