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


TEMPLATE = PROJECT_ROOT / "deploy" / "all-in-companion@.service"


def template_lines(section: str) -> list[tuple[str, str]]:
    """(key, value) of one section of the template unit, repeated keys kept (systemd adds them up)."""
    pairs: list[tuple[str, str]] = []
    current = None
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif current == section and line and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs.append((key, value))
    return pairs


def test_the_template_unit_runs_the_instances_shards_with_its_own_content_file() -> None:
    """all-in-companion@0-1 runs SHARD_IDS=0-1; each instance builds its own local content file."""
    environment = [value for key, value in template_lines("Service") if key == "Environment"]
    assert "SHARD_IDS=%i" in environment
    paths = [v for v in environment if v.startswith("DATABASE_PATH=")]
    assert len(paths) == 1 and "%i" in paths[0] and paths[0].startswith("DATABASE_PATH=/var/lib/all-in-companion/")


def test_the_template_unit_is_the_single_unit_but_for_what_an_instance_changes() -> None:
    """Same user, restart policy, stop signal, hardening and command as the unit tested above."""
    single = service()
    template = dict(template_lines("Service"))
    for key, value in single.items():
        if key != "Environment":
            assert template.get(key) == value, key


def test_instance_names_are_shard_ids_the_bot_reads() -> None:
    from bot.settings import parse_shard_ids

    # names systemd allows (no commas), as SHARD_IDS of SHARD_COUNT=8
    assert [parse_shard_ids(name, 8) for name in ("0", "1", "0-3", "4-7")] == [(0,), (1,), (0, 1, 2, 3), (4, 5, 6, 7)]
