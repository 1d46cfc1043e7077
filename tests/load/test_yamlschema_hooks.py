"""Yaml12Loader's shortcuts hold only while it has no path or wildcard resolvers: both are refused."""

from __future__ import annotations

import re

import pytest
import yaml

from speckit_graph.load.yamlschema import Yaml12Loader


def test_path_resolvers_are_refused() -> None:
    with pytest.raises(TypeError, match="no path resolvers"):
        Yaml12Loader.add_path_resolver("tag:example,2026:x", ["a"], yaml.ScalarNode)
    assert not Yaml12Loader.yaml_path_resolvers


def test_wildcard_implicit_resolvers_are_refused() -> None:
    with pytest.raises(TypeError, match="wildcard"):
        Yaml12Loader.add_implicit_resolver("tag:example,2026:x", re.compile("x"), None)
    assert None not in Yaml12Loader.yaml_implicit_resolvers


def test_tags_match_pyyaml_general_resolution() -> None:
    """The shortcut resolves every scalar, sequence and mapping as PyYAML's own resolve would."""
    general = yaml.resolver.BaseResolver()
    general.yaml_implicit_resolvers = Yaml12Loader.yaml_implicit_resolvers  # type: ignore[misc]
    loader = Yaml12Loader("")
    try:
        for text in ["0054", "12", "1.5", "true", "yes", "~", "", "null", "2024-01-31", "<<", "x", ".inf", "-", "0x1F"]:
            for implicit in ((True, False), (False, True), (False, False)):
                assert loader.resolve(yaml.ScalarNode, text, implicit) == general.resolve(yaml.ScalarNode, text, implicit)
        for kind in (yaml.SequenceNode, yaml.MappingNode):
            assert loader.resolve(kind, None, (True, False)) == general.resolve(kind, None, (True, False))
    finally:
        loader.dispose()
