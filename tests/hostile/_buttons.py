"""Every button class the cogs define, found by walking the base classes (so a new button is covered
by the property tests without being listed anywhere)."""

from __future__ import annotations

import importlib

from bot.client import discover_extensions
from cogs._custom_ids import IdButton


def subclasses(base: type) -> list[type]:
    """Every subclass of ``base`` defined by the extensions in cogs/ (imported first). Loading an
    extension executes its module again (each bot start in the other tests), so a class may exist in
    several copies: one of each, by where it is defined."""
    for extension in discover_extensions():
        importlib.import_module(extension)
    found: dict[tuple[str, str], type] = {}
    stack = list(base.__subclasses__())
    while stack:
        cls = stack.pop()
        found[(cls.__module__, cls.__qualname__)] = cls
        stack += cls.__subclasses__()
    return list(found.values())


def all_buttons() -> list[type[IdButton]]:
    return sorted(subclasses(IdButton), key=lambda c: c.layout.kind)
