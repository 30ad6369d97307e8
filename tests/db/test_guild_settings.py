"""Per-server settings on each backend: defaults, updates, feature toggles, isolation between servers."""

from __future__ import annotations

import pytest

from bot.db.guild_settings import GuildSettingsRepo
from tests.backends import Store


async def test_unknown_server_gets_defaults(store: Store) -> None:
    """A server never configured gets the declared defaults."""
    config = await store.repos.guild_settings.get(1)
    assert (config.spoilers, config.trivia_timer, config.trivia_rounds, config.season) == (False, 20, 5, 1)
    assert config.feature_enabled("quotes") and config.games_allowed_in(123)


async def test_updates_are_per_server_and_seen_by_another_process(store: Store) -> None:
    """Changing one server's settings leaves another's alone, and a fresh repository (another
    process, or the next start) sees the change."""
    repo = store.repos.guild_settings
    await repo.update(1, spoilers=True, trivia_timer=30, daily_last_date="2024-05-02")
    await repo.set_feature(1, "ask", False)
    assert (await repo.get(2)).spoilers is False
    fresh: GuildSettingsRepo = type(repo)(store.repos.pg or store.repos.db)  # type: ignore[call-arg]
    config = await fresh.get(1)
    assert config.spoilers is True and config.trivia_timer == 30 and config.daily_last_date == "2024-05-02"
    assert not config.feature_enabled("ask") and config.feature_enabled("trivia")


async def test_cached_settings_are_dropped_on_a_write(store: Store) -> None:
    """A read caches; a write through the repository is seen at once."""
    repo = store.repos.guild_settings
    assert (await repo.get(1)).hints is False
    assert repo.cached(1) is not None
    assert (await repo.update(1, hints=True)).hints is True
    assert (await repo.get(1)).hints is True


async def test_unknown_setting_and_feature_are_errors(store: Store) -> None:
    """A typo in a setting or feature name is an error, not a silent no-op."""
    repo = store.repos.guild_settings
    with pytest.raises(KeyError):
        await repo.update(1, spoiler=True)
    with pytest.raises(KeyError):
        await repo.set_feature(1, "games", False)


async def test_database_constraints_reject_out_of_range_values(store: Store) -> None:
    """The schema itself refuses a timer outside 10-60 s."""
    with pytest.raises(Exception, match=r"(?i)check"):
        await store.repos.guild_settings.update(1, trivia_timer=5)
    assert (await store.repos.guild_settings.get(1)).trivia_timer == 20
