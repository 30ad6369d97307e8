"""``python -m bot backup``: a consistent copy of the live database, taken with ``VACUUM INTO``.

``VACUUM INTO`` reads the database inside one read transaction: in WAL mode that is a snapshot,
unaffected by the bot's writes meanwhile (which go on, not blocked), and it writes a compact copy.
Copying the file itself while the bot writes could catch half a transaction, or miss what is still
in the ``-wal`` file. The copy goes to a hidden file beside the target, is checked with ``PRAGMA
integrity_check``, and only then renamed over the target: a failed backup never replaces a good one.
This runs in its own short-lived process, so plain (blocking) sqlite3 is right here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

BUSY_TIMEOUT_MS = 10_000
# The files of a live SQLite database: the database, and beside it its write-ahead log and shared
# memory (WAL mode), or its rollback journal. A backup written over any of them ruins the database.
LIVE_SUFFIXES = ("", "-wal", "-shm", "-journal")


class BackupError(RuntimeError):
    """The backup was not made; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    target: Path
    bytes: int
    schema_version: int
    seconds: float

    def summary(self) -> str:
        return (
            f"backed up to {self.target} ({self.bytes / 1024 / 1024:.1f} MiB, schema version "
            f"{self.schema_version}, {self.seconds:.1f} s); integrity check: ok"
        )


def back_up(source: Path, target: Path, *, force: bool = False) -> BackupReport:
    """Copy the database at ``source`` to ``target`` while it may be in use. Every refusal and
    failure, the file system's included, is a :class:`BackupError` of one line."""
    try:
        return _back_up(source, target, force=force)
    except OSError as exc:  # a folder that cannot be read, say
        where = f"{exc.filename}: " if exc.filename and str(exc.filename) != str(target) else ""
        raise BackupError(f"the backup to {target} failed: {where}{exc.strerror or exc}") from None


def live_file(source: Path, target: Path) -> Path | None:
    """The file of the live database at ``source`` that ``target`` is (the database, its -wal, -shm or
    -journal), however it is spelled: through symbolic links, ``..``, or as a hard link."""
    names = {
        Path(os.path.abspath(f"{base}{suffix}")) for base in (source, source.resolve()) for suffix in LIVE_SUFFIXES
    }
    if target.resolve() in names or Path(os.path.abspath(target)) in names:
        return target.resolve()
    if target.exists():
        found = target.stat()
        for name in names:
            with contextlib.suppress(OSError):  # a -journal or -shm that is not there
                if os.path.samestat(found, name.stat()):
                    return name
    return None


def _back_up(source: Path, target: Path, *, force: bool) -> BackupReport:
    started = time.perf_counter()
    if not source.is_file():
        raise BackupError(f"there is no database at {source} (DATABASE_PATH) to back up")
    if target.is_dir():
        raise BackupError(f"{target} is a folder: give the backup's file name, e.g. {target / 'bot-backup.db'}")
    if (hit := live_file(source, target)) is not None:
        what = "the database itself" if hit.resolve() == source.resolve() else f"{hit.name}, a file of the database"
        raise BackupError(f"{target} is {what}: writing there would ruin the live database; choose another file")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; add --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot make the folder {target.parent} for the backup: {exc.strerror or exc}") from None
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        partial.unlink(missing_ok=True)
        _vacuum_into(source, partial)
        schema_version = _check(partial)
        with partial.open("rb+") as copy:
            os.fsync(copy.fileno())
        os.replace(partial, target)
    except sqlite3.Error as exc:
        # SQLite names the file it could not write: the hidden copy, which the operator never asked for.
        reason = str(exc).replace(f": {partial}", "").replace(str(partial), str(target))
        raise BackupError(f"the backup of {source} to {target} failed: {reason}") from None
    except OSError as exc:
        raise BackupError(f"the backup to {target} failed: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):  # it may never have been made (a name too long, say)
            partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size, schema_version, time.perf_counter() - started)


def _vacuum_into(source: Path, destination: Path) -> None:
    # mode=rw: never create a database where there was none; nothing is written to it.
    uri = f"file:{quote(str(source.absolute()))}?mode=rw"
    with contextlib.closing(sqlite3.connect(uri, uri=True, isolation_level=None)) as conn:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("VACUUM INTO ?", (str(destination),))


def _check(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"the copy failed its integrity check: {'; '.join(problems[:3])}")
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
