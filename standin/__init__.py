"""A Discord API v10 stand-in for end-to-end tests (see README.md beside this file)."""

from standin.harness import BotEnv
from standin.model import Channel, Guild, Member, Message, Role, UploadedFile
from standin.payloads import RefusedByDiscord
from standin.results import CallbackType, GatewayFrame, InteractionResult, Request
from standin.server import DiscordStandIn
from standin.users import DiscordUsers

__all__ = [
    "BotEnv",
    "CallbackType",
    "Channel",
    "DiscordStandIn",
    "DiscordUsers",
    "GatewayFrame",
    "Guild",
    "InteractionResult",
    "Member",
    "Message",
    "RefusedByDiscord",
    "Request",
    "Role",
    "UploadedFile",
]
