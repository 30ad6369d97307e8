"""``python -m bot check`` as a user runs it: a real subprocess, its exit code and what it prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import bot.__main__ as entry
from bot.content.text import ContentError
from bot.settings import PROJECT_ROOT, Settings


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    # No token, no stand-in URLs: check must not need them.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_PATH"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_prints_every_quote_with_speaker_and_occasion() -> None:
    result = run_check(PROJECT_ROOT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^loaded 6 people, 2 occasions, \d+ quotes, \d+ facts, \d+ written questions$", out, re.M)
    assert out.count("Milo Ventimiglia @ podcast") == 13
    assert "quiz (about no one; words: the article's narration; title: The quiz: which character are you?)" in out
    assert "who-would-show-up (about" in out and "words: milo-ventimiglia @ podcast;" in out
    assert "last-serving-of-pie [3575:3706] Milo Ventimiglia @ interview-2017, own" in out
    assert "when-i-was-your-age [1783:1824] Milo Ventimiglia @ podcast, voiced; inside outside-influence" in out
    assert "aired: not stated in the source" in out
    assert "evidence [3713:3794]: “for those of us hoping for more time in Stars Hollow" in out


def test_check_fails_with_the_errors_and_a_non_zero_exit(tmp_path: Path) -> None:
    """A project copy whose content file misattributes the 2017 remark and misquotes Milo."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "bot", project / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    content = project / "data" / "episode.toml"
    text = content.read_text(encoding="utf-8")
    text = text.replace('occasion = "interview-2017"\nkind', 'occasion = "podcast"\nkind')
    text = text.replace("I think that’s pretty cool,", "I think that’s very cool,")
    content.write_text(text, encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "content check FAILED for data/episode.toml against data/article.txt" in result.stderr
    assert "occasion 'podcast', but the article introduces 'interview-2017'" in result.stderr
    assert "text not found in data/article.txt: 'I think that’s very cool,'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bot_refuses_to_start_on_bad_content_with_the_list(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``python -m bot`` when setup_hook's load fails: exit 2 (fix the content, no restart) and the
    errors logged, not a traceback."""

    async def failing_run(settings: Settings) -> None:
        raise ContentError(['data/episode.toml: [[quotes]] #6 (id "pretty-cool"): text not found'])

    monkeypatch.setattr(entry, "load_settings", lambda **_: Settings(discord_token="t" * 40, log_level="WARNING"))
    monkeypatch.setattr(entry, "_run", failing_run)
    monkeypatch.setattr(entry, "setup_logging", lambda *_, **__: None)
    assert entry.main(["run"]) == 2
    assert 'id "pretty-cool"): text not found' in caplog.text
    assert "Traceback" not in caplog.text


def test_check_and_questions_summary_count_the_same_bank() -> None:
    """`make check` once said "47 questions" where `questions --summary` said 62: it counted only the
    written ones. Now it says both, and its bank is the summary's."""
    out = run_check(PROJECT_ROOT).stdout
    written = int(re.search(r"^loaded .*, (\d+) written questions$", out, re.M).group(1))
    bank = re.search(
        r"^trivia bank: (\d+) questions, the (\d+) written in data/episode\.toml and (\d+) generated", out, re.M
    )
    assert bank is not None, out
    total, also_written, generated = map(int, bank.groups())
    assert also_written == written and total == written + generated
    summary = subprocess.run(
        [sys.executable, "-m", "bot", "questions", "--summary"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert f"questions: {total}\n" in summary
