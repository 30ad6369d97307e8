"""Shared pieces for views and components: one error path for every button and modal, and the
plain view that carries dynamic items."""

from __future__ import annotations

import functools
import secrets
from typing import Any, ClassVar

import discord

from bot.client import describe_error, send_ephemeral


class SafeView(discord.ui.View):
    """A view whose failing callbacks answer the user ephemerally instead of "interaction failed"."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        await send_ephemeral(interaction, describe_error(error, interaction))


class SafeModal(discord.ui.Modal):
    """A modal whose failing submit answers the user ephemerally. Each kind names itself
    (``class ReportModal(SafeModal, title="Report", form="report")``): its custom_id is
    ``<form>:<random>``, unique as discord.py needs it, and metrics count its submits by that name
    (one of bot/metrics.py's FORM_NAMES), never by the random part."""

    form: ClassVar[str] = "form"

    def __init_subclass__(cls, *, form: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if form is not None:
            cls.form = form

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("custom_id", f"{self.form}:{secrets.token_hex(8)}")
        super().__init__(**kwargs)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await send_ephemeral(interaction, describe_error(error, interaction))


def view_of(*items: discord.ui.Item) -> discord.ui.View:
    """A view that only carries ``items`` to Discord: made of dynamic items, which answer clicks
    by themselves (after a restart too), it needs no timeout and no state of its own."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def answer_errors(callback):
    """Decorate a ``DynamicItem.callback``: discord.py hands a dynamic item's errors to a plain
    ``View`` that only logs them, so the user would see "This interaction failed"."""

    @functools.wraps(callback)
    async def wrapper(self, interaction: discord.Interaction, *args, **kwargs):
        try:
            return await callback(self, interaction, *args, **kwargs)
        except Exception as error:
            await send_ephemeral(interaction, describe_error(error, interaction))

    return wrapper
