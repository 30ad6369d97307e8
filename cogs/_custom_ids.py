"""One parser for every custom_id the bot puts on a button, and the base class of every button.

A custom_id is ``<kind>:<part>:<part>…``. The kind names the button (``trivia:a``, an answer); each
part has a declared type. Discord delivers what a client sends, and a modified client sends anything,
so every part is checked as any input is: numbers are plain ASCII digits inside their range (an id
fits SQLite's 64-bit integers), words are one of a fixed set, content ids are slugs, and nothing may
follow the last part. An id that does not parse, whatever is wrong with it, gets the short "expired"
answer: never an error, never a query.

A button declares its layout and what it does::

    class AnswerButton(IdButton, kind="trivia:a", parts=(Id("game_id"), Number("round_no", 1, 99), Number("choice", 0, 3))):
        def __init__(self, game_id: int, round_no: int, choice: int) -> None:
            super().__init__(discord.ui.Button(label="A", custom_id=self.custom_id_for(game_id, round_no, choice)))

        async def act(self, interaction): ...

It is rebuilt from a click by ``cls(**parts)`` (override :meth:`IdButton.from_parts` to refuse
combinations the types cannot express). Its :meth:`~IdButton.act` runs behind one error path, after
the refusal of direct messages for server items (``server_only``, the default); it then checks, before
acting, that the item belongs to the clicker's server, is still active there, and that the member
may use it. :func:`unknown_kinds` answers ids of a namespace that name no kind at all (``trivia:zz``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import discord

from bot.client import EXPIRED_ANSWER, send_ephemeral
from cogs._checks import guild_id_of
from cogs._ui import answer_errors

MAX_CUSTOM_ID = 100  # Discord's limit
SQLITE_MAX_INT = 2**63 - 1
_DIGITS = re.compile(r"0|[1-9][0-9]*")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class BadId(ValueError):
    """A custom_id (or one of its parts) that no button of this bot ever carried."""


# ---------------------------------------------------------------------------------- parts


@dataclass(frozen=True, slots=True)
class Number:
    """An integer from ``low`` to ``high``, written in plain ASCII digits without leading zeros."""

    name: str
    low: int = 0
    high: int = SQLITE_MAX_INT
    max_digits: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.low < 0:
            raise ValueError(f"{self.name}: a custom_id number is written without a sign")
        object.__setattr__(self, "max_digits", len(str(self.high)))

    def parse(self, text: str) -> int:
        # Length first: int() of a 5,000-digit string is refused by Python itself, and slow before that.
        if len(text) > self.max_digits or not _DIGITS.fullmatch(text):
            raise BadId(f"{self.name}: not a number")
        value = int(text)
        if not self.low <= value <= self.high:
            raise BadId(f"{self.name}: out of range")
        return value

    def format(self, value: object) -> str:
        # str() of a non-negative int is exactly what parse() accepts: the range is the only check
        # left (a button rebuilt from a click would otherwise parse its parts a second time).
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadId(f"{self.name}: not a number")
        if not self.low <= value <= self.high:
            raise BadId(f"{self.name}: out of range")
        return str(value)


def Id(name: str) -> Number:
    """A database row id or a Discord snowflake: 1 to SQLite's largest integer."""
    return Number(name, 1, SQLITE_MAX_INT)


@dataclass(frozen=True, slots=True)
class Word:
    """One of a fixed set of words."""

    name: str
    choices: tuple[str, ...]

    def parse(self, text: str) -> str:
        if text not in self.choices:
            raise BadId(f"{self.name}: not one of {self.choices}")
        return text

    def format(self, value: object) -> str:
        return self.parse(str(value))


@dataclass(frozen=True, slots=True)
class Slug:
    """A content id as the content file allows it (``why-wouldnt-i``), or a question's number."""

    name: str
    max_len: int = 48

    def parse(self, text: str) -> str:
        if len(text) > self.max_len or not _SLUG.fullmatch(text):
            raise BadId(f"{self.name}: not a content id")
        return text

    def format(self, value: object) -> str:
        return self.parse(str(value))


@dataclass(frozen=True, slots=True)
class Hex:
    """A token of ``length`` lower-case hexadecimal digits."""

    name: str
    length: int

    def parse(self, text: str) -> str:
        if len(text) != self.length or not all(c in "0123456789abcdef" for c in text):
            raise BadId(f"{self.name}: not a token")
        return text

    def format(self, value: object) -> str:
        return self.parse(str(value))


Part = Number | Word | Slug | Hex


@dataclass(frozen=True, slots=True)
class Layout:
    """A kind and its parts: builds custom_ids and parses them back."""

    kind: str
    parts: tuple[Part, ...] = ()

    @property
    def template(self) -> str:
        """What discord.py routes to the button: the kind and ANYTHING after it, so a malformed id
        still reaches this parser (and its "expired" answer) instead of no handler at all."""
        return rf"(?s){re.escape(self.kind)}(?::.*)?"

    def build(self, *values: object) -> str:
        if len(values) != len(self.parts):
            raise BadId(f"{self.kind} takes {len(self.parts)} parts")
        custom_id = ":".join([self.kind, *(part.format(value) for part, value in zip(self.parts, values, strict=True))])
        if len(custom_id) > MAX_CUSTOM_ID:
            raise BadId(f"{custom_id[:40]}…: longer than Discord allows")
        return custom_id

    def parse(self, custom_id: str) -> dict[str, Any]:
        """The parts by name; raises :class:`BadId`."""
        if len(custom_id) > MAX_CUSTOM_ID:
            raise BadId("longer than Discord allows")
        if custom_id == self.kind:
            texts: list[str] = []
        elif custom_id.startswith(self.kind + ":"):
            texts = custom_id[len(self.kind) + 1 :].split(":")
        else:
            raise BadId(f"not a {self.kind} id")
        if len(texts) != len(self.parts):
            raise BadId(f"{self.kind} takes {len(self.parts)} parts, not {len(texts)}")
        return {part.name: part.parse(text) for part, text in zip(self.parts, texts, strict=True)}


# ---------------------------------------------------------------------------------- buttons


class ExpiredButton(discord.ui.DynamicItem[discord.ui.Button], template=r"(?s).*"):
    """What a click on an id that does not parse gets: the short "expired" answer. Never registered
    (its template takes anything); :meth:`IdButton.from_custom_id` returns it in place of a button."""

    def __init__(self, custom_id: str) -> None:
        super().__init__(discord.ui.Button(custom_id=custom_id or "?"))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match, /):
        return cls(match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        await send_ephemeral(interaction, EXPIRED_ANSWER)


_DYNAMIC_ITEM_NAMES = frozenset(dir(discord.ui.DynamicItem)) | {"item"}  # item: set in DynamicItem.__init__


class IdButton(discord.ui.DynamicItem[discord.ui.Button], template=r"(?!)"):
    """A button whose custom_id follows a :class:`Layout`; see the module's docstring."""

    layout: ClassVar[Layout]
    server_only: ClassVar[bool] = True  # refused in direct messages before :meth:`act`

    def __init_subclass__(cls, *, kind: str, parts: tuple[Part, ...] = (), **kwargs: Any) -> None:
        # A button keeps its parts as attributes of the same name: one named like discord.py's own
        # (``item``, the wrapped button; ``row``...) would replace it, and the click would act on that.
        if clashes := sorted({part.name for part in parts} & _DYNAMIC_ITEM_NAMES):
            raise TypeError(f"{cls.__name__}: custom_id part names {clashes} are DynamicItem attributes")
        cls.layout = Layout(kind, parts)
        super().__init_subclass__(template=cls.layout.template, **kwargs)

    @classmethod
    def custom_id_for(cls, *values: object) -> str:
        return cls.layout.build(*values)

    @classmethod
    def from_parts(cls, **parts: Any) -> IdButton:
        """The button a click's parts describe; raise :class:`BadId` for a combination that cannot be."""
        return cls(**parts)

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item, match: re.Match, /):
        try:
            return cls.from_parts(**cls.layout.parse(match.string))
        except BadId:
            return ExpiredButton(match.string)

    @answer_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        if self.server_only:
            guild_id_of(interaction)
        await self.act(interaction)

    async def act(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


def unknown_kinds(namespace: str, known: Iterable[type[IdButton]]) -> type[discord.ui.DynamicItem]:
    """A dynamic item that answers "expired" to ids of ``namespace`` naming none of the ``known``
    kinds (``trivia:zz:1``), at once rather than from the bot's late safety net. Register it beside
    the known buttons, from the cog that owns the namespace."""
    kinds = sorted({button.layout.kind.removeprefix(namespace + ":") for button in known}, key=len, reverse=True)
    if any(not button.layout.kind.startswith(namespace + ":") for button in known):
        raise ValueError(f"every kind must be under {namespace}:")
    not_known = "|".join(re.escape(kind) for kind in kinds)
    template = rf"(?s){re.escape(namespace)}(?!:(?:{not_known})(?::|$))(?::.*)?"
    return type(f"Unknown{namespace.title()}Kind", (ExpiredButton,), {}, template=template)
