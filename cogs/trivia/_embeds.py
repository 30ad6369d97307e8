"""What trivia messages look like: questions, reveals, standings, leaderboards and stats.

Content and member names are escaped (markdown cannot break the layout) and clipped to Discord's
limits; with the server's spoilers setting on, answers and quotes hide behind spoiler tags.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.db.seasons_repo import PastSeason
from bot.db.trivia_formats_repo import DailyStreak, TeamSeasonTotal
from bot.db.trivia_repo import GameRow
from bot.trivia.formats import Result, TeamTotal, team_totals
from bot.trivia.game import TYPED_MIN_S, LiveRound
from bot.trivia.models import LeaderboardPage, MemberStats, Question, RoundAnswer, Standing
from bot.trivia.scoring import DEFAULT_RULE
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


def choice_lines(choices: Sequence[str]) -> str:
    return "\n".join(f"**{LETTERS[i]}** · {shown(choice, 200)}" for i, choice in enumerate(choices))


def question_embed(
    live: LiveRound, *, title: str, spoilers: bool, typed: bool, previous: str | None = None
) -> discord.Embed:
    question = live.question
    parts = [prompt_text(question, spoilers=spoilers)]
    if live.choices:
        parts.append(choice_lines(live.choices))
    how = "Click your answer" if live.choices else "Type your answer"
    if live.choices and typed and question.typeable:
        how += " or type it"
    closes = "The answer is revealed" if live.kind == "daily" else "Time's up"
    parts.append(f"{how}. {closes} <t:{int(live.deadline)}:R>.")
    if previous:
        parts.append(f"[Yesterday's question]({previous}) shows its answer now.")
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


def signed(points: int) -> str:
    return f"+{points}" if points >= 0 else f"\N{MINUS SIGN}{-points}"


def points_line(answer: RoundAnswer, streak: DailyStreak | None = None, team: str | None = None) -> str:
    """One answerer's points and why: "Lane +138 (100 + 28 speed + 10 streak) · 4.1 s"; a wrong
    click's penalty says what it is for; in a team game the name says whose side it counts for."""
    name = member_name(answer.user_id, answer.name) + (f" (Team {team})" if team else "")
    if not answer.correct:
        window = f"{DEFAULT_RULE.early_window_s:g}"
        return f"{name} {signed(answer.points)} (a wrong click in the first {window} s)"
    base = answer.points - answer.speed_bonus - answer.streak_bonus + answer.hint_cost
    parts = [str(base)]
    for points, why in ((answer.speed_bonus, "speed"), (answer.streak_bonus, "streak"), (-answer.hint_cost, "hint")):
        if points:
            parts.append(f"{'+' if points > 0 else chr(0x2212)} {abs(points)} {why}")
    made_of = f" ({' '.join(parts)})" if len(parts) > 1 else ""
    line = f"{name} {signed(answer.points)}{made_of} · {seconds(answer.elapsed_ms)}"
    if streak is not None and streak.current:
        line += f" · daily streak: {counted(streak.current, 'day')}"
    return line


def _answers_field(
    embed: discord.Embed,
    answers: Sequence[RoundAnswer],
    streaks: dict[int, DailyStreak] | None,
    teams: dict[int, str] | None,
) -> None:
    """Who got it, each with their points and why; wrong clicks that cost points below them."""
    right = [a for a in answers if a.correct]
    penalties = [a for a in answers if not a.correct and a.points < 0]
    team_of = (teams or {}).get
    lines = [points_line(a, (streaks or {}).get(a.user_id), team_of(a.user_id)) for a in right[:MAX_NAMES]]
    if len(right) > MAX_NAMES:
        lines.append(f"and {len(right) - MAX_NAMES} more")
    lines += [points_line(a, team=team_of(a.user_id)) for a in penalties[:MAX_NAMES]]
    if right:
        name = f"Got it: {len(right)} of {len(answers)}"
    else:
        name = "Nobody got it"
        wrong = len(answers)
        lines.append("The only answer was wrong." if wrong == 1 else f"All {wrong} answers were wrong.")
    embed.add_field(name=name, value=clip("\n".join(lines), EMBED_FIELD_VALUE), inline=False)


def reveal_embed(
    live: LiveRound,
    answers: Sequence[RoundAnswer],
    *,
    title: str,
    spoilers: bool,
    note: str | None = None,
    streaks: dict[int, DailyStreak] | None = None,
    score: str | None = None,
    teams: dict[int, str] | None = None,
) -> discord.Embed:
    question = live.question
    parts = [prompt_text(question, spoilers=spoilers), answer_line(question, spoilers=spoilers)]
    if note:
        parts.append(note)
    if not answers:
        parts.append("Nobody answered this one.")
    if score:
        parts.append(score)
    embed = discord.Embed(title=title, description=clip("\n\n".join(parts), EMBED_DESCRIPTION), colour=REVEAL_COLOUR)
    if answers:
        _answers_field(embed, answers, streaks, teams)
    add_evidence(embed, question, spoilers=spoilers)
    _footer(embed, question)
    return embed


def standing_line(s: Standing, wins: int = 0) -> str:
    line = f"**{s.rank}.** {member_name(s.user_id, s.name)} · {s.points} pts ({s.correct}/{s.answered} right)"
    return line + (f" · {counted(wins, 'duel win')}" if wins else "")


def standings_lines(standings: Sequence[Standing], wins: dict[int, int] | None = None) -> str:
    return "\n".join(standing_line(s, (wins or {}).get(s.user_id, 0)) for s in standings)


def score_line(game: GameRow, standings: Sequence[Standing], teams: dict[int, str] | None) -> str:
    """Who leads after this question: both teams, a duel's two members, or a game to a target's
    top three ("**First to 500:** Lane 286 · Paris 140")."""
    if teams is not None:
        parts = [f"Team {t.team} {t.points}" for t in sorted(team_totals(standings, teams), key=lambda t: t.team)]
    elif game.mode == "duel":
        points = {s.user_id: s for s in standings}
        players = sorted(game.players, key=lambda p: -(points[p].points if p in points else 0))
        parts = [
            f"{member_name(p, points[p].name) if p in points else f'<@{p}>'} {points[p].points if p in points else 0}"
            for p in players
        ]
    else:
        parts = [f"{member_name(s.user_id, s.name)} {s.points}" for s in standings[:3]]
    label = f"First to {game.target}" if game.target is not None else "Score"
    return f"**{label}:** {' · '.join(parts) or 'nobody has points yet'}"


def _winner_line(result: Result, game: GameRow, totals: list[TeamTotal], standings: Sequence[Standing]) -> str:
    points = {s.user_id: s.points for s in standings}
    names = {s.user_id: member_name(s.user_id, s.name) for s in standings}
    if game.mode == "teams":
        first, second = totals
        if result.draw:
            return f"It's a draw: {first.points} points each."
        if result.reached_target:
            return f"\N{TROPHY} **Team {result.winner_team}** reached {game.target} points first and wins!"
        return f"\N{TROPHY} **Team {first.team} wins**, {first.points} to {second.points}!"
    if game.mode == "duel":
        a, b = sorted(game.players, key=lambda p: -points.get(p, 0))
        if result.draw:
            return f"The duel is a draw: {points.get(a, 0)} points each."
        return f"\N{TROPHY} **{names.get(a, f'<@{a}>')} wins the duel**, {points.get(a, 0)} to {points.get(b, 0)}!"
    if result.reached_target and result.winner_id is not None:
        return f"\N{TROPHY} **{names.get(result.winner_id)}** reached {game.target} points first and wins!"
    if game.target is not None and standings:
        return f"Nobody reached {game.target} points; {names[standings[0].user_id]} came closest."
    return ""


def standings_embed(
    standings: Sequence[Standing],
    *,
    title: str,
    game: GameRow | None = None,
    teams: dict[int, str] | None = None,
    result: Result | None = None,
    note: str | None = None,
) -> discord.Embed:
    """A game's standings (top ten), led by who won (or why it stopped); a team game's show both
    teams' totals first."""
    totals = team_totals(standings, teams) if teams is not None else []
    lines = [note, ""] if note else []
    if result is not None and game is not None and (winner := _winner_line(result, game, totals, standings)):
        lines += [winner, ""]
    for total in totals:
        members = ", ".join(f"<@{user}>" for user in total.members[:MAX_NAMES]) or "nobody"
        lines.append(f"**Team {total.team}** · {total.points} pts: {members}")
    if totals:
        lines.append("")
    lines.append(standings_lines(standings[:MAX_NAMES]) or "Nobody answered.")
    return discord.Embed(title=title, description=clip("\n".join(lines).strip(), EMBED_DESCRIPTION), colour=COLOUR)


def _timestamp(stored: str | None) -> int | None:
    """A stored timestamp ("2024-05-02T08:00:00.000Z") as unix seconds, for Discord's <t:...> markup."""
    try:
        return int(datetime.fromisoformat(stored.replace("Z", "+00:00")).timestamp()) if stored else None
    except ValueError:
        return None


def leaderboard_embed(
    board: LeaderboardPage,
    *,
    period: str,
    season: int,
    began: str | None = None,
    wins: dict[int, int] | None = None,
    teams: Sequence[TeamSeasonTotal] = (),
) -> discord.Embed:
    """A page of the season's (or week's) standings. The caller's own rank is added only when the
    page does not show it; a season after the first says when it began and where the last one went."""
    lines = []
    if season > 1:
        since = _timestamp(began)
        when = f" <t:{since}:R>" if since else ""
        lines += [f"Season {season} began{when}; `/trivia seasons` shows season {season - 1}'s top three.", ""]
    if board.entries:
        lines.append(standings_lines(board.entries, wins))
    else:
        lines.append("No points yet. `/trivia start` a game!" if board.total == 0 else "Nobody on this page.")
    embed = discord.Embed(
        title=f"Trivia leaderboard · {period}", description=clip("\n".join(lines), EMBED_DESCRIPTION), colour=COLOUR
    )
    you = board.caller
    if you is not None and all(entry.user_id != you.user_id for entry in board.entries):
        mine = (wins or {}).get(you.user_id, 0)
        value = f"#{you.rank} · {you.points} pts ({you.correct}/{you.answered} right)"
        embed.add_field(name="You", value=value + (f" · {counted(mine, 'duel win')}" if mine else ""), inline=False)
    if teams:
        embed.add_field(
            name="Team games",
            value="\n".join(f"**Team {t.team}** · {t.points} pts · {counted(t.wins, 'win')}" for t in teams),
            inline=False,
        )
    players = counted(board.total, "player")
    embed.set_footer(text=f"Season {season} · page {board.page + 1} of {board.pages} · {players}")
    return embed


MEDALS = {1: "\N{FIRST PLACE MEDAL}", 2: "\N{SECOND PLACE MEDAL}", 3: "\N{THIRD PLACE MEDAL}"}


def seasons_embed(past: Sequence[PastSeason], total: int, *, season: int, began: str | None) -> discord.Embed:
    """Past seasons, newest first, each with its top three."""
    since = _timestamp(began)
    lines = [f"Season {season} is on now" + (f", since <t:{since}:D>." if since else "."), ""]
    if not past:
        lines.append("No season has ended yet. Moderators end one with `/config reset-scores`.")
    for archived in past:
        ended = _timestamp(archived.ended_at)
        lines.append(f"**Season {archived.season}**" + (f" · ended <t:{ended}:D>" if ended else ""))
        podium = [
            f"{MEDALS.get(s.rank, f'{s.rank}.')} {member_name(s.user_id, s.name)} ({s.points} pts)"
            for s in archived.podium
        ]
        lines += [" · ".join(podium) if podium else "Nobody scored.", ""]
    if total > len(past):
        lines.append(f"And {counted(total - len(past), 'earlier season')}: `/config export` has them all.")
    return discord.Embed(
        title="Past seasons", description=clip("\n".join(lines).strip(), EMBED_DESCRIPTION), colour=COLOUR
    )


CATEGORY_WORDS = {
    "people": "about who's who",
    "quotes": "about what was said",
    "facts": "about the article's facts",
    "occasions": "about when and where it was said",
    "community": "from this server's own questions",
}


def game_intro(
    game: GameRow, *, started: bool = False, typed: bool = True, starter: str | None = None, fewer: bool = False
) -> str:
    """What a new game says in the channel: its format, questions, timer and how it ends (``fewer``:
    the category held fewer questions on different topics than asked for)."""
    who = starter or f"<@{game.started_by}>"
    count = counted(game.rounds, "question") + (" (all there are on different topics)" if fewer else "")
    about = f" {CATEGORY_WORDS.get(game.category, f'({shown(game.category, 40)})')}" if game.category else ""
    pace = f"{game.timer} seconds to answer" if game.rounds == 1 else f"{game.timer} seconds each"
    if typed and game.timer < TYPED_MIN_S:
        pace += f" ({TYPED_MIN_S} for typed answers)"
    what = f"a game of {count}{about}"
    if game.target is not None:
        what = f"a race to {game.target} points: {count}{about} at most"
    aim = f" The first {'team' if game.mode == 'teams' else 'player'} to {game.target} wins." if game.target else ""
    if game.mode == "teams":
        text = f"**Team trivia!** {who} started {what}, {pace}.{aim}"
        if started:
            return text + " Teams are set; newcomers can still join one. `/trivia stop` ends the game."
        deadline = f"<t:{int(game.lobby_deadline)}:R>" if game.lobby_deadline else "soon"
        return text + f" Pick a team: the first question comes {deadline}, or when {who} presses Start now."
    return f"**Trivia!** {who} started {what}, {pace}.{aim} One answer each per question; `/trivia stop` ends the game."


def stats_embed(stats: MemberStats, *, name: str, daily: DailyStreak | None = None) -> discord.Embed:
    embed = discord.Embed(title=f"Trivia stats · {shown(name, 100)}", colour=COLOUR)
    embed.add_field(name="Points", value=str(stats.points))
    embed.add_field(name="Rank", value=f"#{stats.rank}" if stats.rank else "—")
    embed.add_field(name="Answered", value=str(stats.answered))
    embed.add_field(name="Correct", value=str(stats.correct))
    embed.add_field(name="Accuracy", value=f"{stats.accuracy:.0%}" if stats.answered else "—")
    embed.add_field(name="Streak", value=f"{stats.streak} now · best {stats.best_streak}")
    embed.add_field(name="Fastest right answer", value=seconds(stats.fastest_ms) if stats.fastest_ms else "—")
    if daily is not None:
        value = f"{counted(daily.current, 'day')} now · best {daily.best}" if daily.best else "—"
        embed.add_field(name="Daily question streak", value=value)
    embed.set_footer(text=f"Season {stats.season}")
    return embed


def quick_embed(question: Question, choices: Sequence[str], *, spoilers: bool) -> discord.Embed:
    parts = [prompt_text(question, spoilers=spoilers), choice_lines(choices), "Practice: not scored."]
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
