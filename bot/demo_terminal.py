"""The demo's terminal (``python -m bot demo``): lines read on a thread, so the event loop never waits
for a keyboard, and text printed above the prompt, so a message the bot posts while you type does
not land in the middle of your line.

On a terminal, lines are read with readline: history, editing, and Tab completion of commands,
options and values (those the bot suggests too: the completer asks it, from the reading thread,
through the event loop). Piped input (a script, a test) is read line by line, as it comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import TextIO

# (replacement for the line from ``start``, what to show for it); the line up to the cursor goes in.
Completer = Callable[[str], tuple[int, list[tuple[str, str]]]]

try:  # not on every platform (Windows has none); the demo then reads plain lines
    import readline
except ImportError:  # pragma: no cover
    readline = None  # type: ignore[assignment]


class Terminal:
    def __init__(self, stdin: TextIO, stdout: TextIO, *, completer: Completer | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = _is_tty(stdin) and _is_tty(stdout) and readline is not None
        self.completer = completer
        self._loop = asyncio.get_running_loop()
        self._lines: asyncio.Queue[str | None] = asyncio.Queue()
        self._asks: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._prompt: str | None = None  # shown now, while a line is being typed
        self._matches: list[str] = []
        self._shown: list[str] = []
        # Leaving while readline waits for a key (Ctrl+C) would leave the terminal as readline set it.
        self._saved_modes = _terminal_modes(stdin) if self.interactive else None
        target = self._read_interactively if self.interactive else self._read_piped
        threading.Thread(target=target, name="demo input", daemon=True).start()
        if self.interactive:
            self._set_up_readline()

    # -- output ---------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        """Print ``text`` on lines of its own, above the line being typed if there is one."""
        if self._prompt is None:
            print(text, file=self.stdout, flush=True)
            return
        typed = readline.get_line_buffer() if readline else ""
        self.stdout.write(f"\r\x1b[K{text}\n{self._prompt}{typed}")
        self.stdout.flush()

    # -- input ----------------------------------------------------------------------------------

    async def line(self, prompt: str = "", prefill: str = "") -> str | None:
        """The next line typed (None at the end of input). ``prefill``: text already on the line,
        to edit (on a terminal) or to add to (the next piped line is appended to it)."""
        if not self.interactive:  # a script: no prompt to show
            typed = await self._lines.get()
            return None if typed is None else prefill + typed
        self._asks.put((prompt, prefill))
        return await self._lines.get()

    def close(self) -> None:
        self._asks.put(None)
        if self._saved_modes is not None:
            with contextlib.suppress(Exception):
                import termios

                termios.tcsetattr(self.stdin.fileno(), termios.TCSADRAIN, self._saved_modes)
            if self._prompt is not None:
                self.stdout.write("\n")  # off the half-typed line
                self.stdout.flush()

    def _deliver(self, line: str | None) -> None:
        self._loop.call_soon_threadsafe(self._lines.put_nowait, line)

    def _read_piped(self) -> None:
        for line in self.stdin:
            self._deliver(line.rstrip("\r\n"))
        self._deliver(None)

    def _read_interactively(self) -> None:
        while (ask := self._asks.get()) is not None:
            prompt, prefill = ask
            readline.set_startup_hook((lambda text=prefill: readline.insert_text(text)) if prefill else None)
            self._prompt = prompt
            try:
                typed: str | None = input(prompt)
            except EOFError:
                typed = None
            except KeyboardInterrupt:
                typed = None
            finally:
                self._prompt = None
            self._deliver(typed)
            if typed is None:
                return

    # -- completion -----------------------------------------------------------------------------

    def _set_up_readline(self) -> None:
        readline.set_completer_delims("")  # the whole line is the word: option values hold spaces
        readline.set_completer(self._complete)
        readline.set_completion_display_matches_hook(self._show_matches)
        if "libedit" in (readline.__doc__ or ""):  # pragma: no cover - macOS's readline
            readline.parse_and_bind("bind ^I rl_complete")
        else:
            readline.parse_and_bind("tab: complete")

    def _complete(self, text: str, state: int) -> str | None:
        if self.completer is None:
            return None
        if state == 0:
            try:
                start, found = self.completer(text)
            except Exception:  # a completion must never end the session
                found, start = [], 0
            self._shown = [shown for _, shown in found]
            self._matches = [text[:start] + replacement for replacement, _ in found]
        return self._matches[state] if state < len(self._matches) else None

    def _show_matches(self, substitution: str, matches: list[str], longest: int) -> None:
        typed = readline.get_line_buffer()
        listed = "\n".join(f"  {shown}" for shown in self._shown[:25])
        self.stdout.write(f"\n{listed}\n{self._prompt or ''}{typed}")
        self.stdout.flush()


def _terminal_modes(stream: TextIO) -> list | None:
    try:
        import termios

        return termios.tcgetattr(stream.fileno())
    except (ImportError, OSError, ValueError, AttributeError):  # not a terminal, or not POSIX
        return None


def _is_tty(stream: TextIO) -> bool:
    with contextlib.suppress(AttributeError, ValueError):
        return stream.isatty()
    return False
