"""The permissions the bot asks for when invited, each with the reason, and its invite URL.

Everything answered to a command, button or form goes back through the interaction itself, which
needs no channel permission (files included: the CSV and JSON exports). Only what the bot posts
on its own needs permissions: trivia questions, reveals and standings, and the daily question.
It never reads message history (it edits its own messages by id), never manages anything, and
needs no Administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

import discord

SCOPES = ("bot", "applications.commands")


@dataclass(frozen=True, slots=True)
class NeededPermission:
    flag: str  # discord.Permissions attribute
    name: str  # as Discord's server settings show it
    why: str


NEEDED_PERMISSIONS = (
    NeededPermission("view_channel", "View Channels", "to post in a channel at all (trivia games, the daily question)"),
    NeededPermission(
        "send_messages", "Send Messages", "to post trivia questions, the answers and standings, and the daily question"
    ),
    NeededPermission(
        "send_messages_in_threads", "Send Messages in Threads", "the same, when a game is started inside a thread"
    ),
    NeededPermission(
        "embed_links", "Embed Links", "questions, reveals and standings are embeds; without it they arrive empty"
    ),
)


def needed_permissions() -> discord.Permissions:
    return discord.Permissions(**{p.flag: True for p in NEEDED_PERMISSIONS})


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot with its commands and exactly :data:`NEEDED_PERMISSIONS`."""
    return discord.utils.oauth_url(application_id, permissions=needed_permissions(), scopes=SCOPES)
