"""Content that does not hold up stops ``python -m bot`` at start-up with the list of problems and
exit 2, now that a child process checks it (bot/content/load_process.py): the list crosses over."""

from __future__ import annotations

import asyncio
from pathlib import Path

from standin import DiscordStandIn
from tests.e2e._process import clean_environment, copy_project, output_of, run_bot


async def test_content_that_does_not_hold_up_is_listed_and_exit_2(tmp_path: Path, standin: DiscordStandIn) -> None:
    project = copy_project(tmp_path / "project")
    content = project / "data" / "episode.toml"
    text = content.read_text(encoding="utf-8")
    assert "I think that’s pretty cool," in text
    content.write_text(text.replace("I think that’s pretty cool,", "I think that’s pretty neat,", 1), encoding="utf-8")
    environ = clean_environment(
        DISCORD_TOKEN=standin.token,
        DISCORD_API_BASE=standin.api_base,
        DISCORD_GATEWAY_URL=standin.gateway_url,
        DATABASE_PATH=str(tmp_path / "bot.db"),
        LOG_LEVEL="WARNING",
    )
    log = tmp_path / "bot.log"
    process = await run_bot(project, environ, log)
    assert await asyncio.wait_for(process.wait(), 60) == 2
    output = output_of(log)
    assert "data/ does not hold up against the article, so nothing was loaded" in output, output
    assert "pretty-cool" in output and "Traceback" not in output, output
