"""SQLite storage: one aiosqlite connection per process, numbered migrations, repositories."""

from bot.db.database import Database, MigrationError

__all__ = ["Database", "MigrationError"]
