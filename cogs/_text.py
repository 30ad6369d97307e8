"""Text the bot did not write (content, display names, what members type), made inert and cut to
Discord's limits. One implementation for every cog, so every cog cuts the same safe way.

- :func:`escaped`: markdown escaped and mentions broken. Mentions could not ping anyway (the bot's
  default is ``AllowedMentions.none()``), but ``@everyone`` should not even look like one.
- :func:`shown`: :func:`escaped`, then cut to a budget with an ellipsis.
- :func:`echo`: what a member typed, repeated back on one line.
- :func:`clip`: cut text that already reads as it should (button labels, autocomplete names, a
  description put together from pieces that were escaped one by one).
"""

from __future__ import annotations

import functools
import re

import discord

from bot.plural import counted as counted  # one wording for cogs and core: "1 player", "2 players"

# Discord's limits, in characters (and the number of fields an embed may have).
MESSAGE_CONTENT = 2000
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBEDS_TOTAL = 6000  # all the embeds of one message together

ELLIPSIS = "…"
ECHO_LIMIT = 100  # characters of a member's own text repeated back


# What no message should carry, whoever wrote the text: lone surrogates (not valid Unicode, so not
# valid text for Discord; shown as �) and control characters other than line breaks and tabs.
_SURROGATES = re.compile("[\ud800-\udfff]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape(text: str) -> str:
    sendable = _CONTROLS.sub("", _SURROGATES.sub("\ufffd", text))
    # The order does not matter: neither escape touches what the other looks for.
    return discord.utils.escape_mentions(discord.utils.escape_markdown(sendable))


@functools.lru_cache(maxsize=2048)  # the same names, labels and headlines come back on every card
def escaped(text: str) -> str:
    """``text`` shown as written: markdown escaped, mentions broken."""
    return _escape(text)


def escaped_prefix(text: str, room: int) -> str:
    """The escaped form of the longest start of ``text`` that fits in ``room`` characters.

    The raw text is cut, not its escaped form, so no escape is cut in two. A trailing backslash is
    still dropped: ``escape_markdown`` leaves links as they are, a link may end with one, and it
    would then escape whatever follows (the ellipsis, or a closing ``**``)."""
    # Every character escapes to one or more, so no start longer than ``room`` fits, and cutting
    # as many characters as there are too many leaves a start that fits; the longest is between
    # the two, found by halving (a longer start never escapes shorter). Every answer is measured.
    fits, too_long = 0, min(len(text), max(room, 0))
    excess = len(_escape(text[:too_long])) - room
    if excess <= 0:
        return _escape(text[:too_long]).rstrip("\\")
    if too_long > excess and len(_escape(text[: too_long - excess])) <= room:
        fits = too_long - excess
    while too_long - fits > 1:
        middle = (fits + too_long) // 2
        if len(_escape(text[:middle])) <= room:
            fits = middle
        else:
            too_long = middle
    return _escape(text[:fits]).rstrip("\\")


def shown(text: str, limit: int) -> str:
    """:func:`escaped` text of at most ``limit`` characters, ending in an ellipsis if it was cut."""
    whole = escaped(text)
    if len(whole) <= limit:
        return whole
    cut = escaped_prefix(text, limit - len(ELLIPSIS))
    return (cut if cut.strip() else "") + ELLIPSIS


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """A member's own text, repeated back on one line."""
    return shown(one_line(text), limit)


def clip(text: str, limit: int) -> str:
    """``text`` cut as it is to ``limit`` characters, ending in an ellipsis if it was cut."""
    return text if len(text) <= limit else text[: limit - len(ELLIPSIS)] + ELLIPSIS


def sentence(text: str) -> str:
    """``text`` as a sentence: a capital first letter (the rest untouched, unlike str.capitalize) and a full stop."""
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def one_line(text: str) -> str:
    """Every run of whitespace, newlines included, as one space."""
    return " ".join(text.split())
