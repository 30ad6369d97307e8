"""Chat language to plain words (bot.search.chat): plain Python, no database."""

from __future__ import annotations

import pytest

from bot.search.chat import FanWord, Rewrites, plain_words, unstretched
from bot.search.text import words

KNOWN = {"so", "cool", "please", "yes", "really", "good", "too", "see"}


def plain(text: str, rewrites: Rewrites | None = None) -> str:
    return " ".join(plain_words(words(text), known=KNOWN.__contains__, rewrites=rewrites)[0])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("wat did milo say abt jess n rory", "what did milo say about jess and rory"),
        ("r u sure ur right", "are you sure your right"),
        ("made peace w it", "made peace with it"),
        ("what did ppl on the pod think", "what did people on the podcast think"),
        ("does he get asked alot", "does he get asked a lot"),
        ("is he coming back rn", "is he coming back now"),
        ("def coming back irl", "definitely coming back in real life"),
        ("gonna happen", "going to happen"),
        ("y did they break up", "why did they break up"),
    ],
)
def test_chat_abbreviations_become_plain_words(typed: str, expected: str):
    assert plain(typed) == expected


@pytest.mark.parametrize("typed", ["lol", "tbh", "ngl", "lmao", "omg", "imo", "smh"])
def test_interjections_are_dropped(typed: str):
    assert plain(f"is he coming back {typed}") == "is he coming back"


def test_another_asks_for_more():
    assert plain("another revival") == "more revival"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sooo", "so"),
        ("coool", "cool"),
        ("pleeeease", "please"),
        ("yesss", "yes"),
        ("reeeally", "really"),
        ("gooood", "good"),
    ],
)
def test_stretched_letters_shrink_to_a_known_word(typed: str, expected: str):
    assert unstretched(typed, KNOWN.__contains__) == expected


def test_stretching_of_an_unknown_word_keeps_one_letter_and_short_words_stay():
    assert unstretched("jesssss", KNOWN.__contains__) == "jes"
    assert unstretched("see", KNOWN.__contains__) == "see"
    assert unstretched("too", KNOWN.__contains__) == "too"


def test_fan_words_are_read_as_the_articles_longest_first():
    rewrites = Rewrites(
        [
            FanWord(("ayitl", "the revival", "the netflix revival"), "A Year in the Life"),
            FanWord(("luke's nephew",), "Jess"),
        ]
    )
    folded, replaced = plain_words(
        words("was luke's nephew in the netflix revival"), known=KNOWN.__contains__, rewrites=rewrites
    )
    assert " ".join(folded) == "was jess in a year in the life"
    assert replaced == {"lukes nephew": "jess", "the netflix revival": "a year in the life"}
    assert plain("would he do another revival", rewrites) == "would he do more revival"  # not "the revival"


def test_a_synonym_written_in_chat_words_still_matches_the_plain_question():
    """Questions are read in plain words ("another" is "more"); a synonym group's phrases are
    matched in plain words too, so "another season" still finds its group."""
    from bot.search.ask import Lexicon
    from bot.search.text import stem

    lexicon = Lexicon(["more revivals"], [["revivals", "another season"]])
    question = [stem(w) for w in plain("would he do another season").split()]
    assert [group for _, _, group in lexicon.segment(question) if group is not None] == [0]


def test_a_fan_phrase_is_read_with_a_possessive():
    """ "whats the revivals name" is the revival's name: "revival's" folds to "revivals"."""
    rewrites = Rewrites([FanWord(("the revival",), "A Year in the Life")])
    assert plain("whats the revivals name", rewrites) == "whats a year in the life name"
    assert plain("the revivalss", rewrites) == "the revivalss"  # only the one "s" of a possessive


@pytest.mark.parametrize(
    "typed",
    [
        "why was it a mess according to milo",
        "did they at least stay friends",
        "would he come back no matter what",
        "scott patterson is luke right",
    ],
)
def test_framing_words_ask_for_nothing(typed: str):
    """ "according to", "at least", "no matter what", a tag "right?": how fans frame a question,
    never what it asks about, so never a concept an answer must cover."""
    from bot.search.ask import Lexicon, read_question
    from bot.search.people import PeopleIndex

    question = read_question(typed, Lexicon(["a mess", "friends", "come back"]), PeopleIndex([]))
    labels = {concept.label for concept in question.concepts}
    assert not labels & {"according", "least", "matter", "right"}, labels
