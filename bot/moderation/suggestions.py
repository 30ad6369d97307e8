"""Members' trivia suggestions: the rules, as plain data.

A suggestion is a community question in waiting: the same validation as a moderator's form or an
import (lengths, duplicate answers, invisible and bidi characters; see :mod:`bot.member_text`), plus
where it comes from, which moderators need to judge it and which becomes the question's explanation.
It never reaches trivia until a moderator approves it (``/config suggestions``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from bot.member_text import tidy
from bot.moderation.community import (
    MAX_EXPLANATION,
    MAX_PROMPT,
    CommunityQuestion,
    QuestionProblem,
    build_question,
    clean_text,
)
from bot.moderation.fingerprint import fingerprint

MIN_SOURCE = 3
MAX_SOURCE = MAX_EXPLANATION
# One member cannot bury the moderators' queue, nor the queue grow without end.
MAX_PENDING_PER_MEMBER = 5
MAX_PER_MEMBER_PER_DAY = 10
MAX_PENDING_PER_SERVER = 200


def build_suggestion(prompt: object, answer: object, wrong: Iterable[object], source: object) -> CommunityQuestion:
    """A validated suggestion (its source as the explanation); :class:`QuestionProblem` names the first bad field."""
    question = build_question(prompt, answer, wrong)
    cleaned_source = clean_text(source, "where it comes from", max_len=MAX_SOURCE, min_len=MIN_SOURCE, multiline=True)
    return CommunityQuestion(question.prompt, question.answer, question.wrong, cleaned_source)


def suggestion_fingerprint(user_id: int, question: CommunityQuestion) -> str:
    """What a review button carries: it approves only this member's suggestion, word for word."""
    return fingerprint(user_id, question.prompt, question.answer, list(question.wrong), question.explanation or "")


def check_rate(*, pending_by_member: int, today_by_member: int, pending_on_server: int) -> None:
    """Refuse one more suggestion when the member or the server has enough waiting."""
    if pending_by_member >= MAX_PENDING_PER_MEMBER:
        raise QuestionProblem(
            f"you have {MAX_PENDING_PER_MEMBER} suggestions waiting; please wait until the moderators have looked"
        )
    if today_by_member >= MAX_PER_MEMBER_PER_DAY:
        raise QuestionProblem(f"that's {MAX_PER_MEMBER_PER_DAY} suggestions today; please try again tomorrow")
    if pending_on_server >= MAX_PENDING_PER_SERVER:
        raise QuestionProblem("the moderators have a full queue of suggestions; please try again later")


def prefill(message_text: str) -> str:
    """A message's text as the form's question: what validation would refuse or remove (lone
    surrogates, control characters, invisible characters) left out, cut to the field's length."""
    kept = "".join(c for c in message_text if c in "\t\n" or unicodedata.category(c) not in ("Cc", "Cs"))
    return tidy(kept, multiline=True)[:MAX_PROMPT].rstrip()
