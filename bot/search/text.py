"""Text folding shared by the index and the queries: the same words must come out of both.

The index (``0003_search.sql``) removes :data:`APOSTROPHES` before FTS5's ``unicode61
remove_diacritics 2`` tokenizer folds case and accents; queries go through :func:`fold` and
:func:`words`, which do the same in Python, so "dont", "don't" and "don’t" are one word.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import re
import sys
import threading
import types
import unicodedata

# Keep in step with the replace() calls in bot/db/migrations/0003_search.sql (a test checks it).
APOSTROPHES = "'’‘ʼ`´′"
_REMOVE_APOSTROPHES = str.maketrans("", "", APOSTROPHES)

# FTS5's unicode61 keeps letters, digits and private-use characters together; everything else
# (punctuation, symbols, emoji, the underscore) separates words.
_WORD = re.compile(r"[^\W_]+")


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def strip_accents(text: str) -> str:
    if text.isascii():  # nothing to decompose (most text): no look at each character
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks are never ASCII: only the runs of other characters are looked at one by one.
    return _NOT_ASCII.sub(lambda run: "".join(c for c in run[0] if not unicodedata.combining(c)), decomposed)


def fold(text: str) -> str:
    """Lower-case, accent-free, apostrophe-free: how the index sees ``text``."""
    # lower(), not casefold(): FTS5 folds "ß" to itself, casefold() would make it "ss".
    return strip_accents(text.translate(_REMOVE_APOSTROPHES)).lower()


def words(text: str) -> list[str]:
    """The folded words of ``text``, in order (repeats kept)."""
    return _WORD.findall(fold(text))


def fts_phrase(word: str, *, prefix: bool = False) -> str:
    """One word as an FTS5 string: double-quoted, so no operator, column filter or syntax
    character of the user's can reach FTS5. ``words()`` output never holds a quote mark, but
    doubling it keeps this safe for any input."""
    quoted = '"' + word.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """``word`` (folded) reduced to its stem by the Porter algorithm, the one the index's ``porter``
    tokenizer applies, so that "revivals", "ended" and "hosted" meet "revival", "end" and "host"."""
    with _PORTER_LOCK:  # one stemmer object, not safe to share: content checks run in threads
        return _porter().stemWord(word)


_PORTER_LOCK = threading.Lock()


_PRIVATE_SNOWBALL = "bot.search._snowball"


@functools.cache
def _porter():
    """snowballstemmer's Porter stemmer, and only it, loaded on first use. Importing the package loads
    every one of its 35 languages (3.4 MiB of memory, in every process that loads the content); its
    porter_stemmer module needs two sibling modules only, so it is loaded from the package's folder
    under a private package name whose ``__init__`` never runs (the real package is left alone)."""
    spec = importlib.util.find_spec("snowballstemmer")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("snowballstemmer is not installed (make setup)")
    package = types.ModuleType(_PRIVATE_SNOWBALL)
    package.__path__ = list(spec.submodule_search_locations)
    sys.modules.setdefault(_PRIVATE_SNOWBALL, package)
    return importlib.import_module(f"{_PRIVATE_SNOWBALL}.porter_stemmer").PorterStemmer()


def stems(text: str) -> list[str]:
    """The stems of the folded words of ``text``, in order."""
    return [stem(w) for w in words(text)]
