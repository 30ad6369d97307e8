"""The backup refuses what would lose data or make no sense, in one line each."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.db.backup import LIVE_SUFFIXES, BackupError, back_up
from tests.hostile._examples import examples


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "bot.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE t (x)")
        db.execute("INSERT INTO t VALUES (1)")
        db.execute("PRAGMA user_version = 7")
    return path


def refusal(source: Path, target: Path, **kwargs) -> str:
    with pytest.raises(BackupError) as caught:
        back_up(source, target, **kwargs)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_a_copy_is_checked_and_reported(database: Path, tmp_path: Path) -> None:
    report = back_up(database, tmp_path / "copy.db")
    assert report.schema_version == 7 and report.bytes > 0
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        assert copy.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_no_database_is_not_created_to_back_it_up(tmp_path: Path) -> None:
    assert "there is no database at" in refusal(tmp_path / "absent.db", tmp_path / "copy.db")
    assert not (tmp_path / "absent.db").exists()


def test_a_file_that_is_not_sqlite_is_named(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", encoding="utf-8")
    assert "file is not a database" in refusal(notes, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


def test_the_database_itself_and_folders_are_refused(database: Path, tmp_path: Path) -> None:
    assert "is the database itself" in refusal(database, database, force=True)
    assert "is a folder" in refusal(database, tmp_path)


SPELLINGS = ("as is", "relative", "through ..", "symbolic link", "linked folder", "hard link")


@examples(60)
@given(suffix=st.sampled_from(LIVE_SUFFIXES), spelling=st.sampled_from(SPELLINGS), force=st.booleans())
def test_every_spelling_of_a_live_file_is_refused(suffix: str, spelling: str, force: bool) -> None:
    """Issue 19, item 5: the database, its -wal, -shm and -journal, named directly, relatively,
    through ``..``, a symbolic link (to the file or to its folder) or a hard link: all refused, and
    none of them changed, while a connection holds the database open in WAL mode."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        source = root / "live" / "bot.db"
        source.parent.mkdir()
        with contextlib.closing(sqlite3.connect(source)) as holder:
            holder.execute("PRAGMA journal_mode=WAL")
            holder.execute("CREATE TABLE t (x)")
            holder.execute("INSERT INTO t VALUES (1)")
            holder.commit()
            live = Path(f"{source}{suffix}")
            if not live.exists() and spelling == "hard link":
                live.write_bytes(b"")  # a -journal left by a crash, say
            before = {p: p.read_bytes() for p in source.parent.iterdir()}
            target = spell(root, live, spelling)
            with pytest.raises(BackupError, match="live database"):
                back_up(source, target, force=force)
            assert {p: p.read_bytes() for p in source.parent.iterdir()} == before
            assert holder.execute("SELECT x FROM t").fetchall() == [(1,)]


def spell(root: Path, live: Path, spelling: str) -> Path:
    """``live`` named another way."""
    if spelling == "relative":
        return Path(os.path.relpath(live))
    if spelling == "through ..":
        return live.parent / ".." / live.parent.name / live.name
    if spelling == "symbolic link":
        (root / "link").symlink_to(live)
        return root / "link"
    if spelling == "linked folder":
        (root / "folder").symlink_to(live.parent, target_is_directory=True)
        return root / "folder" / live.name
    if spelling == "hard link":
        os.link(live, root / "hard")
        return root / "hard"
    return live


def test_a_copy_sqlite_cannot_write_names_the_backup_asked_for_not_the_hidden_copy(database: Path) -> None:
    """The copy is written beside the target under a hidden name first; SQLite's error names that
    file, which the operator never asked for. /proc takes no new files, even from root."""
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux's /proc: a folder where no one can create a file")
    target = Path("/proc/companion-backup.db")
    message = refusal(database, target)
    assert message == f"the backup of {database} to {target} failed: unable to open database"


def test_a_hidden_copy_whose_name_is_too_long_is_a_one_line_refusal(database: Path, tmp_path: Path) -> None:
    """The hidden name is the target's plus a few characters: past the file system's limit, the
    backup fails in one line (it used to end in a traceback), naming the target."""
    target = tmp_path / ("b" * 245 + ".db")
    message = refusal(database, target)
    assert message == f"the backup to {target} failed: File name too long"
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("bot.db")]  # no copy, hidden or not
