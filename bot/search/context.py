"""The article's sentences around an item, for the "Context" button."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? or … (plus any closing quote marks or brackets) followed by white space,
# or at a line break; not before a lower-case word ("...more of them?” he said.").
# Quotes that end in a comma ("...relationship,” he said.") run on to the
# narration, which is what a reader wants to see with them.
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+(?![a-z]))|\n+")


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Sentences of the article; ``focus`` is the item's span within ``text``."""

    text: str
    focus: tuple[int, int]
    cut_before: bool  # the article goes on before ``text``
    cut_after: bool


def sentence_spans(article: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, white space trimmed, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(article):
        end = match.end() if match.group().strip() else match.start()
        _add_trimmed(article, start, end, spans)
        start = match.end()
    _add_trimmed(article, start, len(article), spans)
    return spans


def _add_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def surrounding(
    article: str, start: int, end: int, *, before: int = 1, after: int = 1, max_chars: int = 1800
) -> Excerpt:
    """The sentences holding ``article[start:end]``, with ``before`` and ``after`` more on each side
    (fewer if that would pass ``max_chars``). Offsets outside the article are clamped."""
    start = max(0, min(start, len(article)))
    end = max(start, min(end, len(article)))
    spans = sentence_spans(article)
    if not spans:
        return Excerpt("", (0, 0), False, False)
    first = next((i for i, (s, e) in enumerate(spans) if e > start), len(spans) - 1)
    last = next((i for i in range(len(spans) - 1, -1, -1) if spans[i][0] < end), first)
    last = max(first, last)
    for _ in range(before):
        if first > 0 and spans[last][1] - spans[first - 1][0] <= max_chars:
            first -= 1
    for _ in range(after):
        if last + 1 < len(spans) and spans[last + 1][1] - spans[first][0] <= max_chars:
            last += 1
    text_start, text_end = spans[first][0], spans[last][1]
    text_start = min(text_start, start)
    text_end = max(text_end, end)
    focus = (start - text_start, end - text_start)
    return Excerpt(article[text_start:text_end], focus, text_start > 0, text_end < len(article.rstrip()))
