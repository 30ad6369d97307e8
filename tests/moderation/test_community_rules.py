"""Community questions and their import files: validation names the first problem and its entry."""

from __future__ import annotations

import json

import pytest

from bot.moderation.community import (
    MAX_ANSWER,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ENTRIES,
    MAX_PER_SERVER,
    CommunityQuestion,
    QuestionProblem,
    build_question,
    check_new_questions,
    check_upload,
    export_document,
    parse_import,
    split_wrong_answers,
)


def entry(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {"question": "Who hosts I Am All In?", "answer": "Scott Patterson", "wrong": ["Milo"]}
    base.update(overrides)
    return base


def doc(*entries: object) -> bytes:
    return json.dumps({"questions": list(entries)}).encode()


def test_build_question_trims_and_picks_the_form() -> None:
    """Spacing is collapsed (in the question too), and the form follows from the wrong answers."""
    q = build_question("  Who  plays Jess? ", " Milo   Ventimiglia ", ["Scott", " Alexis "], "  ")
    assert q == CommunityQuestion("Who plays Jess?", "Milo Ventimiglia", ("Scott", "Alexis"), None)
    assert q.form == "choice"
    assert build_question("Is this typed?", "yes").form == "typed"
    assert build_question("Milo played Jess.", "True", ["false"]).form == "true_false"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("", "a"), "the question is empty"),
        (("abc", "a"), "shorter than"),
        (("A fine question?", ""), "the right answer is empty"),
        (("A fine question?", "x" * (MAX_ANSWER + 1)), "longer than 80"),
        (("A fine question?", "a", ["b", "A"]), "wrong answer 2 repeats"),
        (("A fine question?", "a", ["b", "c", "d", "e"]), "at most 3"),
        (("A fine\x00 question?", "a"), "a control character"),
        (("A fine question?", 42), "must be text"),
    ],
)
def test_build_question_refuses_bad_fields(args: tuple, message: str) -> None:
    """Each bad field is named."""
    with pytest.raises(QuestionProblem, match=message):
        build_question(*args)


def test_multiline_prompt_keeps_line_breaks() -> None:
    """A question may span lines (Windows line ends included)."""
    assert build_question("Line one\r\nline two?", "a").prompt == "Line one\nline two?"


def test_split_wrong_answers_ignores_blank_lines() -> None:
    assert split_wrong_answers("Dean\n\n  \nLogan\n") == ["Dean", "Logan"]


def test_duplicates_within_a_batch_and_against_the_server() -> None:
    """Case and spacing do not make a question new."""
    one, two = build_question("Who is Luke?", "Scott"), build_question("who  is LUKE?", "Scott")
    with pytest.raises(QuestionProblem, match="entry 2: the same question as entry 1"):
        check_new_questions([one, two], [], 0, label="entry")
    with pytest.raises(QuestionProblem, match=r"^this server already has that question"):
        check_new_questions([two], ["Who is Luke?"], 1, label="")
    with pytest.raises(QuestionProblem, match="room for 1 more"):
        check_new_questions([one, build_question("Other one?", "x")], [], MAX_PER_SERVER - 1, label="entry")
    check_new_questions([one], ["Something else?"], 1, label="entry")


@pytest.mark.parametrize(
    ("size", "content_type", "filename", "ok"),
    [
        (100, "application/json; charset=utf-8", "q.json", True),
        (100, None, "q.json", True),
        (100, "text/plain", "q.JSON", True),
        (100, "text/plain", "q.txt", False),
        (100, "image/png", "q.json", False),
        (MAX_IMPORT_BYTES + 1, "application/json", "q.json", False),
    ],
)
def test_upload_is_checked_before_reading(size: int, content_type: str | None, filename: str, ok: bool) -> None:
    """Size and type are judged from the attachment's metadata alone."""
    if ok:
        check_upload(size, content_type, filename)
    else:
        with pytest.raises(QuestionProblem):
            check_upload(size, content_type, filename)


def test_export_reads_back_as_the_same_questions() -> None:
    """What /trivia custom export writes, /trivia custom import accepts unchanged."""
    questions = [build_question("Who hosts?", "Scott", ["Milo"], "Said at the start."), build_question("Typed?", "yes")]
    data = export_document(enumerate(questions, start=1))
    assert parse_import(data) == questions
    assert json.loads(data)["questions"][0]["id"] == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xfe not utf8", "not UTF-8"),
        (b"{", "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, "not valid JSON"),  # nesting deep enough to blow the recursion limit
        (b'"text"', "expected a list"),
        (b'{"questions": {}}', "'questions' must be a list"),
        (b'{"questions": [], "extra": 1}', "unknown top-level key 'extra'"),
        (b'{"format": "other", "questions": []}', "'format' must be"),
        (b'{"version": 2, "questions": []}', "unsupported version"),
        (b"[]", "holds no questions"),
        (doc(entry(), "text"), "entry 2: expected an object"),
        (doc(entry(), entry(anwser="x")), "entry 2: unknown key 'anwser'"),
        (doc(entry(answer=None)), "entry 1: the right answer must be text"),
        (doc({"question": "Where?"}), "entry 1: 'answer' is missing"),
        (doc(entry(wrong="Milo")), "entry 1: 'wrong' must be a list"),
        (doc(entry(wrong=["a", "b", "c", "d"])), "entry 1: at most 3"),
        (doc(entry(), entry(question="x" * 301)), "entry 2: the question is longer than 300"),
        (doc(entry(explanation=["list"])), "entry 1: the explanation must be text"),
    ],
)
def test_bad_files_name_the_first_problem(data: bytes, message: str) -> None:
    """A malformed file is refused with a message naming the entry at fault."""
    with pytest.raises(QuestionProblem, match=message):
        parse_import(data)


def test_too_many_entries_and_too_many_bytes() -> None:
    many = doc(*[entry(question=f"Question number {n}?") for n in range(MAX_IMPORT_ENTRIES + 1)])
    with pytest.raises(QuestionProblem, match=f"at most {MAX_IMPORT_ENTRIES}"):
        parse_import(many)
    with pytest.raises(QuestionProblem, match="larger than"):
        parse_import(b" " * (MAX_IMPORT_BYTES + 1))


def test_bare_list_with_bom_is_accepted() -> None:
    """A list without the wrapper, saved by an editor that writes a byte-order mark, is fine."""
    assert parse_import(b"\xef\xbb\xbf" + json.dumps([entry()]).encode())[0].answer == "Scott Patterson"
