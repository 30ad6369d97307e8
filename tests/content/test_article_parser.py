"""The article parser on the real article and on hostile text (plain Python, no database)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.content.article import parse_article
from bot.content.text import NormalisedText, normalise
from bot.settings import PROJECT_ROOT

SOURCE = Path("/work/shared/source/article.txt")
# sha256 of the article as given to the project: data/article.txt must never be edited.
ARTICLE_SHA256 = "1087f676bde7eef4a107f417cbdd1bd5cca699eb14c3f3a66aa606a3f32bbc17"


def quoted(text: str) -> list[str]:
    article = parse_article(text)
    assert article.problems == ()
    return [text[q.start : q.end] for q in article.quotations]


def test_article_copy_is_verbatim() -> None:
    """data/article.txt is byte-identical to the source it was copied from."""
    copy = (PROJECT_ROOT / "data" / "article.txt").read_bytes()
    if not SOURCE.exists():
        pytest.skip("the shared source folder is not on this machine")
    assert copy == SOURCE.read_bytes()


def test_every_quotation_in_the_real_article_is_found(article_text: str) -> None:
    """Fourteen quotations: the straight-quoted deck, twelve curly ones and one nested single-quoted one."""
    article = parse_article(article_text)
    assert article.problems == ()
    assert len(article.quotations) == 14
    bodies = [article_text[q.start : q.end] for q in article.quotations]
    assert bodies[0] == "They went in different directions, and that's okay too."
    assert bodies[-1].startswith("I do kind of feel like audiences shouldn’t get so greedy.")
    # every quotation sits between a pair of marks in the verbatim text
    for q in article.quotations:
        assert article_text[q.mark_start] in "\"“'‘’"
        assert article_text[q.end] in "\"”'’"
        assert q.mark_start == q.start - 1


def test_nested_quotation_sits_inside_its_outer_quotation(article_text: str) -> None:
    """The ’Hey…!’ inside Milo's “There’s always going to be outside influence…” is nested, not top level."""
    article = parse_article(article_text)
    nested = [q for q in article.quotations if q.nested]
    assert [article_text[q.start : q.end] for q in nested] == ["Hey, this what I did when I was your age!"]
    outer = article.quotations[nested[0].parent]
    assert outer.start < nested[0].start < nested[0].end < outer.end
    assert article_text[outer.start : outer.end].startswith("There’s always going to be outside influence")


def test_apostrophes_and_title_marks_are_not_quotations(article_text: str) -> None:
    """‘Gilmore Girls’ in the headline, it’s, series’ and others’ are not quotations."""
    bodies = [article_text[q.start : q.end] for q in parse_article(article_text).quotations]
    assert "Gilmore Girls" not in bodies
    assert not any(b.startswith(("s ", "Gilmore", " final", " expectations")) for b in bodies)


def test_headline_is_the_first_line(article_text: str) -> None:
    article = parse_article(article_text)
    assert (
        article.headline_text == "Milo Ventimiglia Has Made Peace With Jess and Rory Not Working Out on ‘Gilmore Girls’"
    )


def test_missing_space_in_lifeand_does_not_split_the_sentence(article_text: str) -> None:
    """ "A Year in the Lifeand when Patterson asked…" stays one sentence, from "He reprised" to "idea."."""
    article = parse_article(article_text)
    at = article_text.index("Lifeand")
    start, end = article.sentences_around(at, at + 7)
    sentence = article_text[start:end]
    assert sentence.startswith("He reprised his role of Jess for the 2016 Netflix miniseries\u00a0Gilmore Girls")
    assert sentence.endswith("he seemed pretty open to the idea.")


def test_filed_under_footer_is_not_a_sentence(article_text: str) -> None:
    article = parse_article(article_text)
    footer = article_text.index("Filed Under")
    assert article.sentences_around(footer, footer + 11) is None
    last_start, last_end = article.sentences[-1]
    assert article_text[last_start:last_end].endswith("we certainly don’t blame you.")


def test_sentences_are_trimmed_and_in_order(article_text: str) -> None:
    article = parse_article(article_text)
    for (start, end), (next_start, _) in zip(article.sentences, article.sentences[1:], strict=False):
        assert start < end <= next_start
        assert article_text[start:end] == article_text[start:end].strip()
    said = article_text.index("“It’s been a while")
    start, end = article.sentences_around(said, said + 5)
    assert (
        article_text[start:end] == "“It’s been a while since I’ve thought about Jess and Rory’s relationship,” he said."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "hello there" and left.', ["hello there"]),
        ("He said “hello” and “bye.”", ["hello", "bye."]),
        ("“One — ’two,’ she said — three.”", ["One — ’two,’ she said — three.", "two,"]),
        ("“Tell ’em I said so.”", ["Tell ’em I said so."]),  # an elision, not a nested quote
        ("“The ’90s were fine, the Gilmores’ house too.”", ["The ’90s were fine, the Gilmores’ house too."]),
        ("Title marks: ‘Gilmore Girls’ and 'Friends'.", []),
    ],
)
def test_quotation_rules(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("He said “hello and left.", "not closed before the paragraph ends"),
        ("He said hello” and left.", "never opened"),
        ("“One “two” three.”", "inside the open one"),
        ("“Hello\n\nthere.”", "not closed before the paragraph ends"),
        ('He said "hello and left.', "not closed"),
    ],
)
def test_unbalanced_quote_marks_are_problems(text: str, message: str) -> None:
    article = parse_article(text)
    assert article.problems, text
    assert message in article.problems[0]
    assert article.problems[0].startswith("line ")


def test_empty_article_is_a_problem() -> None:
    assert parse_article("  \n\n").problems == ("the article is empty",)


def test_normalising_maps_marks_dashes_and_spaces_but_keeps_offsets() -> None:
    original = "A\u00a0“quote”—it’s  here…"
    norm = NormalisedText(original)
    assert norm.text == 'A "quote"-it\'s here...'
    start, end = norm.find_all("quote\"-it's")[0]
    assert original[start:end] == "quote”—it’s"
    assert normalise("  a \t b  ") == "a b"
    assert NormalisedText(original).find_all("absent") == []


def test_pinned_article_hash() -> None:
    """The article's hash is what the project was given (guards the copy where the source is absent)."""
    digest = hashlib.sha256((PROJECT_ROOT / "data" / "article.txt").read_bytes()).hexdigest()
    if SOURCE.exists():
        assert digest == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert digest == ARTICLE_SHA256
