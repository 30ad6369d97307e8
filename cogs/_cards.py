"""Cards for quotes, facts and people, their "Context" button, and paginated result lists.

Every button here is a ``DynamicItem``: a click after a restart still gets an answer (the context
needs only the database; a page turn says the list has expired and disables its arrows).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, TypeVar

import discord

from bot.client import UserFacingError, send_ephemeral
from bot.db.content_repo import Person
from bot.db.search_repo import Card, FactCard, PersonCard, QuoteCard, SearchRepo
from bot.search.context import surrounding
from bot.search.highlight import matched_spans, segments
from cogs._checks import FEATURE_OFF, ensure_shown_here
from cogs._custom_ids import Hex, IdButton, Slug, Word
from cogs._report import ReportButton
from cogs._scope import FEATURE_OF_KIND, Scope, scope_of
from cogs._text import ELLIPSIS, EMBEDS_TOTAL, MESSAGE_CONTENT, clip, counted, escaped, escaped_prefix, one_line, shown
from cogs._ui import view_of

if TYPE_CHECKING:
    from bot.client import CompanionBot
    from bot.search.engine import Highlighter

log = logging.getLogger(__name__)

T = TypeVar("T")

QUOTE_COLOUR = discord.Colour(0x8B2E3C)
FACT_COLOUR = discord.Colour(0x2E5E8B)
PERSON_COLOUR = discord.Colour(0x3C8B2E)
PAGE_SIZE = 3  # cards per message: each has a row of buttons, and the arrows take the last row
PAGE_TIMEOUT = 600.0  # seconds a list's arrows work after the last click (interaction tokens last 15 min)
MAX_SESSIONS = 500  # open lists kept in memory; the oldest are expired first
DEFER_AFTER = 1.5  # seconds of work before a command defers (Discord's deadline is 3 s)
BODY_LIMIT = 1500  # characters of a card's main text, cut further when a page would pass 6,000
MIN_BODY_LIMIT = 200  # what a card keeps at least: the rest of 3 cards stays under 4,800 even then
CONTEXT_LIMIT = 3500
SOURCE_LIMIT = 500  # characters of the article's headline
NOT_STATED = "not stated in the article"
EXPIRED = "These results have expired. Run the command again for fresh ones."


# ---------------------------------------------------------------------------------- text
def bold(text: str) -> str:
    return f"**{text}**"


_OPEN, _CLOSE = "\ue002", "\ue003"  # private-use placeholders for the wrapping, kept by escaping


def render(text: str, spans: Sequence[tuple[int, int]], limit: int, *, wrap: Callable[[str], str] = bold) -> str:
    """``text`` escaped, with the ``spans`` wrapped (bold by default), cut to ``limit`` characters."""
    if _OPEN not in text and _CLOSE not in text:
        # Usual case, one escaping pass: placeholders around the spans, escape, then the markup.
        placed, at = [], 0
        for start, end in sorted(spans):
            start = max(start, at)
            if start < end:
                placed += [text[at:start], _OPEN, text[start:end], _CLOSE]
                at = end
        before, after = wrap("\x00").split("\x00")
        whole = escaped("".join([*placed, text[at:]])).replace(_OPEN, before).replace(_CLOSE, after)
        if len(whole) <= limit:
            return whole
    return _render_cut(text, spans, limit, wrap)


def _render_cut(text: str, spans: Sequence[tuple[int, int]], limit: int, wrap: Callable[[str], str]) -> str:
    """:func:`render` for text too long for ``limit``: piece by piece, so no markup is cut in two."""
    out: list[str] = []
    room = limit - len(ELLIPSIS)
    for piece in segments(text, list(spans)):
        rendered = wrap(escaped(piece.text)) if piece.matched else escaped(piece.text)
        if len(rendered) <= room:
            out.append(rendered)
            room -= len(rendered)
            continue
        cut = escaped_prefix(piece.text, room - (len(wrap("")) if piece.matched else 0))
        if cut.strip():
            out.append(wrap(cut) if piece.matched else cut)
        out.append(ELLIPSIS)
        break
    return "".join(out)


def quoted(text: str, limit: int) -> str:
    """:func:`~cogs._text.shown` text (``limit`` characters at most) between quotation marks."""
    return f"“{shown(text, limit)}”"


def source_line(headline: str) -> str:
    """Where every card comes from, said once per message (an embed footer: plain text, no markdown)."""
    return f"Source: the news article “{clip(one_line(headline), SOURCE_LIMIT)}”"


def add_source(embed: discord.Embed, headline: str) -> None:
    """End ``embed`` (the last of its message) with the source, after any note of its own."""
    note = embed.footer.text if embed.footer and embed.footer.text else ""
    embed.set_footer(text=f"{note} · {source_line(headline)}" if note else source_line(headline))


def spoiler(text: str) -> str:
    return f"||{text}||"


# ---------------------------------------------------------------------------------- embeds
def quote_embed(
    card: QuoteCard, *, spoilers: bool, number: int | None = None, body_limit: int = BODY_LIMIT
) -> discord.Embed:
    spans = matched_spans(card.body, card.marked)
    body = "“" + render(card.body, spans, body_limit) + "”"
    embed = discord.Embed(description=spoiler(body) if spoilers else body, colour=QUOTE_COLOUR)
    embed.set_author(name=f"{number}. Quote" if number else "Quote")
    voiced = " (words he puts in others’ mouths)" if card.kind == "voiced" else ""
    embed.add_field(name="Speaker", value=shown(card.speaker_name + voiced, 300), inline=True)
    # The occasion is always named; one that is not the episode says so, so that the 2017
    # interview can never pass for the podcast.
    where = card.occasion_label
    if not card.is_episode and "not the podcast" not in where.lower():
        where += " (not the podcast episode)"
    embed.add_field(name="Where", value=shown(where, 300), inline=True)
    if card.part > 1:
        embed.set_footer(text=f"Part {card.part} of a quotation the article splits with narration")
    return embed


def fact_embed(
    card: FactCard, *, number: int | None = None, body_limit: int = BODY_LIMIT, quotes_shown: bool = True
) -> discord.Embed:
    spans = matched_spans(card.body, card.marked)
    embed = discord.Embed(description=render(card.body, spans, body_limit), colour=FACT_COLOUR)
    embed.set_author(name=f"{number}. Fact" if number else "Fact")
    if card.about:
        embed.add_field(name="About", value=shown(", ".join(card.about), 300), inline=True)
    # Evidence that is someone's quoted words is a quote: not shown where quotes are turned off.
    if card.evidence and (quotes_shown or not card.quoted):
        embed.add_field(name="The article says", value=quoted(card.evidence, 600), inline=False)
        embed.add_field(name="Whose words", value=shown(whose_words(card), 300), inline=False)
    return embed


def whose_words(card: FactCard) -> str:
    """Whose words a fact's evidence is: a speaker on an occasion, or the article's own narration.
    An occasion that is not the episode says so, as on quote cards."""
    if card.speaker_name is None:
        return "The article’s own narration"
    where = card.occasion_label or NOT_STATED
    if not card.is_episode and "not the podcast" not in where.lower():
        where += " (not the podcast episode)"
    return f"{card.speaker_name}, quoted from {where}"


def in_the_show(person: Person) -> str:
    """What someone does on Gilmore Girls, as far as the article says."""
    if person.role == "writer":
        return "Writer"
    if person.plays:
        return f"Plays {shown(person.plays, 200)}"
    return f"In the cast; whom they play is {NOT_STATED}" if person.role == "cast" else NOT_STATED.capitalize()


def person_embed(card: PersonCard, *, number: int | None = None, body_limit: int = BODY_LIMIT) -> discord.Embed:
    title = shown(card.name, 200)
    embed = discord.Embed(
        title=f"{number}. {title}" if number else title,
        description=render(card.description, matched_spans(card.description, card.marked), body_limit),
        colour=PERSON_COLOUR,
    )
    embed.add_field(name="On Gilmore Girls", value=in_the_show(card))
    if card.aliases:
        embed.add_field(name="Also called", value=shown(", ".join(card.aliases), 300))
    counts = [counted(n, noun) for n, noun in ((card.quote_count, "quote"), (card.fact_count, "fact")) if n is not None]
    if counts:
        embed.add_field(name="In this bot", value=" · ".join(counts), inline=False)
    return embed


def card_embed(
    card: Card, *, spoilers: bool, number: int | None = None, body_limit: int = BODY_LIMIT, quotes_shown: bool = True
) -> discord.Embed:
    if isinstance(card, QuoteCard):
        return quote_embed(card, spoilers=spoilers, number=number, body_limit=body_limit)
    if isinstance(card, FactCard):
        return fact_embed(card, number=number, body_limit=body_limit, quotes_shown=quotes_shown)
    return person_embed(card, number=number, body_limit=body_limit)


def card_kind(card: Card) -> str:
    return "quote" if isinstance(card, QuoteCard) else "fact" if isinstance(card, FactCard) else "person"


def card_buttons(
    card: Card, *, number: int | None = None, row: int | None = None, report: bool = True
) -> list[discord.ui.Item]:
    """[Context] and, for quotes and facts where reports go to moderators, [Report]; numbered on a
    page of several cards."""
    kind = card_kind(card)
    items: list[discord.ui.Item] = [ContextButton(kind, card.id, number=number)]
    if kind in ("quote", "fact") and report:
        report = ReportButton(kind, card.id)
        if number is not None:
            report.item.label = f"Report {number}"
        items.append(report)
    for item in items:
        item.row = row
    return items


# ---------------------------------------------------------------------------------- context
class ContextButton(IdButton, kind="lookup:ctx", parts=(Word("kind", ("quote", "fact", "person")), Slug("item_id"))):
    """Shows the article's sentences around the item, to the clicker only."""

    server_only = False  # cards are shown in direct messages too

    def __init__(self, kind: str, item_id: str, *, number: int | None = None) -> None:
        self.kind = kind
        self.item_id = item_id
        super().__init__(
            discord.ui.Button(
                label=f"Context {number}" if number else "Context",
                emoji="\N{OPEN BOOK}",
                style=discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(kind, item_id),
            )
        )

    async def act(self, interaction: discord.Interaction[CompanionBot]) -> None:
        await ensure_shown_here(interaction, self.kind, self.item_id)
        scope = await scope_of(interaction)
        if self.kind in FEATURE_OF_KIND and not scope.shows(self.kind):
            raise UserFacingError(FEATURE_OFF.format(feature=FEATURE_OF_KIND[self.kind]))
        repo: SearchRepo = interaction.client.repos.search
        source = await repo.context_source(self.kind, self.item_id)
        if source is None:
            raise UserFacingError("That is no longer in the bot's content, so there is no context to show.")
        excerpt = surrounding(source.article, source.start, source.end)
        text, focus = excerpt.text, excerpt.focus
        if not scope.shows("quote"):  # the sentences around a fact or person, without anyone's quoted words
            quotations = await repo.quotation_spans()
            if any(s < source.end and e > source.start for s, e in quotations):
                raise UserFacingError(
                    "Its context is someone's quoted words, and moderators turned quotes off on this server."
                )
            start = source.start - excerpt.focus[0]
            text, focus = mask(text, focus, [(s - start, e - start) for s, e in quotations])
        text = render(
            text,
            [focus],
            CONTEXT_LIMIT,
            wrap=(lambda s: spoiler(bold(s))) if source.is_quote and scope.spoilers else bold,
        )
        text = ("… " if excerpt.cut_before else "") + text + (" …" if excerpt.cut_after else "")
        embed = discord.Embed(title="In the article", description=text, colour=QUOTE_COLOUR)
        add_source(embed, source.headline)
        await interaction.response.send_message(embed=embed, ephemeral=True)


QUOTE_HIDDEN = "[quote hidden]"


def mask(text: str, focus: tuple[int, int], spans: Sequence[tuple[int, int]]) -> tuple[str, tuple[int, int]]:
    """``text`` with each span (clamped to it, outside ``focus``) replaced by :data:`QUOTE_HIDDEN`,
    and ``focus`` moved to where its words are then."""
    for start, end in sorted(spans, reverse=True):  # from the end: earlier offsets stay right
        start, end = max(0, start), min(len(text), end)
        if start >= end or (start < focus[1] and end > focus[0]):
            continue
        text = text[:start] + QUOTE_HIDDEN + text[end:]
        if end <= focus[0]:
            shift = len(QUOTE_HIDDEN) - (end - start)
            focus = (focus[0] + shift, focus[1] + shift)
    return text, focus


# ---------------------------------------------------------------------------------- answering
async def answer_soon(interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool) -> T:
    """Await ``work``; if it takes more than :data:`DEFER_AFTER`, defer meanwhile so that Discord's
    3 s deadline is met (the answer then arrives by :func:`reply`, which edits the deferred message).
    If the work then fails, the "thinking…" placeholder is removed before the error is answered.
    A timer rather than a second task: the usual search ends long before it fires."""
    loop = asyncio.get_running_loop()
    deferring: list[asyncio.Task] = []

    def defer() -> None:
        if not interaction.response.is_done():
            deferring.append(loop.create_task(interaction.response.defer(ephemeral=ephemeral, thinking=True)))

    timer = loop.call_later(DEFER_AFTER, defer)
    try:
        result = await work
    except Exception:
        if deferring:
            with contextlib.suppress(discord.HTTPException):
                await deferring[0]
                await interaction.delete_original_response()
        raise
    finally:
        timer.cancel()
    if deferring:
        await deferring[0]
    return result


async def refuse(interaction: discord.Interaction, message: str) -> None:
    """An ephemeral "no" after :func:`answer_soon`: if it deferred, its public "thinking…"
    placeholder is removed first."""
    if interaction.response.is_done():
        with contextlib.suppress(discord.HTTPException):
            await interaction.delete_original_response()
    await send_ephemeral(interaction, message)


async def reply(
    interaction: discord.Interaction,
    *,
    content: str | None = None,
    embeds: Sequence[discord.Embed] = (),
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """The command's answer: sent, or (after :func:`answer_soon` deferred) edited in."""
    if interaction.response.is_done():
        await interaction.edit_original_response(content=content, embeds=list(embeds), view=view)
    elif view is None:  # send_message accepts no view=None
        await interaction.response.send_message(content=content, embeds=list(embeds), ephemeral=ephemeral)
    else:
        await interaction.response.send_message(content=content, embeds=list(embeds), view=view, ephemeral=ephemeral)


async def reply_cards(
    interaction: discord.Interaction[CompanionBot],
    cards: Sequence[Card],
    *,
    header: str,
    ephemeral: bool,
    highlighter: Highlighter | None = None,
) -> None:
    """Up to :data:`PAGE_SIZE` cards with their buttons, or pages of them that only the caller
    can turn (``highlighter`` marks the matched words of a page's cards before it is shown)."""
    scope = await scope_of(interaction)
    ephemeral = ephemeral or scope.private_only
    if len(cards) <= PAGE_SIZE:
        if highlighter is not None:
            cards = await highlighter(cards)
        embeds, view = card_page(cards, first_number=1 if len(cards) > 1 else None, scope=scope)
        await reply(interaction, content=header or None, embeds=embeds, view=view, ephemeral=ephemeral)
        return
    session = Pages.of(interaction.client).open(
        interaction, list(cards), header=header, scope=scope, highlighter=highlighter
    )
    await session.complete_page()
    content, embeds, view = session.render()
    await reply(interaction, content=content, embeds=embeds, view=view, ephemeral=ephemeral)


def card_page(
    cards: Sequence[Card], *, first_number: int | None, scope: Scope
) -> tuple[list[discord.Embed], discord.ui.View]:
    """Embeds for ``cards``, numbered from ``first_number`` (None: a lone card), the source once
    under the last, and a view with a row of [Context n] [Report n] for each."""
    numbers = [None if first_number is None else first_number + offset for offset in range(len(cards))]
    body_limit = BODY_LIMIT
    while True:
        embeds = [
            card_embed(c, spoilers=scope.spoilers, number=n, body_limit=body_limit, quotes_shown=scope.shows("quote"))
            for c, n in zip(cards, numbers, strict=True)
        ]
        if embeds:
            add_source(embeds[-1], cards[-1].headline)
        # Discord refuses a message whose embeds pass 6,000 characters together: long content (a
        # long quotation, a headline full of escaped markdown) gets shorter bodies instead.
        excess = sum(map(len, embeds)) - EMBEDS_TOTAL
        if excess <= 0 or body_limit <= MIN_BODY_LIMIT:
            break
        body_limit = max(MIN_BODY_LIMIT, body_limit - -(-excess // len(cards)))
    buttons = [
        item
        for row, (c, n) in enumerate(zip(cards, numbers, strict=True))
        for item in card_buttons(c, number=n, row=row, report=scope.installed)
    ]
    return embeds, view_of(*buttons)


# ---------------------------------------------------------------------------------- pages
@dataclass(eq=False)
class PageSession:
    token: str
    owner_id: int
    cards: list[Card]
    header: str
    scope: Scope
    interaction: discord.Interaction  # the latest one (its token can edit the message for 15 min)
    highlighter: Highlighter | None = None
    page: int = 0
    expires: float = 0.0
    timer: asyncio.TimerHandle | None = field(default=None, repr=False)

    @property
    def page_count(self) -> int:
        return max(1, -(-len(self.cards) // PAGE_SIZE))

    async def complete_page(self) -> None:
        """Mark the matched words of this page's cards, if the search left them unmarked."""
        self.page = max(0, min(self.page, self.page_count - 1))
        if self.highlighter is not None:
            first = self.page * PAGE_SIZE
            self.cards[first : first + PAGE_SIZE] = await self.highlighter(self.cards[first : first + PAGE_SIZE])

    def render(self, *, expired: bool = False) -> tuple[str, list[discord.Embed], discord.ui.View]:
        self.page = max(0, min(self.page, self.page_count - 1))
        first = self.page * PAGE_SIZE
        page_cards = self.cards[first : first + PAGE_SIZE]
        embeds, view = card_page(page_cards, first_number=first + 1, scope=self.scope)
        at_start, at_end = self.page == 0, self.page == self.page_count - 1
        for action, label, disabled in (
            ("prev", "◀ Previous", expired or at_start),
            ("at", f"{self.page + 1} / {self.page_count}", True),
            ("next", "Next ▶", expired or at_end),
        ):
            view.add_item(PageButton(self.token, action, label=label, disabled=disabled, row=len(page_cards)))
        note = " · these arrows have expired" if expired else ""
        content = (
            f"{self.header}\n-# {counted(len(self.cards), 'result')} · page {self.page + 1} of {self.page_count}{note}"
        )
        return content[:MESSAGE_CONTENT], embeds, view


class Pages:
    """The open result lists of one bot, in memory: a restart forgets them (their arrows then say
    so), and each expires :data:`PAGE_TIMEOUT` after its last use, disabling its arrows."""

    _of_client: ClassVar[weakref.WeakKeyDictionary[discord.Client, Pages]] = weakref.WeakKeyDictionary()

    def __init__(self) -> None:
        self.sessions: dict[str, PageSession] = {}

    @classmethod
    def of(cls, client: discord.Client) -> Pages:
        pages = cls._of_client.get(client)
        if pages is None:
            pages = cls._of_client[client] = cls()
        return pages

    def open(
        self,
        interaction: discord.Interaction,
        cards: list[Card],
        *,
        header: str,
        scope: Scope,
        highlighter: Highlighter | None = None,
    ) -> PageSession:
        while len(self.sessions) >= MAX_SESSIONS:
            self._forget(next(iter(self.sessions.values())))
        token = secrets.token_hex(4)
        session = PageSession(token, interaction.user.id, cards, header, scope, interaction, highlighter)
        self.sessions[token] = session
        self.touch(session, interaction)
        return session

    def get(self, token: str) -> PageSession | None:
        session = self.sessions.get(token)
        if session is not None and session.expires and session.expires < time.monotonic():
            return None
        return session

    def touch(self, session: PageSession, interaction: discord.Interaction) -> None:
        """Used now: the arrows work for another :data:`PAGE_TIMEOUT`."""
        session.interaction = interaction
        session.expires = time.monotonic() + PAGE_TIMEOUT
        if session.timer is not None:
            session.timer.cancel()
        loop = asyncio.get_running_loop()
        session.timer = loop.call_later(PAGE_TIMEOUT, lambda: loop.create_task(self.expire(session)))

    async def expire(self, session: PageSession) -> None:
        """Disable the arrows on the message (the cards' own buttons keep working)."""
        self._forget(session)
        content, embeds, view = session.render(expired=True)
        view.stop()
        try:
            await session.interaction.edit_original_response(content=content, embeds=embeds, view=view)
        except discord.HTTPException as exc:  # deleted message, or a token past its 15 minutes
            log.info("could not disable the arrows of result list %s: %s", session.token, exc)

    def _forget(self, session: PageSession) -> None:
        self.sessions.pop(session.token, None)
        if session.timer is not None:
            session.timer.cancel()
            session.timer = None

    def close(self) -> None:
        for session in list(self.sessions.values()):
            self._forget(session)


class PageButton(IdButton, kind="lookup:page", parts=(Hex("token", 8), Word("action", ("prev", "next", "at")))):
    """◀ / n of m / ▶ under a result list; only the member who ran the command can turn pages."""

    server_only = False  # lists are shown in direct messages too

    def __init__(self, token: str, action: str, *, label: str = "", disabled: bool = False, row: int | None = None):
        self.token = token
        self.action = action
        super().__init__(
            discord.ui.Button(
                label=label or action,
                style=discord.ButtonStyle.primary if action != "at" else discord.ButtonStyle.secondary,
                custom_id=self.custom_id_for(token, action),
                disabled=disabled,
                row=row,
            )
        )

    async def act(self, interaction: discord.Interaction[CompanionBot]) -> None:
        pages = Pages.of(interaction.client)
        session = pages.get(self.token)
        if session is None:
            await interaction.response.edit_message(view=_arrows_disabled(interaction.message))
            await interaction.followup.send(EXPIRED, ephemeral=True)
            return
        if interaction.user.id != session.owner_id:
            raise UserFacingError("Only the member who ran the command can turn these pages. Run it yourself!")
        if self.action == "prev":
            session.page -= 1
        elif self.action == "next":
            session.page += 1
        await session.complete_page()
        content, embeds, view = session.render()
        await interaction.response.edit_message(content=content, embeds=embeds, view=view)
        pages.touch(session, interaction)


def _arrows_disabled(message: discord.Message | None) -> discord.ui.View | None:
    """The message's own components, with every page arrow disabled (a list nobody remembers)."""
    if message is None:
        return None
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        if isinstance(item, discord.ui.Button) and (item.custom_id or "").startswith("lookup:page:"):
            item.disabled = True
    view.stop()  # nothing to listen for: the buttons left are dynamic items
    return view


DYNAMIC_ITEMS = (ContextButton, PageButton)
