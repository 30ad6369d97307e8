"""``/episode`` through discord.py: the card a fan sees, built from the article's content."""

from __future__ import annotations

import pytest

from bot.settings import PROJECT_ROOT
from standin import BotEnv, CallbackType

HEADLINE = (PROJECT_ROOT / "data" / "article.txt").read_text(encoding="utf-8").splitlines()[0].strip()


@pytest.fixture
async def episode_env(make_env) -> BotEnv:
    return await make_env(extensions=["cogs.episode"])


async def test_episode_card_answers_publicly_with_who_is_who(episode_env: BotEnv):
    """Podcast, host and guest with whom they play, topic, people, headline; in the channel for all."""
    result = await episode_env.slash("episode", member=episode_env.member("fan"))
    assert result.type == CallbackType.MESSAGE
    assert not result.ephemeral
    assert result.allowed_mentions == {"parse": []}
    card = result.text
    for expected in ("I Am All In", "Scott Patterson", "Luke", "Milo Ventimiglia", "Jess", "Alexis Bledel", "Rory"):
        assert expected in card, f"{expected!r} missing from the card:\n{card}"
    assert HEADLINE in card
    assert "Jess and Rory" in result.embed["description"]  # the topic


async def test_episode_card_says_the_air_date_is_not_stated(episode_env: BotEnv):
    """The article never dates the episode, so the card says so instead of guessing."""
    result = await episode_env.slash("episode")
    assert "**Aired:** not stated in the source" in result.embed["description"].splitlines()


async def test_episode_answers_every_member_alike(episode_env: BotEnv):
    """No permission is needed: a member with no permissions at all gets the same card."""
    everyone = await episode_env.slash("episode", member=episode_env.member("lurker", permissions=0))
    fan = await episode_env.slash("episode", member=episode_env.member("fan"))
    assert everyone.embeds == fan.embeds


async def test_each_person_is_introduced_once(episode_env: BotEnv):
    """A person's part is in their field's name ("Dan Palladino · writer"); the text under it does not
    say it again ("Writer."), nor say twice that the article never names Lauren Graham's part."""
    card = (await episode_env.slash("episode")).embed
    fields = {f["name"]: f["value"] for f in card["fields"]}
    assert fields["Dan Palladino · writer"].startswith("Milo pictures him and Amy Sherman-Palladino")
    assert fields["Alexis Bledel · plays Rory"].startswith("The other half of Jess and Rory’s love story")
    lauren = next(name + value for name, value in fields.items() if name.startswith("Lauren Graham · "))
    assert lauren.count("play") == 1, lauren
