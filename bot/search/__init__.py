"""Search over the episode's quotes, facts and people: query shaping for SQLite FTS5, highlighting,
article context and name matching. Plain Python: never imports discord, holds no SQL."""
