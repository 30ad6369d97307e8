"""Every repository the bot uses, built once at start-up for the storage it was given.

Two set-ups, one set of interfaces (the cogs never know which):

* SQLite only (the default): ``DATABASE_PATH`` holds everything.
* ``DATABASE_URL`` set: the server state (settings, games, answers, scores, reports, suggestions,
  the audit log, bookkeeping) lives in the shared PostgreSQL; the article's content and its FTS5
  index stay in a local SQLite file (``DATABASE_PATH``) that each process loads for itself, and
  the content is also loaded once into PostgreSQL for the state's joins. Search asks the state's
  backend what a server retired and passes it into its SQLite query (docs/architecture.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.content.load_process import load_content_in_child
from bot.content.loader import ContentPaths, LoadReport, load_content_into
from bot.db.content_repo import ContentRepo
from bot.db.database import Database
from bot.db.guild_settings import GuildSettingsRepo, SqliteGuildSettingsRepo
from bot.db.member_keys import MemberKeys
from bot.db.meta import MetaRepo, SqliteMetaRepo
from bot.db.moderation_repo import ModerationRepo, SqliteModerationRepo
from bot.db.ops_repo import OpsRepo, SqliteOpsRepo
from bot.db.search_repo import SearchRepo
from bot.db.seasons_repo import SeasonsRepo, SqliteSeasonsRepo
from bot.db.suggestions_repo import SqliteSuggestionsRepo, SuggestionsRepo
from bot.db.trivia_formats_repo import FormatsRepo, SqliteFormatsRepo
from bot.db.trivia_repo import SqliteTriviaRepo, TriviaRepo

if TYPE_CHECKING:
    from bot.db.postgres.database import PgDatabase
    from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Repositories:
    """The bot's repositories. ``db`` is the process's SQLite file (content and search, and on
    SQLite everything); ``pg`` the shared PostgreSQL when the server state lives there."""

    db: Database
    content: ContentRepo
    search: SearchRepo
    meta: MetaRepo
    guild_settings: GuildSettingsRepo
    trivia: TriviaRepo
    moderation: ModerationRepo
    suggestions: SuggestionsRepo
    ops: OpsRepo
    formats: FormatsRepo  # trivia's hints, teams, game results and daily streaks
    seasons: SeasonsRepo
    pg: PgDatabase | None = None

    @property
    def backend(self) -> str:
        """Where the server state lives: 'sqlite' or 'postgresql'."""
        return "sqlite" if self.pg is None else "postgresql"

    @classmethod
    def sqlite(cls, db: Database) -> Repositories:
        guild_settings = SqliteGuildSettingsRepo(db)
        meta = SqliteMetaRepo(db)
        keys = MemberKeys(meta)
        moderation = SqliteModerationRepo(db, guild_settings, keys)
        return cls(
            db=db,
            content=ContentRepo(db),
            search=SearchRepo(db),  # reads what a server retired in the same statement, same file
            meta=meta,
            guild_settings=guild_settings,
            trivia=SqliteTriviaRepo(db),
            moderation=moderation,
            suggestions=SqliteSuggestionsRepo(db, keys),
            ops=SqliteOpsRepo(db),
            formats=SqliteFormatsRepo(db),
            seasons=SqliteSeasonsRepo(db),
        )

    @classmethod
    def postgres(cls, db: Database, pg: PgDatabase) -> Repositories:
        # Imported here: a SQLite-only bot never loads asyncpg.
        from bot.db.postgres.guild_settings import PgGuildSettingsRepo
        from bot.db.postgres.meta import PgMetaRepo
        from bot.db.postgres.moderation_repo import PgModerationRepo
        from bot.db.postgres.ops_repo import PgOpsRepo
        from bot.db.postgres.seasons_repo import PgSeasonsRepo
        from bot.db.postgres.suggestions_repo import PgSuggestionsRepo
        from bot.db.postgres.trivia_formats_repo import PgFormatsRepo
        from bot.db.postgres.trivia_repo import PgTriviaRepo

        guild_settings = PgGuildSettingsRepo(pg)
        meta = PgMetaRepo(pg)
        keys = MemberKeys(meta)
        moderation = PgModerationRepo(pg, guild_settings, keys)
        return cls(
            db=db,
            content=ContentRepo(db),
            search=SearchRepo(db, retired=moderation.retired_items),
            meta=meta,
            guild_settings=guild_settings,
            trivia=PgTriviaRepo(pg),
            moderation=moderation,
            suggestions=PgSuggestionsRepo(pg, keys),
            ops=PgOpsRepo(pg),
            formats=PgFormatsRepo(pg),
            seasons=PgSeasonsRepo(pg),
            pg=pg,
        )

    async def prepare(self, paths: ContentPaths) -> LoadReport:
        """Migrate and load the content: into the local SQLite (checked and written by a child
        process, which keeps what checking leaves behind out of the bot's memory), and (PostgreSQL)
        into the shared database, once, whichever process gets there first. Raises ``ContentError``
        (nothing stored), ``MigrationError`` and ``ContentLoadFailed`` (the child failed: its stderr)."""
        await self.db.migrate()
        report = await load_content_in_child(self.db, paths)
        if self.pg is not None:
            from bot.db.postgres.content_repo import PgContentStore

            await self.pg.migrate()
            async with self.pg.advisory_lock("content"):
                shared = await load_content_into(PgContentStore(self.pg), paths)
            if shared.loaded:
                log.info("content stored in PostgreSQL too")
        return report

    def time_writes(self, on_write: Callable[[float], None] | None) -> None:
        """Report each write's seconds to ``on_write`` (metrics), on whichever database takes it."""
        self.db.on_write = on_write
        if self.pg is not None:
            self.pg.on_write = on_write

    async def close(self) -> None:
        """Close both databases (again is fine: SIGTERM and the caller may both close)."""
        await self.search.reader.close()
        if self.pg is not None:
            await self.pg.close()
        await self.db.close()


async def open_repositories(settings: Settings) -> Repositories:
    """Open the SQLite file and, with ``DATABASE_URL``, the PostgreSQL pool, migrating both. Raises
    ``DatabaseUnusable``, ``MigrationError`` or ``DatabaseUnreachable`` (nothing left open)."""
    db = Database(settings.database_path)
    try:
        await db.connect()
        if settings.database_url is None:
            return Repositories.sqlite(db)
        from bot.db.postgres.database import PgDatabase

        pg = PgDatabase(settings.database_url)
        try:
            await pg.connect()
        except BaseException:
            await pg.close()
            raise
        log.info("server state in PostgreSQL at %s; content and search in %s", pg.where, settings.database_path)
        return Repositories.postgres(db, pg)
    except BaseException:
        await db.close()  # or aiosqlite's thread outlives the failure
        raise
