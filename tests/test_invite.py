"""The invite asks for exactly what the bot uses: posting its games and daily questions."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import discord

from bot.invite import NEEDED_PERMISSIONS, invite_url, needed_permissions


def test_the_bot_asks_for_what_it_posts_with_and_nothing_more() -> None:
    granted = {name for name, value in needed_permissions() if value}  # read_messages is View Channel
    assert granted == {"read_messages", "send_messages", "send_messages_in_threads", "embed_links"}
    assert not {name for name in granted if name.startswith("manage_")}
    assert "administrator" not in granted


def test_every_needed_permission_says_why() -> None:
    for permission in NEEDED_PERMISSIONS:
        assert getattr(discord.Permissions.none(), permission.flag) is False  # a real flag
        assert permission.why and permission.name


def test_invite_url_holds_the_scopes_and_the_permissions_integer() -> None:
    query = parse_qs(urlparse(invite_url(1234567890123456789)).query)
    assert query["client_id"] == ["1234567890123456789"]
    assert query["scope"] == ["bot applications.commands"]
    assert query["permissions"] == [str(needed_permissions().value)] == ["274877926400"]
