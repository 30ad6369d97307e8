"""The /episode card: built from the stored content, honest where the article is silent, within
Discord's limits whatever the content holds. (The end-to-end run is in tests/e2e.)"""

from __future__ import annotations

import re

import discord

from bot.client import CompanionBot
from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.content_repo import ContentRepo, EpisodeCard, Person
from bot.settings import Settings
from cogs.episode import NOT_STATED, Episode, build_episode_embed


def fields(embed: discord.Embed) -> dict[str, str]:
    return {f.name: f.value for f in embed.fields}


async def test_card_shows_podcast_host_guest_topic_people_and_source(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    card = await ContentRepo(db).episode_card()
    assert card is not None
    embed = build_episode_embed(card)
    shown = fields(embed)
    lines = embed.description.splitlines()
    assert lines[:3] == [
        "**Podcast:** I Am All In",
        "**Host:** Scott Patterson (plays Luke)",
        "**Guest:** Milo Ventimiglia (plays Jess)",
    ]
    assert lines[3].startswith("**Topic:** Milo Ventimiglia looks back on Jess and Rory’s relationship")
    assert lines[4] == f"**Aired:** {NOT_STATED}" == "**Aired:** not stated in the source"
    assert embed.footer.text.startswith(
        "Source: the news article “Milo Ventimiglia Has Made Peace With Jess and Rory Not Working Out on ‘Gilmore Girls’”"
    )
    # Everyone else once, with what they do; host and guest are not repeated; writers are writers.
    assert list(shown) == [
        "Alexis Bledel · plays Rory",
        "Lauren Graham · in the cast; whom they play is not stated in the source",
        "Dan Palladino · writer",
        "Amy Sherman-Palladino · writer",
    ]
    assert "plays: not stated" not in str(embed.to_dict())


async def test_a_persons_part_is_said_once(db: Database, paths: ContentPaths) -> None:
    """ "Dan Palladino · writer" is not followed by "Writer."; nor "plays Rory" by "Played Rory", nor
    "whom they play is not stated" by "The article does not say whom she plays"."""
    await load_content(db, paths)
    card = await ContentRepo(db).episode_card()
    assert card is not None
    for person in card.people:  # every description, as /episode and /whois show it beside the part
        said_again = re.search(r"\bplay(s|ed|ing)?\b|^writer\b", person.description, re.IGNORECASE)
        assert said_again is None, f"{person.name}: the part is shown beside {person.description!r} already"
    for name, value in fields(build_episode_embed(card)).items():
        part = name.split(" · ", 1)[1].split(";")[0]
        assert not value.casefold().startswith(part.casefold()), f"{name!r} then {value!r}"


async def test_card_is_none_before_content_is_loaded(db: Database) -> None:
    assert await ContentRepo(db).episode_card() is None


def test_hostile_content_stays_within_discords_limits() -> None:
    hostile = "@everyone **bold** <@123> " + "x" * 5000
    person = Person("p", hostile[:300], (), hostile, hostile[:100], None, None)
    people = tuple(Person(f"p{i}", f"Person {i} " + "y" * 300, (), hostile, None, None, None) for i in range(40))
    card = EpisodeCard(hostile, person, person, hostile, hostile, hostile, hostile, (person, *people))
    embed = build_episode_embed(card)
    assert len(embed) <= 6000
    assert len(embed.fields) <= 25
    assert len(embed.title) <= 256 and len(embed.description) <= 4096 and len(embed.footer.text) <= 2048
    assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in embed.fields)
    assert embed.footer.text.startswith("Source: the news article")  # people are dropped, never the source
    text = embed.description + "".join(f.value for f in embed.fields)
    assert "@everyone" not in text and "\\*\\*bold\\*\\*" in text


async def test_cog_builds_the_card_once_at_load(db: Database, paths: ContentPaths) -> None:
    await load_content(db, paths)
    bot = CompanionBot(Settings(discord_token="t" * 40, database_path=db.path), db, extensions=[])
    await bot.load_extension("cogs.episode")
    cog = bot.get_cog("Episode")
    assert type(cog).__name__ == Episode.__name__ and cog.embed is not None
    assert "Milo Ventimiglia" in cog.embed.description
    assert bot.tree.get_command("episode") is not None
    await bot.unload_extension("cogs.episode")


def test_a_long_role_is_cut_inside_the_person_field_name() -> None:
    person = Person("p", "Someone_", (), "a description", "played by " + "_" * 400, None, None)
    host = Person("h", "Host", (), "hosts", None, None, None)
    card = EpisodeCard("Podcast", host, host, "topic", None, "headline", "note", (host, person))
    name = build_episode_embed(card).fields[-1].name
    assert len(name) <= 256
    assert name.startswith("Someone\\_ · plays played by \\_") and name.endswith("\\_…")
