"""The Context button's sentences around an item of the article."""

from __future__ import annotations

import itertools
from pathlib import Path

from bot.search.context import sentence_spans, surrounding

ARTICLE = (Path(__file__).parents[2] / "data" / "article.txt").read_text(encoding="utf-8")


def test_sentences_cover_the_article_in_order():
    spans = sentence_spans(ARTICLE)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    assert ARTICLE[spans[0][0] : spans[0][1]].startswith("Milo Ventimiglia Has Made Peace")
    assert ARTICLE[spans[-1][0] : spans[-1][1]] == "Filed Under"


def test_narration_after_a_question_mark_stays_with_it():
    texts = [ARTICLE[s:e] for s, e in sentence_spans(ARTICLE)]
    assert any(t.endswith("more of them?” he said.") for t in texts)


def test_surrounding_sentences_of_the_2017_quote():
    start = ARTICLE.index("I do kind of feel like audiences")
    end = ARTICLE.index("leave it at that?") + len("leave it at that?")
    excerpt = surrounding(ARTICLE, start, end)
    assert excerpt.text[excerpt.focus[0] : excerpt.focus[1]] == ARTICLE[start:end]
    assert "in a 2017 interview" in excerpt.text  # the sentence before says where it was said
    assert "Stars Hollow" in excerpt.text  # and the one after
    assert excerpt.cut_before and excerpt.cut_after


def test_start_of_the_article():
    excerpt = surrounding(ARTICLE, 0, 10, before=2)
    assert not excerpt.cut_before
    assert excerpt.focus == (0, 10)


def test_offsets_outside_the_article_are_clamped():
    excerpt = surrounding(ARTICLE, len(ARTICLE) + 50, len(ARTICLE) + 80)
    assert excerpt.text.endswith("Filed Under")
    assert surrounding("", 0, 5).text == ""


def test_long_neighbours_are_left_out_past_the_limit():
    start = ARTICLE.index("I know people always ask")
    excerpt = surrounding(ARTICLE, start, start + 20, before=3, after=3, max_chars=300)
    assert len(excerpt.text) <= 300
