"""Issue 19, item 1, as a property: for ANY suggestion a member can send, every field the moderator
reviews in /config suggestions is shown whole, and the question it becomes, once approved, shows the
same text in its question message and its reveal. The suggestion goes through the real repositories
(filed, listed for review, approved, read back as trivia asks it) and the real embed builders."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import discord
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.db import Database
from bot.db.moderation_repo import Actor
from bot.db.repositories import Repositories
from bot.moderation.community import MAX_ANSWER, MAX_EXPLANATION, MAX_PROMPT, QuestionProblem
from bot.moderation.suggestions import build_suggestion
from bot.trivia.game import LiveRound
from cogs._suggestions import suggestion_embed
from cogs._text import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, EMBEDS_TOTAL, escaped
from cogs.trivia._embeds import question_embed, reveal_embed
from tests.hostile._examples import examples
from tests.hostile._strategies import NASTY, hostile_char

MOD = Actor(1, "Mod")
_guilds = itertools.count(10_000)  # a server per example: its limits and duplicates start afresh


sendable_char = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc")),  # what the form keeps (minus invisible characters)
    st.sampled_from([c for c in NASTY if c not in "\ud800\udfff"]),
)


def field_text(lead: str, max_size: int) -> st.SearchStrategy[str]:
    """``lead`` (so that the field is long enough and distinct) and member text up to the field's
    limit, often at it, weighted to what escaping doubles."""
    room = max_size - len(lead)
    markup = st.sampled_from(["_", "*", "~", "|", "`", "\\", "@everyone", "\n> ", "\n# ", "\n- ", " https://x.y/a_b"])
    rest = st.one_of(
        st.text(sendable_char, max_size=room),
        st.lists(st.one_of(markup, st.text(sendable_char, max_size=3)), max_size=room).map(
            lambda parts: "".join(parts)[:room]
        ),
        st.text(st.sampled_from("_*~|`\\"), min_size=room, max_size=room),
    )
    return rest.map(lambda text: lead + text)


def shown_text(embed: discord.Embed) -> str:
    """An embed's title, description and field values end to end."""
    return "".join([embed.title or "", embed.description or "", *(f.value or "" for f in embed.fields)])


def within_limits(embed: discord.Embed) -> None:
    assert len(embed.description or "") <= EMBED_DESCRIPTION
    assert all(len(f.value or "") <= EMBED_FIELD_VALUE for f in embed.fields)
    assert len(embed) <= EMBEDS_TOTAL


@pytest.fixture
async def repos(tmp_path: Path, template_db: Path | None):
    path = tmp_path / "bot.db"
    if template_db is not None:
        shutil.copyfile(template_db, path)
    async with Database(path) as db:
        repos = Repositories.sqlite(db)
        yield repos
        await repos.search.reader.close()


@examples(120)
@given(
    prompt=field_text("Which one? ", MAX_PROMPT),
    answer=field_text("Right ", MAX_ANSWER),
    wrong=st.lists(st.sampled_from("ABC"), max_size=3, unique=True).flatmap(
        lambda leads: st.tuples(*(field_text(f"{lead} wrong ", MAX_ANSWER) for lead in leads))
    ),
    source=field_text("Source: ", MAX_EXPLANATION),
)
async def test_every_reviewed_field_is_shown_whole_and_published_as_reviewed(
    repos: Repositories, prompt: str, answer: str, wrong: tuple[str, ...], source: str
) -> None:
    try:
        suggestion = build_suggestion(prompt, answer, wrong, source)
    except QuestionProblem:
        assume(False)  # the form refuses it: nothing to review
        return
    guild = next(_guilds)
    await repos.suggestions.add(guild, 42, suggestion)
    [pending], _ = await repos.suggestions.pending(guild, 5)
    review = suggestion_embed(pending)
    within_limits(review)
    reviewed = shown_text(review)
    fields = {"question": [suggestion.prompt], "answer": [suggestion.answer], "wrong": list(suggestion.wrong)}
    fields["where it comes from"] = [suggestion.explanation or ""]
    for name, texts in fields.items():
        for text in texts:
            assert escaped(text) in reviewed, f"the review cut {name}"

    approved = await repos.suggestions.review(guild, MOD, pending.id, approve=True, fingerprint=pending.fingerprint)
    assert approved is not None and approved.decision == "approved"
    [entry] = [e for e in await repos.trivia.bank(guild) if e.category == "community"]
    question = await repos.trivia.question(entry.id)
    assert question is not None
    choices = (question.answer, *question.wrong) if question.wrong else ()
    live = LiveRound(1, guild, 2, 1, "game", 1, 1, question, choices, 0.0, 60.0, 60.0)
    asked = question_embed(live, title="Question 1 of 1", spoilers=False, typed=True)
    revealed = reveal_embed(live, [], title="Question 1 of 1 · answer", spoilers=False)
    for embed in (asked, revealed):
        within_limits(embed)
    published = shown_text(asked) + shown_text(revealed)
    for name, texts in fields.items():
        for text in texts:
            assert escaped(text) in published, f"published {name} differs from the review"
    assert f"<@{pending.user_id}>" in published, "the member is credited"


@examples(300)
@given(text=st.text(hostile_char, max_size=600))
def test_member_text_escapes_to_at_most_twice_its_length(text: str) -> None:
    """Why every reviewed field fits whole: the limits above are sized for twice the text."""
    assert len(escaped(text)) <= 2 * len(text)
