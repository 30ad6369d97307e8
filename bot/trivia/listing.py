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
from bot.content.text import display_path
from bot.db import Database
from bot.db.trivia_repo import SqliteTriviaRepo
from bot.trivia.audit import RULES, Context, audit
from bot.trivia.matching import normalize
from bot.trivia.models import Question


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
        "evidence": reveal.citation,
        "explanation": reveal.explanation,
        "said": reveal.said,
    }


def summary(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures the README shows: size, distinct answers, the largest answer's share, forms."""
    answers = Counter(normalize(i["answer"]) for i in items)
    top, top_count = answers.most_common(1)[0] if answers else ("", 0)
    forms = Counter(i["form"] for i in items)
    return {
        "questions": len(items),
        "distinct_answers": len(answers),
        "largest_answer": top,
        "largest_answer_share": round(top_count / len(items), 4) if items else 0.0,
        "forms": {form: forms.get(form, 0) for form in ("choice", "typed", "true_false")},
    }


def summary_lines(figures: dict[str, Any]) -> list[str]:
    forms = ", ".join(f"{form} {count}" for form, count in figures["forms"].items())
    return [
        f"questions: {figures['questions']}",
        f"distinct answers: {figures['distinct_answers']}",
        f"largest share of one answer: {figures['largest_answer_share']:.1%} ({figures['largest_answer']!r})",
        f"questions per form: {forms}",
    ]


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
    problems = audit(items, Context(content.article, tuple(e.text for e in content.errata)))
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
