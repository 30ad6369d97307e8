"""/ask keeps answering what fans ask: both evaluation sets, the tuning and the held-out one, stay at
or above the issue's targets (90% top-1 on answerable questions, 90% "not covered" on the rest)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.content.loader import ContentPaths, read_content
from bot.search.text import words
from tests.ask.evaluate import (
    DEV,
    HELD_OUT_SETS,
    HELDOUT,
    HELDOUT2,
    TARGET,
    TUNING,
    QuestionsError,
    evaluate,
    load_questions,
)

ARTICLE = ContentPaths.default().article.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports():
    return asyncio.run(evaluate())


# Issue 17's targets are met on the tuning set, not yet on the held-out one (see docs/benchmarks.md,
# "/ask by meaning"): strict, so that reaching them fails here until the mark is removed. FLOORS hold
# what is reached, against regressions (tuning 112/124 and 54/55, the development set 34/60 and 27/30
# in the third round, held-out 31/47 and 19/24, the second held-out set 32/51 and 20/25 after that
# round; it was written at 30/51 and 20/25).
NOT_YET = pytest.mark.xfail(strict=True, reason="issue 17's 90% targets are not reached yet")
FLOORS = {  # (top-1 accuracy, not-covered rate)
    "tuning": (0.9, 0.98),
    "dev": (0.56, 0.9),
    "held-out": (0.65, 0.79),
    "held-out-2": (0.62, 0.8),
}


@pytest.mark.parametrize("name", ["tuning", "dev", *HELD_OUT_SETS])
def test_neither_set_falls_below_what_was_reached(reports, name: str):
    figures = reports[name].figures()  # plain numbers: an assertion shows nothing else
    accuracy, not_covered = FLOORS[name]
    assert figures["top1_accuracy"] >= accuracy and figures["not_covered_rate"] >= not_covered, figures


def test_the_tuning_set_meets_the_targets(reports):
    report = reports["tuning"]
    failures = "\n".join(f"  {f['q']!r}: got {f['got']}, want {f['want']}" for f in report.failures)
    assert report.answerable >= 60 and report.not_covered >= 20
    assert report.accuracy >= TARGET, f"top-1 accuracy {report.accuracy:.1%}\n{failures}"
    assert report.not_covered_rate >= TARGET, f"not-covered rate {report.not_covered_rate:.1%}\n{failures}"


@NOT_YET
@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_the_held_out_sets_meet_the_targets(reports, name: str):
    """Figures only: the held-out questions and misses are not printed (never tuned on)."""
    figures = reports[name].figures()  # plain numbers: an assertion shows nothing else
    assert figures["answerable"] >= 40 and figures["not_covered"] >= 20
    assert figures["top1_accuracy"] >= TARGET, figures
    assert figures["not_covered_rate"] >= TARGET, figures


def test_no_evaluation_question_is_a_fan_question_of_the_content_file():
    """The content's fan questions route questions; copying either set's questions into them would
    make the figures say nothing about questions nobody wrote down."""
    content, _ = read_content(ContentPaths.default())
    fan = {" ".join(words(q)) for entry in (*content.quotes, *content.facts, *content.people) for q in entry.asks}
    copied = 0
    for path in (TUNING, DEV, HELDOUT, HELDOUT2):
        answerable, not_covered = load_questions(path, ARTICLE)
        copied += sum(" ".join(words(item["q"])) in fan for item in answerable + not_covered)
    assert copied == 0


def test_every_expected_card_exists():
    content, _ = read_content(ContentPaths.default())
    ids = {f"quote:{q.id}" for q in content.quotes} | {f"fact:{f.id}" for f in content.facts}
    ids |= {f"person:{p.id}" for p in content.people}
    answerable, _ = load_questions(TUNING, ARTICLE)
    refs = [ref for item in answerable for ref in item["accept"] if ":" in ref and " " not in ref]
    assert refs and not [ref for ref in refs if ref not in ids]


def test_an_accepted_phrase_must_be_the_articles_words(tmp_path: Path):
    path = tmp_path / "set.toml"
    path.write_text(
        '[[answerable]]\nq = "pie?"\naccept = ["a last serving of pie"]\n'
        '[[answerable]]\nq = "cake?"\naccept = ["a last serving of cake"]\n',
        encoding="utf-8",
    )
    with pytest.raises(
        QuestionsError, match=r"set.toml: \[\[answerable\]\] #2: accept phrase 'a last serving of cake'"
    ):
        load_questions(path, ARTICLE)
    path.write_text('[[answerable]]\nq = "pie?"\naccept = ["A LAST  serving of pie"]\n', encoding="utf-8")
    assert load_questions(path, ARTICLE)[0][0]["accept"] == ["A LAST  serving of pie"]
