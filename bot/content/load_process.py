"""The content load in a process of its own: the long-running bot asks a child to check ``data/``
against the article and write it into the SQLite file, then reads the outcome, one line of JSON.

Why: checking parses the TOML file and the article, stems and folds every word and builds the
generated question forms. Done in the bot, all of that (the parser's modules, tomllib, the stemmer
and its cache, the C heap SQLite filled while writing, ``unicodedata``'s name tables) would stay in
its resident memory for its whole life, about 2.3 MiB at 1,000 servers (docs/benchmarks.md,
"Memory"), for a load that runs once per content change. The child costs a Python start (about
0.15 s of CPU) when the content changed, nothing when it did not (the parent compares the hash
first).

The child is ``python -m bot.content.load_process DATABASE ARTICLE CONTENT``; it prints
``{"loaded": ..., "counts": ..., "hash": ...}`` or ``{"problems": [...]}`` (a ContentError).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from bot.content.loader import ContentError, ContentPaths, LoadReport, load_content, read_files
from bot.db import Database
from bot.db.content_repo import ContentRepo
from bot.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

STDERR_SHOWN = 2000  # characters of a failed child's stderr kept in the error


class ContentLoadFailed(RuntimeError):
    """The child stopped without an answer (a crash, a database it could not use): its stderr."""


async def load_content_in_child(db: Database, paths: ContentPaths) -> LoadReport:
    """:func:`load_content`, with the check and the write in a child process when there is anything
    to load (the files' hash differs from the stored one); an in-memory database, which a child
    cannot open, is loaded here. Raises :class:`ContentError` (nothing stored) and
    :class:`ContentLoadFailed`. Nothing else may write to the file meanwhile (start-up)."""
    repo = ContentRepo(db)
    _article, _content, content_hash = await asyncio.to_thread(read_files, paths)
    if await repo.content_hash() == content_hash:
        return LoadReport(loaded=False, counts=await repo.counts())
    if str(db.path) == ":memory:":
        return await load_content(db, paths)
    answer = await _run_child(db.path, paths)
    if "problems" in answer:
        raise ContentError(answer["problems"])
    log.info("stored content %s (checked in a child process)", answer["hash"][:12])
    return LoadReport(loaded=answer["loaded"], counts=answer["counts"])


async def _run_child(db_path: Path, paths: ContentPaths) -> dict:
    environ = dict(os.environ)
    # This checkout's bot package, whatever the parent's sys.path (a benchmark runs another tree's).
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, (str(PROJECT_ROOT), environ.get("PYTHONPATH"))))
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        __name__,
        str(db_path),
        str(paths.article),
        str(paths.content),
        cwd=PROJECT_ROOT,
        env=environ,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        out, err = await child.communicate()
    except BaseException:  # stopped meanwhile (SIGTERM): the child's transaction is rolled back
        if child.returncode is None:
            child.kill()
            await child.wait()
        raise
    lines = out.decode("utf-8", "replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1]) if child.returncode == 0 and lines else None
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        stderr = err.decode("utf-8", "replace").strip()[-STDERR_SHOWN:]
        raise ContentLoadFailed(f"the content load's child process failed (exit {child.returncode}):\n{stderr}")
    return answer


async def _load(db_path: Path, paths: ContentPaths) -> dict:
    async with Database(db_path) as db:  # the parent has migrated it: nothing to do
        try:
            report = await load_content(db, paths)
        except ContentError as exc:
            return {"problems": exc.problems}
        content_hash = await ContentRepo(db).content_hash()
    return {"loaded": report.loaded, "counts": report.counts, "hash": content_hash or ""}


def main(argv: list[str]) -> int:
    db_path, article, content = (Path(arg) for arg in argv)
    answer = asyncio.run(_load(db_path, ContentPaths(article=article, content=content)))
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
