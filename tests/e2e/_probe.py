"""A small extension that exercises what the harness must carry: options of every common kind,
subcommand groups, autocomplete, a persistent button, a modal, deferral, follow-ups, edits and a
channel message with a file. Loaded only by the harness's own tests."""

from __future__ import annotations

import io
import re
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from bot.client import UserFacingError
from cogs._ui import SafeModal, answer_errors

FRUITS = ["apple", "apricot", "banana", "blueberry", "cherry", "pie"]


def _button(**fields: Any) -> dict[str, Any]:
    button = {"type": 2, "custom_id": "probe:raw", "label": "Raw", **fields}
    return {"content": "raw", "components": [{"type": 1, "components": [button]}]}


# Requests discord.py's models would never build, sent as raw HTTP to show what the stand-in refuses:
# name -> (method, route, JSON body, query parameters).
RAW_REQUESTS: dict[str, tuple[str, str, dict | None, dict | None]] = {
    "button-without-style": ("POST", "/channels/{channel_id}/messages", _button(), None),
    "button-with-style": ("POST", "/channels/{channel_id}/messages", _button(style=1), None),
    "colour-as-text": (
        "POST",
        "/channels/{channel_id}/messages",
        {"embeds": [{"title": "Pie", "color": "blue"}]},
        None,
    ),
    "history-of-101": ("GET", "/channels/{channel_id}/messages", None, {"limit": 101}),
}


class CountButton(discord.ui.DynamicItem[discord.ui.Button], template=r"probe:count:(?P<n>[0-9]{1,4})"):
    def __init__(self, n: int) -> None:
        self.n = n
        super().__init__(discord.ui.Button(label=f"Count {n}", custom_id=f"probe:count:{n}"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match, /):
        return cls(int(match["n"]))

    @answer_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if self.n >= 3:
            raise UserFacingError("That is enough counting.")
        view = discord.ui.View(timeout=None)
        view.add_item(CountButton(self.n + 1))
        await interaction.response.edit_message(content=f"count {self.n + 1}", view=view)


class NoteModal(SafeModal, title="Leave a note", form="probe-note"):
    note = discord.ui.TextInput(label="Note", custom_id="probe:note", max_length=50)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"noted: {self.note.value}", ephemeral=True)


class NoteButton(discord.ui.DynamicItem[discord.ui.Button], template=r"probe:note-open"):
    def __init__(self) -> None:
        super().__init__(discord.ui.Button(label="Note", custom_id="probe:note-open"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match, /):
        return cls()

    @answer_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(NoteModal())


class PickView(discord.ui.View):
    @discord.ui.select(
        custom_id="probe:pick",
        min_values=1,
        max_values=2,
        options=[discord.SelectOption(label=f.title(), value=f) for f in FRUITS[:4]],
    )
    async def chosen(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.edit_message(content=f"picked {', '.join(select.values)}", view=None)


class Probe(commands.GroupCog, group_name="probe", group_description="Harness probe"):
    """Commands the harness tests drive."""

    deep = app_commands.Group(name="deep", description="A nested group")

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(CountButton, NoteButton)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(CountButton, NoteButton)

    @app_commands.command(name="echo", description="Say it back")
    @app_commands.describe(text="what to say", times="how often", secret="only you see it", who="someone")
    async def echo(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, 100],
        times: app_commands.Range[int, 1, 3] = 1,
        secret: bool = False,
        who: discord.Member | None = None,
    ) -> None:
        suffix = f" for {who.display_name}" if who else ""
        await interaction.response.send_message(" ".join([text] * times) + suffix, ephemeral=secret)

    @app_commands.command(name="fruit", description="Pick a fruit")
    @app_commands.describe(name="a fruit")
    async def fruit(self, interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(f"you picked {name}")

    @fruit.autocomplete("name")
    async def fruit_names(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=f, value=f) for f in FRUITS if f.startswith(current.lower())][:25]

    @app_commands.command(name="counter", description="A persistent button")
    async def counter(self, interaction: discord.Interaction) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(CountButton(1))
        view.add_item(NoteButton())
        await interaction.response.send_message("count 1", view=view)

    @app_commands.command(name="slow", description="Defer, edit, follow up, post a file")
    @app_commands.describe(channel="where to post the file")
    async def slow(self, interaction: discord.Interaction, channel: discord.TextChannel) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done thinking")
        await interaction.followup.send("a follow-up", ephemeral=True)
        data = io.BytesIO(b"id,text\n1,pie\n")
        await self.bot.get_channel(channel.id).send("export", file=discord.File(data, filename="export.csv"))

    @app_commands.command(name="long", description="Say too much")
    async def long(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("x" * 2001)

    @app_commands.command(name="raw", description="Send a request as given, right or wrong")
    @app_commands.describe(request="which request", long_title="post an embed whose title is 257 characters")
    async def raw(
        self,
        interaction: discord.Interaction,
        request: Literal["button-without-style", "button-with-style", "colour-as-text", "history-of-101"] | None = None,
        long_title: bool = False,
    ) -> None:
        try:
            if long_title:  # through discord.py's own models, as a careless cog would
                await interaction.channel.send(embed=discord.Embed(title="x" * 257))
            if request is not None:
                method, path, body, query = RAW_REQUESTS[request]
                route = Route(method, path, channel_id=interaction.channel_id)
                await self.bot.http.request(route, json=body, params=query)
        except discord.HTTPException as refused:
            await interaction.response.send_message(f"refused: {refused.text}", ephemeral=True)
        else:
            await interaction.response.send_message("accepted", ephemeral=True)

    @app_commands.command(name="upload", description="Read an attached file")
    @app_commands.describe(file="a small text file")
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        await interaction.response.send_message(
            f"{file.filename}: {len(data)} bytes, first line {data.splitlines()[0]!r}"
        )

    @app_commands.command(name="pick", description="A select menu")
    async def pick(self, interaction: discord.Interaction) -> None:
        view = PickView()
        await interaction.response.send_message("pick some", view=view)

    @app_commands.command(name="roles", description="Calls a route the stand-in does not serve")
    async def roles(self, interaction: discord.Interaction) -> None:
        await interaction.guild.fetch_roles()

    @deep.command(name="ping", description="Nested")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong from deep")


class ProbeModerators(commands.Cog):
    """A top-level moderator command (default permissions apply only to top-level commands)."""

    @app_commands.command(name="probe-mods", description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def mods(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("hello moderator", ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Probe(bot))
    await bot.add_cog(ProbeModerators())
