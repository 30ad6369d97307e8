"""Reading content files and comparing text the way the content file is held to the article.

Comparison normalises typography only: every quote mark to its straight form, every dash to ``-``,
the ellipsis to ``...`` and every run of white space (non-breaking spaces included) to one space.
Letters, digits and the rest of the punctuation must match exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

_CHAR_MAP = {
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}


class ContentError(Exception):
    """The content does not hold up against the article. ``problems`` lists every one found,
    each naming the file, the entry and what was wrong."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"{count} content error{'s' if count != 1 else ''}:\n" + "\n".join(f"  - {p}" for p in problems)
        )


def display_path(path: Path) -> str:
    """``data/episode.toml`` for files in the project, the path as given otherwise."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def read_utf8(path: Path) -> tuple[bytes, str]:
    """The file's bytes and its text, decoded strictly and otherwise untouched (offsets index into
    this text). Raises :class:`ContentError` for a missing file or bytes that are not UTF-8."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([f"{name}: cannot be read ({exc.strerror or exc})"]) from exc
    try:
        return raw, raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            [f"{name}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8"]
        ) from exc


def normalise(text: str) -> str:
    return NormalisedText(text).text


@dataclass(frozen=True, slots=True)
class NormalisedText:
    """``text`` normalised, with ``origin[i]`` the offset in the original of normalised char ``i``."""

    text: str
    origin: tuple[int, ...]

    def __init__(self, original: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        in_space = False
        for offset, char in enumerate(original):
            if char.isspace():
                if not in_space and chars:  # collapse runs; leading space dropped
                    chars.append(" ")
                    origin.append(offset)
                in_space = True
                continue
            in_space = False
            for out in _CHAR_MAP.get(char, char):
                chars.append(out)
                origin.append(offset)
        if chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        object.__setattr__(self, "text", "".join(chars))
        object.__setattr__(self, "origin", tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised slice ``[start, end)`` (``end > start``)."""
        return self.origin[start], self.origin[end - 1] + 1

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Original spans of every occurrence of ``needle`` (normalised first), left to right."""
        wanted = normalise(needle)
        if not wanted:
            return []
        return [self.span(m.start(), m.start() + len(wanted)) for m in re.finditer(re.escape(wanted), self.text)]


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def preview(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
