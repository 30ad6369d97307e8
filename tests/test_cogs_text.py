"""cogs/_text.py: text the bot did not write is shown inert and cut safely to Discord's limits."""

from __future__ import annotations

import re

import discord
import pytest

from cogs._text import ECHO_LIMIT, clip, counted, echo, escaped, one_line, shown

HOSTILE = [
    "**bold** _it_ ~~gone~~ ||spoiler|| `code` > quote",
    "@everyone and @here and <@123456789012345678> and <@&123456789012345678>",
    "back\\slash\\\\es \\*not\\* escapes",
    "# heading\n- list\n[link](https://example.com/a_b)",
    "see https://example.com/path\\ and then *more* words",
    "___***```|||~~~" * 5,
    "plain words, nothing to escape, but long enough to be cut somewhere in the middle",
]


def unescaped(text: str) -> str:
    """Undo what :func:`escaped` adds: backslash escapes and the break inside mentions."""
    return re.sub(r"\\(.)", r"\1", text.replace("@\u200b", "@"), flags=re.DOTALL)


def test_markdown_and_mentions_are_escaped():
    assert shown("**hi** @everyone <@123456789012345678>", 100) == (
        "\\*\\*hi\\*\\* @\u200beveryone <@\u200b123456789012345678>"
    )


def test_text_within_the_limit_is_only_escaped():
    assert shown("a_b", 4) == "a\\_b"
    assert shown("plain", 5) == "plain"
    assert shown("", 1) == ""


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("limit", [1, 2, 3, 5, 8, 13, 21, 34, 55])
def test_cut_text_fits_ends_in_an_ellipsis_and_keeps_every_escape_whole(text: str, limit: int):
    out = shown(text, limit)
    if len(escaped(text)) <= limit:
        assert out == escaped(text)
        return
    assert len(out) <= limit
    assert out.endswith("…")
    body = out.removesuffix("…")
    trailing = len(body) - len(body.rstrip("\\"))
    assert trailing % 2 == 0, "a dangling backslash would escape the ellipsis"
    if "://" not in text:  # links are left unescaped, so undoing escapes would change them
        assert text.startswith(unescaped(body)), "the cut shows a start of the text, as written"
    assert "@everyone" not in out and "@here" not in out


def test_the_cut_keeps_as_much_as_fits():
    assert shown("a" + "_" * 50, 10) == "a" + "\\_" * 4 + "…"
    assert shown("played by " + "_" * 400, 30) == "played by " + "\\_" * 9 + "…"
    for text in HOSTILE:
        for limit in range(2, 60):
            body = shown(text, limit).removesuffix("…")
            longest = max(n for n in range(len(text) + 1) if len(escaped(text[:n])) <= limit - 1)
            if len(escaped(text)) > limit and escaped(text[:longest]).strip():
                assert body == escaped(text[:longest]).rstrip("\\")


def test_a_link_ending_in_a_backslash_does_not_escape_the_ellipsis():
    text = "see https://example.com/a\\ and more words after it"
    assert escaped(text).startswith("see https://example.com/a\\ ")  # links are left unescaped
    assert shown(text, len("see https://example.com/a\\") + 1) == "see https://example.com/a…"


def test_whitespace_alone_is_not_worth_showing_before_the_ellipsis():
    assert shown("   " + "x" * 50, 3) == "…"


def test_the_escapes_commute():
    """Cogs used to escape in either order; both give the same text."""
    for text in [*HOSTILE, "https://example.com/@everyone_x", "@\\everyone", "_@here_"]:
        mentions_first = discord.utils.escape_markdown(discord.utils.escape_mentions(text))
        assert escaped(text) == mentions_first


def test_echo_is_one_line_escaped_and_short():
    assert echo("hi\n\n**there** @everyone", 100) == "hi \\*\\*there\\*\\* @\u200beveryone"
    long = echo("x" * 500)
    assert len(long) == ECHO_LIMIT and long.endswith("…")


def test_clip_cuts_as_is():
    assert clip("abc", 3) == "abc"
    assert clip("abcdef", 4) == "abc…"
    assert clip("a_b\\c", 4) == "a_b…"


def test_one_line():
    assert one_line("  a\n\tb  c \r\n") == "a b c"


def test_counted():
    assert [counted(n, "player") for n in (0, 1, 2)] == ["0 players", "1 player", "2 players"]
