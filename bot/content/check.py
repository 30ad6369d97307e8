"""``python -m bot check``: load the content into a scratch database and print what was stored
(read back through the repository), or every error. Needs no token and touches no real database."""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from bot.content.loader import ContentError, ContentPaths, load_content
from bot.content.text import display_path
from bot.db import Database
from bot.db.content_repo import ContentRepo
from bot.db.trivia_repo import SqliteTriviaRepo
from bot.plural import counted, listed


def run_check(paths: ContentPaths | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """0 when the content loads, 1 (after printing every error) when it does not."""
    paths = paths or ContentPaths.default()
    out, err = out or sys.stdout, err or sys.stderr
    logging.getLogger("bot.db.database").setLevel(logging.WARNING)  # the scratch database's migrations are noise
    try:
        lines = asyncio.run(_load_and_describe(paths))
    except ContentError as exc:
        print(f"content check FAILED for {display_path(paths.content)} against {display_path(paths.article)}", file=err)
        print(exc, file=err)
        return 1
    print("\n".join(lines), file=out)
    return 0


# What the bank's generated questions are built from, by their key's first part ("fact:miniseries-2016").
GENERATED_FROM = {"fact": "facts", "quote": "quotes", "plays": "people", "played-by": "people"}


async def _load_and_describe(paths: ContentPaths) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="content-check-") as scratch:
        async with Database(Path(scratch) / "check.db") as db:
            report = await load_content(db, paths, force=True)
            trivia = SqliteTriviaRepo(db)
            await trivia.refresh_bank(force=True)
            bank = [q.key for q in await trivia.bank_questions()]
            loaded = ", ".join(
                f"{n} {'written questions' if kind == 'questions' else kind}" for kind, n in report.counts.items()
            )
            return await _describe(ContentRepo(db), paths, [f"loaded {loaded}", bank_line(bank, paths.content)])


def bank_line(keys: list[str], content: Path) -> str:
    """The trivia bank's size, said so that it adds up with the written questions above it and
    matches ``python -m bot questions --summary``."""
    written = sum(1 for key in keys if key.startswith("curated:"))
    sources = sorted({GENERATED_FROM.get(key.split(":")[0], key.split(":")[0]) for key in keys} - {"curated"})
    generated = len(keys) - written
    made = f" and {generated} generated from its {listed(sources)}" if generated else ""
    return (
        f"trivia bank: {counted(len(keys), 'question')}, the {written} written in {display_path(content)}{made}"
        " (python -m bot questions lists them)"
    )


async def _describe(repo: ContentRepo, paths: ContentPaths, summary: list[str]) -> list[str]:
    article = await repo.article()
    card = await repo.episode_card()
    assert article is not None and card is not None  # just stored
    lines = [
        f"content OK: {display_path(paths.content)} against {display_path(paths.article)}",
        *summary,
        "",
        f"episode: {card.podcast}, host {card.host.name}, guest {card.guest.name}; aired: {card.aired or 'not stated in the source'}",
        f"headline: {card.headline}",
        "",
        "people:",
    ]
    lines += [
        f"  {p.id}: {p.name} (plays {p.plays or 'not stated'}), aliases {', '.join(p.aliases)}" for p in card.people
    ]
    lines += ["", "occasions:"]
    lines += [f"  {o.id}: {o.label}{' [the episode]' if o.is_episode else ''}" for o in await repo.occasions()]
    lines += ["", "quotes (article order; offsets into the article):"]
    for q in await repo.quotes():
        links = [f"part {q.part} of {q.passage_id}"] if q.passage_id != q.id or q.part > 1 else []
        links += [f"inside {q.parent_id}"] if q.parent_id else []
        links += [f"repeats {q.repeat_of}"] if q.repeat_of else []
        lines.append(
            f"  {q.id} [{q.start}:{q.end}] {q.speaker_name} @ {q.occasion_id}, {q.kind}{'; ' if links else ''}{'; '.join(links)}"
            f" (title: {q.title})"
        )
        lines.append(f"    “{q.body}”")
    lines += ["", "facts (evidence from the article):"]
    for f in await repo.facts():
        voice = f"{f.speaker_id} @ {f.occasion_id}" if f.speaker_id else "the article's narration"
        lines.append(f"  {f.id} (about {', '.join(f.about) or 'no one'}; words: {voice}; title: {f.title}): {f.body}")
        lines.append(
            f"    evidence [{f.evidence_start}:{f.evidence_end}]: “{article.excerpt(f.evidence_start, f.evidence_end)}”"
        )
        if f.question:
            lines.append(f"    trivia: {f.question} -> {f.answer} ({f.answer_kind or 'no kind'})")
    return lines
