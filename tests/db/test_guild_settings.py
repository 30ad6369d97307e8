"""Per-server settings: defaults, updates, feature toggles, isolation between servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db import Database
from bot.db.guild_settings import GuildSettingsRepo


async def test_unknown_server_gets_defaults(tmp_path: Path) -> None:
    """A server never configured gets the declared defaults."""
    async with Database(tmp_path / "bot.db") as db:
        config = await GuildSettingsRepo(db).get(1)
        assert (config.spoilers, config.trivia_timer, config.trivia_rounds, config.season) == (False, 20, 5, 1)
        assert config.feature_enabled("quotes") and config.games_allowed_in(123)


async def test_updates_are_per_server_and_survive_a_new_repo(tmp_path: Path) -> None:
    """Changing one server's settings leaves another's alone, and a fresh process sees the change."""
    path = tmp_path / "bot.db"
    async with Database(path) as db:
        repo = GuildSettingsRepo(db)
        await repo.update(1, spoilers=True, trivia_timer=30)
        await repo.set_feature(1, "ask", False)
        assert (await repo.get(2)).spoilers is False
    async with Database(path) as db:
        config = await GuildSettingsRepo(db).get(1)
        assert config.spoilers is True and config.trivia_timer == 30
        assert not config.feature_enabled("ask") and config.feature_enabled("trivia")


async def test_unknown_setting_and_feature_are_errors(tmp_path: Path) -> None:
    """A typo in a setting or feature name is an error, not a silent no-op."""
    async with Database(tmp_path / "bot.db") as db:
        repo = GuildSettingsRepo(db)
        with pytest.raises(KeyError):
            await repo.update(1, spoiler=True)
        with pytest.raises(KeyError):
            await repo.set_feature(1, "games", False)


async def test_database_constraints_reject_out_of_range_values(tmp_path: Path) -> None:
    """The schema itself refuses a timer outside 10-60 s."""
    async with Database(tmp_path / "bot.db") as db:
        with pytest.raises(Exception, match="CHECK"):
            await GuildSettingsRepo(db).update(1, trivia_timer=5)
