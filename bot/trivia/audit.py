"""The rules a quiz writer holds the bank to, checked over the dump of ``python -m bot questions``.

Each rule looks at every question (a dict as the dump prints it) and names the keys that break it,
so a failing check says which question to fix and why. ``python -m bot questions --check`` prints
them; the test suite fails on any (tests/trivia/test_bank_rules.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.text import normalise as typography_folded
from bot.trivia.matching import normalize
from bot.trivia.text import BLANK

MIN_QUESTIONS = 45
MAX_ANSWER_SHARE = 0.10
FORMS = ("choice", "typed", "true_false")
TRUE_FALSE = ("True", "False")

Item = Mapping[str, Any]
# Words that carry no meaning on their own: a blank on them tests grammar, not the episode.
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "with",
        "by",
        "as",
        "up",
        "out",
        "off",
        "so",
        "it",
        "its",
        "is",
        "was",
        "be",
        "been",
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "we",
        "us",
        "our",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "not",
        "no",
        "do",
        "did",
        "just",
        "like",
        "kind",
        "what",
        "who",
        "when",
        "where",
        "why",
        "how",
    ]
)
_SHOWN_FIELDS = ("prompt", "answer", "explanation", "evidence")
_STRAIGHT_MARKS = re.compile(r"['\"]")
_OTHER_BLANKS = re.compile(r"_{2,}|▁+")
_MORE_THAN = re.compile(r"\b(?:over|more than|at least)\s+(?:how many|" + re.escape(BLANK) + ")", re.IGNORECASE)
_LESS_THAN = re.compile(r"\b(?:under|less than|fewer than)\s+(?:how many|" + re.escape(BLANK) + ")", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Context:
    article: str
    errata: tuple[str, ...] = ()  # misprints cited words must not carry


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    says: str
    check: Callable[[Sequence[Item], Context], list[str]]


def _words(text: str) -> str:
    return f" {normalize(text)} "


def _has_words(haystack: str, needle: str) -> bool:
    """Whether ``needle`` stands in ``haystack`` as whole words, after normalising both."""
    wanted = normalize(needle)
    return bool(wanted) and f" {wanted} " in _words(haystack)


def _in_article(words: str, article: str) -> bool:
    """The article prints these words (as words, or inside a misprint such as "Lifeand")."""
    return _has_words(article, words) or typography_folded(words).casefold() in typography_folded(article).casefold()


def _plain_prompt(item: Item) -> str:
    return str(item["prompt"]).replace(BLANK, " ")


def _wrong(item: Item) -> list[str]:
    return [c for c in item["choices"] if c != item["answer"]]


def _is_blank(item: Item) -> bool:
    return BLANK in str(item["prompt"])


# -- the rules -------------------------------------------------------------------------------------


def _enough(items: Sequence[Item], _: Context) -> list[str]:
    if len(items) < MIN_QUESTIONS:
        return [f"the bank holds {len(items)} questions; it needs at least {MIN_QUESTIONS}"]
    missing = [form for form in FORMS if not any(i["form"] == form for i in items)]
    return [f"no {form} question" for form in missing]


def _families(items: Sequence[Item], _: Context) -> list[str]:
    answers: dict[str, set[str]] = defaultdict(set)
    keys: dict[str, list[str]] = defaultdict(list)
    for item in items:
        family = str(item["key"]).split(":", 1)[0]
        answers[family].add(normalize(item["answer"]))
        keys[family].append(item["key"])
    return [
        f"{family} ({', '.join(keys[family])}): every one answers {next(iter(answers[family]))!r}"
        for family in sorted(keys)
        if len(keys[family]) > 1 and len(answers[family]) == 1
    ]


def _answer_share(items: Sequence[Item], _: Context) -> list[str]:
    counts = Counter(normalize(i["answer"]) for i in items)
    limit = MAX_ANSWER_SHARE * len(items)
    problems = []
    for answer, count in counts.most_common():
        if count > limit:
            keys = [i["key"] for i in items if normalize(i["answer"]) == answer]
            problems.append(f"{answer!r} answers {count} of {len(items)} questions: {', '.join(keys)}")
    return problems


def _gives_answer(items: Sequence[Item], _: Context) -> list[str]:
    return [
        f"{i['key']}: the prompt contains its answer {form!r}"
        for i in items
        if i["form"] != "true_false"
        for form in (i["answer"], *i["accepted"])
        if _has_words(_plain_prompt(i), form)
    ]


def _rules_out_choices(items: Sequence[Item], _: Context) -> list[str]:
    return [
        f"{i['key']}: the prompt names the wrong choice {wrong!r}"
        for i in items
        if i["form"] == "choice"
        for wrong in _wrong(i)
        if _has_words(_plain_prompt(i), wrong)
    ]


def _wrong_but_true(items: Sequence[Item], _: Context) -> list[str]:
    problems = []
    for item in items:
        right = {normalize(a) for a in (item["answer"], *item["accepted"])}
        for wrong in _wrong(item):
            if normalize(wrong) in right:
                problems.append(f"{item['key']}: the wrong choice {wrong!r} is a form of the answer")
        answer = normalize(item["answer"])
        if not answer.isdigit():
            continue
        numbers = [(w, int(normalize(w))) for w in _wrong(item) if normalize(w).isdigit()]
        prompt = str(item["prompt"])
        if _MORE_THAN.search(prompt):
            problems += [f"{item['key']}: “over {w}” is true too" for w, n in numbers if n < int(answer)]
        if _LESS_THAN.search(prompt):
            problems += [f"{item['key']}: “under {w}” is true too" for w, n in numbers if n > int(answer)]
    return problems


def _shape(word: str) -> tuple[bool, str]:
    """What a word looks like in a sentence: capitalised or not, and its inflection."""
    bare = word.strip(".,!?;:…“”‘’")
    lower = bare.lower()
    if bare.isdigit():
        return False, "digits"
    suffix = next((s for s in ("ing", "ed", "ly") if lower.endswith(s) and len(lower) > len(s) + 2), "")
    if not suffix and lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        suffix = "s"
    return bare[:1].isupper(), suffix


def _blanks(items: Sequence[Item], _: Context) -> list[str]:
    problems = []
    for item in (i for i in items if _is_blank(i)):
        key, answer = item["key"], str(item["answer"])
        if str(item["prompt"]).count(BLANK) != 1:
            problems.append(f"{key}: more than one blank")
        if all(w in _FUNCTION_WORDS for w in normalize(answer).split()):
            problems.append(f"{key}: the blank {answer!r} is on words that carry no meaning")
        shape = [_shape(w) for w in answer.split()]
        for wrong in _wrong(item):
            if [_shape(w) for w in wrong.split()] != shape:
                problems.append(f"{key}: the wrong choice {wrong!r} is not the shape of {answer!r}")
    return problems


def _true_false(items: Sequence[Item], _: Context) -> list[str]:
    statements = [i for i in items if i["form"] == "true_false"]
    problems = [
        f"{i['key']}: a true/false question offers {list(i['choices'])}, not True and False"
        for i in statements
        if sorted(i["choices"]) != sorted(TRUE_FALSE) or i["answer"] not in TRUE_FALSE
    ]
    for side in TRUE_FALSE:
        if not any(i["answer"] == side for i in statements):
            problems.append(f"no true/false question whose answer is {side}")
    return problems


def _topic_and_answer(items: Sequence[Item], _: Context) -> list[str]:
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for item in items:
        for topic in item["topics"]:
            pair = (topic, normalize(item["answer"]))
            if pair in seen:
                problems.append(f"{item['key']} and {seen[pair]}: both about {topic}, both answered {item['answer']!r}")
            else:
                seen[pair] = item["key"]
    return problems


def _typography(items: Sequence[Item], _: Context) -> list[str]:
    problems = []
    for item in items:
        key = item["key"]
        texts = [(field, str(item[field] or "")) for field in _SHOWN_FIELDS]
        texts += [("choice", str(c)) for c in item["choices"]]
        for field, text in texts:
            if _STRAIGHT_MARKS.search(text):
                problems.append(f"{key}: straight quote marks in its {field}: {text[:60]!r}")
            if any(blank != BLANK for blank in _OTHER_BLANKS.findall(text)):
                problems.append(f"{key}: a blank other than {BLANK} in its {field}")
        for line in str(item["prompt"]).splitlines():
            if re.search(r",[”’]?\s*$", line):
                problems.append(f"{key}: a prompt line ends with the comma before the narration: {line[-40:]!r}")
        if "\\" in str(item["prompt"]):
            problems.append(f"{key}: markdown escapes in its prompt (prompts are plain text)")
        if re.search(r",[”’]?$", str(item["evidence"] or "").rstrip("”")):
            problems.append(f"{key}: its evidence ends with the comma before the narration")
    return problems


def _reveals(items: Sequence[Item], context: Context) -> list[str]:
    problems = []
    for item in items:
        key, cited = item["key"], str(item["evidence"] or "")
        if not cited:
            problems.append(f"{key}: the reveal cites nothing")
            continue
        if not (cited.startswith("“") and cited.endswith("”")) or cited.count("“") != cited.count("”"):
            problems.append(f"{key}: the citation's quote marks do not pair up: {cited[:40]}…{cited[-20:]}")
        for field in ("evidence", "explanation"):
            text = str(item[field] or "")
            if re.search(r"””|““|’’", text):
                problems.append(f"{key}: a doubled quote mark in its {field}")
            problems += [
                f"{key}: its {field} carries the article’s misprint {misprint!r}"
                for misprint in context.errata
                if misprint in text
            ]
    return problems


def _rests_on_article(items: Sequence[Item], context: Context) -> list[str]:
    article = typography_folded(context.article)
    problems = []
    for item in items:
        key, cited = item["key"], str(item["evidence"] or "")
        words = cited.removeprefix("“").removesuffix("”").removesuffix("…")
        if words and typography_folded(words) not in article:
            problems.append(f"{key}: the citation is not the article's words: {words[:60]!r}")
        if item["form"] != "true_false" and not any(_has_words(cited, a) for a in (item["answer"], *item["accepted"])):
            problems.append(f"{key}: neither the answer nor an accepted form is in what the reveal cites")
        shown = " ".join([*(str(item[f] or "") for f in ("prompt", "explanation", "evidence")), *_wrong(item)])
        problems += [
            f"{key}: the accepted form {form!r} is not the article's, and is shown"
            for form in item["accepted"]
            if not _in_article(form, context.article) and _has_words(shown, form)
        ]
    return problems


RULES = (
    Rule("enough", f"at least {MIN_QUESTIONS} questions, of every form", _enough),
    Rule("families", "no family of questions whose answers are all the same", _families),
    Rule("answer-share", f"no answer shared by more than {MAX_ANSWER_SHARE:.0%} of the bank", _answer_share),
    Rule("gives-answer", "no prompt that contains its answer", _gives_answer),
    Rule("rules-out-choices", "no prompt that names a wrong choice", _rules_out_choices),
    Rule("wrong-but-true", "no wrong choice that is also true", _wrong_but_true),
    Rule("blanks", "blanks on meaningful words, wrong choices of the same shape", _blanks),
    Rule("true-false", "true/false questions, some true and some false", _true_false),
    Rule("topic-and-answer", "no two questions with the same topic and the same answer", _topic_and_answer),
    Rule("typography", "curly marks, one blank, no narration comma, plain text", _typography),
    Rule("reveals", "reveals cite, in paired marks, words without misprints", _reveals),
    Rule("rests-on-article", "every answer rests on the article's words; fan forms are never shown", _rests_on_article),
)


def audit(items: Sequence[Item], context: Context) -> dict[str, list[str]]:
    """Every rule's problems (empty lists when the bank holds), by rule name."""
    return {rule.name: rule.check(items, context) for rule in RULES}
