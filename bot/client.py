"""The Bot subclass: built with its dependencies passed in, wired up in ``setup_hook``."""

from __future__ import annotations

import hashlib
import json
import logging
import pkgutil
import traceback
from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.guild_settings import GuildSettingsRepo
from bot.db.meta import MetaRepo
from bot.endpoints import point_discord_at
from bot.settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

EXTENSIONS_PACKAGE = "cogs"
ORPHAN_CHECK_DELAY = 2.2  # seconds after a click with no answer yet; Discord gives up at 3 s
# A first look soon after the click lets go of interactions already answered (nearly all): each
# holds its whole message, and holding thousands for 2.2 s under load cost tens of MiB.
ORPHAN_FIRST_LOOK = 0.25


def discover_extensions(package: str = EXTENSIONS_PACKAGE) -> list[str]:
    """Every module or package in ``cogs/`` not starting with ``_`` is an extension."""
    path = PROJECT_ROOT / package
    return sorted(f"{package}.{m.name}" for m in pkgutil.iter_modules([str(path)]) if not m.name.startswith("_"))


class UserFacingError(app_commands.CheckFailure):
    """Raise from a command or a check to answer the user with this short message, ephemerally.

    A ``CheckFailure`` so that checks may raise it too; discord.py passes it through unwrapped.
    """


class CompanionTree(app_commands.CommandTree["CompanionBot"]):
    """One error path for every application command."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await send_ephemeral(interaction, describe_error(error, interaction))


def describe_error(error: BaseException, interaction: discord.Interaction) -> str:
    """The short message a user sees for ``error``; unexpected errors are logged with a traceback."""
    if isinstance(error, UserFacingError):
        return str(error)
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down a little: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "That command works in a server, not in direct messages."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the Manage Server permission to do that."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use that here."
    if isinstance(error, app_commands.TransformerError):
        return "That option's value isn't one I understand."
    original = getattr(error, "original", error)
    command = interaction.command.qualified_name if interaction.command else None
    where = (
        f"command /{command}"
        if command
        else f"interaction {interaction.data.get('custom_id', '?') if interaction.data else '?'}"
    )
    log.error(
        "%s failed\n%s",
        where,
        "".join(traceback.format_exception(type(original), original, original.__traceback__)),
    )
    return "Something went wrong on my side; it has been logged. Please try again."


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Answer or follow up ephemerally, whichever is still possible; never raises."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send an error message for interaction %s", interaction.id)


def commands_hash(payload: Sequence[dict]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


class CompanionBot(commands.Bot):
    """The companion bot. Settings and the open database are passed in (see ``bot.__main__``)."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        *,
        extensions: Sequence[str] | None = None,
        content_paths: ContentPaths | None = None,
        sync_commands: bool = True,
    ) -> None:
        # No privileged intents, no member chunking, no message cache: slash commands and
        # components arrive as interactions, which carry everything we need.
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents,
            tree_cls=CompanionTree,
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,
            chunk_guilds_at_startup=False,
            member_cache_flags=discord.MemberCacheFlags.none(),
            # Commands are for servers that installed the bot unless they say otherwise (the
            # lookups also let members install them for themselves and use them anywhere).
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False),
        )
        point_discord_at(settings.discord_api_base, settings.discord_gateway_url)
        self.settings = settings
        self.db = db
        self.meta = MetaRepo(db)
        self.guild_settings = GuildSettingsRepo(db)
        self.content_paths = content_paths or ContentPaths.default()
        self.initial_extensions = list(extensions) if extensions is not None else discover_extensions()
        self.should_sync_commands = sync_commands

    async def setup_hook(self) -> None:
        await self.db.migrate()
        report = await load_content(self.db, self.content_paths)
        log.info("content: %s", report.summary())
        for extension in self.initial_extensions:
            try:
                await self.load_extension(extension)
            except Exception:
                log.exception("failed to load extension %s", extension)
                raise
        if self.should_sync_commands:
            await self.sync_commands_if_changed()

    # -- command sync -------------------------------------------------------------------------

    def _sync_scope(self) -> tuple[discord.Object | None, str]:
        guild_id = self.settings.dev_guild_id
        return (discord.Object(guild_id), f"commands_hash:{guild_id}") if guild_id else (None, "commands_hash:global")

    def command_payload(self, guild: discord.Object | None) -> list[dict]:
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        return [command.to_dict(self.tree) for command in self.tree.get_commands(guild=guild)]

    async def sync_commands_if_changed(self, *, force: bool = False) -> bool:
        """Sync only when the definitions differ from the last successful sync; True if synced."""
        guild, key = self._sync_scope()
        digest = commands_hash(self.command_payload(guild))
        if not force and await self.meta.get(key) == digest:
            log.info("application commands unchanged; not syncing")
            return False
        synced = await self.tree.sync(guild=guild)
        await self.meta.set(key, digest)
        log.info("synced %d application commands to %s", len(synced), "guild" if guild else "all servers")
        return True

    # -- every click answered ---------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Safety net for clicks and modal submits that no live view or dynamic item took: after a
        restart, an expired paginator or a bug. Discord's deadline is 3 s; every handler answers or
        defers well before this check runs."""
        if interaction.type in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            self.loop.call_later(ORPHAN_FIRST_LOOK, self._look_again_if_unanswered, interaction)

    def _look_again_if_unanswered(self, interaction: discord.Interaction) -> None:
        if not interaction.response.is_done():
            self.loop.call_later(ORPHAN_CHECK_DELAY - ORPHAN_FIRST_LOOK, self._answer_if_orphaned, interaction)

    def _answer_if_orphaned(self, interaction: discord.Interaction) -> None:
        if not interaction.response.is_done() and not self.is_closed():
            self.loop.create_task(
                send_ephemeral(interaction, "This button has expired. Run the command again for fresh results.")
            )

    async def close(self) -> None:
        await super().close()
        await self.db.close()
