"""Community questions: validation of one question (from the modal) and of an import file.

Everything here takes and returns plain data and raises :class:`QuestionProblem` with a short message
a moderator can act on; ``entry N`` counts from 1, as a person reading the file would.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.member_text import TextProblem, clean, compare_key
from bot.plural import counted

MIN_PROMPT = 5
MAX_PROMPT = 300
MAX_ANSWER = 80  # a choice becomes a button label, and Discord caps those at 80 characters
MAX_EXPLANATION = 500
MAX_WRONG = 3
MAX_PER_SERVER = 500
MAX_IMPORT_BYTES = 256 * 1024
MAX_IMPORT_ENTRIES = 200

EXPORT_FORMAT = "all-in-companion/community-questions"
EXPORT_VERSION = 1
_TOP_LEVEL_KEYS = {"format", "version", "questions"}
_ENTRY_KEYS = {"id", "question", "answer", "wrong", "explanation"}
_TRUE_FALSE = {"true", "false"}


class QuestionProblem(ValueError):
    """A question or an import file is not acceptable; the message says what and where."""


@dataclass(frozen=True, slots=True)
class CommunityQuestion:
    prompt: str
    answer: str
    wrong: tuple[str, ...] = ()
    explanation: str | None = None

    @property
    def form(self) -> str:
        """How trivia asks it: typed with no wrong answers, true/false, or a choice of buttons."""
        if not self.wrong:
            return "typed"
        if len(self.wrong) == 1 and {self.answer.casefold(), self.wrong[0].casefold()} == _TRUE_FALSE:
            return "true_false"
        return "choice"

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.prompt,
            "answer": self.answer,
            "wrong": list(self.wrong),
            "explanation": self.explanation,
        }


def duplicate_key(prompt: str) -> str:
    """Two prompts that differ only in case, spacing, invisible or compatibility characters are duplicates."""
    return compare_key(prompt)


def clean_text(value: object, field: str, *, max_len: int, min_len: int = 1, multiline: bool = False) -> str:
    """Member text as stored (see :mod:`bot.member_text`): refused with a :class:`QuestionProblem`
    for a lone surrogate, a control character, or a length outside the field's."""
    try:
        return clean(value, field, max_len=max_len, min_len=min_len, multiline=multiline)
    except TextProblem as problem:
        raise QuestionProblem(str(problem)) from None


def build_question(
    prompt: object, answer: object, wrong: Iterable[object] = (), explanation: object = None
) -> CommunityQuestion:
    """One validated question; raises :class:`QuestionProblem` naming the first bad field."""
    clean_prompt = clean_text(prompt, "the question", max_len=MAX_PROMPT, min_len=MIN_PROMPT, multiline=True)
    clean_answer = clean_text(answer, "the right answer", max_len=MAX_ANSWER)
    wrong_answers = []
    for position, value in enumerate(wrong, start=1):
        wrong_answers.append(clean_text(value, f"wrong answer {position}", max_len=MAX_ANSWER))
    if len(wrong_answers) > MAX_WRONG:
        raise QuestionProblem(f"at most {MAX_WRONG} wrong answers")
    # Compared as a reader sees them: "Milo" and "MILO" (or a full-width "Ｍｉｌｏ") are one answer.
    seen = {compare_key(clean_answer)}
    for position, value in enumerate(wrong_answers, start=1):
        if compare_key(value) in seen:
            raise QuestionProblem(f"wrong answer {position} repeats another answer")
        seen.add(compare_key(value))
    clean_explanation = None
    if explanation is not None and (not isinstance(explanation, str) or explanation.strip()):
        clean_explanation = clean_text(explanation, "the explanation", max_len=MAX_EXPLANATION, multiline=True)
    return CommunityQuestion(clean_prompt, clean_answer, tuple(wrong_answers), clean_explanation)


def split_wrong_answers(text: str) -> list[str]:
    """The modal's one "wrong answers" box: one answer per line, blank lines ignored."""
    return [line for line in text.splitlines() if line.strip()]


def check_new_questions(
    questions: Sequence[CommunityQuestion], existing_prompts: Iterable[str], existing_count: int, *, label: str
) -> None:
    """Refuse duplicates (within ``questions`` and against the server's) and going over the cap.

    ``label`` is ``"entry"`` for a file and ``""`` for the modal's single question."""
    seen = {duplicate_key(p) for p in existing_prompts}
    first_in_batch: dict[str, int] = {}
    for position, question in enumerate(questions, start=1):
        key = duplicate_key(question.prompt)
        where = f"{label} {position}: " if label else ""
        if key in first_in_batch:
            raise QuestionProblem(f"{where}the same question as {label} {first_in_batch[key]}")
        if key in seen:
            raise QuestionProblem(f"{where}this server already has that question")
        first_in_batch[key] = position
    if existing_count + len(questions) > MAX_PER_SERVER:
        room = max(0, MAX_PER_SERVER - existing_count)
        raise QuestionProblem(f"a server keeps at most {MAX_PER_SERVER} community questions; room for {room} more")


def check_upload(size: int, content_type: str | None, filename: str) -> None:
    """Before reading anything: refuse a file that is too big or not JSON."""
    if size > MAX_IMPORT_BYTES:
        raise QuestionProblem(f"the file is {size:,} bytes; the limit is {MAX_IMPORT_BYTES // 1024} KiB")
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type not in ("application/json", "text/plain", "") or (
        media_type != "application/json" and not filename.lower().endswith(".json")
    ):
        raise QuestionProblem("send a .json file (like the one /trivia custom export gives)")


def parse_import(data: bytes) -> list[CommunityQuestion]:
    """Every entry of an import file, validated; the first problem raises, naming its entry."""
    if len(data) > MAX_IMPORT_BYTES:
        raise QuestionProblem(f"the file is larger than {MAX_IMPORT_BYTES // 1024} KiB")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise QuestionProblem("the file is not UTF-8 text") from None
    except (ValueError, RecursionError) as error:
        line = getattr(error, "lineno", None)
        raise QuestionProblem(f"the file is not valid JSON{f' (line {line})' if line else ''}") from None
    entries = _entries(document)
    if not entries:
        raise QuestionProblem("the file holds no questions")
    if len(entries) > MAX_IMPORT_ENTRIES:
        raise QuestionProblem(
            f"the file holds {counted(len(entries), 'question')}; import at most {MAX_IMPORT_ENTRIES} at once"
        )
    return [_entry(position, entry) for position, entry in enumerate(entries, start=1)]


def _entries(document: object) -> list[object]:
    if isinstance(document, list):
        return document
    if not isinstance(document, Mapping):
        raise QuestionProblem('expected a list of questions or {"questions": [...]}')
    unknown = sorted(set(document) - _TOP_LEVEL_KEYS)
    if unknown:
        raise QuestionProblem(f"unknown top-level key {unknown[0]!r}")
    if "format" in document and document["format"] != EXPORT_FORMAT:
        raise QuestionProblem(f"'format' must be {EXPORT_FORMAT!r}")
    if "version" in document and document["version"] != EXPORT_VERSION:
        raise QuestionProblem(f"unsupported version {document['version']!r}; this bot reads version {EXPORT_VERSION}")
    questions = document.get("questions")
    if not isinstance(questions, list):
        raise QuestionProblem("'questions' must be a list")
    return questions


def _entry(position: int, entry: object) -> CommunityQuestion:
    where = f"entry {position}"
    if not isinstance(entry, Mapping):
        raise QuestionProblem(f"{where}: expected an object with 'question' and 'answer'")
    unknown = sorted(str(k) for k in set(entry) - _ENTRY_KEYS)
    if unknown:
        raise QuestionProblem(f"{where}: unknown key {unknown[0][:40]!r}")
    for key in ("question", "answer"):
        if key not in entry:
            raise QuestionProblem(f"{where}: {key!r} is missing")
    wrong = entry.get("wrong", [])
    if not isinstance(wrong, list):
        raise QuestionProblem(f"{where}: 'wrong' must be a list of up to {MAX_WRONG} answers")
    if len(wrong) > MAX_WRONG:
        raise QuestionProblem(f"{where}: at most {MAX_WRONG} wrong answers")
    try:
        return build_question(entry["question"], entry["answer"], wrong, entry.get("explanation"))
    except QuestionProblem as problem:
        raise QuestionProblem(f"{where}: {problem}") from None


def export_document(questions: Iterable[tuple[int, CommunityQuestion]]) -> bytes:
    """The export file, which :func:`parse_import` reads back (``id`` is informative only)."""
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "questions": [{"id": number, **question.to_json()} for number, question in questions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
