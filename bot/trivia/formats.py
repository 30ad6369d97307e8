"""Game formats, in plain Python: who wins a game played to a target score, a team game or a duel.

Formats are options of the one game loop (cogs/trivia/_games.py), not copies of it: a game is
``solo`` (everyone for themself), ``teams`` (Team A against Team B, members' points added up) or a
``duel`` (two members, five questions). Any of them may be played to a ``target``: the first member,
or team, to reach it wins and the game ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.trivia.models import Standing

MODES = ("solo", "teams", "duel")
TEAMS = ("A", "B")
DUEL_ROUNDS = 5
TARGET_ROUNDS = 20  # a game played to a target, with no number of questions given, asks at most this many


@dataclass(frozen=True, slots=True)
class TeamTotal:
    team: str
    points: int
    members: tuple[int, ...]  # user ids, best scorer first


@dataclass(frozen=True, slots=True)
class Result:
    """How a game ended: a winning member or team (or a draw), and whether a target was reached."""

    winner_id: int | None = None
    winner_team: str | None = None
    draw: bool = False
    reached_target: bool = False


def team_to_join(teams: Mapping[int, str]) -> str:
    """The team a member joins when they answer without having picked one: the smaller (A on a tie)."""
    sizes = dict.fromkeys(TEAMS, 0)
    for team in teams.values():
        sizes[team] = sizes.get(team, 0) + 1
    return min(TEAMS, key=lambda team: (sizes[team], team))


def team_totals(standings: Sequence[Standing], teams: Mapping[int, str]) -> list[TeamTotal]:
    """Each team's points (its members' in this game), best team first, A before B on a tie.
    Members who joined but never answered are listed with their team."""
    points = dict.fromkeys(TEAMS, 0)
    members: dict[str, list[int]] = {team: [] for team in TEAMS}
    scored = set()
    for standing in standings:  # best first
        team = teams.get(standing.user_id)
        if team in points:
            points[team] += standing.points
            members[team].append(standing.user_id)
            scored.add(standing.user_id)
    for user_id, team in sorted(teams.items()):
        if user_id not in scored and team in members:
            members[team].append(user_id)
    return sorted(
        (TeamTotal(team, points[team], tuple(members[team])) for team in TEAMS), key=lambda t: (-t.points, t.team)
    )


def target_reached(standings: Sequence[Standing], teams: Mapping[int, str] | None, target: int | None) -> Result | None:
    """The winner once a member (or, in a team game, a team) has ``target`` points; None before."""
    if target is None:
        return None
    if teams is not None:
        best = team_totals(standings, teams)[0]
        return Result(winner_team=best.team, reached_target=True) if best.points >= target else None
    if standings and standings[0].points >= target:
        return Result(winner_id=standings[0].user_id, reached_target=True)
    return None


def final_result(
    mode: str, standings: Sequence[Standing], teams: Mapping[int, str] | None, players: Sequence[int] = ()
) -> Result:
    """Who won a game that ran its course: the best team, the better of a duel's two members, or
    the best member (equal points: a draw)."""
    if mode == "teams" and teams is not None:
        first, second = team_totals(standings, teams)
        return Result(draw=True) if first.points == second.points else Result(winner_team=first.team)
    if mode == "duel":
        points = {s.user_id: s.points for s in standings}
        scored = sorted(((points.get(p, 0), p) for p in players), reverse=True)
        if len(scored) < 2 or scored[0][0] == scored[1][0]:
            return Result(draw=True)
        return Result(winner_id=scored[0][1])
    if not standings:
        return Result(draw=True)
    if len(standings) > 1 and standings[1].points == standings[0].points:
        return Result(draw=True)
    return Result(winner_id=standings[0].user_id)
