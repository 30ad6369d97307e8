"""Every validator of member text, and the import reader, against arbitrary Unicode and JSON: they
never raise anything but their own refusal, what they keep is clean, and cleaning twice changes nothing."""

from __future__ import annotations

import contextlib
import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.member_text import TextProblem, clean, compare_key, strip_invisible
from bot.moderation.community import (
    MAX_ANSWER,
    MAX_EXPLANATION,
    MAX_PROMPT,
    MIN_PROMPT,
    QuestionProblem,
    build_question,
    check_new_questions,
    parse_import,
)
from bot.moderation.reports import ReportProblem, clean_reason
from bot.moderation.suggestions import build_suggestion, prefill
from tests.hostile._examples import examples
from tests.hostile._strategies import NASTY, hostile_char, hostile_text, long_hostile_text

BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = set("\u200b\u2060\ufeff\u00ad\u3164\u115f\u1160\uffa0\u034f") | BIDI_CONTROLS


def assert_clean(text: str, *, multiline: bool) -> None:
    """What a validator lets through: valid Unicode, no control characters, no invisible or bidi
    characters, NFC, no spacing at either end."""
    text.encode("utf-8")  # raises on a lone surrogate
    allowed_controls = {"\n"} if multiline else set()
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in allowed_controls]
    assert not INVISIBLE & set(text)
    assert unicodedata.normalize("NFC", text) == text
    assert text == text.strip()


# ---------------------------------------------------------------------------------- one field


@examples(400)
@given(text=long_hostile_text, multiline=st.booleans())
def test_clean_refuses_or_returns_clean_text_and_is_idempotent(text: str, multiline: bool) -> None:
    """Any text: refused with TextProblem, or returned clean; cleaning it again changes nothing."""
    try:
        cleaned = clean(text, "the field", max_len=1000, multiline=multiline)
    except TextProblem as problem:
        assert str(problem).startswith("the field ")
        return
    assert_clean(cleaned, multiline=multiline)
    assert 1 <= len(cleaned) <= 1000
    assert clean(cleaned, "the field", max_len=1000, multiline=multiline) == cleaned
    assert compare_key(cleaned) == compare_key(text)


@examples(300)
@given(text=hostile_text)
def test_invisible_characters_never_make_text_look_new(text: str) -> None:
    """Inserting any invisible or bidi character anywhere leaves the comparison key as it was."""
    key = compare_key(text)
    assert compare_key(key) == key
    for char in sorted(INVISIBLE):
        for at in {0, len(text) // 2, len(text)}:
            assert compare_key(text[:at] + char + text[at:]) == key


@examples(300)
@given(text=hostile_text)
def test_strip_invisible_is_idempotent(text: str) -> None:
    once = strip_invisible(text)
    assert strip_invisible(once) == once
    assert not INVISIBLE & set(once)


def test_the_issues_examples() -> None:
    """Issue #11's cases: a zero-width space, an answer of only zero-width characters, a right-to-left
    override, a lone surrogate."""
    assert clean("Milo\u200b", "the answer", max_len=80) == "Milo"
    assert compare_key("Milo\u200b") == compare_key("MILO") == compare_key("Ｍｉｌｏ")
    with pytest.raises(TextProblem, match="the answer is empty"):
        clean("\u200b\u200c\u200d\ufeff", "the answer", max_len=80)
    assert clean("Who \u202eplays Jess?", "the question", max_len=300) == "Who plays Jess?"
    with pytest.raises(TextProblem, match="broken character"):
        clean("Lone \ud800 surrogate", "the question", max_len=300)
    with pytest.raises(TextProblem, match=r"control character \(U\+0007\)"):
        clean("ring\x07", "the reason", max_len=300)


def test_emoji_and_scripts_keep_the_characters_that_shape_them() -> None:
    """Joiners inside emoji and words, variation selectors and flag tags are visible in effect: kept."""
    for text in (
        "👩\u200d🚀",
        "❤\ufe0f",
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        "می\u200cخواهم",
    ):
        assert clean(text, "the answer", max_len=80) == text
    assert clean("\u200dMilo\u200d", "the answer", max_len=80) == "Milo"  # not between two characters
    assert clean("\ufe0fMilo", "the answer", max_len=80) == "Milo"  # modifies nothing


# ---------------------------------------------------------------------------------- whole questions


@examples(300)
@given(
    prompt=long_hostile_text,
    answer=hostile_text,
    wrong=st.lists(hostile_text, max_size=4),
    explanation=st.none() | long_hostile_text,
)
def test_build_question_refuses_or_stores_clean_distinct_answers(prompt, answer, wrong, explanation) -> None:
    """Any form: refused with QuestionProblem, or a question whose text is clean and whose answers
    are all different as a reader sees them. Building it again from what was stored changes nothing."""
    try:
        question = build_question(prompt, answer, wrong, explanation)
    except QuestionProblem:
        return
    assert MIN_PROMPT <= len(question.prompt) <= MAX_PROMPT
    assert_clean(question.prompt, multiline=True)
    for choice in (question.answer, *question.wrong):
        assert_clean(choice, multiline=False)
        assert 1 <= len(choice) <= MAX_ANSWER
    keys = [compare_key(c) for c in (question.answer, *question.wrong)]
    assert len(set(keys)) == len(keys), keys
    if question.explanation is not None:
        assert_clean(question.explanation, multiline=True)
        assert len(question.explanation) <= MAX_EXPLANATION
    assert build_question(question.prompt, question.answer, question.wrong, question.explanation) == question


@pytest.mark.parametrize("invisible", sorted(INVISIBLE))
def test_an_invisible_difference_never_makes_a_second_answer(invisible: str) -> None:
    """ "Milo" beside "Milo" plus any invisible character is the same answer twice."""
    with pytest.raises(QuestionProblem, match="wrong answer 1 repeats another answer"):
        build_question("Who plays Jess?", "Milo", [f"Mi{invisible}lo"])
    with pytest.raises(QuestionProblem, match="the right answer is empty"):
        build_question("Who plays Jess?", invisible * 3, ["Milo"])


@examples(300)
@given(reason=long_hostile_text)
def test_report_reasons_are_refused_or_clean(reason: str) -> None:
    try:
        cleaned = clean_reason(reason)
    except ReportProblem as problem:
        assert str(problem)[:1].isupper()
        return
    assert_clean(cleaned, multiline=True)
    assert clean_reason(cleaned) == cleaned


# ---------------------------------------------------------------------------------- import files

json_scalar = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | hostile_text
any_json = st.recursive(
    json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=20,
)
entry_like = st.fixed_dictionaries(
    {"question": json_scalar, "answer": json_scalar},
    optional={"wrong": st.lists(json_scalar, max_size=4) | json_scalar, "explanation": json_scalar, "id": any_json},
)
document = st.one_of(
    any_json,
    st.lists(entry_like, max_size=5),
    st.fixed_dictionaries(
        {"questions": st.lists(entry_like, max_size=5)}, optional={"format": any_json, "version": any_json}
    ),
)


@examples(400)
@given(doc=document, ascii_escapes=st.booleans())
def test_import_reader_imports_or_names_the_first_problem(doc: object, ascii_escapes: bool) -> None:
    """Arbitrary JSON: a list of clean questions, or QuestionProblem naming the first bad entry (every
    entry before it is fine on its own, it is not)."""
    data = json.dumps(doc, ensure_ascii=ascii_escapes).encode("utf-8", "surrogatepass")
    try:
        questions = parse_import(data)
    except QuestionProblem as problem:
        message = str(problem)
        assert message and "Traceback" not in message
        if message.startswith("entry "):
            entries = doc if isinstance(doc, list) else doc["questions"]  # type: ignore[index]
            bad = int(message.split(":", 1)[0].removeprefix("entry "))
            for entry in entries[: bad - 1]:
                parse_import(json.dumps([entry]).encode())  # fine alone
            with pytest.raises(QuestionProblem):
                parse_import(json.dumps([entries[bad - 1]]).encode())
        return
    assert questions
    for question in questions:
        assert_clean(question.prompt, multiline=True)
        assert_clean(question.answer, multiline=False)
    try:  # what the import then checks against the server: here an empty one
        check_new_questions(questions, [], 0, label="entry")
    except QuestionProblem as problem:
        assert str(problem).startswith("entry ") or "at most" in str(problem), problem


@examples(200)
@given(data=st.binary(max_size=300))
def test_import_reader_survives_arbitrary_bytes(data: bytes) -> None:
    """Any bytes (not UTF-8, not JSON, truncated): refused by QuestionProblem or read."""
    with contextlib.suppress(QuestionProblem):
        parse_import(data)


def test_the_issues_lone_surrogate_import_is_refused_by_entry() -> None:
    """Issue #11: "Lone \\ud800 surrogate" passed validation, then failed to store."""
    data = b'[{"question": "Lone \\ud800 surrogate?", "answer": "x"}]'
    with pytest.raises(QuestionProblem, match="entry 1: the question contains a broken character"):
        parse_import(data)


@examples(100)
@given(chars=st.lists(st.sampled_from(NASTY) | hostile_char, min_size=1, max_size=10))
def test_answers_of_only_invisible_characters_are_empty(chars: list[str]) -> None:
    """An answer made of invisible characters and spacing only is empty, whatever else surrounds it."""
    invisible = "".join(c for c in chars if c in INVISIBLE or c.isspace())
    if not invisible:
        return
    with pytest.raises(QuestionProblem, match=r"the right answer is empty|control character"):
        build_question("Who plays Jess?", invisible, ["Milo"])


@examples(200)
@given(
    prompt=long_hostile_text, answer=hostile_text, wrong=st.lists(hostile_text, max_size=3), source=long_hostile_text
)
def test_suggestions_are_refused_or_clean(prompt, answer, wrong, source) -> None:
    """A member's suggestion: the same rules as a community question, its source kept clean too."""
    try:
        suggestion = build_suggestion(prompt, answer, wrong, source)
    except QuestionProblem:
        return
    assert_clean(suggestion.explanation or "", multiline=True)
    assert (
        build_suggestion(suggestion.prompt, suggestion.answer, suggestion.wrong, suggestion.explanation) == suggestion
    )


@examples(200)
@given(text=long_hostile_text)
def test_a_messages_text_prefills_only_what_validation_keeps(text: str) -> None:
    """The context menu's prefill never carries what the form would refuse, and is stable."""
    filled = prefill(text)
    if filled:
        assert_clean(filled, multiline=True)
    assert prefill(filled) == filled
