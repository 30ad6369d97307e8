"""A Discord API v10 stand-in for end-to-end tests (see README.md beside this file)."""

from tests.standin.harness import BotEnv
from tests.standin.model import Channel, Guild, Member, Message, Role, UploadedFile
from tests.standin.payloads import RefusedByDiscord
from tests.standin.results import CallbackType, GatewayFrame, InteractionResult, Request
from tests.standin.server import DiscordStandIn
from tests.standin.users import DiscordUsers

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
