"""Forgiving a small typo: the closest word the index actually holds."""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Iterable, Mapping

from bot.search.stopwords import QUESTION_WORDS, STOP_WORDS
from bot.search.text import words


def allowed_edits(word: str) -> int:
    """Edits (a swap of two neighbours counts as one) forgiven for a word of this length: none for
    short words, which have too many neighbours."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) <= 5 else 2


class Vocabulary:
    """The words of the indexed texts (folded, unstemmed) with how often each occurs."""

    def __init__(self, counts: Mapping[str, int]) -> None:
        self.counts = dict(counts)
        self._words = list(self.counts)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(words(text))
        return cls(counts)

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def correct(self, word: str, *, max_edits: int | None = None) -> str | None:
        """The closest known word within :func:`allowed_edits` (at most ``max_edits``; the
        commonest on a tie), or None when ``word`` is known, too short, or has no close neighbour."""
        limit = allowed_edits(word) if max_edits is None else min(max_edits, allowed_edits(word))
        if word in self.counts or limit == 0 or len(word) > 30:
            return None
        # rapidfuzz is imported on first use: it is 3 MiB of resident memory that most processes never need.
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(word, self._words, scorer=OSA.distance, score_cutoff=limit, limit=10)
        if not found:
            return None
        best = min(found, key=lambda hit: (hit[1], -self.counts[hit[0]], hit[0]))
        return best[0]

    @functools.cached_property
    def _telling(self) -> list[str]:
        """The 40 commonest telling words (sorting the vocabulary once, not at every suggestion:
        at 100,000 quotes it holds 20,000 words)."""
        return [w for w, _ in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])) if _telling(w)][:40]

    def suggestions(self, count: int = 3, *, rng: random.Random | None = None) -> list[str]:
        """A few telling words to try: common in the texts, but not stop or question words."""
        rng = rng or random.Random()
        return rng.sample(self._telling, min(count, len(self._telling)))


def _telling(word: str) -> bool:
    return len(word) >= 5 and word.isalpha() and word not in STOP_WORDS and word not in QUESTION_WORDS
