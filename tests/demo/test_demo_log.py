"""The demo's log goes to its file: discord.py's warnings never reach the prompt."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.demo import ErrorNotices, log_to_file


@pytest.fixture
def demo_log(tmp_path: Path) -> Iterator[tuple[Path, ErrorNotices]]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    path = tmp_path / "var" / "demo.log"
    notices = log_to_file(path, ["the-token-itself"])
    yield path, notices
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)


def test_discord_py_warnings_go_to_the_file_not_the_terminal(demo_log, capsys: pytest.CaptureFixture[str]):
    path, notices = demo_log
    logging.getLogger("discord.gateway").warning("Can't keep up, shard ID %s websocket is %.1fs behind.", 0, 41.3)
    warnings.warn("the 'audioop' module is deprecated", DeprecationWarning, stacklevel=1)
    logging.getLogger("bot.client").info("token the-token-itself")
    printed = capsys.readouterr()
    assert printed.out == printed.err == ""
    logged = path.read_text(encoding="utf-8")
    assert "discord.gateway: Can't keep up, shard ID 0 websocket is 41.3s behind." in logged
    assert "audioop" in logged
    assert "the-token-itself" not in logged and "token [redacted]" in logged
    assert notices.pending == []  # warnings are not errors: nothing to tell between commands


def test_an_error_is_told_in_one_line(demo_log):
    path, notices = demo_log
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        logging.getLogger("discord.app_commands.tree").exception("Ignoring exception in command %r", "quote")
    assert notices.pending == ["Ignoring exception in command 'quote'"]
    assert "RuntimeError: boom" in path.read_text(encoding="utf-8")
