"""Loads ``data/`` into SQLite: reads both files, holds the content file to the article, and stores
the result in one transaction, unless both files are unchanged since the last load."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from bot.content.model import Content
from bot.content.text import ContentError, display_path, read_utf8
from bot.db import Database
from bot.db.content_repo import ContentRepo
from bot.settings import PROJECT_ROOT

__all__ = [
    "ContentError",
    "ContentPaths",
    "ContentStore",
    "LoadReport",
    "load_content",
    "load_content_into",
    "read_content",
    "read_files",
]

log = logging.getLogger(__name__)

DATA_DIR = PROJECT_ROOT / "data"
# Part of the content hash: bump it when the loader stores things differently, so that the next
# start reloads even though neither file changed.
# 2: plays_accepted, facts' wrong and accepted, question topics; 3: role, fan questions, synonyms;
# 4: card titles, facts' speaker and occasion; 5: questions' citations and credits, the generated
# forms of bot/trivia/forms.py, [sic]
LOADER_VERSION = b"content-loader/5"


@dataclass(frozen=True, slots=True)
class ContentPaths:
    article: Path
    content: Path

    @classmethod
    def default(cls) -> ContentPaths:
        return cls(article=DATA_DIR / "article.txt", content=DATA_DIR / "episode.toml")


@dataclass(frozen=True, slots=True)
class LoadReport:
    loaded: bool
    counts: dict[str, int]

    def summary(self) -> str:
        return ("loaded " if self.loaded else "unchanged, ") + ", ".join(f"{v} {k}" for k, v in self.counts.items())


def read_files(paths: ContentPaths) -> tuple[str, str, str]:
    """The article's and the content file's text, and their hash. Raises :class:`ContentError`."""
    problems: list[str] = []
    texts: dict[Path, tuple[bytes, str]] = {}
    for path in (paths.article, paths.content):
        try:
            texts[path] = read_utf8(path)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    (article_bytes, article_text), (content_bytes, content_text) = texts[paths.article], texts[paths.content]
    digest = hashlib.sha256()
    for part in (LOADER_VERSION, article_bytes, content_bytes):
        digest.update(len(part).to_bytes(8, "big") + part)  # length-prefixed: no two inputs hash alike
    return article_text, content_text, digest.hexdigest()


def read_content(paths: ContentPaths) -> tuple[Content, str]:
    """Read and check both files (plain Python, no database): the content and its hash.
    Raises :class:`ContentError` listing every problem."""
    from bot.content.content_file import check_content

    article_text, content_text, content_hash = read_files(paths)
    content = check_content(
        article_text,
        content_text,
        article_name=display_path(paths.article),
        content_name=display_path(paths.content),
    )
    return content, content_hash


class ContentStore(Protocol):
    """Where content is stored: SQLite's :class:`ContentRepo`, or PostgreSQL's copy for the server
    state's joins (``bot.db.postgres.content_repo``)."""

    async def content_hash(self) -> str | None: ...

    async def store(self, content: Content, content_hash: str) -> None: ...

    async def counts(self) -> dict[str, int]: ...


async def load_content(db: Database, paths: ContentPaths, *, force: bool = False) -> LoadReport:
    """Check and store the content in this SQLite database (see :func:`load_content_into`)."""
    return await load_content_into(ContentRepo(db), paths, force=force)


async def load_content_into(repo: ContentStore, paths: ContentPaths, *, force: bool = False) -> LoadReport:
    """Check and store the content, in one transaction; skipped (without re-checking) when both
    files hash as they did at the last load, unless ``force``. On :class:`ContentError` nothing in
    the database has changed."""
    # Reading and checking are pure CPU on two small files; a thread keeps the event loop free anyway.
    article_text, content_text, content_hash = await asyncio.to_thread(read_files, paths)
    if not force and await repo.content_hash() == content_hash:
        return LoadReport(loaded=False, counts=await repo.counts())
    # Imported only when there is something to check: the parser and TOML reader cost the
    # long-running process over a MiB of memory it would otherwise never use.
    from bot.content.content_file import check_content

    content = await asyncio.to_thread(
        check_content,
        article_text,
        content_text,
        article_name=display_path(paths.article),
        content_name=display_path(paths.content),
    )
    await repo.store(content, content_hash)
    log.info("stored content %s", content_hash[:12])
    return LoadReport(loaded=True, counts=content.counts())
