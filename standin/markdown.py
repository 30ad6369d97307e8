"""Discord's markdown as a terminal shows it: what the demo (``standin/console.py``) prints instead of
the raw ``**bold**`` and ``||spoiler||`` the bot sends.

Discord's client parses a message's content, an embed's title, description and field values this way
(footers, author names and button labels are shown as typed). On a terminal, :class:`Style` ``ansi``
turns bold, italics, underline and strikethrough into escape codes; without it (a pipe, a file,
``NO_COLOR``) the markers are dropped and struck words get a combining stroke, so the text still
reads. Spoilers stay hidden, as in Discord, until asked for (``reveal_spoilers``).

The rules follow Discord's parser where it matters for what a bot sends: the earliest match wins,
``**`` before ``*``, a backslash escapes the punctuation after it, a quote (``> ``), a header
(``# ``), small print (``-# ``) and a list item (``- ``) start a line, and fenced code is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BOLD, DIM, ITALIC, UNDERLINE, STRIKE = "\x1b[1m", "\x1b[2m", "\x1b[3m", "\x1b[4m", "\x1b[9m"
# Each style is switched off by its own code, so a span inside another keeps the outer one.
BOLD_OFF, ITALIC_OFF, UNDERLINE_OFF, STRIKE_OFF = "\x1b[22m", "\x1b[23m", "\x1b[24m", "\x1b[29m"
CODE, CODE_OFF = "\x1b[36m", "\x1b[39m"
SPOILER_SHOWN, SPOILER_SHOWN_OFF = "\x1b[100m", "\x1b[49m"
HIDDEN = "▒"  # one per character of a hidden spoiler, as Discord's grey bar has the text's width
QUOTE_BAR = "▎ "
BULLET = "• "
STROKE = "\u0336"  # combining long stroke overlay: strikethrough without escape codes

_INLINE = (
    ("escape", re.compile(r"\\([^0-9A-Za-z\s])")),
    ("code", re.compile(r"(`+)(.+?)\1", re.DOTALL)),
    ("link", re.compile(r"\[([^\[\]\n]+)\]\(<?(https?://[^\s()<>]+)>?\)")),
    ("url", re.compile(r"<(https?://[^\s<>]+)>")),
    ("bold", re.compile(r"\*\*(.+?)\*\*(?!\*)", re.DOTALL)),
    ("underline", re.compile(r"__(.+?)__(?!_)", re.DOTALL)),
    ("strike", re.compile(r"~~(.+?)~~", re.DOTALL)),
    ("spoiler", re.compile(r"\|\|(.+?)\|\|", re.DOTALL)),
    ("italic", re.compile(r"\*(?=\S)(.+?)(?<=\S)\*(?!\*)", re.DOTALL)),
    ("italic", re.compile(r"(?<![0-9A-Za-z])_(?=\S)(.+?)(?<=\S)_(?![0-9A-Za-z])", re.DOTALL)),
)
_FENCE = re.compile(r"```")
_HEADER = re.compile(r"(#{1,3}) (\S.*)")
_SUBTEXT = re.compile(r"-# (\S.*)")
_LIST_ITEM = re.compile(r"(\s*)[-*] (\S.*)")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Style:
    ansi: bool = False  # escape codes for a terminal; plain text otherwise
    reveal_spoilers: bool = False

    def wrap(self, text: str, on: str, off: str) -> str:
        return f"{on}{text}{off}" if self.ansi and text else text


def visible_length(text: str) -> int:
    """The width of rendered text: escape codes and combining strokes take no room."""
    return len(_ANSI.sub("", text).replace(STROKE, ""))


def render(text: str, style: Style) -> str:
    """``text`` as Discord's client shows it, line by line."""
    out: list[str] = []
    quoting_rest = False
    for block, fenced in _blocks(text):
        if fenced:
            out += [style.wrap(line, CODE, CODE_OFF) for line in block.strip("\n").split("\n")]
            continue
        for line in block.split("\n"):
            out.append(_line(line, style, quoting_rest))
            quoting_rest = quoting_rest or line.startswith(">>> ")
    return "\n".join(out)


def _blocks(text: str) -> list[tuple[str, bool]]:
    """The text cut at its ``` fences: (piece, inside a fence). An unclosed fence is plain text."""
    pieces = _FENCE.split(text)
    if len(pieces) % 2 == 0:  # an odd number of fences: the last one opens nothing
        pieces[-2:] = ["```".join(pieces[-2:])]
    blocks = []
    for index, piece in enumerate(pieces):
        fenced = index % 2 == 1
        if fenced:
            first, newline, rest = piece.partition("\n")
            piece = rest if newline and first.strip().isalnum() else piece  # ```py: a language, not code
        else:  # the line breaks next to a fence belong to the fence
            piece = piece.removeprefix("\n") if index > 0 else piece
            piece = piece.removesuffix("\n") if index < len(pieces) - 1 else piece
            if not piece and len(pieces) > 1:
                continue
        blocks.append((piece, fenced))
    return blocks


def _line(line: str, style: Style, quoted: bool) -> str:
    prefix = ""
    if quoted:
        prefix = style.wrap(QUOTE_BAR, DIM, BOLD_OFF)
    elif line.startswith("> ") or line == ">":
        prefix, line = style.wrap(QUOTE_BAR, DIM, BOLD_OFF), line[2:]
    elif line.startswith(">>> "):
        prefix, line = style.wrap(QUOTE_BAR, DIM, BOLD_OFF), line[4:]
    if header := _HEADER.fullmatch(line):
        body = inline(header.group(2), style)
        return prefix + (
            style.wrap(body, BOLD + UNDERLINE, UNDERLINE_OFF + BOLD_OFF)
            if header.group(1) == "#"
            else style.wrap(body, BOLD, BOLD_OFF)
        )
    if subtext := _SUBTEXT.fullmatch(line):
        return prefix + style.wrap(inline(subtext.group(1), style), DIM, BOLD_OFF)
    if item := _LIST_ITEM.fullmatch(line):
        return prefix + item.group(1) + BULLET + inline(item.group(2), style)
    return prefix + inline(line, style)


def inline(text: str, style: Style) -> str:
    """Bold, italics, underline, strikethrough, spoilers, code, links and escapes within a line."""
    out: list[str] = []
    position = 0
    while position < len(text):
        found = _earliest(text, position)
        if found is None:
            out.append(text[position:])
            break
        kind, match = found
        out.append(text[position : match.start()])
        out.append(_span(kind, match, style))
        position = match.end()
    return "".join(out)


def _earliest(text: str, position: int) -> tuple[str, re.Match] | None:
    best: tuple[str, re.Match] | None = None
    for kind, pattern in _INLINE:
        match = pattern.search(text, position)
        if match is not None and (best is None or match.start() < best[1].start()):
            best = (kind, match)
    return best


def _span(kind: str, match: re.Match, style: Style) -> str:
    if kind == "escape":
        return match.group(1)
    if kind == "code":
        return style.wrap(match.group(2), CODE, CODE_OFF)
    if kind == "link":
        return f"{style.wrap(inline(match.group(1), style), UNDERLINE, UNDERLINE_OFF)} ({match.group(2)})"
    if kind == "url":
        return style.wrap(match.group(1), UNDERLINE, UNDERLINE_OFF)
    inner = inline(match.group(1), style)
    if kind == "bold":
        return style.wrap(inner, BOLD, BOLD_OFF)
    if kind == "underline":
        return style.wrap(inner, UNDERLINE, UNDERLINE_OFF)
    if kind == "italic":
        return style.wrap(inner, ITALIC, ITALIC_OFF)
    if kind == "strike":
        return style.wrap(inner, STRIKE, STRIKE_OFF) if style.ansi else _struck(inner)
    # a spoiler
    if style.reveal_spoilers:
        return style.wrap(inner, SPOILER_SHOWN, SPOILER_SHOWN_OFF)
    return style.wrap(HIDDEN * max(1, visible_length(inner)), DIM, BOLD_OFF)


def _struck(text: str) -> str:
    return "".join(c + STROKE if not c.isspace() else c for c in text)
