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
from bot.trivia import hints
from bot.trivia.audit import MIN_QUESTIONS, RULES, Context, audit
from bot.trivia.game import pick_next
from bot.trivia.listing import audit_context, run_questions
from bot.trivia.matching import Verdict, judge_typed
from bot.trivia.models import BankEntry
from bot.trivia.text import NARRATION, Voice

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dump() -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    assert run_questions(as_json=True, out=out, err=err) == 0, err.getvalue()
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def context() -> Context:
    content, _ = read_content(ContentPaths.default())
    return audit_context(content)


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
QUOTED = (ARTICLE.index("Jess and Rory"), ARTICLE.index(".”"))
MILO = "Milo Ventimiglia, the podcast"
CONTEXT = Context(ARTICLE, ("Lifeand",), (Voice(*QUOTED, MILO),), ("they were what",))


def item(key: str, **fields: Any) -> dict[str, Any]:
    base = {
        "key": key,
        "category": "quotes",
        "form": "choice",
        "prompt": "Who played Jess?",
        "answer": "Milo Ventimiglia",
        "choices": ["Milo Ventimiglia", "Scott Patterson", "Lauren Graham", "Alexis Bledel"],
        "accepted": [],
        "topics": [f"quote:{key}"],
        "evidence": "“Jess (Milo Ventimiglia)”",
        "explanation": None,
        "said": NARRATION,
        "answer_kind": None,
    }
    return base | fields


def flagged(rule: str, *items: dict[str, Any]) -> list[str]:
    return audit(list(items), CONTEXT)[rule]


def test_each_rule_names_what_breaks_it() -> None:
    """A bad bank for every rule: the rule reports the offending key (and a good item passes)."""
    good = item("good:1")
    quiet = [rule.name for rule in RULES if not flagged(rule.name, good)]
    assert set(quiet) == {r.name for r in RULES} - {"enough", "true-false", "answer-share"}  # a bank of one
    assert flagged("enough", good) == [f"the bank holds 1 questions; it needs at least {MIN_QUESTIONS}"]
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
    straight = item("y:1", prompt='Who\'s Jess, "really"?\n> he said,', choices=["Milo Ventimiglia", "x", "y", "z"])
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


def test_reveals_credit_whoever_says_the_words() -> None:
    """Narration credited to Milo (the old you-is-patterson), Milo's words credited to no one (the old
    get-away) and a quote credited to the narration are each caught."""
    narration = item("c:1", said=MILO)
    unsaid = item("c:2", evidence="“they were what they needed”", said=None)
    mislaid = item("c:3", evidence="“they were what they needed”", said=NARRATION)
    found = "\n".join(flagged("credits", narration, unsaid, mislaid, item("c:4")))
    assert "c:1: the reveal credits 'Milo Ventimiglia, the podcast'; the article's words are" in found
    assert "c:2: the reveal cites the article but credits no one" in found
    assert "c:3: the reveal credits 'the article’s narration'" in found
    assert "c:4" not in found


def test_long_or_repeating_reveals_are_caught() -> None:
    """Over 300 characters, or an explanation that says what the citation says."""
    long = item("l:1", explanation="Jess. " * 60)
    assert flagged("reveal-length", long) == ["l:1: the reveal is 412 characters; keep it within 300"]
    twice = item("t:1", explanation="Milo Ventimiglia played Jess.")
    assert flagged("says-it-twice", twice) == [
        "t:1: the explanation restates the citation: 'Milo Ventimiglia played Jess.'"
    ]
    assert flagged("says-it-twice", item("t:2", explanation="He was cast in 2001, the year Rory met him.")) == []


def test_a_question_without_topics_is_caught() -> None:
    assert flagged("topics", item("n:1", topics=[])) == [
        "n:1: no topic (link its quote or fact, or cite words a card covers)"
    ]


def test_hints_that_would_single_out_an_answer_are_caught() -> None:
    """The game's hint (bot/trivia/hints.py) on the bank: letters beside choices (a choice list that
    does not hold its answer gets letters) and letters that show most of a typed answer are caught;
    two choices left (the answer and one other), a two-way question and a long typed answer pass."""
    broken = item("h:1", choices=["Scott Patterson", "Lauren Graham", "Alexis Bledel"])
    short = item("h:2", form="typed", answer="I A", choices=[])
    found = "\n".join(flagged("hints", broken, short))
    assert "h:1: its hint would show the answer's letters beside its choices" in found
    assert "h:2: the letters hint 'I A' shows most of the answer" in found
    two_way = item("h:3", choices=["Milo Ventimiglia", "The article"])
    three = item("h:4", choices=["Milo Ventimiglia", "Scott Patterson", "Lauren Graham"])
    typed = item("h:5", form="typed", answer="Jess Mariano", choices=[])
    assert flagged("hints", two_way, three, typed, item("h:6")) == []


def test_every_hint_in_the_bank_leaves_two_choices_or_hides_most_letters(dump: dict[str, Any]) -> None:
    """As the Hint button shows it: each hinted choice question keeps its answer and one wrong
    choice in every round; each typed one shows at most half its letters; two-way ones have none."""
    hinted = [i for i in dump["questions"] if hints.has_hint(i["form"], i["choices"])]
    assert {i["form"] for i in hinted} == {"choice", "typed"}
    for question in hinted:
        if question["choices"]:
            for round_no in range(5):
                kept = hints.kept_choices(question["choices"], question["answer"], f"7:{round_no}")
                assert len(kept) == 2 and question["choices"].index(question["answer"]) in kept, question["key"]
        else:
            shown = hints.letters(question["answer"])
            assert sum(c.isalnum() for c in shown) * 2 <= sum(c.isalnum() for c in question["answer"])
    assert not any(hints.has_hint(i["form"], i["choices"]) for i in dump["questions"] if len(i["choices"]) == 2)


def test_choices_that_give_the_answer_away_are_caught() -> None:
    """The old outside-influence (the only choice without a comma), marathon (far longer), testy-2017
    (beside its twin) and something-new (beside its opposite); one frame for every choice is fine."""
    shape = item(
        "g:1",
        answer="Outside influence",
        choices=["Outside influence", "Luke, to Jess", "Lorelai, to Rory", "Scott, to Milo"],
    )
    longer = item(
        "g:2",
        answer="Marathon watch the series again",
        choices=["Marathon watch the series again", "Start a petition", "Write fan fiction", "Wait for Netflix"],
    )
    twin = item(
        "g:3",
        answer="Stop asking for more",
        choices=["Stop asking for more", "Keep asking for more", "Start a petition", "Write to Netflix"],
    )
    opposite = item("g:4", answer="new", choices=["new", "old", "big", "sad"])
    found = "\n".join(flagged("giveaway-choices", shape, longer, twin, opposite))
    assert "g:1: the answer is the only choice without a comma" in found
    assert "g:2: the answer (31 characters) is far longer than any wrong choice" in found
    assert "g:3: the answer sits beside its twin or opposite 'Keep asking for more'" in found
    assert "g:4: the answer sits beside its twin or opposite 'old'" in found
    lower = item(
        "g:6", answer="it might be time", choices=["it might be time", "That’s great.", "We will.", "You want it."]
    )
    assert flagged("giveaway-choices", lower) == ["g:6: the answer is the only choice without a capital first letter"]
    opener = item(
        "g:7",
        answer="Not to feel a thing",
        choices=["Not to feel a thing", "To forgive Jess", "To root for Dean", "To stay neutral"],
    )
    assert flagged("giveaway-choices", opener) == ["g:7: every choice but the answer opens with “to”"]
    frame = item(
        "g:5",
        answer="When you’re young",
        choices=["When you’re young", "When you’re famous", "When you’re apart", "When you’re older"],
    )
    assert flagged("giveaway-choices", frame) == []


def test_too_many_blanks_are_caught() -> None:
    blank = item("b:1", prompt="Who?\n> Jess (▁▁▁▁ Ventimiglia)", answer="milo")
    assert flagged("blank-share", blank, blank | {"key": "b:2"}, item("b:3")) == [
        "2 of 3 questions fill in a missing word; at most a third may"
    ]


def test_a_doctored_line_is_only_shown_labelled() -> None:
    """A quotation the article does not print: refused unless the prompt opens “Real or fake?” and
    the reveal says what was changed."""
    invented = item("d:1", prompt="Who said it?\n> Jess and Rory, I think they were what they wanted.")
    unexplained = item("d:2", prompt="Real or fake? Which?\n> they were what they wanted\n> they were what they needed")
    labelled = unexplained | {"key": "d:3", "explanation": "Doctored: “needed” was changed to “wanted”."}
    found = "\n".join(flagged("doctored", invented, unexplained, labelled))
    assert "d:1: shows words the article does not print, unlabelled" in found
    assert "d:2: a “Real or fake?” question whose reveal does not begin “Doctored:”" in found
    assert "d:3" not in found


def test_blanks_look_one_way() -> None:
    """On a quotation line, lowercase (the old made-peace), "Type the word." only when typed."""
    inline = item("s:1", prompt="Jess (▁▁▁▁ Ventimiglia)?", answer="milo")
    capital = item("s:2", prompt="Who?\n> Jess (▁▁▁▁ Ventimiglia)", answer="Peace")
    untold = item("s:3", form="typed", choices=[], prompt="Who?\n> Jess (▁▁▁▁ Ventimiglia)", answer="milo")
    told = item("s:4", prompt="Who? Type the word.\n> Jess (▁▁▁▁ Ventimiglia)", answer="milo")
    found = "\n".join(flagged("blank-style", inline, capital, untold, told))
    assert "s:1: a blank outside a quotation line" in found
    assert "s:2: the blank's answer 'Peace' is capitalised" in found
    assert "s:3: a typed blank whose question does not end “Type the word.”" in found
    assert "s:4: “Type the word” on a question answered with buttons" in found
    name = item("s:5", prompt="Who?\n> Jess (▁▁▁▁ Ventimiglia)", answer="Milo", answer_kind="name")
    assert flagged("blank-style", name) == []


def test_the_articles_ungrammatical_words_carry_sic() -> None:
    bare = item("x:1", prompt="Who said “they were what they needed”?")
    marked = item("x:2", prompt="Who said “they were what [sic] they needed”?")
    assert flagged("sic", bare, marked) == [
        "x:1: shows the article’s ungrammatical words without [sic]: 'Who said “they were what they needed”?'"
    ]
