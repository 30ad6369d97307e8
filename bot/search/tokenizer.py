"""Llama 2's tokenizer, as WordLlama ships it, in plain Python: the same ids as the ``tokenizers``
library gives for the same text, without that library (6 MiB resident) or its parsed tokenizer
(about 9 MiB): /ask's model may add at most 40 MiB to a process (issue 17).

The shipped tokenizer is a byte-pair encoder over SentencePiece pieces: every space becomes "▁", the
text gets one more "▁" in front, each character is a piece (or, when the vocabulary lacks it, its
UTF-8 bytes as ``<0xNN>`` pieces), and adjacent pieces are merged, best-ranked pair first (leftmost
among equals), while a pair's join is in the vocabulary. Its 61,249 merges are exactly every split of
a vocabulary piece into two vocabulary pieces, ranked by the joined piece's id and then the two
parts' ids, with the runs of spaces ("▁▁", ...) after all others. So the rank of a pair follows from
the vocabulary alone, and the merges list (a 61,000-entry table) need not be held: :meth:`check`
verifies that rule against the file's list when it loads.

No piece holds a "▁" after a non-space, so no merge crosses the start of a word: each word is
encoded on its own, and words seen before come from a cache.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path

SPACE = "\u2581"
_WORDS = re.compile(f"[^{SPACE}]+|{SPACE}+[^{SPACE}]*")


class TokenizerMismatch(ValueError):
    """The tokenizer file does not follow the rules this encoder relies on."""


class LlamaTokenizer:
    """Text to token ids (no special tokens), as ``Tokenizer.encode(text, add_special_tokens=False)``."""

    def __init__(self, path: Path) -> None:
        with path.open(encoding="utf-8") as file:
            config = json.load(file)
        model = config.get("model") or {}
        if model.get("type") != "BPE" or not model.get("byte_fallback") or model.get("ignore_merges"):
            raise TokenizerMismatch(f"{path}: not a byte-fallback BPE tokenizer")
        normalizers = (config.get("normalizer") or {}).get("normalizers") or []
        expected = [
            {"type": "Prepend", "prepend": SPACE},
            {"type": "Replace", "pattern": {"String": " "}, "content": SPACE},
        ]
        if normalizers != expected or config.get("pre_tokenizer") is not None:
            raise TokenizerMismatch(f"{path}: normalises text differently from Llama 2's tokenizer")
        self.vocab: dict[str, int] = {sys.intern(piece): int(i) for piece, i in model["vocab"].items()}
        self.check(model["merges"])
        self._bytes = [self.vocab.get(f"<0x{b:02X}>") for b in range(256)]
        self._encode_word = lru_cache(maxsize=8192)(self._bpe)

    def _rank(self, left: str, right: str) -> tuple[int, int, int, int] | None:
        joined = self.vocab.get(left + right)
        if joined is None:
            return None
        spaces = not joined_has_text(left + right)
        return (spaces, joined, self.vocab[left], self.vocab[right])

    def check(self, merges: list) -> None:
        """The file's merges are exactly the ranked splits this encoder derives from the vocabulary."""
        pairs = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in merges]
        derived = []
        for piece in self.vocab:
            for cut in range(1, len(piece)):
                left, right = piece[:cut], piece[cut:]
                if left in self.vocab and right in self.vocab:
                    derived.append((self._rank(left, right), left, right))
        derived.sort()
        if [(left, right) for _, left, right in derived] != pairs:
            raise TokenizerMismatch("the tokenizer's merges do not follow the vocabulary's order")

    def encode(self, text: str) -> list[int]:
        if not text:
            return []
        ids: list[int] = []
        for word in _WORDS.findall(SPACE + text.replace(" ", SPACE)):
            ids.extend(self._encode_word(word))
        return ids

    def _bpe(self, word: str) -> tuple[int, ...]:
        # A symbol is its piece's text, or None for a byte of a character the vocabulary lacks
        # (those never merge), beside its id.
        symbols: list[str | None] = []
        ids: list[int] = []
        for char in word:
            known = self.vocab.get(char)
            if known is not None:
                symbols.append(char)
                ids.append(known)
                continue
            for byte in char.encode("utf-8"):
                symbols.append(None)
                ids.append(self._bytes[byte] if self._bytes[byte] is not None else 0)
        while len(symbols) > 1:
            best = None
            at = -1
            for i in range(len(symbols) - 1):
                left, right = symbols[i], symbols[i + 1]
                if left is None or right is None:
                    continue
                rank = self._rank(left, right)
                if rank is not None and (best is None or rank < best):
                    best, at = rank, i
            if best is None:
                break
            joined = symbols[at] + symbols[at + 1]  # type: ignore[operator]
            symbols[at : at + 2] = [joined]
            ids[at : at + 2] = [best[1]]
        return tuple(ids)


def joined_has_text(piece: str) -> bool:
    return piece.strip(SPACE) != ""
