"""``python -m bot questions [--json] [--check] [--summary]``: the whole episode bank as the bot will ask
it (curated and generated), for the content author. Loads the content into a scratch database, as
``python -m bot check`` does: needs no token and touches no real database."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from bot.content.loader import ContentError, ContentPaths, load_content, read_content
from bot.content.model import Content
from bot.content.text import display_path
from bot.db import Database
from bot.db.trivia_repo import SqliteTriviaRepo
from bot.trivia.audit import RULES, Context, audit
from bot.trivia.forms import kind_of as form_of
from bot.trivia.matching import normalize
from bot.trivia.models import Question
from bot.trivia.text import BLANK, Voice, speaker_credit

# The bank's kinds of question, by how a prompt reads (bot/trivia/forms.py's titles, a blank).
KINDS = (
    ("real or fake", lambda prompt: form_of(prompt) == "real or fake"),
    ("podcast or interview", lambda prompt: form_of(prompt) == "podcast or interview"),
    ("milo or the article", lambda prompt: form_of(prompt) == "milo or the article"),
    ("fill in the missing word", lambda prompt: BLANK in prompt),
)


def dump_item(question: Question) -> dict[str, Any]:
    """One question as the dump shows it (plain text: what a member reads, before Discord markdown)."""
    reveal = question.reveal
    return {
        "key": question.key,
        "category": question.category,
        "form": question.form,
        "prompt": question.prompt,
        "answer": question.answer,
        "choices": list(question.choices),
        "accepted": list(question.accepted),
        "topics": list(question.topics),
        "answer_kind": question.answer_kind,
        "evidence": reveal.citation,
        "explanation": reveal.explanation,
        "said": reveal.said,
    }


def kind_of(item: dict[str, Any]) -> str | None:
    """Which of KINDS a question is (None: a question of its own wording)."""
    return next((kind for kind, matches in KINDS if matches(str(item["prompt"]))), None)


def summary(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures the README shows: size, distinct answers, the largest answer's share, forms, the
    true/false split, and how many of each kind."""
    answers = Counter(normalize(i["answer"]) for i in items)
    top, top_count = answers.most_common(1)[0] if answers else ("", 0)
    forms = Counter(i["form"] for i in items)
    sides = Counter(i["answer"] for i in items if i["form"] == "true_false")
    kinds = Counter(kind_of(i) for i in items)
    return {
        "questions": len(items),
        "distinct_answers": len(answers),
        "largest_answer": top,
        "largest_answer_share": round(top_count / len(items), 4) if items else 0.0,
        "forms": {form: forms.get(form, 0) for form in ("choice", "typed", "true_false")},
        "true_false": {side: sides.get(side, 0) for side in ("True", "False")},
        "kinds": {kind: kinds.get(kind, 0) for kind, _ in KINDS},
        "two_way": sum(1 for i in items if i["form"] == "choice" and len(i["choices"]) == 2),
    }


def summary_lines(figures: dict[str, Any]) -> list[str]:
    forms = ", ".join(f"{form} {count}" for form, count in figures["forms"].items())
    sides = figures["true_false"]
    kinds = ", ".join(f"{kind} {count}" for kind, count in figures["kinds"].items())
    blanks = figures["kinds"]["fill in the missing word"] / figures["questions"] if figures["questions"] else 0
    return [
        f"questions: {figures['questions']}",
        f"distinct answers: {figures['distinct_answers']}",
        f"largest share of one answer: {figures['largest_answer_share']:.1%} ({figures['largest_answer']!r})",
        f"questions per form: {forms}",
        f"true/false answered True {sides['True']}, False {sides['False']}",
        f"choice questions of two choices: {figures['two_way']}",
        f"kinds: {kinds} (missing word: {blanks:.0%} of the bank)",
    ]


def audit_context(content: Content) -> Context:
    """What the bank's rules hold it to: the article, its misprints, who speaks where, [sic]."""
    names = {p.id: p.name for p in content.people}
    labels = {o.id: o.label for o in content.occasions}
    voices = tuple(Voice(*q.span, speaker_credit(names[q.speaker_id], labels[q.occasion_id])) for q in content.quotes)
    return Context(content.article, tuple(e.text for e in content.errata), voices, content.sic)


def _text_lines(items: Sequence[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += [
            "",
            f"{item['key']}  [{item['category']} · {item['form']}]  topics: {', '.join(item['topics']) or '-'}",
        ]
        lines += [f"  {line}" for line in item["prompt"].splitlines()]
        lines.append(
            f"  answer: {item['answer']}"
            + (f"  (also typed: {' · '.join(item['accepted'])})" if item["accepted"] else "")
        )
        if wrong := [c for c in item["choices"] if c != item["answer"]]:
            lines.append(f"  wrong: {' · '.join(wrong)}")
        lines += [f"  reveal: {text}" for text in (item["explanation"], item["evidence"]) if text]
        if item["said"]:
            lines.append(f"          — {item['said']}")
    return lines


async def bank_items(paths: ContentPaths) -> list[dict[str, Any]]:
    """Load the content into a scratch database, generate the bank, and read it back."""
    with tempfile.TemporaryDirectory(prefix="questions-") as scratch:
        async with Database(Path(scratch) / "bank.db") as db:
            await load_content(db, paths, force=True)
            repo = SqliteTriviaRepo(db)
            await repo.refresh_bank(force=True)
            return [dump_item(q) for q in await repo.bank_questions()]


def run_questions(
    *,
    as_json: bool = False,
    check: bool = False,
    only_summary: bool = False,
    paths: ContentPaths | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """0, or 1 when the content does not load or (with ``check``) the bank breaks a rule."""
    paths = paths or ContentPaths.default()
    out, err = out or sys.stdout, err or sys.stderr
    for noisy in ("bot.db.database", "bot.content.loader"):  # the scratch database's migrations and load
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        content, _ = read_content(paths)
        items = asyncio.run(bank_items(paths))
    except ContentError as exc:
        print(f"content check FAILED for {display_path(paths.content)}", file=err)
        print(exc, file=err)
        return 1
    figures = summary(items)
    if as_json:
        print(json.dumps({"summary": figures, "questions": items}, ensure_ascii=False, indent=2), file=out)
    elif only_summary:
        print("\n".join(summary_lines(figures)), file=out)
    else:
        print("\n".join([*summary_lines(figures), *_text_lines(items)]), file=out)
    if not check:
        return 0
    problems = audit(items, audit_context(content))
    broken = 0
    for rule in RULES:
        for problem in problems[rule.name]:
            broken += 1
            print(f"{rule.name}: {problem}", file=err)
    print(
        f"bank check: {broken} problem{'s' if broken != 1 else ''} ({len(RULES)} rules: "
        + "; ".join(r.says for r in RULES)
        + ")",
        file=err,
    )
    return 1 if broken else 0
