"""``python -m bot demo``: a scripted session typed into its stdin, read back from its stdout."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT
from tests.e2e._process import STARTUP_LIMIT, clean_environment

WITHIN = 15.0


class Session:
    """The demo process: ``type`` a line, ``expect`` text to appear in what it prints next."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""
        self._read_to = 0
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := await self.process.stdout.read(4096):
            self.output += chunk.decode(errors="replace")

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()

    async def expect(self, pattern: str, within: float = WITHIN) -> re.Match:
        """Wait until ``pattern`` (a regex) appears after the last match; returns the match."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not (found := re.compile(pattern).search(self.output, self._read_to)):
            if loop.time() > deadline or self._reader.done():
                raise AssertionError(f"no {pattern!r} in the demo's output:\n{self.output[self._read_to :]}")
            await asyncio.sleep(0.05)
        self._read_to = found.end()
        return found


async def start_demo(log_file: Path) -> Session:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        "--log",
        str(log_file),
        cwd=PROJECT_ROOT,
        env=clean_environment(),  # no token, no database: the demo needs neither
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Session(process)


async def finish(session: Session) -> str:
    """Quit; the demo must end cleanly, with no traceback anywhere. Returns what it wrote to stderr."""
    process = session.process
    try:
        await session.type("quit")
        code = await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stderr = (await process.stderr.read()).decode() if process.stderr else ""
    assert code == 0, stderr
    assert "Traceback" not in session.output + stderr, session.output + stderr
    return stderr


async def test_a_scripted_demo_session_searches_presses_fills_a_form_and_plays(tmp_path: Path):
    session = await start_demo(tmp_path / "demo.log")
    try:
        await session.expect(r"Companion bot demo: you are 'you'", within=STARTUP_LIMIT)

        await session.type("/quote search greedy")
        await session.expect(r"── message \d+ · #general · new · everyone sees this")
        await session.expect(
            r"│ “I do kind of feel like audiences shouldn’t get so greedy\."
        )  # bold, without its stars
        context = await session.expect(r"\[(\d+)\] 📖 Context")
        report = await session.expect(r"\[(\d+)\] 🚩 Report")

        await session.type(context.group(1))  # press a button by its number
        await session.expect(r"── message \d+ · #general · new · only you see this")

        await session.type(report.group(1))  # this button opens a form
        await session.expect(r"── form: Report this quote")
        await session.expect(r"What is wrong with it\? \(required, 3 to 300 characters")
        await session.type("The speaker is right, just testing the form")
        await session.expect(r"only you see this ─+\n[^\n]*[Tt]hank")

        await session.type("/trivia start rounds:1 timer:10")
        await session.expect(r"■ Question 1 of 1")
        # The question's first button: its first choice ("A · ...", "True"), or the answer box of a
        # question that is typed only.
        answer = await session.expect(r"\[(\d+)\] ([^\[\n]+)")
        await session.type(answer.group(1))
        if "Type" in answer.group(2):
            await session.expect(r"── form: Your answer")
            await session.type("Lorelai")
        await session.expect(r"Locked in: ")

        await session.type("/trivia stop")
        await session.expect(r"stopped the game\. Points earned so far are kept\.")
        await session.expect(r"■ Standings")

        await session.type("/quote search")  # what Discord's client would refuse is explained
        await session.expect(r"! .*needs option\(s\) text")
        await session.type("/nonsense")
        await session.expect(r"! there is no /nonsense")
    finally:
        await finish(session)


async def test_the_demo_reaches_menus_suggestions_spoilers_and_keeps_the_log_out(tmp_path: Path):
    """Message menus on any message shown, what the bot suggests as you type (picked as Discord picks
    it, or listed with ?), markdown and spoilers as Discord shows them, forms without doubled words,
    and discord.py's log in its file, not in the terminal."""
    log_file = tmp_path / "demo.log"
    session = await start_demo(log_file)
    try:
        await session.expect(r"Companion bot demo: you are 'you'", within=STARTUP_LIMIT)

        # /report's item is picked from the bot's suggestions, as in Discord: the quote is found.
        await session.type("/report kind:quote item:greedy reason:Not his words")
        await session.expect(r"item: “greedy” picks the first suggestion, I do kind of feel like audiences")
        await session.expect(r"only you see this ─+\nThanks")

        # ? lists the suggestions; a number fills one in and the line comes back to be finished.
        await session.type("/quote by speaker:mi?")
        await session.expect(r"1\) Milo Ventimiglia \(plays Jess\)   \(speaker:milo-ventimiglia\)")
        await session.type("1")
        await session.expect(r"/quote by speaker:milo-ventimiglia \(the next line is added to it")
        await session.type("")
        await session.expect(r"\nQuotes by Milo Ventimiglia, in article order")

        # A message of your own, then both message menus on it.
        await session.type("say I do kind of feel like audiences shouldnt be so greedy")
        mine = await session.expect(r"── message (\d+) · #general · new · you wrote")
        await session.type(f'menu "Is this a real quote?" {mine.group(1)}')
        await session.expect(r"■ Close to a real quote")
        await session.type(f"menu suggest {mine.group(1)}")
        await session.expect(r"── form: Suggest a trivia question")
        await session.expect(
            r"already filled in: I do kind of feel like audiences shouldnt be so greedy  \(Enter keeps it\)"
        )
        await session.type("")  # keep the question the menu filled in
        await session.expect(r"Right answer \(required")
        await session.type("Milo")
        await session.expect(r"Wrong answers \(one per line, up to 3\) \(optional: Enter skips it")
        await session.expect(r"hint: None: members type the answer")
        await session.type("")
        await session.type("")  # where it comes from: the message's link, filled in
        await session.expect(r"Thanks! Suggestion #1")

        # Markdown as Discord shows it: bold without its stars; spoilers hidden until revealed.
        await session.type("/episode")
        await session.expect(r"│ Podcast: I Am All In")
        await session.type("/config spoilers enabled:true")
        await session.expect(r"Spoiler tags are on")
        await session.type("/quote search greedy")
        hidden = await session.expect(
            r"── message (\d+) · #general · new · everyone sees this ─+\n(?:[^\n]*\n){1,4}│ ▒{20,}"
        )
        await session.type(f"reveal {hidden.group(1)}")
        await session.expect(r"│ “I do kind of feel like audiences shouldn’t get so greedy")

        # A form whose box says "(optional)" in its label says so once.
        await session.type("/trivia custom add")
        await session.expect(r"── form: New community question")
        await session.type("Who hosts I Am All In?")
        await session.type("Scott Patterson")
        await session.type("")
        await session.expect(r"  Explanation \(optional: Enter skips it, at most 500 characters")
        await session.type("")
        await session.expect(r"Community question #1")
    finally:
        await finish(session)
    assert "**" not in session.output
    assert "e.g. e.g." not in session.output and "(optional) (optional" not in session.output
    # discord.py's log lines went to the file; none reached the terminal.
    logged = log_file.read_text(encoding="utf-8")
    assert "discord.gateway: Shard ID 0 has connected to Gateway" in logged
    assert not re.search(r"\d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR)", session.output), session.output


def test_on_a_terminal_tab_completes_and_ctrl_c_gives_the_terminal_back(tmp_path: Path):
    """Through a pseudo-terminal, as a person types: Tab completes a command, an option and a value
    the bot suggests; Ctrl+C while readline waits for a key leaves the terminal as it was (echo on)."""
    termios = pytest.importorskip("termios")
    pty = pytest.importorskip("pty")
    controller, terminal = pty.openpty()
    modes_before = termios.tcgetattr(terminal)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "demo", "--log", str(tmp_path / "demo.log")],
        cwd=PROJECT_ROOT,
        env={**clean_environment(), "TERM": "xterm"},
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
    )
    shown = b""

    def read_until(marker: bytes, within: float = WITHIN) -> None:
        nonlocal shown
        deadline = time.monotonic() + within
        while marker not in shown:
            assert time.monotonic() < deadline, f"no {marker!r} on the terminal:\n{shown.decode(errors='replace')}"
            if select.select([controller], [], [], 0.1)[0]:
                shown += os.read(controller, 65536)

    try:
        read_until(b"you in #general> ", within=STARTUP_LIMIT)
        os.write(controller, b"/quo\t")
        read_until(b"/quote")
        os.write(controller, b" by spe\t")
        read_until(b"speaker:")
        os.write(controller, b"mi\t")  # the bot's suggestion, asked for through the event loop
        read_until(b"milo-ventimiglia")
        os.write(controller, b"\r")
        read_until(b"Quotes by Milo Ventimiglia, in article order")
        os.write(controller, b"/epi")
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        assert process.wait(20) == 0
        assert termios.tcgetattr(terminal) == modes_before
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
        os.close(terminal)
    assert b"Traceback" not in shown, shown.decode(errors="replace")
