"""The reference stays true: every command, subcommand, option and context menu from the bot's real
command tree is documented in docs/, every setting read in bot/settings.py in docs/, in the README's
settings table and in .env.example, and every permission the invite asks for in docs/operations.md."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from discord import AppCommandType, app_commands

from bot.client import CompanionBot, discover_extensions
from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.invite import NEEDED_PERMISSIONS
from bot.settings import PROJECT_ROOT, load_settings

DOCS = PROJECT_ROOT / "docs"
# A paragraph, or one item of a list: where a command and its options are described together.
_BLOCK_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[-*] )")


def docs_text() -> str:
    return "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md")))


def blocks_naming(text: str, needle: str) -> list[str]:
    pattern = re.compile(re.escape(needle) + r"(?![\w-])")
    return [block for block in _BLOCK_BREAK.split(text) if pattern.search(block)]


def setting_names() -> list[str]:
    """Every variable bot/settings.py reads: the string passed to get(...) in load_settings."""
    tree = ast.parse((PROJECT_ROOT / "bot" / "settings.py").read_text(encoding="utf-8"))
    names = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "get"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    return sorted(names)


async def command_tree(tmp_path: Path) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """(qualified name, option names) of every slash command leaf, and every context menu's name,
    from a bot with every extension loaded."""
    settings = load_settings({"DISCORD_TOKEN": "x" * 40, "DATABASE_PATH": str(tmp_path / "b.db")}, env_file=None)
    async with Database(settings.database_path) as db:
        await load_content(db, ContentPaths.default())
        bot = CompanionBot(settings, db, sync_commands=False)
        for extension in discover_extensions():
            await bot.load_extension(extension)
        leaves = []
        for command in bot.tree.walk_commands():
            if isinstance(command, app_commands.Command):
                leaves.append((command.qualified_name, [p.display_name for p in command.parameters]))
        menus = [
            menu.name
            for kind in (AppCommandType.message, AppCommandType.user)
            for menu in bot.tree.get_commands(type=kind)
        ]
        await bot.close()
    return leaves, menus


async def test_every_command_subcommand_option_and_context_menu_is_documented(tmp_path: Path) -> None:
    leaves, menus = await command_tree(tmp_path)
    assert leaves, "no commands found: the tree was not built"
    text = docs_text()
    missing = []
    for name, options in leaves:
        blocks = blocks_naming(text, f"/{name}")
        if not blocks:
            missing.append(f"/{name}")
            continue
        described = "\n".join(blocks)
        missing += [f"/{name} option {option!r}" for option in options if not re.search(rf"\b{option}\b", described)]
    missing += [f"context menu {menu!r}" for menu in menus if menu not in text]
    assert not missing, "not documented in docs/:\n" + "\n".join(missing)


@pytest.mark.parametrize("name", setting_names())
def test_every_setting_is_documented(name: str) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\| `{name}` \|", readme, re.MULTILINE), f"{name} is not in the README's settings table"
    assert f"`{name}`" in docs_text(), f"{name} is not described in docs/"
    assert name in (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8"), f"{name} is not in .env.example"


def test_the_settings_are_found() -> None:
    assert {"DISCORD_TOKEN", "DATABASE_PATH", "METRICS_PORT"} <= set(setting_names())


def test_every_permission_the_invite_asks_for_is_explained() -> None:
    operations = (DOCS / "operations.md").read_text(encoding="utf-8")
    for permission in NEEDED_PERMISSIONS:
        assert permission.name in operations, f"docs/operations.md does not explain {permission.name}"


README_MOST_LINES = 120  # a front door: what it is, a round, set-up, settings, links; the rest lives in docs/


def test_the_readme_is_a_front_door_whose_links_lead_somewhere() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= README_MOST_LINES, "the README grew: move the detail into docs/"
    for target in re.findall(r"\]\((?!https?:|#)([^)#\s]+)(?:#[^)]*)?\)", readme):
        assert (PROJECT_ROOT / target).exists(), f"the README links to {target}, which does not exist"
    for command in ("make setup", "make run", "make demo", "make test"):
        assert f"`{command}`" in readme, f"the README does not say what {command} does"
