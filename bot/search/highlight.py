"""Matched words, found by FTS5's ``highlight()`` on the folded text, mapped back onto the original.

The index holds the text without apostrophes (``bot.search.text.APOSTROPHES``), so ``highlight()``
returns that folded text with markers around each matched word. Because folding only deletes
characters, walking both strings side by side gives each marker's place in the original, which is
what the card shows ("don’t" stays "don’t", in bold).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.search.text import APOSTROPHES

# Private-use characters: never in the article, never produced by the tokenizer.
MARK_START = "\ue000"
MARK_END = "\ue001"
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")
_APOSTROPHE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_REMOVE = str.maketrans("", "", APOSTROPHES)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    matched: bool


def matched_spans(original: str, marked: str | None) -> list[tuple[int, int]]:
    """Character spans of ``original`` that ``marked`` (``highlight()`` output) marks as matched.

    ``marked`` may go on past the end of ``original`` (a person's indexed text adds whom they
    play to their description); no spans, rather than wrong ones, if the two do not line up (the
    item changed between the index and the read)."""
    if not marked:
        return []
    pieces = _MARKS.split(marked)
    folded = "".join(pieces[0::2])
    original_folded = original.translate(_REMOVE)
    if not folded.startswith(original_folded):
        return []
    removed = [m.start() for m in _APOSTROPHE.finditer(original)]

    def in_original(at: int) -> int:
        """The original index of the folded text's character ``at``."""
        for position in removed:
            if position > at:
                break
            at += 1
        return at

    spans: list[tuple[int, int]] = []
    at = 0  # position in the folded text
    start: int | None = None
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            at += len(piece)
        elif piece == MARK_START:
            start = at
        elif start is not None:
            end = min(at, len(original_folded))
            if end > start:
                spans.append((in_original(start), in_original(end - 1) + 1))
            start = None
    return spans


def segments(original: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """``original`` cut into plain and matched pieces, in order."""
    pieces: list[Segment] = []
    at = 0
    for start, end in sorted(spans):
        start = max(start, at)
        if start >= end:
            continue
        if start > at:
            pieces.append(Segment(original[at:start], False))
        pieces.append(Segment(original[start:end], True))
        at = end
    if at < len(original):
        pieces.append(Segment(original[at:], False))
    return pieces
