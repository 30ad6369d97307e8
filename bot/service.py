"""``python -m bot service [--user NAME] [--template]``: the systemd unit for this checkout.

The unit is deploy/all-in-companion.service (the documented example, with its restart policy and
hardening; with ``--template``, deploy/all-in-companion@.service, one process per range of shards)
with this checkout's folder, this venv's interpreter and the chosen user put in. It is
printed only when that user can run it: every link of the interpreter's symlink chain and the
project's code must be readable by the user, and none of it may sit in a home folder, which the
unit's ProtectHome=true hides from the service (a pyenv Python under /root fails both: exit 126).
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

EXAMPLE_UNIT = PROJECT_ROOT / "deploy" / "all-in-companion.service"
EXAMPLE_TEMPLATE = PROJECT_ROOT / "deploy" / "all-in-companion@.service"
EXAMPLE_ROOT = "/opt/all-in-companion"
DEFAULT_USER = "companion"
EXIT_FIX_SETUP = 2  # as python -m bot's other "fix the set-up" refusals
# What ProtectHome=true makes inaccessible to the service (systemd.exec(5)).
HIDDEN_BY_PROTECT_HOME = (Path("/home"), Path("/root"), Path("/run/user"))
# Lines of the example that name its place or its user; every other line is kept as it is.
_REPLACED_KEYS = ("Documentation", "User", "Group", "WorkingDirectory", "ExecStart")


class ServiceRefused(Exception):
    """The unit would not run for that user; the message says why and what to do, in one line."""


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gids: frozenset[int]


def account(name: str) -> Account:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        raise ServiceRefused(
            f"there is no user {name!r}: create it first "
            f"(useradd --system --home-dir /var/lib/all-in-companion --shell /usr/sbin/nologin {name}), "
            "or name another with --user"
        ) from None
    gids = {entry.pw_gid, *os.getgrouplist(name, entry.pw_gid)}
    return Account(name, entry.pw_uid, frozenset(gids))


def venv_python() -> Path:
    """This venv's interpreter as the venv names it (``.venv/bin/python``, a link, not resolved: a
    rebuilt venv keeps the path); outside a venv, the interpreter running this."""
    if sys.prefix != sys.base_prefix:
        return Path(sys.prefix) / "bin" / "python"
    return Path(sys.executable)


def _allows(path: Path, user: Account, wanted: int) -> bool:
    """Whether ``user`` has the ``wanted`` bits (``os.R_OK | os.X_OK``...) on ``path`` itself."""
    info = path.stat()
    if user.uid == 0:
        return True
    if info.st_uid == user.uid:
        shift = 6
    elif info.st_gid in user.gids:
        shift = 3
    else:
        shift = 0
    return (info.st_mode >> shift) & wanted == wanted


def unreachable_part(path: Path, user: Account, wanted: int) -> Path | None:
    """The first folder ``user`` cannot enter on the way to ``path``, or ``path`` itself when it lacks
    ``wanted``; None when ``user`` can use it."""
    path = Path(os.path.abspath(path))
    for folder in reversed(path.parents):
        if not _allows(folder, user, os.X_OK):
            return folder
    return None if _allows(path, user, wanted) else path


def link_chain(path: Path) -> list[Path]:
    """``path`` and every path its symlinks lead through, to the real file."""
    chain = [Path(os.path.abspath(path))]
    seen = set()
    while chain[-1].is_symlink() and chain[-1] not in seen:
        seen.add(chain[-1])
        target = Path(os.readlink(chain[-1]))
        chain.append(Path(os.path.abspath(chain[-1].parent / target)))
    return chain


def _hidden_by_protect_home(path: Path) -> Path | None:
    """The home folder ``path`` itself lies in (its folders resolved, not a link at its end)."""
    located = Path(os.path.realpath(path.parent)) / path.name
    return next((home for home in HIDDEN_BY_PROTECT_HOME if located.is_relative_to(home)), None)


def check_runnable(user: Account, python: Path, root: Path) -> None:
    """Refuse (:class:`ServiceRefused`) when ``user`` could not start ``python -m bot`` in ``root``."""
    fix = (
        f"make the venv with a Python that {user.name} can read outside home folders (e.g. Debian's "
        "python3.11, or one built into /usr/local or /opt), in a checkout outside /root and /home: "
        "`make -C /opt/all-in-companion setup PYTHON=/usr/bin/python3.11`; then run this again"
    )
    for link in link_chain(python):
        if (home := _hidden_by_protect_home(link)) is not None:
            raise ServiceRefused(
                f"the venv's interpreter {python} leads to {link}, under {home}, which the unit's "
                f"ProtectHome=true hides from the service: {fix}"
            )
        wanted = os.R_OK | os.X_OK if not link.is_symlink() else 0
        if (part := unreachable_part(link, user, wanted)) is not None:
            raise ServiceRefused(
                f"user {user.name} cannot read the venv's interpreter {python} (it leads to {link}, and "
                f"{part} is {stat.filemode(part.stat().st_mode)} {_owner(part)}): {fix}"
            )
    for needed in (root / "bot" / "__main__.py", root / "data"):
        if (home := _hidden_by_protect_home(needed)) is not None:
            raise ServiceRefused(
                f"the checkout {root} is under {home}, which the unit's ProtectHome=true hides from the "
                f"service: clone it elsewhere, e.g. /opt/all-in-companion, and {fix}"
            )
        wanted = os.R_OK | (os.X_OK if needed.is_dir() else 0)
        if (part := unreachable_part(needed, user, wanted)) is not None:
            raise ServiceRefused(
                f"user {user.name} cannot read the checkout's {needed} ({part} is "
                f"{stat.filemode(part.stat().st_mode)} {_owner(part)}): make it readable by {user.name}, "
                "e.g. clone it into /opt/all-in-companion as root (folders 755, files 644)"
            )


def _owner(path: Path) -> str:
    info = path.stat()
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = str(info.st_uid)
    try:
        group = grp.getgrgid(info.st_gid).gr_name
    except KeyError:
        group = str(info.st_gid)
    return f"{owner}:{group}"


def render_unit(user: str, python: Path, root: Path, example: Path) -> str:
    """The ``example`` unit with this checkout's folder and interpreter and ``user`` put in."""
    values = {
        "Documentation": f"file://{root}/docs/operations.md",
        "User": user,
        "Group": user,
        "WorkingDirectory": str(root),
        "ExecStart": f"{python} -m bot",
    }
    template = " --template" if example.name.endswith("@.service") else ""
    lines = [
        f"# {example.name} for the companion bot in {root}, written by",
        f"# `python -m bot service --user {user}{template}` from deploy/{example.name}, the documented example.",
        '# Install and use: docs/operations.md ("Running as a service"). Settings in /etc/all-in-companion/env',
        "# (DISCORD_TOKEN=..., readable by root and that user only).",
    ]
    text = example.read_text(encoding="utf-8")
    for line in text[text.index("[Unit]") :].splitlines():
        key, equals, _ = line.partition("=")
        if equals and key in _REPLACED_KEYS:
            line = f"{key}={values[key]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def service_unit(
    user_name: str = DEFAULT_USER, python: Path | None = None, root: Path = PROJECT_ROOT, *, template: bool = False
) -> str:
    """The unit for this checkout (``template``: the one per range of shards), or :class:`ServiceRefused`."""
    python = python or venv_python()
    check_runnable(account(user_name), python, root)
    return render_unit(user_name, python, root, EXAMPLE_TEMPLATE if template else EXAMPLE_UNIT)


def run_service(user_name: str, *, template: bool = False) -> int:
    try:
        unit = service_unit(user_name, template=template)
    except ServiceRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FIX_SETUP
    sys.stdout.write(unit)
    return 0
