"""Chat language to plain words, before /ask reads a question.

Fans type "wat did milo say abt jess n rory tbh", "sooo is he coming back", "ayitl". Three steps,
on folded words (see :func:`bot.search.text.words`: case, accents and apostrophes are already gone,
so "didnt" is "didn't"):

1. stretched letters: a run of three or more of one letter becomes two or one, whichever makes a
   known word ("sooo": "so", "coool": "cool");
2. chat abbreviations and slang (:data:`CHAT`): "u" is "you", "abt" "about", "pod" "podcast";
   pure interjections ("lol", "tbh", "ngl") are dropped, since they say nothing about the subject;
3. the fandom's own names (the content file's ``[[fan_words]]``, held to the article by the
   loader): "ayitl" and "the revival" are A Year in the Life, "luke's nephew" is Jess.

Plain Python; the words known (for step 1) are passed in.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.search.text import words

# Chat forms -> plain words ("" drops the word). Folded, as `words()` returns them.
CHAT: dict[str, str] = {
    # pronouns and small words
    "u": "you", "ya": "you", "yu": "you", "ur": "your", "urs": "yours", "yall": "you all", "r": "are",
    "n": "and", "w": "with", "wo": "without", "b4": "before", "abt": "about", "bout": "about", "abt.": "about",
    "thru": "through", "tho": "though", "altho": "although", "bc": "because", "bcuz": "because",
    "cuz": "because", "cos": "because", "coz": "because", "becuz": "because", "bcos": "because",
    "wat": "what", "wut": "what", "wht": "what", "y": "why", "hw": "how", "wen": "when", "k": "okay", "ok": "okay",
    "smth": "something", "sth": "something", "sb": "somebody", "sm": "so much", "rly": "really",
    "srsly": "seriously", "prob": "probably", "probs": "probably", "prolly": "probably",
    "obv": "obviously", "obvs": "obviously", "def": "definitely", "defo": "definitely",
    "deffo": "definitely", "ofc": "of course", "alot": "a lot", "another": "more", "lotta": "lot of", "rn": "now",
    "atm": "at the moment", "irl": "in real life", "ik": "i know",
    "idk": "i do not know", "dunno": "do not know", "gonna": "going to", "wanna": "want to",
    "gotta": "got to", "kinda": "kind of", "sorta": "sort of", "outta": "out of", "lemme": "let me",
    "gimme": "give me", "tryna": "trying to", "finna": "going to",
    # people and things
    "ppl": "people", "peeps": "people", "pod": "podcast", "pods": "podcasts", "podcst": "podcast",
    "ep": "episode", "eps": "episodes", "epi": "episode", "interv": "interview", "convo": "conversation",
    "bf": "boyfriend", "gf": "girlfriend", "bff": "best friend", "fav": "favourite", "fave": "favourite",
    "fav.": "favourite", "luv": "love", "ily": "love", "mins": "minutes", "yrs": "years", "yr": "year",
    "pic": "picture", "pics": "pictures", "vid": "video", "info": "information", "char": "character",
    "chars": "characters", "rel": "relationship", "relo": "relationship", "ship": "relationship",
    "otp": "relationship", "esp": "especially", "diff": "different", "fr": "", "pls": "please",
    "plz": "please", "thx": "", "ty": "", "tysm": "",
    # interjections: nothing about the subject
    "lol": "", "lmao": "", "lmfao": "", "rofl": "", "omg": "", "omfg": "", "tbh": "", "tbf": "",
    "ngl": "", "imo": "", "imho": "", "iirc": "", "afaik": "", "btw": "", "jk": "", "nvm": "",
    "smh": "", "fwiw": "", "istg": "", "idc": "", "iykyk": "", "lowkey": "", "highkey": "",
    "literally": "", "hmm": "", "hm": "", "ugh": "", "oof": "", "huh": "", "eh": "", "lmk": "",
    "yay": "", "wow": "", "aww": "", "aw": "", "haha": "", "hahaha": "", "ha": "", "lolol": "",
    "xd": "", "xo": "", "ily2": "", "bestie": "", "besties": "", "guys": "", "yo": "", "hey": "",
    "hi": "", "hello": "",
}  # fmt: skip

# Gilmore Girls names a fan may ask about that the article never prints: words, not typos to fix
# ("lorelai" is not "lorelei"). Knowing them changes no answer: the article still does not cover them.
FANDOM_NAMES = frozenset(
    """
    lorelai lorelei gilmore emily richard dean logan huntzberger forester mariano danes paris geller
    lane kim sookie jackson michel kirk taylor doose babette miss patty christopher hayden april nardini
    liz tj zach marty doyle max medina jason digger mitchum trix shira chilton yale dragonfly inn
    luke's lukes hollow hartford woodbridge sherman palladino bledel graham patterson ventimiglia
    padalecki keiko melissa mccarthy
    """.split()  # noqa: SIM905
)
MAX_RUN = 2  # letters in a row that English has ("cool", "sweet"): longer runs are stretching
_STRETCHED = re.compile(r"(.)\1{2,}")
MAX_REWRITE_WORDS = 5


@dataclass(frozen=True, slots=True)
class FanWord:
    """One ``[[fan_words]]`` entry: what fans say, and the article's words for it."""

    says: tuple[str, ...]  # each phrase, as written
    means: str


class Rewrites:
    """The fandom's names as phrase rewrites on folded words, longest phrase first."""

    def __init__(self, fan_words: Iterable[FanWord] = ()) -> None:
        self._starts: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for entry in fan_words:
            means = tuple(words(entry.means))
            for phrase in entry.says:
                said = tuple(words(phrase))
                if said and means and len(said) <= MAX_REWRITE_WORDS:
                    self._starts.setdefault(said[0], []).append((said, means))
        for options in self._starts.values():
            options.sort(key=lambda option: -len(option[0]))

    def apply(self, folded: Sequence[str]) -> tuple[list[str], dict[str, str]]:
        """``folded`` with every fan phrase replaced by the article's words, and what was replaced."""
        out: list[str] = []
        replaced: dict[str, str] = {}
        at = 0
        while at < len(folded):
            for said, means in self._starts.get(folded[at], ()):
                typed = tuple(folded[at : at + len(said)])
                # "the revivals name": the phrase with a possessive's "s" ("revival's") is the phrase
                if typed == said or (typed[:-1] == said[:-1] and typed[-1:] == (said[-1] + "s",)):
                    out.extend(means)
                    replaced[" ".join(said)] = " ".join(means)
                    at += len(said)
                    break
            else:
                out.append(folded[at])
                at += 1
        return out, replaced


def unstretched(word: str, known: Callable[[str], bool]) -> str:
    """``word`` with its stretched letters shrunk ("sooo": "so", "coool": "cool"): every run of three
    or more becomes two or one, the first known word wins; none known, every run becomes one."""
    runs = list(_STRETCHED.finditer(word))
    if not runs:
        return word
    fallback = _STRETCHED.sub(r"\1", word)
    for lengths in itertools.islice(itertools.product((MAX_RUN, 1), repeat=len(runs)), 16):
        parts, at = [], 0
        for run, length in zip(runs, lengths, strict=True):
            parts += [word[at : run.start()], run.group(1) * length]
            at = run.end()
        candidate = "".join([*parts, word[at:]])
        if known(candidate):
            return candidate
    return fallback


def plain_words(
    folded: Sequence[str], *, known: Callable[[str], bool], rewrites: Rewrites | None = None
) -> tuple[list[str], dict[str, str]]:
    """Chat language in ``folded`` (words as :func:`words` returns them) to plain words, and the
    fan phrases that were rewritten (typed -> the article's words)."""
    out: list[str] = []
    for word in folded:
        word = unstretched(word, known)
        plain = CHAT.get(word)
        if plain is None:
            out.append(word)
        elif plain:
            out.extend(plain.split())
    return rewrites.apply(out) if rewrites is not None else (out, {})
