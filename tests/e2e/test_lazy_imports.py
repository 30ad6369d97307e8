"""Memory: ``python -m bot`` imports what a feature needs only when the feature is used. Seen in the real
process (``PYTHONPROFILEIMPORTTIME`` lists every module it imports) through start-up on a new database
(migrations, content load, command sync), an answered ``/episode`` and a trivia game's click."""

from __future__ import annotations

import asyncio
import re
import signal
from pathlib import Path

from standin import CallbackType, DiscordStandIn, DiscordUsers
from tests.e2e._process import STARTUP_LIMIT, clean_environment, copy_project, output_of, run_bot, wait_or_exit

# Each with the setting or use that needs it (docs/benchmarks.md, "Memory"):
NOT_IMPORTED = {
    "asyncpg": "DATABASE_URL",
    "jsonschema": "the stand-in (demo and tests)",
    "referencing": "the stand-in (demo and tests)",
    "standin": "the demo and tests",
    "prometheus_client": "METRICS_PORT",
    "aiohttp.web": "METRICS_PORT",
    "bot.metrics": "METRICS_PORT",
    "bot.db.postgres": "DATABASE_URL",
    "snowballstemmer": "nothing: bot.search.text loads its Porter stemmer alone",
    "rapidfuzz": "a typed answer, a typo in a search, a name to match",
    "argparse": "a subcommand (python -m bot alone has nothing to parse)",
    "difflib": "a quote check",
    "csv": "a scores export",
    # Checking the content runs in a child process, when it changed (bot.content.load_process):
    "tomllib": "a content change (checked by a child process)",
    "bot.content.content_file": "a content change (checked by a child process)",
    "bot.content.article": "a content change (checked by a child process)",
    "bot.content.asks": "a content change (checked by a child process)",
    "bot.trivia.forms": "a content change (checked by a child process)",
    "bot.search._snowball": "a content change (checked by a child process), /ask",
    # The search engine and /ask's code come with the first search (cogs/lookup/_shared.py):
    "bot.search.engine": "/quote search, /ask or a quote check",
    "bot.search.ask": "/ask or a quote check",
    "bot.search.semantic": "/ask or a quote check",
    "bot.search.calibration": "/ask",
    "bot.search.typos": "a search's typo",
}
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.MULTILINE)


def imported_modules(output: str) -> set[str]:
    return set(_IMPORT_LINE.findall(output))


async def test_start_up_a_command_and_a_click_import_no_optional_feature(tmp_path: Path) -> None:
    async with DiscordStandIn() as standin:
        project = copy_project(tmp_path / "project")
        users = DiscordUsers(standin)
        environ = clean_environment(
            DISCORD_TOKEN=standin.token,
            DATABASE_PATH=str(tmp_path / "bot.db"),
            DISCORD_API_BASE=standin.api_base,
            DISCORD_GATEWAY_URL=standin.gateway_url,
            PYTHONPROFILEIMPORTTIME="1",
        )
        log = tmp_path / "bot.log"
        process = await run_bot(project, environ, log)
        try:
            await wait_or_exit(process, standin.wait_connected(within=STARTUP_LIMIT), log)
            fan = users.member("fan")
            episode = await wait_or_exit(process, users.slash("episode", member=fan), log)
            assert "Milo Ventimiglia" in episode.text
            await wait_or_exit(process, users.slash("trivia start", member=fan, channel="trivia"), log)
            question = await wait_or_exit(process, users.wait_channel_message("trivia"), log)
            # An answer button, or (a question to type the answer to) the button that opens the form.
            answers = [
                b["custom_id"] for b in question.buttons if b["custom_id"].startswith(("trivia:a:", "trivia:t:"))
            ]
            clicked = await wait_or_exit(process, users.click(question, answers[0], member=fan), log)
            assert clicked.answered and (clicked.ephemeral or clicked.type == CallbackType.MODAL), clicked.describe()
        finally:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 15)
    modules = imported_modules(output_of(log))
    assert {"discord", "aiosqlite", "bot.client", "bot.trivia.game", "bot.content.load_process"} <= modules, (
        "the import list was not read"
    )
    loaded = {
        name: why
        for name, why in NOT_IMPORTED.items()
        if name in modules or any(m.startswith(f"{name}.") for m in modules)
    }
    assert not loaded, f"imported without their settings or use: {loaded}"
