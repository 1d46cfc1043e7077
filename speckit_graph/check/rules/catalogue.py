"""The rules of one configuration: the built-in catalogue plus the project's own rules.

Declarative ``[[rules]]`` come from the configuration; plugin rules from the entry point
group ``speckit_graph.rules``, loaded only for the names ``plugins = [...]`` lists (no code
runs because a package happens to be installed). Both get the same selection, suppression,
baselines and SARIF as a built-in rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from speckit_graph.check.rules.registry import CheckFn, Rule, all_rules
from speckit_graph.config.model import Config
from speckit_graph.core.errors import ConfigError, SpeckitGraphError
from speckit_graph.core.findings import Hit

PLUGIN_GROUP = "speckit_graph.rules"
PROJECT_RULES_URL = "https://github.com/speckit-graph/speckit-graph/blob/main/docs/project-rules.md"

_loaded: dict[tuple[str, str], tuple[Rule, ...]] = {}


def catalogue(config: Config) -> tuple[Rule, ...]:
    """Every rule that exists for ``config``, ordered by code; ConfigError for a bad plugin or a code clash."""
    project = project_rules(config)
    if not project:
        return all_rules()
    builtin = all_rules()
    taken = {rule.code for rule in builtin} | {rule.name for rule in builtin}
    errors = []
    for rule in project:
        for value in (rule.code, rule.name):
            if value in taken:
                errors.append(f"rule {rule.code} {rule.name}: {value!r} is already used by another rule")
            taken.add(value)
    if errors:
        raise ConfigError(config.source or "configuration", errors)
    return tuple(sorted((*builtin, *project), key=lambda r: r.code))


def project_rules(config: Config) -> tuple[Rule, ...]:
    """The declarative rules of ``config`` and the rules of the plugins it names."""
    declared: tuple[Rule, ...] = ()
    if config.project.rules:
        from speckit_graph.check.rules.declared import make_check  # the expression evaluator: only for [[rules]]

        declared = tuple(
            Rule(r.code, r.name, r.severity, r.message, make_check(r), url=r.url or f"{PROJECT_RULES_URL}#{r.code.lower()}")
            for r in config.project.rules
        )
    plugins = tuple(rule for name in config.project.plugins for rule in load_plugin(name, config.source))
    return declared + plugins


def load_plugin(name: str, source: str | None) -> tuple[Rule, ...]:
    """The rules the entry point ``name`` of group ``speckit_graph.rules`` provides (loaded once per process)."""
    key = (name, source or "")
    if key in _loaded:
        return _loaded[key]
    where = source or "configuration"
    from importlib import metadata  # only for plugins: importlib.metadata costs start-up for everyone else

    points = [ep for ep in metadata.entry_points(group=PLUGIN_GROUP) if ep.name == name]
    if not points:
        raise ConfigError(where, [f"plugins: no installed package provides {name!r} (entry point group {PLUGIN_GROUP})"])
    try:
        provided = points[0].load()
        if callable(provided) and not isinstance(provided, Rule):
            provided = provided()
        rules = tuple(provided) if isinstance(provided, Iterable) else (provided,)
    except Exception as exc:  # noqa: BLE001 - a broken plugin is a configuration problem, never a traceback
        raise ConfigError(where, [f"plugins: {name!r} failed to load: {type(exc).__name__}: {exc}"]) from None
    bad = [r for r in rules if not isinstance(r, Rule) or r.check is None or r.code.startswith("SG")]
    if bad or not rules:
        raise ConfigError(where, [f"plugins: {name!r} must provide Rule objects with a check function and a code outside SG"])
    _loaded[key] = tuple(_guarded(rule, name) for rule in rules)
    return _loaded[key]


def _guarded(rule: Rule, plugin: str) -> Rule:
    """The rule with a check that turns a plugin's exception into a one-line error (exit 2)."""
    check = rule.check
    assert check is not None

    def guarded(graph, config) -> Iterator[Hit]:  # type: ignore[no-untyped-def]
        try:
            yield from check(graph, config)
        except Exception as exc:  # noqa: BLE001 - plugin code: report it, do not crash
            raise SpeckitGraphError(f"plugin {plugin!r} rule {rule.code} failed: {type(exc).__name__}: {exc}") from None

    fn: CheckFn = guarded
    return Rule(
        rule.code, rule.name, rule.default_severity, rule.summary, fn, rule.enabled_by_default, fix=rule.fix, url=rule.url
    )
