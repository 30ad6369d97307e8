"""The systemd unit: a dedicated user, restart after a crash but not after a set-up problem,
stopped with SIGTERM with time to spare, and the command the README runs."""

from __future__ import annotations

import configparser

import bot.__main__ as entry
from bot.settings import PROJECT_ROOT

UNIT = PROJECT_ROOT / "deploy" / "all-in-companion.service"


def service() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser["Service"]


def test_runs_as_a_dedicated_user_with_its_own_state_folder() -> None:
    unit = service()
    assert unit["User"] not in ("", "root") and unit["Group"] == unit["User"]
    assert unit["Environment"].startswith("DATABASE_PATH=/var/lib/")
    assert unit["StateDirectory"] == "all-in-companion" and unit["ProtectSystem"] == "strict"
    assert unit["ExecStart"].endswith("/.venv/bin/python -m bot")


def test_restarts_after_a_crash_but_not_after_a_setup_problem() -> None:
    unit = service()
    assert unit["Restart"] == "on-failure"
    assert unit["RestartPreventExitStatus"] == str(entry.EXIT_FIX_SETUP)


def test_stops_with_sigterm_and_waits_longer_than_the_bot_needs() -> None:
    unit = service()
    assert unit["KillSignal"] == "SIGTERM"
    assert int(unit["TimeoutStopSec"]) > 10  # the bot exits within 10 s of SIGTERM (tested end to end)
