"""Fit /ask's answerability model on the tuning set, and print the constants for
``bot/search/calibration.py``.

    .venv/bin/python -m tests.ask.calibrate

Every candidate /ask considers for every question of ``questions.toml`` (the tuning set, never the
held-out one) becomes a row of features, labelled 1 when it is an accepted answer of an answerable
question, else 0; a logistic regression fitted to them scores answerability. Then the thresholds:
``ANSWER_AT`` is the one that gets the most questions right (the best candidate accepted and
confident, or no confident candidate for a not-covered question), ``CLOSEST_AT`` is set below it.

The fit is also judged on questions it was not fitted on: 10-fold cross-validation by question (fit
on nine tenths, threshold chosen there, questions of the last tenth scored), for each L2 penalty of
:data:`PENALTIES`; the penalty that gets the most held-back questions right is used (the larger on a
tie), and its cross-validated figure is printed beside the figure on the questions it was fitted on.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from bot.content.loader import ContentPaths, load_content
from bot.db import Database
from bot.db.search_repo import NO_GUILD, SearchRepo
from bot.search import calibration
from bot.search.ask import read_question
from bot.search.engine import ASK_KINDS, SearchEngine
from bot.search.people import PeopleIndex
from bot.search.query import QueryRejected
from tests.ask.evaluate import TUNING, accepted, load_questions


async def candidate_rows() -> list[tuple[int, list[tuple[list[float], int]]]]:
    """Per tuning question: whether it is answerable, and each candidate's (features, label)."""
    paths = ContentPaths.default()
    article = paths.article.read_text(encoding="utf-8")
    answerable, not_covered = load_questions(TUNING, article)
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        async with Database(Path(tmp) / "calibrate.db") as db:
            await load_content(db, paths)
            repo = SearchRepo(db)
            try:
                engine = SearchEngine(repo)
                people = PeopleIndex(await repo.people_names())
                generation, lexicon, _ = await engine._ask_state()
                for items, is_answerable in ((answerable, 1), (not_covered, 0)):
                    for item in items:
                        try:
                            q = read_question(item["q"], lexicon, people)
                        except QueryRejected:
                            continue
                        if not q.concepts and ("say" in q.cues or "who" in q.cues or not q.asks_more_than_names):
                            continue  # answered by people's cards or quotes, not scored
                        scored, _ = await engine._candidates(q, lexicon, NO_GUILD, ASK_KINDS, generation)
                        rows = [
                            (
                                list(c.features.vector()),
                                int(is_answerable and accepted(c.hit.card, item["accept"], article)),
                            )
                            for c in scored
                        ]
                        out.append((is_answerable, rows))
            finally:
                await repo.reader.close()
    return out


PENALTIES = (0.1, 0.3, 1.0, 3.0)
FOLDS = 10
GRID = [round(0.05 * i, 2) for i in range(2, 19)]

Questions = list[tuple[int, list[tuple[list[float], int]]]]


def fitted(questions: Questions, l2: float) -> tuple[float, dict[str, float]]:
    rows = [features for _, cands in questions for features, _ in cands]
    labels = [label for _, cands in questions for _, label in cands]
    bias, weights = calibration.fit(rows, labels, l2=l2)
    return bias, dict(zip(calibration.FEATURE_NAMES, weights, strict=True))


def right_at(questions: Questions, bias: float, named: dict[str, float], answer_at: float) -> int:
    """Questions answered right: the best candidate accepted and confident, or none confident."""
    right = 0
    for is_answerable, cands in questions:
        probs = [calibration.probability(calibration.Features(*features), named, bias) for features, _ in cands]
        best = max(range(len(cands)), key=lambda i: probs[i], default=None)
        confident = best is not None and probs[best] >= answer_at
        right += (confident and cands[best][1] == 1) if is_answerable else not confident
    return right


def threshold(questions: Questions, bias: float, named: dict[str, float]) -> float:
    return max(GRID, key=lambda t: (right_at(questions, bias, named, t), -abs(t - 0.5)))


def cross_validated(questions: Questions, l2: float) -> int:
    """Questions right when each tenth is scored by a fit (and threshold) made on the other nine."""
    right = 0
    for fold in range(FOLDS):
        train = [q for i, q in enumerate(questions) if i % FOLDS != fold]
        held = [q for i, q in enumerate(questions) if i % FOLDS == fold]
        bias, named = fitted(train, l2)
        right += right_at(held, bias, named, threshold(train, bias, named))
    return right


def main() -> int:
    questions = asyncio.run(candidate_rows())
    rows = sum(len(cands) for _, cands in questions)
    by_penalty = {l2: cross_validated(questions, l2) for l2 in PENALTIES}
    l2 = max(PENALTIES, key=lambda p: (by_penalty[p], p))
    bias, named = fitted(questions, l2)
    answer_at = threshold(questions, bias, named)
    print(f"# {len(questions)} tuning questions, {rows} candidates; L2 {l2}")
    print(f"# {FOLDS}-fold cross-validated: " + ", ".join(f"L2 {p}: {n} right" for p, n in by_penalty.items()))
    print(f"# fitted on all: {right_at(questions, bias, named, answer_at)} right at {answer_at}")
    print(f"BIAS = {bias:.3f}")
    print("WEIGHTS = {")
    for name, weight in named.items():
        print(f'    "{name}": {weight:.3f},')
    print("}")
    print(f"ANSWER_AT = {answer_at}")
    print(f"CLOSEST_AT = {round(max(0.05, answer_at / 2), 2)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
