"""/ask's answerability score (bot.search.calibration): plain Python, no database."""

from __future__ import annotations

import dataclasses
import random

import pytest

from bot.search import calibration
from bot.search.calibration import ANSWER_AT, CLOSEST_AT, Features, Verdict, fit, probability, verdict

STRONG = Features(
    semantic=0.9,
    coverage=1.0,
    asked=1.0,
    unknown=0.0,
    misses_person=0.0,
    not_a_who=0.0,
    person_unasked=0.0,
    covers_most=1.0,
)
NOTHING = Features(
    semantic=0.2,
    coverage=0.0,
    asked=0.0,
    unknown=1.0,
    misses_person=0.0,
    not_a_who=0.0,
    person_unasked=0.0,
    covers_most=0.0,
)


def test_a_close_match_is_an_answer_and_an_unrelated_one_is_not():
    assert verdict(probability(STRONG)) == Verdict.ANSWER
    assert verdict(probability(NOTHING)) == Verdict.NOT_COVERED


@pytest.mark.parametrize(
    ("name", "direction"),
    [
        ("semantic", 1),
        ("coverage", 1),
        ("unknown", -1),
        ("misses_person", -1),
        ("not_a_who", -1),
        ("person_unasked", -1),
        ("covers_most", 1),
    ],
)
def test_the_fitted_score_moves_the_way_its_feature_means(name: str, direction: int):
    """Meaning and covered words raise it; what the article never mentions, a person missed, a card
    that is not the kind asked for lower it."""
    middle = Features(0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5)
    more = dataclasses.replace(middle, **{name: 1.0})
    less = dataclasses.replace(middle, **{name: 0.0})
    assert (probability(more) - probability(less)) * direction > 0


def test_the_verdicts_and_their_order():
    assert 0 < CLOSEST_AT < ANSWER_AT < 1
    assert verdict(ANSWER_AT) == Verdict.ANSWER
    assert verdict((ANSWER_AT + CLOSEST_AT) / 2) == Verdict.CLOSEST
    assert verdict(CLOSEST_AT / 2) == Verdict.NOT_COVERED


def test_fit_recovers_a_logistic_relation_and_is_calibrated():
    """Data drawn from p = sigmoid(-1 + 3x): the fit finds the weights, and among rows scored about
    0.7 about 70% are positive."""
    rng = random.Random(7)
    rows, labels = [], []
    for _ in range(4000):
        x = rng.random()
        rows.append([x])
        labels.append(int(rng.random() < 1 / (1 + 2.718281828 ** -(-1 + 3 * x))))
    bias, (weight,) = fit(rows, labels, l2=0.0)
    assert abs(bias + 1) < 0.25 and abs(weight - 3) < 0.4
    scored = [(1 / (1 + 2.718281828 ** -(bias + weight * r[0])), y) for r, y in zip(rows, labels, strict=True)]
    near = [y for p, y in scored if 0.65 <= p <= 0.75]
    assert near and abs(sum(near) / len(near) - 0.7) < 0.06


def test_the_constants_name_every_feature():
    assert set(calibration.WEIGHTS) == set(calibration.FEATURE_NAMES)
