"""The rooms stay apart: the core never imports cogs; pure modules never import discord."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.client import discover_extensions

ROOT = Path(__file__).resolve().parent.parent
# Plain-Python packages: rules, parsing and query shaping that must not touch discord objects.
PURE_PACKAGES = ("bot/content", "bot/trivia", "bot/search", "bot/moderation", "bot/db")
PURE_MODULES = ("bot/shards.py",)  # which process owns which server


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("bot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_core_never_imports_cogs(path: Path) -> None:
    """Nothing in bot/ imports from cogs/ (extensions are named as strings)."""
    assert not any(name == "cogs" or name.startswith("cogs.") for name in imported_modules(path))


@pytest.mark.parametrize(
    "path",
    [p for folder in ("bot", "cogs", "standin") for p in python_files(folder)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_product_code_never_imports_tests(path: Path) -> None:
    """The bot, its cogs and the stand-in (which the demo uses) run without the test suite."""
    assert not any(name == "tests" or name.startswith("tests.") for name in imported_modules(path))


@pytest.mark.parametrize(
    "path",
    [p for folder in PURE_PACKAGES for p in python_files(folder)] + [ROOT / m for m in PURE_MODULES],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_pure_modules_never_import_discord(path: Path) -> None:
    """Game rules, content parsing, search shaping, SQL repositories and the shard ownership rule
    never import discord."""
    assert not any(name == "discord" or name.startswith("discord.") for name in imported_modules(path))


@pytest.mark.parametrize("path", python_files("cogs"), ids=lambda p: str(p.relative_to(ROOT)))
def test_cogs_hold_no_sql(path: Path) -> None:
    """Cogs call repositories; they never execute SQL themselves."""
    source = path.read_text(encoding="utf-8")
    for marker in (".execute(", "execute_fetchall", "fetch_all(", "fetch_one(", ".transaction("):
        assert marker not in source, f"{path.name} runs SQL ({marker})"


async def test_every_extension_loads_and_command_names_are_unique(tmp_path: Path) -> None:
    """Every extension in cogs/ loads into one bot, and no two top-level commands share a name."""
    from discord.ext import commands

    from bot.client import CompanionBot
    from bot.content.loader import ContentPaths, load_content
    from bot.db import Database
    from bot.settings import load_settings

    settings = load_settings({"DISCORD_TOKEN": "x" * 40, "DATABASE_PATH": str(tmp_path / "b.db")}, env_file=None)
    async with Database(settings.database_path) as db:
        await load_content(db, ContentPaths.default())  # as setup_hook does before extensions load
        bot = CompanionBot(settings, db, sync_commands=False)
        for extension in discover_extensions():
            try:
                await bot.load_extension(extension)
            except commands.ExtensionFailed as exc:  # pragma: no cover - the failure is the message
                raise AssertionError(f"{extension} failed to load: {exc.original!r}") from exc
        names = [command.name for command in bot.tree.get_commands()]
        assert len(names) == len(set(names)), names
        await bot.close()


@pytest.mark.parametrize("path", python_files("cogs"), ids=lambda p: str(p.relative_to(ROOT)))
def test_cogs_take_their_repositories_from_the_bot(path: Path) -> None:
    """Repositories are built once, for the backend chosen at start-up (bot.repos): a cog that built
    its own from the SQLite file (bot.db) would miss the server state when it lives in PostgreSQL."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "db":
            owner = node.value.attr if isinstance(node.value, ast.Attribute) else getattr(node.value, "id", "")
            assert owner not in ("bot", "client"), f"{path.name}:{node.lineno} reaches for the SQLite file"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Repo"):
            raise AssertionError(f"{path.name}:{node.lineno} builds a repository ({node.func.id})")


def test_metrics_know_every_button_and_form_the_cogs_define() -> None:
    """Issue 19: metrics label an interaction from a fixed set (bot/metrics.py), never from what the
    client sent; every button kind's namespace and every form's name the cogs define is in it."""
    from bot.metrics import BUTTON_NAMESPACES, FORM_NAMES
    from cogs._ui import SafeModal
    from tests.hostile._buttons import all_buttons, subclasses

    namespaces = {button.layout.kind.split(":", 1)[0] for button in all_buttons()}
    forms = {modal.form for modal in subclasses(SafeModal) if modal.__module__.startswith("cogs.")}
    assert namespaces == BUTTON_NAMESPACES
    assert forms == FORM_NAMES
