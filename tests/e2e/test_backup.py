"""``python -m bot backup`` while a trivia game takes answers: the copy is whole and consistent,
and holds every score recorded before it started."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from standin import BotEnv
from tests.e2e._process import clean_environment
from tests.trivia._support import answer_ids, only_choice, start_game

PLAYERS = 120


async def backup(env: BotEnv, target: Path, *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "backup",
        str(target),
        *args,
        cwd=PROJECT_ROOT,
        env=clean_environment(DATABASE_PATH=str(env.db_path)),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, stdout.decode(), stderr.decode()


async def test_a_backup_during_a_game_is_consistent_and_holds_the_scores_so_far(make_env, tmp_path: Path):
    env = await make_env(extensions=["cogs.trivia"])
    await only_choice(env)  # a question with answer buttons (a typed-only one has none to click)
    _, question = await start_game(env, env.member("host"), rounds=1, timer=60)
    buttons = answer_ids(question)
    players = [env.member(f"fan{n}") for n in range(PLAYERS)]
    confirmed: list[int] = []  # user ids whose answer the bot confirmed (it writes, then says so)
    a_quarter_in = asyncio.Event()

    async def answers_keep_coming() -> None:
        for n, player in enumerate(players):
            result = await env.click(question, buttons[n % len(buttons)], member=player)
            assert "Locked in" in result.text, result.text
            confirmed.append(player.id)
            if len(confirmed) == PLAYERS // 4:
                a_quarter_in.set()

    clicking = asyncio.create_task(answers_keep_coming())
    quarter = asyncio.ensure_future(a_quarter_in.wait())
    await asyncio.wait({clicking, quarter}, return_when=asyncio.FIRST_COMPLETED)
    if not quarter.done():  # a click failed before a quarter were in: say why, rather than wait forever
        quarter.cancel()
        clicking.result()
    recorded_before = list(confirmed)
    target = tmp_path / "backups" / "bot.db"
    code, out, err = await backup(env, target)
    during = len(confirmed) - len(recorded_before)
    await clicking
    assert code == 0, err
    assert out.startswith(f"backed up to {target}") and "integrity check: ok" in out
    assert during > 0, "no answer came in while the backup ran: the test proved nothing"

    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        answered = {user for (user,) in copy.execute("SELECT user_id FROM answers")}
        scored = dict(copy.execute("SELECT user_id, answered FROM scores WHERE guild_id = ?", (env.guild.id,)))
        per_user = dict(copy.execute("SELECT user_id, count(*) FROM answers GROUP BY user_id"))
    assert set(recorded_before) <= answered, "an answer recorded before the backup is missing"
    assert set(recorded_before) <= set(scored)
    assert scored == per_user  # scores and answers from one instant: the trigger's work is all there or not
    assert len(answered) < PLAYERS + 1  # a snapshot, not the end state... and the live database goes on:
    with sqlite3.connect(env.db_path) as live:
        assert live.execute("SELECT count(*) FROM answers").fetchone()[0] == PLAYERS
    await env.slash("trivia stop", member=env.member("mod", manage_guild=True), channel="trivia")


async def test_backup_refuses_to_overwrite_without_force(make_env, tmp_path: Path):
    env = await make_env(extensions=["cogs.episode"])
    target = tmp_path / "backups" / "bot-backup.db"
    target.parent.mkdir()
    target.write_bytes(b"an older backup")
    code, out, err = await backup(env, target)
    assert code == 1 and out == ""
    assert err == f"error: {target} already exists; add --force to replace it\n"
    assert target.read_bytes() == b"an older backup"
    code, out, err = await backup(env, target, "--force")
    assert code == 0, err
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT podcast FROM episode").fetchone() == ("I Am All In",)
    assert os.listdir(target.parent) == ["bot-backup.db"]  # no partial copy left beside it


async def test_backup_with_postgresql_points_to_pg_dump(tmp_path: Path):
    """With DATABASE_URL the server state is not in the SQLite file: backup says what to use instead."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "backup", str(tmp_path / "copy.db"), cwd=PROJECT_ROOT,
        env=clean_environment(DATABASE_PATH=str(tmp_path / "bot.db"), DATABASE_URL="postgresql://bot:hunter2@127.0.0.1/bot"),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2 and out == b""
    message = err.decode()
    assert message.startswith("error: the server state lives in PostgreSQL (DATABASE_URL): back it up with pg_dump")
    assert message.count("\n") == 1 and "hunter2" not in message
    assert not (tmp_path / "copy.db").exists()


def contents(*paths: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in paths}  # each exists: read_bytes raises otherwise


async def test_backup_refuses_every_file_of_the_live_database(make_env, tmp_path: Path):
    """Issue 19, item 5: ``backup var/bot.db-wal --force`` overwrote the live WAL, exited 0 and said
    "integrity check: ok"; the next connection failed with "file is not a database". Every file of
    the live database is refused, however it is named: the -wal and -shm beside it, a symbolic or
    hard link to one of them, a path through another folder."""
    env = await make_env(extensions=["cogs.episode"])
    fan = env.member("fan")
    await env.slash("episode", member=fan)  # the bot is running and has written
    live = env.db_path
    wal, shm = Path(f"{live}-wal"), Path(f"{live}-shm")
    before = contents(live, wal, shm)
    links = tmp_path / "links"
    links.mkdir()
    (links / "to-wal").symlink_to(wal)
    (links / "to-db").symlink_to(live)
    os.link(shm, links / "shm-hardlink")
    for target in (
        wal, shm, Path(f"{live}-journal"), links / "to-wal", links / "to-db", links / "shm-hardlink",
        live.parent / ".." / live.parent.name / f"{live.name}-wal",
    ):  # fmt: skip
        code, out, err = await backup(env, target, "--force")
        assert (code, out) == (1, ""), (target, out)
        assert err.startswith("error: ") and err.count("\n") == 1 and "live database" in err, (target, err)
    after = contents(live, wal, shm)
    assert (after[live], after[shm]) == (before[live], before[shm])
    with sqlite3.connect(live) as again:  # a new connection still reads it
        assert again.execute("SELECT podcast FROM episode").fetchone() == ("I Am All In",)
    assert (await env.slash("episode", member=fan)).text


async def test_backup_into_a_folder_it_cannot_make_is_one_line(make_env, tmp_path: Path):
    """Issue 19: a target in a folder it may not create, or whose parent is a file, printed a
    traceback. Now: one line and exit 1, nothing written."""
    env = await make_env(extensions=["cogs.episode"])
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    for target in (a_file / "backups" / "bot.db", a_file / "bot.db", Path("/proc/no-such-folder/bot.db")):
        code, out, err = await backup(env, target)
        assert (code, out) == (1, ""), (target, out)
        assert err.startswith("error: ") and err.count("\n") == 1 and "Traceback" not in err, (target, err)
    assert a_file.read_text(encoding="utf-8") == "not a folder"


def locked_folder(path: Path) -> contextlib.AbstractContextManager[None]:
    """``path`` made a folder nobody may add to: read-only for a user, immutable (chattr +i) for
    root, whom permissions do not stop."""
    path.mkdir(mode=0o555)
    if os.geteuid() != 0:
        return contextlib.nullcontext()
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False).returncode != 0:
        pytest.skip("running as root on a file system without chattr +i: no folder can refuse root")

    @contextlib.contextmanager
    def unlocked_after() -> Iterator[None]:
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)

    return unlocked_after()


async def test_backup_into_a_folder_it_may_not_write_is_one_line(make_env, tmp_path: Path):
    """Issue 19: "backup into a folder it can't create" printed a PermissionError traceback."""
    env = await make_env(extensions=["cogs.episode"])
    locked = tmp_path / "locked"
    with locked_folder(locked):
        code, out, err = await backup(env, locked / "backups" / "bot.db")
    assert (code, out) == (1, ""), err
    assert (
        err.startswith(f"error: cannot make the folder {locked / 'backups'} for the backup: ") and err.count("\n") == 1
    )
