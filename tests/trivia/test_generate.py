"""The generated bank: correct by construction, distractors of the answer's kind, never a second
right answer, evidence that is the article's own words, topics read off the article, no repeats."""

from __future__ import annotations

import dataclasses
import re

from bot.trivia.generate import generate_bank
from bot.trivia.matching import normalize
from bot.trivia.models import BankSource, CuratedRow, FactRow, PersonRow
from tests.trivia.sample_content import ARTICLE, FACTS, OCCASIONS, PEOPLE, SOURCE

BANK = generate_bank(SOURCE)
BY_KEY = {d.key: d for d in BANK}
PEOPLE_BY_ID = {p.id: p for p in PEOPLE}
NAMES = {p.name for p in PEOPLE}
CHARACTERS = {p.plays for p in PEOPLE if p.plays}


def test_the_families_that_test_something_are_generated() -> None:
    """Who plays a character, whom an actor plays (typed) and the content file's facts; no "who said
    this?" (one speaker), "where?" (nearly always the podcast) or last-words blanks."""
    assert {d.key.split(":")[0] for d in BANK} == {"plays", "played-by", "fact"}
    assert {d.form for d in BANK if d.key.startswith("plays:")} == {"typed"}


def test_answers_are_read_off_the_content() -> None:
    """Each answer is the value its content row holds: correct by construction."""
    for draft in BANK:
        family, item = draft.key.split(":", 1)
        if family == "plays":
            assert draft.answer == PEOPLE_BY_ID[item].plays
        elif family == "played-by":
            assert draft.answer == PEOPLE_BY_ID[item].name
        else:
            assert draft.answer == next(f.answer for f in FACTS if f.id == item)


def test_no_choice_is_a_second_right_answer() -> None:
    """No distractor equals the answer or any accepted form of it (aliases), and choices are distinct."""
    for draft in BANK:
        right = {normalize(a) for a in (draft.answer, *draft.accepted)}
        wrong = [normalize(w) for w in draft.wrong]
        assert not right & set(wrong), draft.key
        assert len(set(wrong)) == len(wrong), draft.key
        assert draft.form != "choice" or 1 <= len(draft.wrong) <= 3


def test_distractors_are_of_the_answers_kind() -> None:
    """Names for names, characters for characters, years for years."""
    for draft in BANK:
        if draft.answer_kind == "name":
            assert set(draft.wrong) <= NAMES, draft.key
        elif draft.answer_kind == "character":
            assert set(draft.wrong) <= CHARACTERS, draft.key
        elif draft.answer_kind == "year":
            assert all(re.fullmatch(r"\d{4}", w) for w in draft.wrong), draft.key
        elif draft.answer_kind == "number":
            assert all(w.isdigit() for w in draft.wrong), draft.key


def test_evidence_is_the_rows_own_words() -> None:
    """A fact question cites the fact's evidence (not the loader's whole sentence, which may carry the
    article's misprints); a person question the words that say who they are."""
    for draft in BANK:
        family, item = draft.key.split(":", 1)
        assert draft.evidence is not None
        if family == "fact":
            assert draft.evidence == next(f.evidence for f in FACTS if f.id == item)
        else:
            assert draft.evidence == PEOPLE_BY_ID[item].evidence


def test_prompts_are_plain_text() -> None:
    """No markdown in stored prompts: the cog escapes them when it renders, the dump shows them as is."""
    odd = PersonRow("odd", "**Bold** _Name_", (), "Luke|Jess")
    draft = next(d for d in generate_bank(dataclasses.replace(SOURCE, people=(*PEOPLE, odd))) if d.key == "plays:odd")
    assert draft.prompt == "Whom does **Bold** _Name_ play on Gilmore Girls?"


def test_a_characters_fan_names_are_accepted_when_typed() -> None:
    """'Jess Mariano' counts for Jess: the content file's plays_accepted, never a wrong choice."""
    assert BY_KEY["plays:milo"].accepted == ("Jess Mariano",)


def test_topics_are_the_rows_the_question_rests_on() -> None:
    """A fact's question is about the fact and every row whose cited words overlap its evidence: the
    host fact's words ("hosted by … Scott Patterson") overlap Scott's own ("Scott Patterson (aka Luke)")."""
    assert BY_KEY["fact:host"].topics == ("fact:host", "person:scott")
    assert BY_KEY["plays:milo"].topics == ("person:milo",)


def test_a_question_repeating_another_is_not_made() -> None:
    """Who plays Luke? would be answered 'Scott Patterson' about Scott, like the host fact's question."""
    assert "played-by:scott" not in BY_KEY
    curated = CuratedRow("curated:who-plays-jess", "Milo Ventimiglia", ("person:milo",))
    bank = generate_bank(dataclasses.replace(SOURCE, curated=(curated,)))
    assert "played-by:milo" not in {d.key for d in bank}, "the content file's own question comes first"
    assert "plays:milo" in {d.key for d in bank}, "another answer about the same person stays"


def test_a_facts_own_wrong_choices_and_accepted_forms_are_used() -> None:
    """The content file may give a fact question its wrong choices ("over 10 years" is true too, so
    only numbers above 14) and the fan forms typed for its answer."""
    over = dataclasses.replace(FACTS[1], wrong=("16", "18", "20"), accepted=("fourteen years",))
    [draft] = [d for d in generate_bank(BankSource(facts=(over,))) if d.key == "fact:years-after"]
    assert draft.form == "choice" and draft.wrong == ("16", "18", "20")
    assert draft.accepted == ("fourteen years",)


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
    """Without a kind (and no wrong choices of its own) there are no safe distractors: typed."""
    pie = FactRow("pie", "Pie.", (0, 10), (0, 10), "A last serving of what?", "pie", None)
    [draft] = [d for d in generate_bank(BankSource(facts=(pie,))) if d.key == "fact:pie"]
    assert draft.form == "typed" and draft.wrong == ()


def test_generation_is_stable() -> None:
    """The same content gives the same bank (keys, choices and all), so regeneration is idempotent."""
    assert generate_bank(SOURCE) == BANK
    assert len({d.key for d in BANK}) == len(BANK)
    assert all(0 <= s < e <= len(ARTICLE) for d in BANK for s, e in [d.evidence])
