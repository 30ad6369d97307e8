"""A PostgreSQL server for the benchmarks: a throwaway cluster on this machine (tests/pg_cluster.py, with
PostgreSQL's own durable defaults, not the tests' fsync=off), or one given by URL; fresh databases in
it; and its CPU, read from /proc when the server runs on this machine.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Sequence

import asyncpg

from bench.cpu import command_name, parent_of, tree_cpu_seconds

_numbers = itertools.count(1)


class PgServer:
    """``await PgServer.open(url_or_None)``; :meth:`new_database` for each bot set-up; :meth:`close`."""

    def __init__(self, admin_url: str, cluster: object | None = None) -> None:
        self.admin_url = admin_url  # a role that may CREATE DATABASE
        self.cluster = cluster  # a tests.pg_cluster.ThrowawayCluster this object started, or None
        self.postmaster_pid: int | None = None
        self._made: list[str] = []

    @classmethod
    async def open(cls, admin_url: str | None = None, settings: Sequence[str] = ()) -> PgServer:
        """``settings``: ``-c`` options of the throwaway server (none: PostgreSQL's defaults, fsync and
        synchronous_commit on)."""
        cluster = None
        if admin_url is None:
            from tests.pg_cluster import ThrowawayCluster

            cluster = ThrowawayCluster(settings=settings).start()
            admin_url = cluster.url()
        server = cls(admin_url, cluster)
        try:
            server.postmaster_pid = await server._find_postmaster()
        except BaseException:
            await server.close()
            raise
        return server

    async def _find_postmaster(self) -> int | None:
        """The server's postmaster, when it runs on this machine: the parent of our backend (which
        /proc shows only if the server is local)."""
        conn = await asyncpg.connect(self.admin_url)
        try:
            postmaster = parent_of(await conn.fetchval("SELECT pg_backend_pid()"))  # while the backend lives
        finally:
            await conn.close()
        if postmaster is None or not (command_name(postmaster) or "").startswith("postgres"):
            return None  # another machine (or container): its CPU cannot be read from here
        return postmaster

    async def new_database(self, label: str) -> str:
        """The URL of a new, empty database (the bot migrates it on start)."""
        name = f"bench_{label}_{os.getpid()}_{next(_numbers)}"
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(f"CREATE DATABASE {name}")
        finally:
            await conn.close()
        self._made.append(name)
        return self.admin_url.rsplit("/", 1)[0] + f"/{name}"

    def cpu_seconds(self) -> float | None:
        """CPU of the whole server (postmaster, backends, background workers), or None if not local."""
        return None if self.postmaster_pid is None else tree_cpu_seconds(self.postmaster_pid)

    async def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()  # the databases go with it
            return
        if self._made:
            conn = await asyncpg.connect(self.admin_url)
            try:
                for name in self._made:
                    await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            finally:
                await conn.close()
