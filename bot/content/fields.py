"""Typed reads of one TOML table, each problem recorded against the entry rather than raised, so that
a load reports every mistake in the file at once."""

from __future__ import annotations

import re
from typing import Any

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 48  # ids travel in custom_ids ("report:quote:<id>", <= 100 chars)


class Entry:
    """One ``[table]`` or ``[[array]]`` entry. ``label`` names it in messages (``[[quotes]] #3``);
    once the id is read it becomes ``[[quotes]] #3 (id "pie")``."""

    def __init__(self, problems: list[str], prefix: str, label: str, table: Any, allowed: tuple[str, ...]) -> None:
        self._problems = problems
        self._prefix = prefix
        self.label = label
        self.failed = False  # any problem recorded against this entry
        self.table: dict[str, Any] = table if isinstance(table, dict) else {}
        if not isinstance(table, dict):
            self.problem("must be a table of key = value lines")
        for key in self.table.keys() - set(allowed):
            self.problem(f"unknown field {key!r} (allowed: {', '.join(allowed)})")

    def problem(self, message: str) -> None:
        self.failed = True
        self._problems.append(f"{self._prefix}: {self.label}: {message}")

    def slug(self, key: str = "id", *, required: bool = True) -> str | None:
        value = self.text(key, required=required, limit=SLUG_MAX)
        if value is not None and not SLUG.match(value):
            self.problem(
                f"{key} {value!r} must be lowercase letters, digits and single hyphens, like 'milo-ventimiglia'"
            )
            return None
        if key == "id" and value is not None:
            self.label += f' (id "{value}")'
        return value

    def text(self, key: str, *, required: bool = True, limit: int = 1000) -> str | None:
        value = self.table.get(key)
        if value is None:
            if required:
                self.problem(f"{key} is missing")
            return None
        if not isinstance(value, str):
            self.problem(f"{key} must be a string in quotes, not {type(value).__name__}")
            return None
        value = value.strip()
        if not value:
            self.problem(f"{key} is empty")
            return None
        if len(value) > limit:
            self.problem(f"{key} is {len(value)} characters long; the limit is {limit}")
            return None
        return value

    def texts(self, key: str, *, limit: int = 200, max_items: int = 25, allow_one: bool = False) -> tuple[str, ...]:
        """A list of strings (absent: empty). ``allow_one``: a single string counts as a list of one."""
        value = self.table.get(key, [])
        if allow_one and isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(f'{key} must be a list of non-empty strings, like ["a", "b"]')
            return ()
        if len(value) > max_items:
            self.problem(f"{key} has {len(value)} items; the limit is {max_items}")
            return ()
        if any(len(v) > limit for v in value):
            self.problem(f"{key}: each item must be at most {limit} characters")
            return ()
        return tuple(v.strip() for v in value)

    def boolean(self, key: str) -> bool | None:
        value = self.table.get(key)
        if not isinstance(value, bool):
            self.problem(f"{key} must be true or false" if key in self.table else f"{key} is missing")
            return None
        return value

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(key, required=required, limit=50)
        if value is not None and value not in options:
            self.problem(f"{key} {value!r} must be one of: {', '.join(options)}")
            return None
        return value

    def positive_int(self, key: str, default: int) -> int | None:
        value = self.table.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            self.problem(f"{key} must be a whole number of 1 or more")
            return None
        return value


def entries(problems: list[str], prefix: str, data: dict[str, Any], name: str) -> list[Any]:
    """The ``[[name]]`` array of tables (absent: empty)."""
    value = data.get(name, [])
    if not isinstance(value, list):
        problems.append(f"{prefix}: {name} must be an array of tables, written [[{name}]]")
        return []
    return value
