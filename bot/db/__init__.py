"""Storage: one aiosqlite connection per process, numbered migrations, and the repositories, each an
interface with a SQLite implementation here and a PostgreSQL one in ``bot.db.postgres`` (used when
DATABASE_URL is set). ``bot.db.repositories`` builds the set the bot runs with."""

from bot.db.database import Database, MigrationError

__all__ = ["Database", "MigrationError"]
