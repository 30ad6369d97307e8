"""Point discord.py at another REST base and gateway (a proxy, or the test stand-in).

discord.py keeps both as class attributes, so this is process-wide: call it once, before login.
With a plain ``commands.Bot`` the gateway URL is never asked of ``/gateway/bot``; discord.py
connects to ``DiscordWebSocket.DEFAULT_GATEWAY`` and falls back to it after an invalid session.
"""

from __future__ import annotations

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

DISCORD_API_BASE = Route.BASE
DISCORD_GATEWAY = DiscordWebSocket.DEFAULT_GATEWAY


def point_discord_at(api_base: str | None, gateway_url: str | None) -> None:
    Route.BASE = api_base.rstrip("/") if api_base else DISCORD_API_BASE
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url) if gateway_url else DISCORD_GATEWAY
