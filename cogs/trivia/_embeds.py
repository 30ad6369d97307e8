"""What trivia messages look like: questions, reveals, standings, leaderboards and stats.

Content and member names are escaped (markdown cannot break the layout) and clipped to Discord's
limits; with the server's spoilers setting on, answers and quotes hide behind spoiler tags.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.trivia.game import LiveRound
from bot.trivia.models import LeaderboardPage, MemberStats, Question, RoundAnswer, Standing
from bot.trivia.text import QUOTE_LINE
from cogs._text import EMBED_DESCRIPTION, EMBED_FIELD_VALUE, EMBED_FOOTER, clip, counted, escaped, shown

COLOUR = discord.Colour.from_rgb(0x6B, 0x8E, 0x23)  # Luke's Diner green
REVEAL_COLOUR = discord.Colour.from_rgb(0x2E, 0x8B, 0x57)
LETTERS = "ABCD"
MAX_NAMES = 10


def spoiler(text: str, on: bool) -> str:
    return f"||{text.replace('||', '')}||" if on and text else text


def member_name(user_id: int, name: str | None) -> str:
    """A stored display name, or a mention (which renders as the name and never pings in an embed)."""
    return shown(name, 64) if name else f"<@{user_id}>"


def seconds(ms: int) -> str:
    return f"{ms / 1000:.1f} s"


def prompt_text(question: Question, *, spoilers: bool) -> str:
    """The prompt, shown literally. In the episode's bank, a line starting "> " is a quotation, shown
    as a block quote (behind spoiler tags with spoilers on); a community question's text is all
    shown as its moderators wrote it."""
    if question.is_community:
        return shown(question.prompt, 1500)
    lines = []
    for line in question.prompt.splitlines():
        if line.startswith(QUOTE_LINE):
            lines.append(QUOTE_LINE + spoiler(escaped(line.removeprefix(QUOTE_LINE)), spoilers))
        else:
            lines.append(escaped(line))
    return clip("\n".join(lines), 2000)


def hint_for(answer: str) -> str:
    """First letters and the length of each word: "J··· M······"."""
    return " ".join(word[0] + "·" * (len(word) - 1) for word in answer.split())


def _choice_lines(choices: Sequence[str]) -> str:
    return "\n".join(f"**{LETTERS[i]}** · {shown(choice, 200)}" for i, choice in enumerate(choices))


def question_embed(live: LiveRound, *, title: str, spoilers: bool, hints: bool, typed: bool) -> discord.Embed:
    question = live.question
    parts = [prompt_text(question, spoilers=spoilers)]
    if live.choices:
        parts.append(_choice_lines(live.choices))
    if hints and question.typeable:
        parts.append(f"Hint: `{hint_for(question.answer)}`")
    how = "Click your answer" if live.choices else "Type your answer"
    if live.choices and typed and question.typeable:
        how += " or type it"
    closes = "Revealed" if live.kind == "daily" else "Time's up"
    parts.append(f"{how}. {closes} <t:{int(live.deadline)}:R>.")
    embed = discord.Embed(title=title, description=clip("\n\n".join(parts), EMBED_DESCRIPTION), colour=COLOUR)
    embed.set_footer(text="Community question" if question.is_community else f"Category: {question.category}")
    return embed


def evidence_text(question: Question, *, spoilers: bool) -> str | None:
    """Where the answer comes from (bot/trivia/text.py's Reveal): the explanation, the article's words
    it rests on, and who said them where."""
    reveal = question.reveal
    lines = []
    if reveal.explanation:
        lines.append(shown(reveal.explanation, 400))
    if reveal.citation:
        lines.append(spoiler(shown(reveal.citation, 700), spoilers))
    if reveal.said:
        lines.append(f"— {shown(reveal.said, 200)}")
    if question.suggested_by:  # a mention shows the member's name and, in an embed, never pings
        lines.append(f"Suggested by <@{question.suggested_by}>")
    return clip("\n".join(lines), EMBED_FIELD_VALUE) if lines else None


def add_evidence(embed: discord.Embed, question: Question, *, spoilers: bool) -> None:
    """The reveal's "Where it comes from". A community question's explanation is shown whole, in a
    field of its own: its moderators approved every word of it (/trivia custom add, or a member's
    suggestion: issue 19), and member text escapes to at most twice its 500 characters, which fits."""
    if question.is_community and question.reveal.explanation:
        embed.add_field(name="Where it comes from", value=escaped(question.reveal.explanation), inline=False)
        if question.suggested_by:  # a mention shows the member's name and, in an embed, never pings
            embed.add_field(name="Suggested by", value=f"<@{question.suggested_by}>", inline=False)
    elif evidence := evidence_text(question, spoilers=spoilers):
        embed.add_field(name="Where it comes from", value=evidence, inline=False)


def answer_line(question: Question, *, spoilers: bool) -> str:
    return f"**Answer:** {spoiler(shown(question.answer, 300), spoilers)}"


def _footer(embed: discord.Embed, question: Question) -> None:
    if question.is_community and question.suggested_by:
        embed.set_footer(text="Community question, suggested by a member and approved by this server's moderators")
    elif question.is_community:
        embed.set_footer(text="Community question, written by this server's moderators")
    elif question.headline:
        embed.set_footer(text=clip(f"Source: {question.headline}", EMBED_FOOTER))


def reveal_embed(
    live: LiveRound, answers: Sequence[RoundAnswer], *, title: str, spoilers: bool, note: str | None = None
) -> discord.Embed:
    question = live.question
    parts = [prompt_text(question, spoilers=spoilers), answer_line(question, spoilers=spoilers)]
    if note:
        parts.append(note)
    embed = discord.Embed(title=title, description=clip("\n\n".join(parts), EMBED_DESCRIPTION), colour=REVEAL_COLOUR)
    right = [a for a in answers if a.correct]
    if right:
        names = [f"{member_name(a.user_id, a.name)} ({seconds(a.elapsed_ms)}, +{a.points})" for a in right[:MAX_NAMES]]
        if len(right) > MAX_NAMES:
            names.append(f"and {len(right) - MAX_NAMES} more")
        got = clip("\n".join(names), EMBED_FIELD_VALUE)
    else:
        got = "Nobody this time."
    embed.add_field(name=f"Got it ({len(right)} of {len(answers)})", value=got, inline=False)
    add_evidence(embed, question, spoilers=spoilers)
    _footer(embed, question)
    return embed


def standings_lines(standings: Sequence[Standing]) -> str:
    return "\n".join(
        f"**{s.rank}.** {member_name(s.user_id, s.name)} · {s.points} pts ({s.correct}/{s.answered} right)"
        for s in standings
    )


def standings_embed(standings: Sequence[Standing], *, title: str, note: str | None = None) -> discord.Embed:
    body = standings_lines(standings) or "Nobody answered."
    if note:
        body = f"{note}\n\n{body}"
    return discord.Embed(title=title, description=clip(body, EMBED_DESCRIPTION), colour=COLOUR)


def leaderboard_embed(board: LeaderboardPage, *, period: str, season: int) -> discord.Embed:
    if board.entries:
        body = standings_lines(board.entries)
    else:
        body = "No points yet. `/trivia start` a game!" if board.total == 0 else "Nobody on this page."
    embed = discord.Embed(
        title=f"Trivia leaderboard · {period}", description=clip(body, EMBED_DESCRIPTION), colour=COLOUR
    )
    if board.caller is not None:
        you = board.caller
        embed.add_field(name="You", value=f"#{you.rank} · {you.points} pts ({you.correct}/{you.answered} right)")
    else:
        embed.add_field(name="You", value="No answers yet in this period.")
    players = counted(board.total, "player")
    embed.set_footer(text=f"Season {season} · page {board.page + 1} of {board.pages} · {players}")
    return embed


def stats_embed(stats: MemberStats, *, name: str) -> discord.Embed:
    embed = discord.Embed(title=f"Trivia stats · {shown(name, 100)}", colour=COLOUR)
    embed.add_field(name="Points", value=str(stats.points))
    embed.add_field(name="Rank", value=f"#{stats.rank}" if stats.rank else "—")
    embed.add_field(name="Answered", value=str(stats.answered))
    embed.add_field(name="Correct", value=str(stats.correct))
    embed.add_field(name="Accuracy", value=f"{stats.accuracy:.0%}" if stats.answered else "—")
    embed.add_field(name="Streak", value=f"{stats.streak} now · best {stats.best_streak}")
    embed.add_field(name="Fastest right answer", value=seconds(stats.fastest_ms) if stats.fastest_ms else "—")
    embed.set_footer(text=f"Season {stats.season}")
    return embed


def quick_embed(question: Question, choices: Sequence[str], *, spoilers: bool) -> discord.Embed:
    parts = [prompt_text(question, spoilers=spoilers), _choice_lines(choices), "Practice: not scored."]
    embed = discord.Embed(
        title="Quick question", description=clip("\n\n".join(parts), EMBED_DESCRIPTION), colour=COLOUR
    )
    embed.set_footer(text="Community question" if question.is_community else f"Category: {question.category}")
    return embed


def quick_reveal_embed(question: Question, given: str, correct: bool, *, spoilers: bool) -> discord.Embed:
    verdict = "Right!" if correct else f"Not quite: you picked {shown(given, 200)}."
    parts = [prompt_text(question, spoilers=spoilers), verdict, answer_line(question, spoilers=spoilers)]
    embed = discord.Embed(
        title="Quick question", description=clip("\n\n".join(parts), EMBED_DESCRIPTION), colour=REVEAL_COLOUR
    )
    add_evidence(embed, question, spoilers=spoilers)
    _footer(embed, question)
    return embed
