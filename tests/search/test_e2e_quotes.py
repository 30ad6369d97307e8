"""/quote through the real bot and the Discord stand-in: cards, searches, bad input, pages."""

from __future__ import annotations

import re

import pytest

from bot.search.stopwords import STOP_WORDS
from bot.search.text import words
from standin import BotEnv, CallbackType
from tests.backends import state_sql

EXTENSIONS = ["cogs.lookup", "cogs.reports"]
HEADLINE_START = "Milo Ventimiglia Has Made Peace"


@pytest.fixture
async def lookup_env(make_env) -> BotEnv:
    return await make_env(extensions=EXTENSIONS)


def custom_ids(result) -> list[str]:
    return [b["custom_id"] for b in result.buttons if b.get("custom_id")]


def button(result, suffix: str) -> dict:
    return next(b for b in result.buttons if b.get("custom_id", "").endswith(suffix))


async def quotes_in_db(env: BotEnv) -> list[dict]:
    rows = await env.bot.db.fetch_all("SELECT id, body, repeat_of FROM quotes WHERE active = 1 ORDER BY start_offset")
    return [dict(r) for r in rows]


async def test_random_quote_is_a_public_card_with_its_citation(lookup_env: BotEnv):
    """Speaker, where it was said and the source, plus Context and Report buttons."""
    result = await lookup_env.slash("quote random")
    assert result.type == CallbackType.MESSAGE and not result.ephemeral
    fields = {f["name"]: f["value"] for f in result.embed["fields"]}
    assert fields["Speaker"].startswith("Milo Ventimiglia")  # a voiced quote says so after the name
    assert fields["Where"]
    assert f"Source: the news article “{HEADLINE_START}" in result.embed["footer"]["text"]
    quote_id = custom_ids(result)[0].split(":")[-1]
    assert quote_id not in result.text  # internal ids stay internal
    assert custom_ids(result) == [f"lookup:ctx:quote:{quote_id}", f"report:quote:{quote_id}"]
    assert result.allowed_mentions == {"parse": []}


async def test_ephemeral_option(lookup_env: BotEnv):
    assert (await lookup_env.slash("quote random", ephemeral=True)).ephemeral


async def test_random_quote_by_speaker_id_name_or_alias(lookup_env: BotEnv):
    for typed in ("milo-ventimiglia", "Ventimiglia", "MILO"):
        result = await lookup_env.slash("quote random", speaker=typed)
        assert {f["name"]: f["value"] for f in result.embed["fields"]}["Speaker"].startswith("Milo Ventimiglia")


async def test_unknown_speaker_is_a_clear_ephemeral_answer(lookup_env: BotEnv):
    result = await lookup_env.slash("quote random", speaker="**Lorelai** @everyone")
    assert result.ephemeral and not result.embeds
    assert "I don't know anyone called" in result.content
    assert "\\*\\*Lorelai\\*\\*" in result.content and "@\u200beveryone" in result.content


async def test_the_2017_remark_is_never_shown_as_the_podcasts(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="greedy audiences")
    fields = {f["name"]: f["value"] for f in result.embed["fields"]}
    assert "2017" in fields["Where"] and "not the podcast" in fields["Where"]
    assert "**greedy**" in result.embed["description"] and "**audiences**" in result.embed["description"]


async def test_every_quote_is_found_by_three_of_its_words(lookup_env: BotEnv):
    """For each loaded quote, a search for three of its words (its longest) shows it (a repeat,
    the headline's deck, is shown through the quote it repeats)."""
    quotes = await quotes_in_db(lookup_env)
    assert len(quotes) >= 10
    for quote in quotes:
        candidates = sorted(dict.fromkeys(w for w in words(quote["body"]) if w not in STOP_WORDS), key=len)
        chosen = candidates[-3:] if len(candidates) >= 3 else sorted(set(words(quote["body"])), key=len)[-3:]
        result = await lookup_env.slash("quote search", text=" ".join(chosen))
        wanted = quote["repeat_of"] or quote["id"]
        shown_ids = {c.split(":")[-1] for c in custom_ids(result) if c.startswith("lookup:ctx:")}
        assert wanted in shown_ids, f"{chosen} did not find {wanted}: {result.content!r} {shown_ids}"


@pytest.mark.parametrize("text", ["dont", "don't", "don’t", "DON'T"])
async def test_apostrophes_either_way(lookup_env: BotEnv, text: str):
    result = await lookup_env.slash("quote search", text=text)
    assert "**don’t**" in result.embed["description"]


async def test_a_small_typo_is_forgiven_and_said_so(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="greddy")
    assert "serving of pie" in result.embed["description"]
    assert "“greddy” as “greedy”" in result.content


async def test_no_hit_says_so_and_suggests(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="zeppelin xylophone")
    assert result.ephemeral
    assert "No quote matches “zeppelin xylophone”" in result.content
    assert re.search(r"Try a word like “\w+”", result.content)


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("a", "at least two letters"),
        ("?!", "at least one word"),
        ("🥧🥧🥧", "at least one word"),
        ("-", "at least one word"),
        ("***", "at least one word"),
        ('"', "at least one word"),
        ("()", "at least one word"),
    ],
)
async def test_text_without_words_gets_a_clear_answer(lookup_env: BotEnv, text: str, answer: str):
    result = await lookup_env.slash("quote search", text=text)
    assert result.ephemeral and answer in result.content


@pytest.mark.parametrize(
    "text",
    [
        "NEAR(jess rory)",
        "jess AND rory",
        "jess OR pie",
        "NOT pie",
        "body: pie",
        "names:milo",
        "pie*",
        '"serving of',
        "(pie",
        "- pie",
        "{body}: pie",
        "pie ^ jess",
    ],
)
async def test_fts5_syntax_is_only_words(lookup_env: BotEnv, text: str):
    """Operators and column filters are searched as plain words: an answer, never an error."""
    result = await lookup_env.slash("quote search", text=text)
    # A message (deferred first when the machine is too busy to answer within DEFER_AFTER).
    assert result.type in (CallbackType.MESSAGE, CallbackType.DEFERRED_MESSAGE) and not result.ephemeral
    assert result.embeds or "No quote matches" in result.content


async def test_long_input_is_handled(lookup_env: BotEnv):
    """500 characters (the option's limit) work; longer text from a modified client is cut."""
    long_text = ("pie serving greedy " * 30)[:500]
    result = await lookup_env.slash("quote search", text=long_text)
    assert "serving of pie" in result.embed["description"] or "**pie**" in result.embed["description"]
    assert len(result.content) <= 2000
    huge = await lookup_env.slash("quote search", text="x" * 6000, validate=False)
    assert huge.ephemeral and len(huge.content) <= 2000
    assert huge.content.count("x") <= 200


async def test_echoed_text_is_escaped(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="pie **bold** <@123> @here")
    assert "\\*\\*bold\\*\\*" in result.content
    assert "@\u200bhere" in result.content
    assert result.allowed_mentions == {"parse": []}


@pytest.mark.both_backends
async def test_retired_quotes_are_left_out(lookup_env: BotEnv):
    """What a server retired is server state (PostgreSQL's, when it holds it); the search, in the
    process's SQLite, leaves it out all the same, there only."""
    found = await lookup_env.slash("quote search", text="greedy")
    assert "last serving of pie" in found.embed["description"]
    await state_sql(lookup_env).execute(
        "INSERT INTO retired_items (guild_id, item_kind, item_id) VALUES (?, 'quote', 'last-serving-of-pie')",
        lookup_env.guild.id,
    )
    result = await lookup_env.slash("quote search", text="greedy")
    assert "No quote matches" in result.content
    assert "last serving of pie" in (await lookup_env.slash("quote search", text="greedy", dm=True)).text


async def test_spoiler_mode_hides_quotes(lookup_env: BotEnv):
    await lookup_env.bot.guild_settings.update(lookup_env.guild.id, spoilers=True)
    result = await lookup_env.slash("quote search", text="greedy")
    description = result.embed["description"]
    assert description.startswith("||“") and description.endswith("”||")
    context = await lookup_env.click(result, "lookup:ctx:quote:last-serving-of-pie")
    assert "||**I do kind of feel like" in context.embed["description"]


async def test_context_button_shows_the_surrounding_sentences(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="greedy")
    other = lookup_env.member("another")
    context = await lookup_env.click(result, "lookup:ctx:quote:last-serving-of-pie", member=other)
    assert context.ephemeral
    text = context.embed["description"]
    assert "in a 2017 interview" in text  # the sentence before says where it was said
    assert "**I do kind of feel like audiences" in text
    assert f"Source: the news article “{HEADLINE_START}" in context.embed["footer"]["text"]


async def test_quote_by_pages_only_for_the_caller(lookup_env: BotEnv):
    fan, other = lookup_env.member("fan"), lookup_env.member("other")
    result = await lookup_env.slash("quote by", speaker="milo-ventimiglia", member=fan)
    assert len(result.embeds) == 3
    assert "page 1 of" in result.content
    assert button(result, ":prev")["disabled"] and button(result, ":at")["disabled"]
    first_page = [e["description"] for e in result.embeds]
    refused = await lookup_env.click(result, button(result, ":next")["custom_id"], member=other)
    assert refused.ephemeral and "Only the member who ran the command" in refused.content
    assert [e["description"] for e in result.embeds] == first_page
    turned = await lookup_env.click(result, button(result, ":next")["custom_id"], member=fan)
    assert turned.type == CallbackType.UPDATE_MESSAGE
    assert "page 2 of" in result.content and result.embeds[0]["author"]["name"].startswith("4.")
    assert not button(result, ":prev").get("disabled")


async def test_pages_after_a_restart_say_expired_and_disable_the_arrows(lookup_env: BotEnv):
    fan = lookup_env.member("fan")
    result = await lookup_env.slash("quote by", speaker="Milo", member=fan)
    next_id = button(result, ":next")["custom_id"]
    await lookup_env.restart_bot()
    clicked = await lookup_env.click(result, next_id, member=fan)
    assert clicked.type == CallbackType.UPDATE_MESSAGE
    assert (await clicked.wait_followup()).content.startswith("These results have expired")
    assert button(result, ":next")["disabled"] and button(result, ":prev")["disabled"]
    # the cards' own buttons still work after the restart
    context = await lookup_env.click(result, custom_ids(result)[0], member=fan)
    assert context.ephemeral and context.embed["description"]


async def test_pages_disable_their_arrows_when_they_expire(lookup_env: BotEnv, monkeypatch):
    monkeypatch.setattr("cogs._cards.PAGE_TIMEOUT", 0.2)
    result = await lookup_env.slash("quote by", speaker="Milo")
    await result.wait_edit()
    assert button(result, ":next")["disabled"]
    assert "expired" in result.content


async def test_feature_off_refuses_and_autocompletes_nothing(lookup_env: BotEnv):
    await lookup_env.bot.guild_settings.set_feature(lookup_env.guild.id, "quotes", False)
    result = await lookup_env.slash("quote random")
    assert result.ephemeral and "turned quotes off" in result.content
    assert await lookup_env.autocomplete("quote by", focused="speaker", value="mi") == []
    assert (await lookup_env.slash("whois", person="Milo")).embeds  # /whois is always on


async def test_speaker_autocomplete_offers_only_people_with_quotes(lookup_env: BotEnv):
    """Only Milo is quoted: the other five would lead to a dead end."""
    assert await lookup_env.autocomplete("quote by", focused="speaker", value="PALL") == []
    everyone = await lookup_env.autocomplete("quote random", focused="speaker", value="")
    assert [c["value"] for c in everyone] == ["milo-ventimiglia"]
    assert [c["value"] for c in await lookup_env.autocomplete("quote by", focused="speaker", value="jess")] == [
        "milo-ventimiglia"
    ]
    assert await lookup_env.autocomplete("quote by", focused="speaker", value="zzz") == []
    # A server that retired all of Milo's quotes has no speaker left to offer.
    await lookup_env.bot.db.write(
        "INSERT INTO retired_items (guild_id, item_kind, item_id)"
        " SELECT ?, 'quote', id FROM quotes WHERE speaker_id = 'milo-ventimiglia'",
        (lookup_env.guild.id,),
    )
    assert await lookup_env.autocomplete("quote random", focused="speaker", value="") == []


async def test_works_in_direct_messages(lookup_env: BotEnv):
    result = await lookup_env.slash("quote search", text="pie", dm=True)
    assert "pie" in result.embed["description"]


async def test_later_pages_of_a_search_are_highlighted_too(lookup_env: BotEnv):
    """Results past the first page get their matched words marked when their page is shown."""
    fan = lookup_env.member("fan")
    result = await lookup_env.slash("quote search", text="think", member=fan)
    assert "page 1 of" in result.content
    assert all("**think**" in e["description"].lower() for e in result.embeds)
    await lookup_env.click(result, button(result, ":next")["custom_id"], member=fan)
    assert "page 2 of" in result.content
    assert all("**think**" in e["description"].lower() for e in result.embeds)


async def test_a_slow_search_defers_then_answers(lookup_env: BotEnv, monkeypatch):
    """Past DEFER_AFTER the command defers (Discord's 3 s) and edits the answer in."""
    monkeypatch.setattr("cogs._cards.DEFER_AFTER", 0.0)
    result = await lookup_env.slash("quote search", text="greedy", ephemeral=True)
    assert result.type == CallbackType.DEFERRED_MESSAGE and result.ephemeral
    await result.wait_edit()
    assert "**greedy**" in result.embed["description"]


async def test_a_slow_search_that_fails_leaves_no_placeholder(lookup_env: BotEnv, monkeypatch):
    monkeypatch.setattr("cogs._cards.DEFER_AFTER", 0.0)
    result = await lookup_env.slash("quote search", text="zeppelin xylophone")
    assert result.type == CallbackType.DEFERRED_MESSAGE
    followup = await result.wait_followup()
    assert followup.ephemeral and "No quote matches" in followup.content
    assert lookup_env.standin.requests_matching("DELETE /webhooks/*/messages/@original")  # before the follow-up


async def test_a_search_past_its_time_budget_asks_for_something_more_specific(lookup_env: BotEnv, monkeypatch):
    """The real progress handler stops the statement; the member gets a short ephemeral answer,
    not an error, and the next search works."""
    from bot.db.search_repo import SearchRepo

    async with lookup_env.bot.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO quotes (id, body, speaker_id, occasion_id, kind, passage_id, start_offset, end_offset)"
            " VALUES (?, ?, 'milo-ventimiglia', 'podcast', 'own', ?, 0, 1)",
            [(f"bulk-{i}", f"pie number {i} and more pie", f"bulk-{i}") for i in range(3000)],
        )
    monkeypatch.setitem(SearchRepo.search.__kwdefaults__, "budget", 0.0)
    for command, option in (("quote search", "text"), ("ask", "question")):
        result = await lookup_env.slash(command, **{option: "pie number"})
        assert result.ephemeral and not result.embeds, command
        assert "matches too much" in result.content and "more specific" in result.content, command
    monkeypatch.undo()
    assert "**greedy**" in (await lookup_env.slash("quote search", text="greedy")).embed["description"]
