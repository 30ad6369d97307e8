"""The backup refuses what would lose data or make no sense, in one line each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.db.backup import BackupError, back_up


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
