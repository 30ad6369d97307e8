"""docs/operations.md works as written: every command in it (its ``sh`` and ``cron`` blocks, and the
commands quoted in its prose) is read from the doc and either run here, in document order, or named
below with the reason it cannot run here. A command the test does not know fails it, so the doc and
this test cannot drift apart.

The machine's paths are moved into a sandbox (``/opt/all-in-companion`` is a checkout whose code and
venv are this one's, ``/var/lib``, ``/var/backups``, ``/etc`` are folders of the sandbox) and the
service user is ``nobody`` when it can run the venv's interpreter, else this test's own user (here a
pyenv Python under /root is out of nobody's reach: the very case ``python -m bot service`` refuses).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

import bot.service as service
from bot.settings import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "operations.md"
# Commands that cannot run here, by how they start, and why.
NOT_HERE = {
    "useradd ": "adds a user to this machine",
    "git clone ": "fetches the repository (this checkout stands in for it)",
    "git -C ": "pulls from the repository",
    "make -C ": "builds a venv from PyPI (`make test` runs `make setup` itself)",
    "systemctl ": "needs systemd, which does not run in this container",
    "journalctl ": "needs systemd's journal",
    "createuser ": "PostgreSQL's superuser set-up on a real server",
    "createdb ": "PostgreSQL's superuser set-up on a real server",
    "pg_dump ": "PostgreSQL's own tool, on the real server (tests/db covers the bot's side)",
    "pg_restore ": "PostgreSQL's own tool, on the real server",
    "runuser -u companion -- env DATABASE_PATH=/var/lib/all-in-companion/bot.db \\\n    DATABASE_URL=": (
        "migrate-to-postgres needs the PostgreSQL set up above; tests/db/test_migrate_to_postgres.py runs it"
    ),
}
RUN_HERE = (
    "install ",
    "/opt/all-in-companion/.venv/bin/python -m compileall ",
    "/opt/all-in-companion/.venv/bin/python -m bot service ",
    "runuser -u companion -- env DATABASE_PATH=/var/lib/all-in-companion/bot.db /opt/",
    ".venv/bin/python -m bot backup ",
    "echo 'DATABASE_URL=",
    "cd /var/lib/all-in-companion && ",
    "cp /var/backups/companion/",
    "cron: ",
)
# Commands quoted in the prose: inline code starting with one of these and holding a space.
_PROSE_COMMANDS = re.compile(r"`((?:cd|cp|mv|runuser|pg_dump|pg_restore|install|useradd) [^`\n]+)`")
_BLOCK = re.compile(r"^```(sh|cron)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_CRON_LINE = re.compile(r"^(\S+ \S+ \S+ \S+ \S+) (\S+) (.+)$")


def doc_commands(text: str) -> list[str]:
    """Every command of the doc, in order: block lines (continuations joined, comments dropped),
    cron entries as ``cron: <entry>``, and commands quoted in the prose."""
    found: list[tuple[int, str]] = []
    for block in _BLOCK.finditer(text):
        kind, body = block.group(1), block.group(2)
        for line in re.split(r"(?<!\\)\n", body):
            line = re.sub(r"\s+# .*$", "", line).strip()
            if line:
                found.append((block.start(), f"cron: {line}" if kind == "cron" else line))
    prose = _BLOCK.sub(lambda m: " " * len(m.group(0)), text)
    found += [(m.start(), m.group(1)) for m in _PROSE_COMMANDS.finditer(prose)]
    return [command for _, command in sorted(found, key=lambda pair: pair[0])]


def why_not_here(command: str) -> str | None:
    for start, reason in NOT_HERE.items():
        if command.startswith(start):
            return reason
    return None


@dataclass
class Sandbox:
    root: Path
    checkout: Path
    user: str
    group: str

    def paths(self) -> dict[str, str]:
        return {
            "/opt/all-in-companion": str(self.checkout),
            "/var/lib/all-in-companion": str(self.root / "state"),
            "/var/backups/companion": str(self.root / "backups"),
            "/etc/all-in-companion": str(self.root / "etc"),
            "/etc/systemd/system": str(self.root / "systemd"),
        }

    def localise(self, command: str) -> str:
        for real, here in self.paths().items():
            command = command.replace(real, here)
        command = re.sub(r"(-u|-o|--user) companion\b", rf"\1 {self.user}", command)
        command = re.sub(r"-g companion\b", f"-g {self.group}", command)
        return command.replace("chown companion:", f"chown {self.user}:")

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        if command.startswith("cron: "):
            command = self.cron_command(command.removeprefix("cron: "))
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "DISCORD_", "METRICS_"))}
        if command.startswith(".venv/"):
            # "A bot you run by hand" keeps its settings in its .env; here they come from the environment,
            # which the bot reads the same way: the venv's editable install imports this checkout wherever
            # a command runs, so the sandbox's checkout cannot have a .env of its own. Every other command
            # names its DATABASE_PATH itself, as the service's settings file does not.
            environ["DATABASE_PATH"] = str(self.root / "state" / "bot.db")
        return subprocess.run(
            ["bash", "-c", self.localise(command)],
            cwd=self.checkout,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def cron_command(self, entry: str) -> str:
        """A line of /etc/cron.d as cron runs it: with /bin/sh, as its user, ``\\%`` read as ``%``."""
        match = _CRON_LINE.match(entry)
        assert match, f"not a cron.d line (minute hour day month weekday user command): {entry}"
        user, command = match.group(2), match.group(3).replace("\\%", "%")
        assert re.search(r"(?<!\\)%", match.group(3)) is None, f"cron ends a command at an unescaped %: {entry}"
        return f"runuser -u {user} -- sh -c {shlex.quote(command)}"


def service_user() -> tuple[str, str]:
    """nobody, when it can start the venv's interpreter; else this process's own user."""
    if os.geteuid() == 0:
        try:
            service.check_runnable(service.account("nobody"), service.venv_python(), PROJECT_ROOT)
        except service.ServiceRefused:
            pass
        else:
            return "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
    entry = pwd.getpwuid(os.geteuid())
    return entry.pw_name, grp.getgrgid(entry.pw_gid).gr_name


@pytest.fixture
def sandbox(template_db: Path | None) -> Iterator[Sandbox]:
    if os.geteuid() != 0:
        pytest.skip("the doc's commands run as root (runuser, install -o): run the suite as root to try them")
    assert template_db is not None, "the content did not load (see the other tests' failures)"
    root = Path(tempfile.mkdtemp(prefix="allin-operations-"))
    root.chmod(0o755)
    user, group = service_user()
    checkout = root / "checkout"
    checkout.mkdir()
    for name in ("bot", "cogs", "data", "docs", "deploy"):
        (checkout / name).symlink_to(PROJECT_ROOT / name)
    (checkout / ".venv").symlink_to(Path(sys.prefix))
    (root / "systemd").mkdir()
    # What systemd's StateDirectory= leaves: the service user's folder, with the bot's database.
    (root / "state").mkdir(mode=0o750)
    shutil.copyfile(template_db, root / "state" / "bot.db")
    for path in (root / "state", root / "state" / "bot.db"):
        shutil.chown(path, user, group)
    yield Sandbox(root, checkout, user, group)
    shutil.rmtree(root, ignore_errors=True)


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_every_command_in_the_doc_is_known_here() -> None:
    commands = doc_commands(DOC.read_text(encoding="utf-8"))
    assert len(commands) > 20, commands
    unknown = [c for c in commands if why_not_here(c) is None and not c.startswith(RUN_HERE)]
    assert not unknown, f"docs/operations.md has commands this test does not know (run or name them): {unknown}"


def test_the_docs_commands_run_as_written(sandbox: Sandbox) -> None:
    """Service set-up, the backup before an upgrade, backups by hand and by cron into the folder the
    set-up made, a restore, and the PostgreSQL setting: each exits 0 and leaves what it says."""
    commands = [c for c in doc_commands(DOC.read_text(encoding="utf-8")) if why_not_here(c) is None]
    today = date.today().isoformat()
    refused_service = None
    python = sandbox.checkout / ".venv" / "bin" / "python"  # /opt/all-in-companion/.venv/bin/python
    try:
        service.check_runnable(service.account(sandbox.user), python, sandbox.checkout)
    except service.ServiceRefused as exc:
        refused_service = str(exc)
    for command in commands:
        if command.startswith("cp /var/backups/companion/"):  # the restore's example: a backup of that day
            day = re.search(r"/var/backups/companion/(\S+\.db)", command).group(1)
            shutil.copyfile(sandbox.root / "backups" / f"{today}.db", sandbox.root / "backups" / day)
        result = sandbox.run(command)
        if " -m bot service " in command and refused_service is not None:
            assert result.returncode == 2, (command, result.stderr)
            assert result.stderr == f"error: {refused_service}\n", result.stderr
            continue
        assert result.returncode == 0, f"{command}\n-> exit {result.returncode}: {result.stdout}{result.stderr}"

    backups = sandbox.root / "backups"
    assert oct(backups.stat().st_mode & 0o777) == "0o700" and backups.owner() == sandbox.user
    made = sorted(p.name for p in backups.glob("*.db"))
    assert f"{today}.db" in made and "latest.db" in made, made  # by cron, and by hand with --force
    assert any(name.startswith("before-upgrade-") for name in made), made
    assert any(re.fullmatch(rf"{today}-\d{{4}}\.db", name) for name in made), made
    for name in made:
        assert integrity(backups / name) == "ok", name
    assert (backups / f"{today}.db").owner() == sandbox.user  # the cron job's copy is the service user's
    restored = sandbox.root / "state" / "bot.db"
    assert restored.owner() == sandbox.user and integrity(restored) == "ok"
    assert (sandbox.root / "state" / "bot.db.old").exists()
    settings = sandbox.root / "etc" / "env"
    assert oct(settings.stat().st_mode & 0o777) == "0o640" and oct(settings.parent.stat().st_mode & 0o777) == "0o750"
    assert settings.read_text().startswith("DATABASE_URL=postgresql://")
    unit = (sandbox.root / "systemd" / "all-in-companion.service").read_text()
    if refused_service is None:
        assert f"ExecStart={python} -m bot" in unit and f"User={sandbox.user}" in unit
    assert list((sandbox.checkout / "bot" / "__pycache__").glob("*.pyc")), "compileall wrote nothing"
