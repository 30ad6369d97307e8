"""The generated bank: correct by construction, distractors of the answer's kind, never a second
right answer, evidence that is the article's own words."""

from __future__ import annotations

import dataclasses
import re

from bot.trivia.generate import BLANK, generate_bank
from bot.trivia.matching import normalize
from bot.trivia.models import BankSource, FactRow, PersonRow, QuoteRow
from tests.trivia.sample_content import ARTICLE, OCCASIONS, PEOPLE, QUOTES, SOURCE, span

BANK = generate_bank(SOURCE)
BY_KEY = {d.key: d for d in BANK}
PEOPLE_BY_ID = {p.id: p for p in PEOPLE}
QUOTES_BY_ID = {q.id: q for q in QUOTES}
NAMES = {p.name for p in PEOPLE}
CHARACTERS = {p.plays for p in PEOPLE if p.plays}


def test_every_kind_of_question_is_generated() -> None:
    """Who said it, which occasion, finish the quote, who plays whom (both ways) and facts."""
    families = {d.key.split(":")[0] for d in BANK}
    assert families == {"who-said", "occasion", "finish", "plays", "played-by", "fact"}


def test_answers_are_read_off_the_content() -> None:
    """Each answer is the value its content row holds: correct by construction."""
    for draft in BANK:
        family, item = draft.key.split(":", 1)
        if family == "who-said":
            assert draft.answer == PEOPLE_BY_ID[QUOTES_BY_ID[item].speaker_id].name
        elif family == "occasion":
            assert draft.answer == {o.id: o.label for o in OCCASIONS}[QUOTES_BY_ID[item].occasion_id]
        elif family == "finish":
            body = QUOTES_BY_ID[item].body
            shown = draft.prompt.split("\n", 1)[1].removeprefix("> ")
            assert normalize(shown.replace(BLANK, draft.answer)) == normalize(body)
        elif family == "plays":
            assert draft.answer == PEOPLE_BY_ID[item].plays
        elif family == "played-by":
            assert draft.answer == PEOPLE_BY_ID[item].name
        elif family == "fact":
            assert draft.answer == next(f.answer for f in SOURCE.facts if f.id == item)


def test_no_choice_is_a_second_right_answer() -> None:
    """No distractor equals the answer or any accepted form of it (aliases), and choices are distinct."""
    for draft in BANK:
        right = {normalize(a) for a in (draft.answer, *draft.accepted)}
        wrong = [normalize(w) for w in draft.wrong]
        assert not right & set(wrong), draft.key
        assert len(set(wrong)) == len(wrong), draft.key
        assert draft.form != "choice" or 1 <= len(draft.wrong) <= 3


def test_distractors_are_of_the_answers_kind() -> None:
    """Names for names, characters for characters, years for years, fragments of equal length."""
    for draft in BANK:
        if draft.answer_kind == "name":
            assert set(draft.wrong) <= NAMES, draft.key
        elif draft.answer_kind == "character":
            assert set(draft.wrong) <= CHARACTERS, draft.key
        elif draft.answer_kind == "year":
            assert all(re.fullmatch(r"\d{4}", w) for w in draft.wrong), draft.key
        elif draft.answer_kind == "number":
            assert all(w.isdigit() for w in draft.wrong), draft.key
        elif draft.answer_kind == "quote":
            assert all(len(w.split()) == len(draft.answer.split()) for w in draft.wrong), draft.key
            assert all(w in ARTICLE for w in draft.wrong), "fragments are the article's own words"


def test_evidence_is_the_articles_words() -> None:
    """A quote question's evidence span is exactly the quote; every span lies in the article."""
    for draft in BANK:
        assert draft.evidence is not None
        start, end = draft.evidence
        assert 0 <= start < end <= len(ARTICLE)
        if draft.quote_id:
            assert ARTICLE[start:end] == QUOTES_BY_ID[draft.quote_id].body


def test_voiced_and_nested_quotes_are_not_asked() -> None:
    """Words put in someone else's mouth, or nested in a quote, are not attributed to the speaker."""
    voiced_body = "Hey, this what I did when I was your age!"
    voiced = QuoteRow("voiced", voiced_body, "milo", "podcast", "voiced", "voiced", 1, "parent", *span(voiced_body))
    bank = generate_bank(dataclasses.replace(SOURCE, quotes=(*QUOTES, voiced)))
    assert not [d for d in bank if d.quote_id == "voiced"]


def test_a_repeated_quote_is_asked_once() -> None:
    """Words printed twice (a headline deck repeating the body) make one question per kind, not two."""
    deck_body = "They went in different directions, and that's okay too."
    deck = QuoteRow("deck", deck_body, "milo", "podcast", "own", "deck", 1, None, *span(deck_body))
    twin = dataclasses.replace(deck, id="deck-twin", passage_id="deck-twin")
    bank = generate_bank(dataclasses.replace(SOURCE, quotes=(*QUOTES, deck, twin)))
    about = [d for d in bank if d.key.startswith("who-said:") and "different directions" in d.prompt]
    assert [d.key for d in about] == ["who-said:different-directions"], "the longer quote that contains it"


def test_an_alias_shared_with_another_person_is_never_a_distractor() -> None:
    """If another row names the same person (shares an alias), it is not offered as a wrong answer."""
    double = PersonRow("milo-again", "M. Ventimiglia", ("Ventimiglia",))
    bank = generate_bank(dataclasses.replace(SOURCE, people=(*PEOPLE, double)))
    for draft in bank:
        if draft.answer == "Milo Ventimiglia":
            assert "M. Ventimiglia" not in draft.wrong, draft.key


def test_a_fact_naming_a_person_accepts_their_aliases_and_never_offers_them() -> None:
    """'Who hosts?' -> Scott Patterson: 'Patterson' is accepted when typed, never a wrong choice."""
    draft = BY_KEY["fact:host"]
    assert "Patterson" in draft.accepted and "Scott" in draft.accepted
    assert not {"Scott Patterson", "Scott", "Patterson"} & set(draft.wrong)


def test_facts_without_a_question_are_not_asked() -> None:
    """Only facts the content file gives a question and answer for become questions (no opinions)."""
    assert "fact:no-question" not in BY_KEY


def test_too_few_distractors_makes_a_typed_question() -> None:
    """With fewer than two wrong answers of the kind, the question is asked as typed-only."""
    lone = FactRow("lone-title", "A title.", (0, 10), (0, 10), "Which series?", "Gilmore Girls", "title")
    bank = generate_bank(BankSource(people=PEOPLE[:1], facts=(lone,), occasions=OCCASIONS))
    draft = next(d for d in bank if d.key == "fact:lone-title")
    assert draft.form == "typed" and draft.wrong == ()


def test_a_fact_answer_of_no_stated_kind_is_typed_only() -> None:
    """Without a kind there are no safe distractors, so the answer must be typed."""
    pie = FactRow("pie", "Pie.", (0, 10), (0, 10), "A last serving of what?", "pie", None)
    [draft] = [d for d in generate_bank(BankSource(facts=(pie,))) if d.key == "fact:pie"]
    assert draft.form == "typed" and draft.wrong == ()


def test_generation_is_stable() -> None:
    """The same content gives the same bank (keys, choices and all), so regeneration is idempotent."""
    assert generate_bank(SOURCE) == BANK
    assert len({d.key for d in BANK}) == len(BANK)


def test_content_cannot_break_a_prompts_markdown() -> None:
    """Markdown in content (a name, a quote) is shown literally, not rendered."""
    odd = PersonRow("odd", "**Bold** _Name_", (), "Luke|Jess")
    draft = next(d for d in generate_bank(dataclasses.replace(SOURCE, people=(*PEOPLE, odd))) if d.key == "plays:odd")
    assert "\\*\\*Bold\\*\\* \\_Name\\_" in draft.prompt
    assert draft.answer == "Luke|Jess", "answers are stored plain; escaping is for display"
