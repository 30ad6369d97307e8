"""Reports of wrong questions, quotes and facts: the rules, as plain data."""

from __future__ import annotations

from bot.moderation.community import QuestionProblem, clean_text
from bot.moderation.fingerprint import fingerprint
from bot.trivia.scoring import DEFAULT_RULE

REPORT_KINDS = ("question", "quote", "fact")
MIN_REASON = 3
MAX_REASON = 300
MAX_OPEN_PER_MEMBER = 20  # one member cannot bury the moderators' queue
# Nor refill it: /privacy deletes a member's open reports, and this count outlives the delete.
MAX_REPORTS_PER_DAY = 30
SQLITE_MAX_INT = 2**63 - 1


ASKED_NOW = (
    "That question is being asked on this server right now; report it with the Report button under its answer "
    "once it is revealed."
)


class ReportProblem(ValueError):
    """A report cannot be filed; the message says why."""


def item_fingerprint(kind: str, item_id: str) -> str:
    """What a Keep / Retire button carries: it acts only on reports of this item."""
    return fingerprint(kind, item_id)


def restored_points(elapsed_ms: int, timer_s: int) -> int:
    """A reporter whose "wrong" answer to a question retired as wrong now scores what a right answer
    at the same speed would have (trivia's rule, without a streak bonus: the streak was broken)."""
    return DEFAULT_RULE.points(correct=True, elapsed_s=elapsed_ms / 1000, timer_s=timer_s, streak_before=0)


def clean_reason(text: object) -> str:
    try:
        return clean_text(text, "the reason", max_len=MAX_REASON, min_len=MIN_REASON, multiline=True)
    except QuestionProblem as problem:
        raise ReportProblem(str(problem).capitalize()) from None


def parse_item_id(kind: str, item_id: str) -> str:
    """Question ids are numbers; quote and fact ids are the content's slugs."""
    if kind not in REPORT_KINDS:
        raise ReportProblem("You can report a question, a quote or a fact.")
    item_id = item_id.strip()
    if not item_id or len(item_id) > 80:
        raise ReportProblem(f"I couldn't find that {kind}.")
    if kind == "question" and not (item_id.isascii() and item_id.isdigit()):
        raise ReportProblem("Pick the question from the list, or use the Report button under its reveal.")
    if kind == "question" and int(item_id) > SQLITE_MAX_INT:  # no such row, and SQLite cannot bind it
        raise ReportProblem("I couldn't find that question.")
    return item_id
