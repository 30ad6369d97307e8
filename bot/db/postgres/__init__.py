"""The server state in a shared PostgreSQL (DATABASE_URL): the pool, its own numbered migrations, and
a repository for each of SQLite's, with the same interface and behaviour and its own SQL."""
