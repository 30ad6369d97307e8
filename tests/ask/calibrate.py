"""Fit /ask's answerability model, and print the constants for ``bot/search/calibration.py``.

    .venv/bin/python -m tests.ask.calibrate [--features a,b,...] [--ablate]

Every candidate /ask considers for every question of the tuning set (``questions.toml``) and the
development set (``dev.toml``) becomes a row of features, labelled 1 when it is an accepted answer
of an answerable question, else 0 (never the held-out sets); a logistic regression fitted to them
scores answerability. Then the thresholds: ``ANSWER_AT`` is the one that gets the most questions
right (the best candidate accepted and confident, or no confident candidate for a not-covered
question), ``CLOSEST_AT`` is set below it.

The fit is judged on questions it was not fitted on: 10-fold cross-validation by question (fit on
nine tenths, threshold chosen there, the last tenth scored), for each L2 penalty of
:data:`PENALTIES`; the penalty that gets the most held-back questions right is used (the larger on a
tie), and its cross-validated figure, per set, is printed beside the figure on the questions it was
fitted on. ``--features`` fits only those features (the others weigh 0); ``--ablate`` prints the
cross-validated figure without each feature in turn, to choose them by questions not fitted on.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
from pathlib import Path

from bot.content.loader import ContentPaths
from bot.db.search_repo import NO_GUILD
from bot.search import calibration
from bot.search.ask import read_question
from bot.search.engine import ASK_KINDS
from bot.search.query import QueryRejected
from tests.ask.evaluate import DEV, TUNING, accepted, load_questions, shipped_engine

FITTED_ON = {"tuning": TUNING, "dev": DEV}
PENALTIES = (0.1, 0.3, 1.0, 3.0)
FOLDS = 10
GRID = [round(0.05 * i, 2) for i in range(2, 19)]

Candidates = list[tuple[list[float], int]]
Question = tuple[str, int, Candidates]  # its set, whether answerable, each candidate's (features, label)


async def candidate_rows(sets: dict[str, Path] = FITTED_ON) -> list[Question]:
    """Per question of ``sets``: its set, whether it is answerable, and each candidate's
    (features, label). Questions answered by people's cards or quotes alone are not scored."""
    paths = ContentPaths.default()
    article = paths.article.read_text(encoding="utf-8")
    out: list[Question] = []
    async with shipped_engine() as shipped:
        engine, people = shipped.engine, shipped.people
        generation, lexicon, _ = await engine._ask_state()
        for name, path in sets.items():
            answerable, not_covered = load_questions(path, article)
            for items, is_answerable in ((answerable, 1), (not_covered, 0)):
                for item in items:
                    try:
                        q = read_question(item["q"], lexicon, people)
                    except QueryRejected:
                        continue
                    if not q.concepts and ("say" in q.cues or "who" in q.cues or not q.asks_more_than_names):
                        continue
                    scored, _ = await engine._candidates(q, lexicon, NO_GUILD, ASK_KINDS, generation)
                    rows = [
                        (
                            list(c.features.vector()),
                            int(is_answerable and accepted(c.hit.card, item["accept"], article)),
                        )
                        for c in scored
                    ]
                    out.append((name, is_answerable, rows))
    return out


def fitted(questions: list[Question], l2: float, used: tuple[str, ...]) -> tuple[float, dict[str, float]]:
    """The bias and a weight per feature (0 for the features not ``used``)."""
    columns = [calibration.FEATURE_NAMES.index(name) for name in used]
    rows = [[features[c] for c in columns] for _, _, cands in questions for features, _ in cands]
    labels = [label for _, _, cands in questions for _, label in cands]
    bias, weights = calibration.fit(rows, labels, l2=l2)
    named = dict.fromkeys(calibration.FEATURE_NAMES, 0.0)
    named.update(zip(used, weights, strict=True))
    return bias, named


Tally = dict[str, list[int]]  # per set: [answerable right, answerable, not covered right, not covered]


def right_at(questions: list[Question], bias: float, named: dict[str, float], answer_at: float) -> Tally:
    """Questions answered right, per set: the best candidate accepted and confident, or none confident."""
    right = {name: [0, 0, 0, 0] for name in FITTED_ON}
    weights = [named[name] for name in calibration.FEATURE_NAMES]
    for name, is_answerable, cands in questions:
        # calibration.probability, as a sum: the best candidate is the one with the largest sum
        sums = [bias + sum(w * v for w, v in zip(weights, features, strict=True)) for features, _ in cands]
        best = max(range(len(cands)), key=lambda i: sums[i], default=None)
        confident = best is not None and 1.0 / (1.0 + math.exp(-max(-60.0, sums[best]))) >= answer_at
        tally = right[name]
        if is_answerable:
            tally[0] += confident and cands[best][1] == 1
            tally[1] += 1
        else:
            tally[2] += not confident
            tally[3] += 1
    return right


def balanced(tally: Tally) -> float:
    """The share of answerable questions right plus the share of not-covered ones right, over both
    sets: issue 17's targets are on each rate, so neither kind may buy the other (there are twice
    as many answerable questions)."""
    a, n, c, m = (sum(t[i] for t in tally.values()) for i in range(4))
    return (a / n if n else 0.0) + (c / m if m else 0.0)


def threshold(questions: list[Question], bias: float, named: dict[str, float]) -> float:
    return max(GRID, key=lambda t: (balanced(right_at(questions, bias, named, t)), -abs(t - 0.5)))


def cross_validated(questions: list[Question], l2: float, used: tuple[str, ...]) -> Tally:
    """Questions right, per set, when each tenth is scored by a fit (and threshold) made on the rest."""
    right = {name: [0, 0, 0, 0] for name in FITTED_ON}
    for fold in range(FOLDS):
        train = [q for i, q in enumerate(questions) if i % FOLDS != fold]
        held = [q for i, q in enumerate(questions) if i % FOLDS == fold]
        bias, named = fitted(train, l2, used)
        for name, tally in right_at(held, bias, named, threshold(train, bias, named)).items():
            right[name] = [x + y for x, y in zip(right[name], tally, strict=True)]
    return right


def best_penalty(questions: list[Question], used: tuple[str, ...]) -> tuple[float, dict[float, Tally]]:
    by_penalty = {l2: cross_validated(questions, l2, used) for l2 in PENALTIES}
    return max(PENALTIES, key=lambda p: (balanced(by_penalty[p]), p)), by_penalty


def figures(tally: Tally) -> str:
    """How many right, as the evaluation counts them: top-1 on answerable questions, "not covered"
    on the others (questions answered from people's cards alone are not scored here)."""
    a, n, c, m = (sum(t[i] for t in tally.values()) for i in range(4))
    each = "; ".join(f"{name} {t[0]}/{t[1]} and {t[2]}/{t[3]}" for name, t in tally.items())
    return f"{balanced(tally) / 2:.1%} balanced (answerable {a}/{n}, not covered {c}/{m}: {each})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ask.calibrate", description=__doc__.split("\n")[0])
    parser.add_argument("--features", help="comma-separated features to fit (default: every one)")
    parser.add_argument("--ablate", action="store_true", help="cross-validate without each feature in turn")
    args = parser.parse_args(argv)
    used = tuple(args.features.split(",")) if args.features else calibration.FEATURE_NAMES
    unknown = set(used) - set(calibration.FEATURE_NAMES)
    if unknown:
        parser.error(f"no such feature: {', '.join(sorted(unknown))}")
    questions = asyncio.run(candidate_rows())
    rows = sum(len(cands) for _, _, cands in questions)
    if args.ablate:
        l2, by_penalty = best_penalty(questions, used)
        print(f"# all of {len(used)}, L2 {l2}: {figures(by_penalty[l2])}")
        for left_out in used:
            l2, by_penalty = best_penalty(questions, tuple(f for f in used if f != left_out))
            print(f"# without {left_out}, L2 {l2}: {figures(by_penalty[l2])}")
        return 0
    l2, by_penalty = best_penalty(questions, used)
    bias, named = fitted(questions, l2, used)
    answer_at = threshold(questions, bias, named)
    print(f"# {len(questions)} questions scored, {rows} candidates; L2 {l2}")
    for penalty, right in by_penalty.items():
        print(f"# {FOLDS}-fold cross-validated, L2 {penalty}: {figures(right)}")
    print(f"# fitted on all, at {answer_at}: {figures(right_at(questions, bias, named, answer_at))}")
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
