"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a server on a loopback port
(and a unix socket in that folder), every database a test asks for made from a migrated template,
and all of it removed at the end.

PostgreSQL refuses to run as root; as root, its programs run as the ``postgres`` user (runuser), and
the folder is given to that user. No mocks: the bot's asyncpg pool talks to this real server.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import asyncpg

PREFIX = "allin-pg-"
OWNER_FILE = "owner.pid"  # the test run that started the cluster
SKIP_VARIABLE = "SKIP_POSTGRES_TESTS"  # set to 1: tests that need PostgreSQL are skipped, not failed
SERVER_USER = "postgres"
# Durability is not what these tests are about: the cluster is thrown away.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")
# The databases tests get are copies of these (tests/conftest.py builds them once per run): migrated;
# and migrated with the shipped content and its trivia bank, as a bot's first start leaves them.
TEMPLATE_MIGRATED, TEMPLATE_CONTENT = "template_migrated", "template_content"
_database_numbers = itertools.count(1)


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server programs here, or no way to run them; the message says what to do."""


def find_bindir() -> Path:
    """The folder of initdb and pg_ctl: on PATH, else ``pg_config --bindir``."""
    candidates = []
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    if pg_config := shutil.which("pg_config"):
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file() and (folder / "postgres").is_file():
            return folder
    raise PostgresNotFound(
        "PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found on PATH or by pg_config: "
        f"install PostgreSQL 15 (Debian: apt-get install postgresql), or set {SKIP_VARIABLE}=1 to skip "
        "the tests that need it"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayCluster:
    """``start()``, then :meth:`url` for a database; ``stop()`` removes the server and its folder."""

    def __init__(self, settings: Sequence[str] = FAST_SETTINGS) -> None:
        """``settings``: the server's ``-c`` options; PostgreSQL's own defaults (durable commits) with
        ``()``, as the storage benchmarks run it."""
        self.bindir = find_bindir()
        self.settings = tuple(settings)
        self._prefix: list[str] = []
        if os.geteuid() == 0:
            self._prefix = ["runuser", "-u", SERVER_USER, "--"]
        self._remove_abandoned()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        self.port = 0
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam(SERVER_USER)
            except KeyError:
                shutil.rmtree(self.root, ignore_errors=True)
                raise PostgresNotFound(
                    f"running as root and there is no {SERVER_USER!r} user to run PostgreSQL as "
                    f"(it refuses root); create one, or set {SKIP_VARIABLE}=1"
                ) from None
            os.chown(self.root, account.pw_uid, account.pw_gid)

    def _remove_abandoned(self) -> None:
        """Stop and remove the clusters of earlier runs that were killed before their teardown
        (their owner process is gone), so that none outlives a Ctrl+C or a timeout for long."""
        for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
            try:
                owner = int((root / OWNER_FILE).read_text())
                os.kill(owner, 0)
                continue  # its run is still going
            except ProcessLookupError:
                pass
            except (OSError, ValueError):
                continue  # not ours to judge (unreadable, or being created right now)
            if (root / "data" / "postmaster.pid").exists():
                command = [
                    *self._prefix,
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(root / "data"),
                    "-m",
                    "immediate",
                    "stop",
                ]
                subprocess.run(command, capture_output=True, check=False)
            shutil.rmtree(root, ignore_errors=True)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def _run(self, program: str, *args: str) -> None:
        command = [*self._prefix, str(self.bindir / program), *args]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=self.root)
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{tail}")

    def start(self) -> ThrowawayCluster:
        self._run("initdb", "-D", str(self.data), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8", "--locale=C", "-N")
        for attempt in range(3):  # another program may take the free port between probe and listen
            self.port = free_port()
            options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 " + " ".join(
                f"-c {setting}" for setting in self.settings
            )
            try:
                self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", "30",
                          "-o", options, "start")  # fmt: skip
                return self
            except RuntimeError:
                if attempt == 2:
                    raise
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    async def new_database(self, *, content: bool = False) -> str:
        """A new database copied from a template (with ``content``: the shipped content and bank too);
        its name. Drop it with :meth:`drop_databases`."""
        name = f"test_{os.getpid()}_{next(_database_numbers)}"
        admin = await asyncpg.connect(self.url())
        try:
            await admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_CONTENT if content else TEMPLATE_MIGRATED}")
        finally:
            await admin.close()
        return name

    async def drop_databases(self, names: list[str]) -> None:
        admin = await asyncpg.connect(self.url())
        try:
            for name in names:
                await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        finally:
            await admin.close()

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
