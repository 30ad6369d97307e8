"""Issue 19, item 1: what a moderator approves is exactly what is published. /config suggestions
shows every field of a suggestion whole (never cut, escaped once), and the question it becomes shows
the same text in its question message and its reveal."""

from __future__ import annotations

import pytest

from cogs._text import escaped
from standin import BotEnv, Member
from standin.model import Message
from tests.trivia._support import start_game, wait_revealed

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends


def embed_text(embeds: list[dict]) -> str:
    """Everything an embed shows, field values end to end (a field split in two reads as one)."""
    parts = []
    for embed in embeds:
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [field["value"] for field in embed.get("fields", [])]
    return "".join(parts)


async def suggest_and_publish(env: BotEnv, fan: Member, mod: Member, fields: dict[str, str]) -> tuple[str, Message]:
    """The member suggests; the moderator reviews and approves; a one-question game of community
    questions asks it, and its starter skips to the reveal. Returns what the review showed and the
    revealed question."""
    opened = await env.slash("trivia suggest", member=fan)
    sent = await env.submit_modal(opened, fields, member=fan)
    assert sent.content.startswith("Thanks!"), sent.content
    review = await env.slash("config suggestions", member=mod)
    reviewed = embed_text(review.embeds)  # before Approve replaces the page
    approve = next(b["custom_id"] for b in review.buttons if b["custom_id"].startswith("config:suggestion:approve:"))
    approved = await env.click(review, approve, member=mod)
    assert approved.content.startswith("Approved"), approved.content
    _, question = await start_game(env, mod, rounds=1, timer=60, category="community")
    asked = embed_text(question.embeds)
    skip = next(b["custom_id"] for b in question.buttons if b["custom_id"].startswith("trivia:skip:"))
    await env.click(question, skip, member=mod)
    await wait_revealed(env, question)
    question.asked_text = asked  # what the question message showed before its reveal
    return reviewed, question


def assert_published_as_reviewed(reviewed: str, question: Message, fields: dict[str, str]) -> None:
    revealed = embed_text(question.embeds)
    lines = {
        "question": [fields["question"]],
        "answer": [fields["answer"]],
        "wrong": [line for line in fields.get("wrong", "").splitlines() if line.strip()],
        "source": [fields["source"]],
    }
    for name, texts in lines.items():
        for text in texts:
            assert escaped(text) in reviewed, f"the review cut {name}: {text!r}"
    for text in (fields["question"], *lines["wrong"], fields["answer"]):
        assert escaped(text) in question.asked_text + revealed, f"not published whole: {text!r}"
    assert escaped(fields["source"]) in revealed, "the reveal cut where it comes from"


async def test_a_long_source_is_shown_whole_to_the_moderator(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """The issue's example: 384 characters ending in an invite the moderator never saw (cut at 350),
    which the reveal then published (cut at 400)."""
    source = ("The podcast talks about this around the middle, " * 8)[:355] + " join discord.gg/freenitro now"
    assert len(source) == 385
    fields = {"question": "Which diner does Luke run?", "answer": "Luke's", "wrong": "Al's\nWeston's", "source": source}
    reviewed, question = await suggest_and_publish(mod_env, fan, mod, fields)
    assert "discord.gg/freenitro now" in reviewed
    assert_published_as_reviewed(reviewed, question, fields)


async def test_escaping_does_not_push_a_tail_out_of_the_review(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """The issue's example: the question was cut to 300 characters after escaping, so 150
    underscores hid its tail from the moderator, while the posted question showed it."""
    prompt = "_" * 150 + " and the tail says: visit evil.example"
    fields = {"question": prompt, "answer": "Luke", "wrong": "Kirk", "source": "*" * 400 + " more tail"}
    reviewed, question = await suggest_and_publish(mod_env, fan, mod, fields)
    assert "visit evil.example" in reviewed
    assert_published_as_reviewed(reviewed, question, fields)
