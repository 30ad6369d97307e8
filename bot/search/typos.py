"""Forgiving a small typo: the closest word the index actually holds."""

from __future__ import annotations

import functools
import random
from collections import Counter
from collections.abc import Iterable, Mapping

from bot.search.stopwords import QUESTION_WORDS, STOP_WORDS
from bot.search.text import fold, words


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


# ---------------------------------------------------------------------------------- English words
class EnglishWords:
    """Whether a word is an English word, and how common: pyspellchecker's English list (160,000
    words with their counts, shipped in its wheel), read once without importing the package.

    Held compactly: the words' hashes, sorted, beside their counts (numpy arrays of 2.5 MiB, where
    a set of the words would take 12), searched by bisection. Built on first use, by /ask only,
    which has numpy loaded for its model anyway."""

    def __init__(self, counts: Iterable[tuple[str, int]]) -> None:
        from array import array

        import numpy as np

        hashes, found = array("q"), array("q")  # C arrays: no Python object kept per word
        for word, count in counts:
            hashes.append(hash(word))
            found.append(count)
        order = np.argsort(np.frombuffer(hashes, dtype=np.int64), kind="stable")
        self._hashes = np.frombuffer(hashes, dtype=np.int64)[order]
        self._counts = np.frombuffer(found, dtype=np.int64)[order]

    @classmethod
    def shipped(cls) -> EnglishWords:
        import gzip
        import importlib.util
        import re
        from pathlib import Path

        spec = importlib.util.find_spec("spellchecker")
        if spec is None or not spec.submodule_search_locations:
            return cls(())
        path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "en.json.gz"
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        # {"word": count, ...} read as text: the 160,000-entry dict is never built. Words with
        # apostrophes or accents are folded as the index folds them ("didn't": "didnt").
        entry = re.compile(r'"([^"\\]+)":\s*(\d+)')
        return cls(
            (word if word.isascii() and word.isalpha() else fold(word), int(count))
            for word, count in (m.groups() for m in entry.finditer(text))
        )

    def count(self, word: str) -> int:
        """How often the list saw ``word`` (0: not an English word it knows)."""
        key = hash(word)
        at = int(self._hashes.searchsorted(key))
        return int(self._counts[at]) if at < len(self._hashes) and self._hashes[at] == key else 0

    def __contains__(self, word: str) -> bool:
        return self.count(word) > 0


@functools.cache
def english_words() -> EnglishWords:
    return EnglishWords.shipped()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


EDIT_KINDS = ("swap", "undouble", "insert", "change", "delete")  # by how often typists make them, roughly


def edits1(word: str, kind: str | None = None) -> set[str]:
    """Every string one edit from ``word`` (of one ``kind`` of edit, or all): two neighbours swapped,
    a doubled letter made single, a letter inserted (one the typist left out), changed, or deleted
    (one too many)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found: set[str] = set()
    if kind in (None, "undouble"):  # a letter typed twice ("comming")
        found.update(a + b[1:] for a, b in splits if len(b) > 1 and b[0] == b[1])
    if kind in (None, "swap"):
        found.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    if kind in (None, "insert"):
        found.update(a + c + b for a, b in splits for c in _LETTERS)
    if kind in (None, "change"):
        found.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS)
    if kind in (None, "delete"):
        found.update(a + b[1:] for a, b in splits if b)
    found.discard(word)
    return found
