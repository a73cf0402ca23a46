"""A YAML loader for user files that cannot surprise or stall the planner.

- YAML 1.1 reads `NO`, `on`, `y` as booleans: Norway's code would become False. Only true/false
  (any case) are booleans here; the rest stay strings.
- YAML 1.1 reads 0700000 as octal and 190:20:30 in base 60: only plain decimal integers are numbers here.
- A repeated key silently wins in PyYAML; here it is an error with its line.
- Aliases are bounded (count, expanded size, no recursion) and nesting is bounded, checked on the
  flat event stream before anything is built, so a "billion laughs" file fails in milliseconds.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it

MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000  # nodes that alias uses may add in all
MAX_DEPTH = 64

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"


class YamlLimit(yaml.YAMLError):
    """A document the loader refuses (duplicate key, alias or nesting limits): one line, with a line number."""

    def __init__(self, problem: str, line: int | None = None):
        super().__init__(problem)
        self.problem = problem
        self.line = line


class StrictLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader with 1.2-style booleans and duplicate keys refused."""

    # class-level copy: yaml's own loaders (and other users of them) keep their resolvers
    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _INT)]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set = set()
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                fresh = key not in seen
            except TypeError:  # an unhashable key: the base class reports it
                continue
            if not fresh:
                raise YamlLimit(f"duplicate key {key!r}"[:80], key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


StrictLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"), list("tTfF"))
# integers in decimal only: YAML 1.1 reads 0700000 as octal (229,376) and 190:20:30 as base 60; here such
# values stay text, and a field that wants a number says so. Digits are bounded (Python refuses > 4,300).
StrictLoader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9_]{0,30})$"), list("-+0123456789"))


def _check_events(text: str) -> None:
    """Walk the event stream once: count alias uses, the nodes they would add, and the depth."""
    loader = StrictLoader(text)
    open_nodes: list[list] = []  # [anchor, expanded size] per open collection
    sizes: dict[str, int] = {}
    aliases = added = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.CollectionStartEvent):
                open_nodes.append([event.anchor, 1])
                if len(open_nodes) > MAX_DEPTH:
                    raise YamlLimit(f"nesting deeper than {MAX_DEPTH} levels", line)
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, size = open_nodes.pop()
                if anchor is not None:
                    sizes[anchor] = size
            elif isinstance(event, yaml.ScalarEvent):
                size = 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise YamlLimit(f"more than {MAX_ALIASES} alias uses (*name)", line)
                if any(anchor == event.anchor for anchor, _ in open_nodes):
                    raise YamlLimit(f"a recursive alias *{event.anchor}"[:80], line)
                size = sizes.get(event.anchor, 1)  # an undefined alias: the composer reports it
                added += size
                if added > MAX_ALIAS_NODES:
                    raise YamlLimit(f"aliases that expand to more than {MAX_ALIAS_NODES:,} nodes", line)
            else:
                continue
            if open_nodes:
                open_nodes[-1][1] += size
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """Parse one YAML document with the limits above; raises yaml.YAMLError (YamlLimit included)."""
    _check_events(text)
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
