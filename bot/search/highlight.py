"""Matched words, found by FTS5's ``highlight()`` on the folded text, mapped back onto the original.

The index holds the text without apostrophes (``bot.search.text.APOSTROPHES``), so ``highlight()``
returns that folded text with markers around each matched word. Because folding only deletes
characters, walking both strings side by side gives each marker's place in the original, which is
what the card shows ("don’t" stays "don’t", in bold).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.search.text import APOSTROPHES

# Private-use characters: never in the article, never produced by the tokenizer.
MARK_START = "\ue000"
MARK_END = "\ue001"


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
    spans: list[tuple[int, int]] = []
    start: int | None = None
    i = 0
    for char in marked:
        if char == MARK_START:
            start = i
            continue
        if char == MARK_END:
            if start is not None and i > start:
                spans.append((start, i))
            start = None
            continue
        while i < len(original) and original[i] != char and original[i] in APOSTROPHES:
            i += 1
        if i >= len(original):
            break
        if original[i] != char:
            return []
        i += 1
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
