"""The shipped bank, as ``python -m bot questions --json`` dumps it, held to every rule a quiz writer
would sign (bot/trivia/audit.py); and each rule shown to catch what it is for, on a bank made bad."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.content.loader import ContentPaths, read_content
from bot.trivia.audit import MIN_QUESTIONS, RULES, Context, audit
from bot.trivia.game import pick_next
from bot.trivia.listing import run_questions
from bot.trivia.matching import Verdict, judge_typed
from bot.trivia.models import BankEntry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dump() -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_questions(as_json=True, out=out, err=err) == 0, err.getvalue()
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def context() -> Context:
    content, _ = read_content(ContentPaths.default())
    return Context(content.article, tuple(e.text for e in content.errata))


@pytest.fixture(scope="module")
def problems(dump: dict[str, Any], context: Context) -> dict[str, list[str]]:
    return audit(dump["questions"], context)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_bank_keeps_the_rule(rule, problems: dict[str, list[str]]) -> None:
    """Each rule names the keys that break it."""
    assert problems[rule.name] == [], f"{rule.says}:\n" + "\n".join(problems[rule.name])


def test_the_dump_gives_what_a_content_author_needs(dump: dict[str, Any]) -> None:
    """Every question with its key, category, form, prompt, answer, choices (with the answer; none when
    typed), accepted forms, topics and what its reveal shows; the figures agree with the questions."""
    questions = dump["questions"]
    assert len(questions) >= MIN_QUESTIONS
    for item in questions:
        assert {"key", "category", "form", "prompt", "answer", "choices", "accepted", "topics", "evidence"} <= set(item)
        assert (item["choices"] == []) == (item["form"] == "typed"), item["key"]
        assert item["form"] == "typed" or item["answer"] in item["choices"], item["key"]
    assert dump["summary"]["questions"] == len(questions)
    assert sum(dump["summary"]["forms"].values()) == len(questions)


def test_fans_typed_forms_count(dump: dict[str, Any]) -> None:
    """'A Year in the Life', 'Year in the Life', 'Team Dean' and the characters' full names are accepted."""
    by_key = {i["key"]: i for i in dump["questions"]}

    def accepts(key: str, typed: str) -> bool:
        item = by_key[key]
        return judge_typed(typed, [item["answer"], *item["accepted"]]) is Verdict.CORRECT

    assert accepts("fact:year-in-the-life", "A Year in the Life")
    assert accepts("fact:year-in-the-life", "Year in the Life")
    assert accepts("fact:team-dean", "Team Dean")
    assert accepts("plays:milo-ventimiglia", "Jess Mariano")
    assert accepts("plays:alexis-bledel", "Rory Gilmore")
    assert accepts("plays:scott-patterson", "Luke Danes")


def test_the_article_sets_its_trap(dump: dict[str, Any]) -> None:
    """'Milo said “audiences shouldn't get so greedy” on I Am All In' is false: the 2017 interview."""
    [trap] = [
        i
        for i in dump["questions"]
        if i["form"] == "true_false" and "greedy" in i["prompt"] and "quote:last-serving-of-pie" in i["topics"]
    ]
    assert trap["answer"] == "False" and "I Am All In" in trap["prompt"]
    assert "2017 interview" in trap["said"]


def test_two_twenty_round_games_never_repeat_or_share_a_topic(dump: dict[str, Any]) -> None:
    """The bank is deep enough: on one server, two games of 20 ask 40 different questions, each game on
    40 different topics, however the ties fall (the picker as the runner uses it)."""
    fresh = [
        BankEntry(n, i["key"], i["category"], i["form"], tuple(i["topics"])) for n, i in enumerate(dump["questions"])
    ]
    for seed in range(50):
        bank, rng, asked_at, everything = list(fresh), random.Random(seed), 0.0, []
        for _game in range(2):
            game: list[BankEntry] = []
            for _round in range(20):
                topics = {t for e in game for t in e.topics}
                picked = pick_next(bank, rng, asked=[e.id for e in game], asked_topics=topics)
                assert picked is not None, f"seed {seed}: game ran out after {len(game)}"
                asked_at += 1
                bank[picked.id] = dataclasses.replace(picked, last_asked=asked_at)
                game.append(picked)
            topics = [t for e in game for t in e.topics]
            assert len(topics) == len(set(topics)), f"seed {seed}"
            everything += [e.key for e in game]
        assert len(everything) == len(set(everything)) == 40, f"seed {seed}"


def test_python_m_bot_questions_needs_no_token(tmp_path: Path) -> None:
    """The command a content author runs: no DISCORD_TOKEN, no database, the figures on top."""
    environ = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    environ |= {"DATABASE_PATH": str(tmp_path / "never.db")}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "questions", "--check"],
        cwd=tmp_path,  # no .env here
        env=environ | {"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("questions: ") and "fact:team-dean" in done.stdout
    assert "bank check: 0 problems" in done.stderr
    assert not (tmp_path / "never.db").exists()


# -- each rule catches what it is for -------------------------------------------------------------

ARTICLE = (
    "Milo said “Jess and Rory, I think they were what they needed.” He played Jess (Milo Ventimiglia). "
    "Over 14 years later, A Year in the Lifeand more."
)


def item(key: str, **fields: Any) -> dict[str, Any]:
    base = {
        "key": key,
        "category": "quotes",
        "form": "choice",
        "prompt": "Who played Jess?",
        "answer": "Milo Ventimiglia",
        "choices": ["Milo Ventimiglia", "Scott Patterson", "Lauren Graham"],
        "accepted": [],
        "topics": [f"quote:{key}"],
        "evidence": "“Jess (Milo Ventimiglia)”",
        "explanation": None,
        "said": None,
    }
    return base | fields


def flagged(rule: str, *items: dict[str, Any]) -> list[str]:
    return audit(list(items), Context(ARTICLE, ("Lifeand",)))[rule]


def test_each_rule_names_what_breaks_it() -> None:
    """A bad bank for every rule: the rule reports the offending key (and a good item passes)."""
    good = item("good:1")
    quiet = [rule.name for rule in RULES if not flagged(rule.name, good)]
    assert set(quiet) == {r.name for r in RULES} - {"enough", "true-false", "answer-share"}  # a bank of one
    assert flagged("enough", good) == ["the bank holds 1 questions; it needs at least 45"]
    assert "who-said (who-said:a, who-said:b)" in flagged("families", item("who-said:a"), item("who-said:b"))[0]
    crowded = [item(f"k:{n}", answer="Milo", topics=[f"t{n}"]) for n in range(3)] + [
        item(f"o:{n}", answer=f"x{n}") for n in range(7)
    ]
    assert "'milo' answers 3 of 10 questions" in flagged("answer-share", *crowded)[0]
    assert flagged("gives-answer", item("g:1", prompt="Milo Ventimiglia said it. Who?")) != []
    assert flagged("rules-out-choices", item("r:1", prompt="Scott Patterson asked: who played Jess?")) != []
    over = item("o:1", prompt="“over ▁▁▁▁ years”: how many?", answer="14", choices=["14", "10", "16"])
    assert flagged("wrong-but-true", over) == ["o:1: “over 10” is true too"]
    alias = item("a:1", accepted=["Milo"], choices=["Milo Ventimiglia", "milo"])
    assert flagged("wrong-but-true", alias) == ["a:1: the wrong choice 'milo' is a form of the answer"]
    shape = item("b:1", prompt="> they were what they ▁▁▁▁", answer="needed", choices=["needed", "want", "feared"])
    assert flagged("blanks", shape) == ["b:1: the wrong choice 'want' is not the shape of 'needed'"]
    empty = item("b:2", prompt="> what ▁▁▁▁ needed", answer="they", choices=["they", "we"])
    assert "carry no meaning" in flagged("blanks", empty)[0]
    assert flagged("true-false", good) == [
        "no true/false question whose answer is True",
        "no true/false question whose answer is False",
    ]
    twins = [item("t:1", topics=["person:milo"]), item("t:2", topics=["person:milo"])]
    assert "t:2 and t:1: both about person:milo" in flagged("topic-and-answer", *twins)[0]
    straight = item("y:1", prompt='Who\'s Jess, "really"?\n> he said,', choices=["Milo Ventimiglia", "x"])
    found = "\n".join(flagged("typography", straight, item("y:2", prompt="Team ___?")))
    assert "y:1: straight quote marks" in found and "ends with the comma" in found and "y:2: a blank other" in found
    doubled = item("d:1", evidence="“what they needed.””", explanation="See “A Year in the Lifeand more”")
    found = "\n".join(flagged("reveals", doubled))
    assert "doubled quote mark" in found and "misprint 'Lifeand'" in found and "do not pair up" in found
    invented = item("i:1", evidence="“Jess (Milo Ventimiglia) was great”", accepted=["Jess Mariano"])
    shown = item("i:2", accepted=["Jess Mariano"], explanation="Jess Mariano is his role.")
    found = "\n".join(flagged("rests-on-article", invented, shown))
    assert "i:1: the citation is not the article's words" in found
    assert "i:2: the accepted form 'Jess Mariano' is not the article's, and is shown" in found
