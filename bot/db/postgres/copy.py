"""``python -m bot migrate-to-postgres``: copy a SQLite database's server state (and the content it
joins) into the PostgreSQL of ``DATABASE_URL``, keeping every id, then check the counts table by table.

One transaction: the target ends up with all of it or none of it. The migrations lock is held
throughout, so a bot starting meanwhile waits (at its migrations) until the copy is done. A target
that already holds rows is refused unless ``--force``, which empties it first. The answers' trigger
is off during the copy: the scores are copied as they are, not folded again.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from bot.db.database import Database
from bot.db.postgres.database import PgDatabase

# In an order that respects the references (content first; the rest checked at COMMIT anyway).
TABLES = (
    "meta",
    "article",
    "people",
    "occasions",
    "episode",
    "quotes",
    "facts",
    "fact_people",
    "questions",
    "guild_settings",
    "guild_features",
    "game_channels",
    "audit_log",
    "members",
    "games",
    "game_rounds",
    "answers",
    "hints",
    "game_teams",
    "scores",
    "seasons",
    "question_asks",
    "reports",
    "retired_items",
    "suggestions",
    "member_filings",
)
# SQLite tables that stay in each process's own SQLite file: the search index (search_*, FTS5's own
# tables) and what only /ask reads.
LOCAL_ONLY_PREFIX, LOCAL_ONLY = "search_", ("synonyms",)
IDENTITY_TABLES = ("audit_log", "questions", "games", "answers", "reports", "suggestions")
BATCH = 5000

_CONVERT: dict[str, Callable[[Any], Any]] = {
    "boolean": bool,
    "bigint": int,
    "integer": int,
    "double precision": float,
    "text": str,
}


class CopyRefused(RuntimeError):
    """Nothing was copied; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class CopyReport:
    source: Path
    target: str  # the URL without its password
    counts: list[tuple[str, int, int]]  # table, rows in SQLite, rows in PostgreSQL
    seconds: float

    @property
    def matches(self) -> bool:
        return all(source == target for _, source, target in self.counts)

    def lines(self) -> list[str]:
        width = max(len(table) for table, _, _ in self.counts)
        out = [f"copied {self.source} into {self.target} in {self.seconds:.1f} s:"]
        out.append(f"  {'table'.ljust(width)}  {'sqlite':>10}  {'postgresql':>10}")
        for table, source, target in self.counts:
            flag = "" if source == target else "  MISMATCH"
            out.append(f"  {table.ljust(width)}  {source:>10,}  {target:>10,}{flag}")
        total = sum(source for _, source, _ in self.counts)
        out.append(
            f"all {len(self.counts)} tables match ({total:,} rows)"
            if self.matches
            else "the counts differ: nothing was kept (the copy was rolled back)"
        )
        return out


async def copy_to_postgres(sqlite_path: Path, url: str, *, force: bool = False) -> CopyReport:
    """Copy ``sqlite_path``'s server state and content into ``url``; raises :class:`CopyRefused`."""
    if not await asyncio.to_thread(sqlite_path.is_file):
        raise CopyRefused(f"DATABASE_PATH {sqlite_path} does not exist: there is nothing to copy")
    started = time.perf_counter()
    async with Database(sqlite_path) as source, PgDatabase(url) as target:  # both migrated on open
        await _check_tables(source)
        async with target.advisory_lock("migrations") as conn:
            columns = await _target_columns(conn)
            filled = {t: n for t in TABLES if (n := await conn.fetchval(f"SELECT count(*) FROM {t}"))}
            if filled and not force:
                listed = ", ".join(f"{table} ({n:,})" for table, n in filled.items())
                raise CopyRefused(
                    f"{target.where} already holds rows: {listed}. Add --force to empty it first (its rows are lost)"
                )
            counts: list[tuple[str, int, int]] = []
            report: CopyReport | None = None
            try:
                async with conn.transaction():
                    if filled:
                        await conn.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
                    await conn.execute("SET CONSTRAINTS ALL DEFERRED")
                    await conn.execute("ALTER TABLE answers DISABLE TRIGGER answers_fold_into_scores")
                    for table in TABLES:
                        copied = await _copy_table(source, conn, table, columns[table])
                        counts.append((table, copied, await conn.fetchval(f"SELECT count(*) FROM {table}")))
                    await conn.execute("ALTER TABLE answers ENABLE TRIGGER answers_fold_into_scores")
                    # New rows continue after the copied ids, and after any id SQLite ever gave
                    # (AUTOINCREMENT: a deleted report's id is not handed out again here either).
                    given = await _highest_ids_given(source)
                    for table in IDENTITY_TABLES:
                        await conn.execute(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                            f" greatest(coalesce((SELECT max(id) FROM {table}), 0), $1::bigint) + 1, false)",
                            given.get(table, 0),
                        )
                    report = CopyReport(sqlite_path, target.where, counts, time.perf_counter() - started)
                    if not report.matches:
                        raise _Mismatch(report)
            except _Mismatch as mismatch:
                return mismatch.report  # rolled back
    assert report is not None
    return report


class _Mismatch(Exception):
    def __init__(self, report: CopyReport) -> None:
        super().__init__("counts differ")
        self.report = report


async def _highest_ids_given(source: Database) -> dict[str, int]:
    """The highest id SQLite ever gave, by AUTOINCREMENT table (rows since deleted included). The
    source is migrated when opened, so reports and suggestions (migration 0018) are such tables."""
    rows = await source.fetch_all("SELECT name, seq FROM sqlite_sequence")
    return {row["name"]: int(row["seq"]) for row in rows}


async def _check_tables(source: Database) -> None:
    """Every SQLite table is either copied or local to each process: a table added to SQLite's
    migrations without a place in PostgreSQL's is refused, not silently left behind."""
    rows = await source.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
    unknown = sorted(
        name
        for name in (r["name"] for r in rows)
        if name not in TABLES and name not in LOCAL_ONLY and not name.startswith(LOCAL_ONLY_PREFIX)
    )
    if unknown:
        raise CopyRefused(f"tables this version cannot copy to PostgreSQL: {', '.join(unknown)}")


async def _target_columns(conn: asyncpg.Connection) -> dict[str, list[tuple[str, str]]]:
    rows = await conn.fetch(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = ANY($1::text[]) ORDER BY table_name, ordinal_position",
        list(TABLES),
    )
    columns: dict[str, list[tuple[str, str]]] = {table: [] for table in TABLES}
    for row in rows:
        columns[row["table_name"]].append((row["column_name"], row["data_type"]))
    return columns


async def _copy_table(source: Database, conn: asyncpg.Connection, table: str, columns: list[tuple[str, str]]) -> int:
    """Copy ``table`` in batches (by rowid) with COPY; the number of rows read from SQLite."""
    names = [name for name, _ in columns]
    present = {r["name"] for r in await source.fetch_all(f"SELECT name FROM pragma_table_info('{table}')")}
    if missing := [n for n in names if n not in present]:
        raise CopyRefused(f"{table} in SQLite lacks {', '.join(missing)}: start the bot once on it to migrate it")
    if extra := sorted(present - set(names)):
        raise CopyRefused(f"{table}.{', '.join(extra)} in SQLite has no place in PostgreSQL (a migration is missing)")
    convert = [_CONVERT.get(kind, lambda v: v) for _, kind in columns]
    copied, last = 0, 0
    while True:
        rows = await source.fetch_all(
            f"SELECT rowid, {', '.join(names)} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?", (last, BATCH)
        )
        if not rows:
            return copied
        records = [
            tuple(None if value is None else to(value) for to, value in zip(convert, tuple(row)[1:], strict=True))
            for row in rows
        ]
        await conn.copy_records_to_table(table, records=records, columns=names)
        copied += len(rows)
        last = rows[-1][0]
