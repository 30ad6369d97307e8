"""``python -m bot service``: the example unit with this checkout's folder, interpreter and user put in,
or one line saying why that user could not run it and what to do instead."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import bot.service as service
from bot.settings import PROJECT_ROOT

SERVICE_USER = "nobody"  # on every Linux; the tests run as root or as a user that is not nobody


def unit_section(text: str, section: str = "Service") -> dict[str, str]:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(text)
    return dict(parser[section])


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder every user can enter (pytest's own tmp_path is private to the user running the tests)."""
    folder = Path(tempfile.mkdtemp(prefix="allin-service-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def make_checkout(root: Path) -> Path:
    """A checkout with a venv whose python links to an interpreter elsewhere; the venv's python."""
    (root / "bot").mkdir(parents=True)
    (root / "bot" / "__main__.py").write_text("")
    (root / "data").mkdir()
    interpreter = root.parent / "python-install" / "bin" / "python3.11"
    interpreter.parent.mkdir(parents=True)
    interpreter.write_text("")
    interpreter.chmod(0o755)
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python3.11").symlink_to(interpreter)
    (root / ".venv" / "bin" / "python").symlink_to("python3.11")
    for folder in (root, *root.rglob("*")):
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)
    for folder in interpreter.parents:
        if folder == root.parent:
            break
        folder.chmod(0o755)
    return root / ".venv" / "bin" / "python"


def test_the_unit_names_this_checkout_its_venv_and_the_user(place: Path) -> None:
    """Folder, interpreter (as the venv names it), user and documentation are this checkout's; every
    other line (restart policy, hardening) is the example's in deploy/."""
    root = place / "bot-checkout"
    python = make_checkout(root)
    text = service.service_unit(SERVICE_USER, python=python, root=root)
    unit = unit_section(text)
    assert unit["User"] == unit["Group"] == SERVICE_USER
    assert unit["WorkingDirectory"] == str(root)
    assert unit["ExecStart"] == f"{python} -m bot"
    assert unit_section(text, "Unit")["Documentation"] == f"file://{root}/docs/operations.md"
    example = service.EXAMPLE_UNIT.read_text(encoding="utf-8")
    for key, value in unit_section(example).items():
        if key not in ("User", "Group", "WorkingDirectory", "ExecStart"):
            assert unit[key] == value, key
    assert "/opt/all-in-companion" not in text
    assert unit["ProtectHome"] == "true" and unit["ProtectSystem"] == "strict"


def test_an_interpreter_the_user_cannot_read_is_refused_naming_the_folder(place: Path) -> None:
    root = place / "bot-checkout"
    python = make_checkout(root)
    private = place / "python-install"
    private.chmod(0o700)
    with pytest.raises(service.ServiceRefused) as refused:
        service.service_unit(SERVICE_USER, python=python, root=root)
    message = str(refused.value)
    assert "\n" not in message
    assert f"cannot read the venv's interpreter {python}" in message and f"{private} is drwx------" in message
    assert "make -C /opt/all-in-companion setup PYTHON=" in message


def test_an_interpreter_under_root_is_refused_since_protect_home_hides_it(place: Path) -> None:
    """The issue's case: a venv made by pyenv's Python, a link into /root (which the service user
    cannot read, and which ProtectHome=true hides anyway)."""
    root = place / "bot-checkout"
    python = make_checkout(root)
    (root / ".venv" / "bin" / "python3.11").unlink()
    (root / ".venv" / "bin" / "python3.11").symlink_to("/root/.pyenv/versions/3.11.7/bin/python3.11")
    with pytest.raises(service.ServiceRefused) as refused:
        service.service_unit(SERVICE_USER, python=python, root=root)
    message = str(refused.value)
    assert "leads to /root/.pyenv/versions/3.11.7/bin/python3.11, under /root" in message
    assert "ProtectHome=true" in message and "\n" not in message


def test_a_checkout_under_home_is_refused(place: Path) -> None:
    python = make_checkout(place / "bot-checkout")
    with pytest.raises(service.ServiceRefused, match=r"the checkout /home/fan/companion is under /home"):
        service.check_runnable(service.account(SERVICE_USER), python, Path("/home/fan/companion"))


def test_the_command_refuses_an_unknown_user_in_one_line_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "service", "--user", "no-such-user-here"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "DISCORD_TOKEN": ""},
        timeout=60,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "there is no user 'no-such-user-here': create it first" in result.stderr


def test_the_template_unit_is_the_shard_example_with_this_checkout(place: Path) -> None:
    root = place / "bot-checkout"
    python = make_checkout(root)
    text = service.service_unit(SERVICE_USER, python=python, root=root, template=True)
    lines = text.splitlines()
    assert f"ExecStart={python} -m bot" in lines and f"WorkingDirectory={root}" in lines
    assert f"User={SERVICE_USER}" in lines and "Environment=SHARD_IDS=%i" in lines
    example = service.EXAMPLE_TEMPLATE.read_text(encoding="utf-8")
    kept = [line for line in example[example.index("[Unit]") :].splitlines() if line.partition("=")[0] not in (
        "Documentation", "User", "Group", "WorkingDirectory", "ExecStart")]  # fmt: skip
    assert [line for line in lines if line in kept] == kept  # every other line, in order
