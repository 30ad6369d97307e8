"""Whether an /ask candidate answers the question: a calibrated probability, not a coverage rule.

Each candidate document is described by a few :class:`Features` (how close its meaning is, how
much of the question its words cover, how much of the question the article never mentions, ...)
and scored by logistic regression: ``p = 1 / (1 + exp(-(bias + Σ weight·feature)))``. The weights
are fitted on the tuning set (``tests/ask/questions.toml``: every candidate /ask considers for each
question, labelled by whether it is an accepted answer) by ``python -m tests.ask.calibrate``, which
prints the constants below; never on the held-out set. Its L2 penalty is the one that does best
in cross-validation (each tenth of the questions scored by a fit made on the others), so the
figures it prints include one on questions the fit did not see. Fitting this way makes ``p`` a calibrated
estimate (a score of 0.7 is right about 70% of the time on the data it was fitted on), so the two
thresholds mean what they say:

- ``p >= ANSWER_AT``: a confident answer;
- ``CLOSEST_AT <= p < ANSWER_AT``: related, but not an answer: "the closest it gets";
- below: not covered.

Plain Python (the fit uses numpy, in the script only).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields


@dataclass(frozen=True, slots=True)
class Features:
    semantic: float  # cosine of the question's and the document's meaning (the best of its vectors), -1..1
    coverage: float  # 0..1: weighted share of the question's concepts its words and fan questions cover
    asked: float  # 0..1: the most one of its fan questions covers
    unknown: float  # 0..1: share of the question's concepts no document holds (the same for every candidate)
    misses_person: float  # 1: the question names people and the document none of them
    not_a_who: float  # 1: "who ...?" (not "who said") answered by neither a person nor words naming one
    person_unasked: float  # 1: a person's card for a question that does not ask who
    covers_most: float  # 1: its words cover more of the question than any other candidate's

    def vector(self) -> tuple[float, ...]:
        return astuple(self)


FEATURE_NAMES = tuple(f.name for f in fields(Features))

# Fitted by `python -m tests.ask.calibrate` on the tuning set (see the module docstring): 160 questions
# scored, 143 right on the questions fitted, 141 in 10-fold cross-validation (L2 0.3, the best of four).
# Kept in the third round: refitted on the tuning and development sets together (the script's default
# since), no fit did better on the questions it was not fitted on (docs/benchmarks.md, third round).
BIAS = -5.498
WEIGHTS = {
    "semantic": 4.096,
    "coverage": 2.783,
    "asked": 1.829,
    "unknown": -0.241,
    "misses_person": -2.102,
    "not_a_who": -2.205,
    "person_unasked": -4.087,
    "covers_most": 2.537,
}
ANSWER_AT = 0.35
CLOSEST_AT = 0.17


def probability(features: Features, weights: dict[str, float] | None = None, bias: float | None = None) -> float:
    """The calibrated probability that the document answers the question."""
    weights = WEIGHTS if weights is None else weights
    bias = BIAS if bias is None else bias
    z = bias + sum(weights[name] * value for name, value in zip(FEATURE_NAMES, features.vector(), strict=True))
    if z < -60:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


class Verdict:
    ANSWER = "answer"
    CLOSEST = "closest"
    NOT_COVERED = "not covered"


def verdict(best: float, *, answer_at: float = ANSWER_AT, closest_at: float = CLOSEST_AT) -> str:
    """What the best candidate's probability allows: an answer, the closest it gets, or nothing."""
    if best >= answer_at:
        return Verdict.ANSWER
    if best >= closest_at:
        return Verdict.CLOSEST
    return Verdict.NOT_COVERED


def fit(
    rows: Sequence[Sequence[float]], labels: Sequence[int], *, l2: float = 0.1, iterations: int = 50
) -> tuple[float, list[float]]:
    """Logistic regression by Newton's method with a small L2 penalty (not on the bias): the bias
    and one weight per column of ``rows``. Deterministic; used by the calibration script and tests."""
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    x = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -60, 60)))
        gradient = x.T @ (p - y) + penalty * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if float(np.max(np.abs(step))) < 1e-10:
            break
    return float(w[0]), [float(v) for v in w[1:]]
