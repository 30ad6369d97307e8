"""The newer question forms as a game shows them, through the real client and the stand-in: "Real or
fake?" (and its doctored line never shown without its label: not in the game, a locked-in answer,
practice, a report, /quote, /ask or the scores export), "Podcast or the 2017 interview?" and "Milo or
the article?", each revealed with whoever says the words it cites."""

from __future__ import annotations

import json

import pytest

from standin import BotEnv, CallbackType
from tests.backends import state_sql
from tests.trivia._support import (
    answer_ids,
    live_round,
    posted,
    right_and_wrong,
    start_game,
    wait_posts,
    wait_revealed,
)

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends

EXTENSIONS = ["cogs.trivia", "cogs.lookup", "cogs.reports", "cogs.config"]
REAL = "You are seeing things in the world you’ve never seen before."
DOCTORED = "You are seeing things in the mirror you’ve never seen before."
LABEL = "Real or fake?"


@pytest.fixture
async def forms_env(make_env, timing) -> BotEnv:
    return await make_env(extensions=EXTENSIONS)


async def ask_only(env: BotEnv, *keys: str) -> None:
    """Retire (on this server) every question but these."""
    await state_sql(env).execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id)"
        " SELECT ?, 'question', CAST(id AS TEXT) FROM questions"
        f" WHERE key NOT IN ({', '.join('?' for _ in keys)}) ON CONFLICT DO NOTHING",
        env.guild.id,
        *keys,
    )


def field(message, name: str) -> str:
    return next(f["value"] for e in message.embeds for f in e.get("fields", []) if f["name"] == name)


def labels(message) -> list[str]:
    return [b["label"] for b in message.buttons if b["custom_id"] in answer_ids(message)]


async def test_real_or_fake_is_labelled_wherever_its_doctored_line_goes(forms_env: BotEnv) -> None:
    """The label opens the question before either line; the buttons name a version by its word; a
    wrong click locks in that name, not the doctored line; the reveal cites the real words, says
    what was changed and who said them. Practice, a report, /quote, /ask and the export never show
    the doctored line unlabelled: every body the bot sent that holds it holds the label too."""
    env = forms_env
    fan, friend, mod = env.member("fan"), env.member("friend"), env.member("mod", manage_guild=True)
    await ask_only(env, "curated:fake-mirror")
    _, question = await start_game(env, fan, rounds=1, timer=10, category="quotes")
    lines = question.embeds[0]["description"].splitlines()
    assert lines[0].startswith(f"{LABEL} One of these is what Milo said on I Am All In, word for word")
    assert sorted(line for line in lines if line.startswith("> ")) == sorted([f"> {REAL}", f"> {DOCTORED}"])
    assert sorted(label.split(" · ", 1)[1] for label in labels(question)) == [
        "The line with “mirror”",
        "The line with “world”",
    ]
    right, wrong = right_and_wrong(env, question)
    locked = await env.click(question, wrong, member=friend)
    assert locked.ephemeral and "The line with “mirror”" in locked.text and DOCTORED not in locked.text
    await env.click(question, right, member=fan)
    await wait_revealed(env, question)
    assert "**Answer:** The line with “world”" in question.text
    assert field(question, "Where it comes from") == (
        f"Doctored: “world” was changed to “mirror”.\n“{REAL}”\n— Milo Ventimiglia, I Am All In (the podcast episode)"
    )

    await wait_posts(env, 2)  # the standings: the round is revealed in the database too, so it may be practised
    practice = await env.slash("trivia question", member=fan)
    assert practice.ephemeral and practice.embed["description"].startswith(LABEL)
    choice = next(b["custom_id"] for b in practice.buttons if b["custom_id"].startswith("trivia:q:"))
    revealed = await env.click(practice, choice, member=fan)
    assert "Doctored: “world” was changed to “mirror”." in revealed.text

    [report] = [b["custom_id"] for b in question.buttons if b["custom_id"].startswith("report:question:")]
    opened = await env.click(question, report, member=fan)
    assert opened.type == CallbackType.MODAL
    await env.submit_modal(opened, {"reason": "Is this really what he said?"})
    reports = await env.slash("config reports", member=mod)
    assert reports.embed["description"].startswith(LABEL), "the moderators see the label first"

    searched = await env.slash("quote search", text="seeing things in the mirror")
    asked = await env.slash("ask", question="did milo say he sees things in the mirror?")
    # Each echoes what was asked; neither shows the doctored words, and the search finds the real ones.
    assert "mirror you’ve never seen" not in searched.text + asked.text
    assert "the world you’ve never seen" in searched.text
    exported = await (await env.slash("config export", member=mod)).wait_followup()
    assert all(b"mirror" not in file.data for file in exported.files)

    sent = [json.dumps(r.json, ensure_ascii=False) for r in env.standin.requests if r.json]
    sent += [file.data.decode("utf-8", "replace") for r in env.standin.requests for file in r.files]
    showing = [body for body in sent if DOCTORED in body]
    assert showing, "the doctored line was shown"
    assert all(LABEL in body for body in showing)


async def test_where_and_whose_words_are_revealed_with_their_credit(forms_env: BotEnv) -> None:
    """ "Podcast or the 2017 interview?" offers the two occasions and credits the 2017 interview;
    "Milo or the article?" credits the article's narration for words that sound like his."""
    env = forms_env
    fan = env.member("fan")
    await ask_only(env, "curated:where-leave-it", "curated:voice-stop-asking")
    _, first = await start_game(env, fan, rounds=2, timer=10)
    seen = {}
    question = first
    for round_no in (1, 2):
        prompt, offered = live_round(env, question).question.prompt, labels(question)
        right, _ = right_and_wrong(env, question)
        await env.click(question, right, member=fan)
        await wait_revealed(env, question)
        seen[prompt.split("?", 1)[0]] = (offered, field(question, "Where it comes from"))
        if round_no == 1:
            await env.standin.wait_until(lambda: len(posted(env)) >= 2, within=10, what="the second question")
            question = posted(env)[1]
    where_choices, where_reveal = seen["Podcast or the 2017 interview"]
    assert sorted(c.split(" · ", 1)[1] for c in where_choices) == ["In a 2017 interview", "On I Am All In"]
    assert (
        where_reveal == "“why don’t we just leave it at that?”\n— Milo Ventimiglia, A 2017 interview (not the podcast)"
    )
    voice_choices, voice_reveal = seen["Milo or the article"]
    assert sorted(c.split(" · ", 1)[1] for c in voice_choices) == ["Milo", "The article"]
    assert voice_reveal == (
        "The article sums up his 2017 interview here; his own words were about pie.\n"
        "“fans should stop asking for more”\n— the article’s narration"
    )
