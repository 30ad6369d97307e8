"""``python -m bot demo``: a scripted session typed into its stdin, read back from its stdout."""

from __future__ import annotations

import asyncio
import re
import sys

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


async def test_a_scripted_demo_session_searches_presses_fills_a_form_and_plays():
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        cwd=PROJECT_ROOT,
        env=clean_environment(),  # no token, no database: the demo needs neither
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    session = Session(process)
    try:
        await session.expect(r"Companion bot demo: you are 'you'", within=STARTUP_LIMIT)

        await session.type("/quote search greedy")
        await session.expect(r"── #general · new · everyone sees this")
        await session.expect(r"\*\*greedy\*\*")  # the embed's text, the match in bold
        context = await session.expect(r"\[(\d+)\] 📖 Context")
        report = await session.expect(r"\[(\d+)\] 🚩 Report")

        await session.type(context.group(1))  # press a button by its number
        await session.expect(r"── #general · new · only you see this")

        await session.type(report.group(1))  # this button opens a form
        await session.expect(r"── form: Report this quote")
        await session.expect(r"\(required, at most \d+ characters")
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
        await session.expect(r"Locked in: \*\*")

        await session.type("/trivia stop")
        await session.expect(r"stopped the game\. Points earned so far are kept\.")
        await session.expect(r"■ Standings")

        await session.type("/quote search")  # what Discord's client would refuse is explained
        await session.expect(r"! .*needs option\(s\) text")
        await session.type("/nonsense")
        await session.expect(r"! there is no /nonsense")

        await session.type("quit")
        code = await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    stderr = (await process.stderr.read()).decode() if process.stderr else ""
    assert code == 0, stderr
    assert "Traceback" not in session.output + stderr, session.output + stderr
