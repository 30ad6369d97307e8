"""Loads data/ into SQLite. (Interface fixed; the implementation is being written.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.db import Database
from bot.settings import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"


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


async def load_content(db: Database, paths: ContentPaths, *, force: bool = False) -> LoadReport:
    return LoadReport(loaded=False, counts={})
