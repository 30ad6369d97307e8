"""How well ``/ask`` answers what fans ask: top-1 accuracy on the answerable questions of
``questions.toml`` and the rate of honest "not covered" answers on the rest.

    .venv/bin/python -m tests.ask.evaluate [--failures] [--json]

Runs the same engine the command runs (``SearchEngine.ask``) on the shipped content, loaded into
a temporary database through the real migrations and loader, with every feature on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.search_repo import NO_GUILD, FactCard, PersonCard, SearchRepo
from bot.search.engine import SearchEngine
from bot.search.people import PeopleIndex
from bot.search.query import QueryRejected

QUESTIONS = Path(__file__).with_name("questions.toml")


@dataclass
class Report:
    answerable: int = 0
    answered_right: int = 0
    not_covered: int = 0
    said_not_covered: int = 0
    failures: list[dict] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.answered_right / self.answerable if self.answerable else 0.0

    @property
    def not_covered_rate(self) -> float:
        return self.said_not_covered / self.not_covered if self.not_covered else 0.0

    def figures(self) -> dict:
        return {
            "answerable": self.answerable,
            "top1_right": self.answered_right,
            "top1_accuracy": round(self.accuracy, 3),
            "not_covered": self.not_covered,
            "said_not_covered": self.said_not_covered,
            "not_covered_rate": round(self.not_covered_rate, 3),
        }


def load_questions(path: Path = QUESTIONS) -> tuple[list[dict], list[dict]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return data.get("answerable", []), data.get("not_covered", [])


def card_ref(card) -> str:
    kind = "person" if isinstance(card, PersonCard) else "fact" if isinstance(card, FactCard) else "quote"
    return f"{kind}:{card.id}"


async def top_answer(engine: SearchEngine, people: PeopleIndex, question: str) -> str | None:
    """The first card /ask would show, as "kind:id", or None for "not covered"."""
    try:
        outcome = await engine.ask(question, NO_GUILD, people=people)
    except QueryRejected:
        return None
    return card_ref(outcome.hits[0].card) if outcome.hits else None


async def evaluate(path: Path = QUESTIONS) -> Report:
    answerable, not_covered = load_questions(path)
    report = Report(answerable=len(answerable), not_covered=len(not_covered))
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "ask-eval.db") as db:
            await load_content(db, ContentPaths.default())
            repo = SearchRepo(db)
            try:
                engine = SearchEngine(repo)
                people = PeopleIndex(await repo.people_names())
                for item in answerable:
                    got = await top_answer(engine, people, item["q"])
                    if got in item["accept"]:
                        report.answered_right += 1
                    else:
                        report.failures.append({"q": item["q"], "got": got, "want": item["accept"]})
                for item in not_covered:
                    got = await top_answer(engine, people, item["q"])
                    if got is None:
                        report.said_not_covered += 1
                    else:
                        report.failures.append({"q": item["q"], "got": got, "want": "not covered"})
            finally:
                await repo.reader.close()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ask.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every question answered wrongly")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--questions", type=Path, default=QUESTIONS, help="another questions file")
    args = parser.parse_args(argv)
    report = asyncio.run(evaluate(args.questions))
    if args.json:
        print(json.dumps({**report.figures(), "failures": report.failures}, indent=2))
        return 0
    print(
        f"answerable: {report.answered_right}/{report.answerable} right at top 1 ({report.accuracy:.1%})\n"
        f"not covered: {report.said_not_covered}/{report.not_covered} said so ({report.not_covered_rate:.1%})"
    )
    if args.failures:
        for failure in report.failures:
            want = failure["want"] if isinstance(failure["want"], str) else " | ".join(failure["want"])
            print(f"  {failure['q']!r}: got {failure['got'] or 'not covered'}; want {want}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
