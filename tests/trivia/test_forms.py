"""The newer forms (bot/trivia/forms.py) are right by construction: whatever line of the article they
are given, the answer is read off the article's quote marks and occasions, a doctored line differs
from the article's by the one word it names, and it is never shown before its label."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.content.article import parse_article
from bot.content.loader import ContentPaths, read_content
from bot.content.text import normalise
from bot.trivia import forms
from bot.trivia.text import NARRATION, QUOTE_LINE, speaker_credit
from tests.hostile._examples import examples

CONTENT, _ = read_content(ContentPaths.default())
TEXT = CONTENT.article
PARSED = parse_article(TEXT)
NAMES = {p.id: p.name for p in CONTENT.people}
LABELS = {o.id: o.label for o in CONTENT.occasions}
ARTICLE = forms.Article(
    text=TEXT,
    quotations=tuple(
        forms.Quotation(
            *q.span, q.speaker_id, q.occasion_id, speaker_credit(NAMES[q.speaker_id], LABELS[q.occasion_id])
        )
        for q in CONTENT.quotes
    ),
    occasions=tuple(forms.Occasion(o.id, o.label, o.is_episode) for o in CONTENT.occasions),
    guest_id=CONTENT.episode.guest_id,
    short_names={p.id: p.aliases[0] for p in CONTENT.people},
    sic=CONTENT.sic,
)
BODY = (PARSED.sentences[0][0], PARSED.sentences[-1][1])  # the headline to the last sentence
QUOTE_OF = {q.span: q for q in CONTENT.quotes}


def span_of(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def voice_of(start: int, end: int) -> str:
    """The oracle, from the parser's own quote marks (not the builders' rows): 'inside' (and whose),
    'narration' or 'mixed'."""
    holding = [q for q in PARSED.quotations if q.start <= start and end <= q.end]
    if holding:
        outer = min(holding, key=lambda q: (q.start, -q.end))
        return QUOTE_OF[(outer.start, outer.end)].occasion_id
    if any(q.start < end and start < q.end for q in PARSED.quotations):
        return "mixed"
    return "narration"


@examples(300)
@given(st.integers(*BODY), st.integers(3, 90))
def test_milo_or_the_article_is_read_off_the_quote_marks(start: int, length: int) -> None:
    """Any stretch of the article: Milo's when it sits between his quote marks (credited with where
    he said it), the article's when it touches none, refused when it runs from one into the other."""
    end = min(start + length, BODY[1])
    voice = voice_of(start, end)
    if voice == "mixed" or not re.search(r"\w", TEXT[start:end]):
        with pytest.raises(forms.FormError):
            forms.milo_or_article(ARTICLE, (start, end))
        return
    built = forms.milo_or_article(ARTICLE, (start, end))
    assert built.prompt.startswith("Milo or the article?")
    assert {built.answer, *built.wrong} == {"Milo", forms.THE_ARTICLE}
    if voice == "narration":
        assert (built.answer, built.credit) == (forms.THE_ARTICLE, NARRATION)
    else:
        assert built.answer == "Milo" and built.credit == speaker_credit("Milo Ventimiglia", LABELS[voice])
    assert built.evidence == (start, end)


@examples(200)
@given(st.sampled_from(CONTENT.quotes), st.data())
def test_where_said_answers_with_the_quotations_occasion(quote, data) -> None:
    """A line of any quotation: the answer is the occasion the article files it under, the wrong
    choice the other; a line of narration is refused."""
    start, end = quote.span
    first = data.draw(st.integers(start, end - 3))
    last = data.draw(st.integers(first + 3, min(end, first + 120)))
    assume(re.search(r"\w", TEXT[first:last]))  # ", [" holds no words: refused, as it should be
    built = forms.where_said(ARTICLE, (first, last))
    said = forms.occasion_choice(next(o for o in ARTICLE.occasions if o.id == quote.occasion_id))
    assert built.answer == said and said not in built.wrong and len(built.wrong) == 1
    assert built.prompt.startswith("Podcast or the 2017 interview? Where did Milo say this?")
    with pytest.raises(forms.FormError, match="narration"):
        forms.where_said(ARTICLE, span_of("Their story was an emotional rollercoaster ride"))


WORDS = re.compile(r"(?<![\w’'-])[A-Za-z]{4,}(?![\w’'-])")


@examples(200)
@given(st.sampled_from([q for q in CONTENT.quotes if q.kind == "own" and q.repeat_of is None]), st.data())
def test_a_doctored_line_differs_by_its_one_word_and_is_labelled_first(quote, data) -> None:
    """Any word of any of Milo's lines, changed to any other word: the real line is the article's,
    word for word; the doctored one differs in that word only and is not the article's; the label
    comes before either; the answer names the real word and the reveal says what was changed."""
    start, end = quote.span
    sentence_end = min(end, start + 140)
    line = (start, sentence_end)
    shown = ARTICLE.shown(line)
    words = [w for w in WORDS.findall(shown) if sum(x.lower() == w.lower() for x in WORDS.findall(shown)) == 1]
    word = data.draw(st.sampled_from(words))
    fake = data.draw(st.sampled_from(["mirror", "actors", "truth", "Lauren", "never", "sometimes"]))
    try:
        built = forms.doctor_word(ARTICLE, "key", line, word, fake)
    except forms.FormError as refused:
        assert re.search(r"already a word of the line|still the article's words|is the word it replaces", str(refused))
        return
    label, *lines = built.prompt.splitlines()
    assert label.startswith(forms.REAL_OR_FAKE) and "word for word" in label
    assert all(text.startswith(QUOTE_LINE) for text in lines) and len(lines) == 2
    versions = [text.removeprefix(QUOTE_LINE) for text in lines]
    assert shown in versions
    [doctored] = [v for v in versions if v != shown]
    assert normalise(doctored).casefold() not in normalise(TEXT).casefold()
    real_words, fake_words = WORDS.findall(shown), WORDS.findall(doctored)
    changed = [(a, b) for a, b in zip(re.findall(r"\S+", shown), re.findall(r"\S+", doctored), strict=True) if a != b]
    assert len(changed) == 1 and len(real_words) == len(fake_words)
    assert built.answer == f"The line with “{word}”" and built.wrong[0].lower() == f"the line with “{fake.lower()}”"
    assert built.explanation.startswith(f"{forms.DOCTORED} “{word}” was changed to")
    assert built.credit == speaker_credit("Milo Ventimiglia", LABELS[quote.occasion_id])
    assert built.evidence == line


def test_a_doctored_occasion_credits_both_lines_to_the_real_ones() -> None:
    """The answer is the line said where the question says; the other line's real occasion is in the
    reveal."""
    built = forms.doctor_occasion(
        ARTICLE, "key", span_of("I’d be a jerk not to show up."), span_of("They were given a last serving of pie")
    )
    assert built.prompt.startswith("Real or fake? Both lines are Milo’s, shown here as said on I Am All In;")
    assert built.answer == "The line with “jerk”" and built.wrong == ("The line with “serving”",)
    assert built.explanation == ("Doctored: the line with “serving” was said in a 2017 interview, not on I Am All In.")
    assert built.credit == "Milo Ventimiglia, I Am All In (the podcast episode)"
    with pytest.raises(forms.FormError, match="same occasion"):
        forms.doctor_occasion(
            ARTICLE, "key", span_of("I’d be a jerk not to show up."), span_of("That’s kind of great.")
        )


def test_what_cannot_make_a_fair_doctored_line_is_refused() -> None:
    line = span_of("You want to understand where they’ve been.")
    cases = {
        ("where", "where"): "is the word it replaces",
        ("been", "understand"): "already a word of the line",
        ("Jess", "Luke"): "exactly once",
        ("been", "two words"): "one word",
    }
    for (word, fake), why in cases.items():
        with pytest.raises(forms.FormError, match=why):
            forms.doctor_word(ARTICLE, "key", line, word, fake)
    with pytest.raises(forms.FormError, match="narration"):
        forms.doctor_word(ARTICLE, "key", span_of("Their story was an emotional rollercoaster ride"), "story", "tale")


def test_the_sic_phrase_is_marked_in_every_line_shown() -> None:
    built = forms.where_said(ARTICLE, span_of("Hey, this what I did when I was your age!"))
    assert "> Hey, this what [sic] I did when I was your age!" in built.prompt
    assert built.citation == "“Hey, this what [sic] I did when I was your age!”"
