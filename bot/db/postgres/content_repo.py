"""The episode's content in PostgreSQL, for the state queries that join it (a reveal's evidence, a
report's item, the bank's filters). Written as SQLite's loader writes it (bot.db.content_repo), in one
transaction, rows upserted by their stable ids and retired (never deleted) when they leave the
content file. Searches never read it: they read each process's local SQLite and its FTS5 index.

The caller holds the "content" advisory lock (bot.db.repositories): processes starting together load
it once, and the others find its hash.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.model import CURATED_PREFIX, Content
from bot.db.content_repo import _FACTS, _OCCASIONS, _PEOPLE, _QUESTIONS, _QUOTES, CONTENT_HASH_KEY, content_rows
from bot.db.postgres.database import PgDatabase


def _upsert(table: str, columns: Sequence[str], key: str = "id") -> str:
    """INSERT ... ON CONFLICT DO UPDATE that leaves identical rows untouched."""
    updated = [c for c in columns if c != key]
    placeholders = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
    return (
        f"INSERT INTO {table} AS t ({', '.join(columns)}) VALUES ({placeholders}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in updated)} "
        f"WHERE ({', '.join(f't.{c}' for c in updated)}) IS DISTINCT FROM ({', '.join(f'excluded.{c}' for c in updated)})"
    )


class PgContentStore:
    """What the content loader needs of a database: the stored hash, the write, the counts."""

    def __init__(self, pg: PgDatabase) -> None:
        self._pg = pg

    async def content_hash(self) -> str | None:
        return await self._pg.fetch_value("SELECT value FROM meta WHERE key = $1", CONTENT_HASH_KEY)

    async def store(self, content: Content, content_hash: str) -> None:
        """Write everything in one transaction: all of it, or (on any error) none of it."""
        episode = content.episode
        rows = content_rows(content)
        people, occasions, quotes, facts = rows.people, rows.occasions, rows.quotes, rows.facts
        questions, links = rows.questions, rows.links
        async with self._pg.transaction() as conn:
            # References between content rows are DEFERRABLE INITIALLY DEFERRED: checked at COMMIT.
            await conn.execute(
                _upsert("article", ("id", "headline", "body", "source_note")),
                1,
                content.headline,
                content.article,
                episode.source_note,
            )
            for table, columns, rows in (
                ("people", _PEOPLE, people),
                ("occasions", _OCCASIONS, occasions),
                ("quotes", _QUOTES, quotes),
                ("facts", _FACTS, facts),
            ):
                await conn.executemany(_upsert(table, columns), rows)
                await conn.execute(
                    f"UPDATE {table} SET active = false WHERE active AND NOT id = ANY($1::text[])",
                    [row[0] for row in rows],
                )
            await conn.execute(
                _upsert("episode", ("id", "podcast", "host_id", "guest_id", "topic", "aired")),
                1,
                episode.podcast,
                episode.host_id,
                episode.guest_id,
                episode.topic,
                episode.aired,
            )
            await conn.execute(
                "DELETE FROM fact_people WHERE fact_id = ANY($1::text[])"
                " AND (fact_id, person_id) NOT IN (SELECT * FROM unnest($2::text[], $3::text[]))",
                [f.id for f in content.facts],
                [fact for fact, _ in links],
                [person for _, person in links],
            )
            await conn.executemany(
                "INSERT INTO fact_people (fact_id, person_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", links
            )
            await conn.executemany(_upsert("questions", _QUESTIONS, key="key"), questions)
            # Only curated questions: other key prefixes belong to the trivia generator and servers.
            await conn.execute(
                "UPDATE questions SET active = false WHERE active AND starts_with(key, $1) AND NOT key = ANY($2::text[])",
                CURATED_PREFIX,
                [q.key for q in content.questions],
            )
            await conn.execute(
                "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                CONTENT_HASH_KEY,
                content_hash,
            )

    async def counts(self) -> dict[str, int]:
        """Active rows per content table, in one statement."""
        row = await self._pg.fetch_one(
            "SELECT (SELECT count(*) FROM people WHERE active) AS people,"
            " (SELECT count(*) FROM occasions WHERE active) AS occasions,"
            " (SELECT count(*) FROM quotes WHERE active) AS quotes,"
            " (SELECT count(*) FROM facts WHERE active) AS facts,"
            " (SELECT count(*) FROM questions WHERE active AND starts_with(key, $1)) AS questions",
            CURATED_PREFIX,
        )
        assert row is not None
        return dict(row.items())
