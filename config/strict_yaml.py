"""YAML as circleup reads its own files (the config, the skills taxonomy): safe, and strict about keys.

YAML keeps the last of two equal keys in a mapping without a word, so a second `citizens:` section
(or a skill's second `synonyms:`) would silently drop the first: a typo must not be ignored.
"""
from __future__ import annotations

from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice in one section (the first would be ignored)",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load(text: str) -> Any:
    """Parse YAML text; raises yaml.YAMLError (a ConstructorError for a repeated key)."""
    return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a SafeLoader subclass
