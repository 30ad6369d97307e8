"""The rules a quiz writer holds the bank to, checked over the dump of ``python -m bot questions``.

Each rule looks at every question (a dict as the dump prints it) and names the keys that break it,
so a failing check says which question to fix and why. ``python -m bot questions --check`` prints
them; the test suite fails on any (tests/trivia/test_bank_rules.py). What only a reader can judge
is docs/content.md's review checklist.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.text import NormalisedText
from bot.content.text import normalise as typography_folded
from bot.trivia import hints
from bot.trivia.forms import DOCTORED, REAL_OR_FAKE, THE_ARTICLE, kind_of
from bot.trivia.matching import normalize
from bot.trivia.text import BLANK, NARRATION, QUOTE_LINE, SIC, Voice, credit_for, marked_sic, without_sic

MIN_QUESTIONS = 90
MAX_ANSWER_SHARE = 0.08
MAX_BLANK_SHARE = 1 / 3  # fill-in-the-missing-word questions
MAX_REVEAL_CHARS = 300  # explanation, citation and credit together
RESTATED = 0.6  # an explanation with this share of its words in the citation says the same thing twice
# Answer kinds a blank may give capitalised: names of people, places, characters, titles; numbers.
PROPER_KINDS = frozenset({"name", "place", "character", "title", "year", "number"})
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
    voices: tuple[Voice, ...] = ()  # the article's quotations and who speaks in them
    sic: tuple[str, ...] = ()  # the article's ungrammatical phrases, shown with "[sic]"


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


def _names_every_choice(item: Item) -> bool:
    """A prompt that asks "this or that?" names every choice, and so gives none away."""
    return bool(item["choices"]) and all(_has_words(_plain_prompt(item), c) for c in item["choices"])


def _gives_answer(items: Sequence[Item], _: Context) -> list[str]:
    return [
        f"{i['key']}: the prompt contains its answer {form!r}"
        for i in items
        if i["form"] != "true_false" and not _names_every_choice(i)
        for form in (i["answer"], *i["accepted"])
        if _has_words(_plain_prompt(i), form)
    ]


def _rules_out_choices(items: Sequence[Item], _: Context) -> list[str]:
    return [
        f"{i['key']}: the prompt names the wrong choice {wrong!r}"
        for i in items
        if i["form"] == "choice" and not _names_every_choice(i)
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
        words = _cited_words(cited)
        if words and typography_folded(words) not in article:
            problems.append(f"{key}: the citation is not the article's words: {words[:60]!r}")
        right = (item["answer"], *item["accepted"], *_QUOTED.findall(str(item["answer"])))
        if item["form"] == "true_false" or any(_has_words(cited, a) for a in right):
            pass
        elif kind_of(str(item["prompt"])) in _ANSWERED_BY_CREDIT:  # "Milo", "On I Am All In"
            if not _credit_agrees(item):
                problems.append(f"{key}: the answer {item['answer']!r} is not whose words the reveal credits")
        else:
            problems.append(f"{key}: neither the answer nor an accepted form is in what the reveal cites")
        shown = " ".join([*(str(item[f] or "") for f in ("prompt", "explanation", "evidence")), *_wrong(item)])
        problems += [
            f"{key}: the accepted form {form!r} is not the article's, and is shown"
            for form in item["accepted"]
            if not _in_article(form, context.article) and _has_words(shown, form)
        ]
    return problems


# -- what the reveal credits, how long it is, what it repeats ------------------------------------

_QUOTED = re.compile(r"“([^“”]+)”")
# Forms whose answer says who said the cited words, or where: it rests on the reveal's credit.
_ANSWERED_BY_CREDIT = ("podcast or interview", "milo or the article")


def _credit_agrees(item: Item) -> bool:
    """The answer names the credit's voice ("The article" for the narration, else the speaker) or
    the credit's occasion ("On I Am All In" for "…, I Am All In (the podcast episode)")."""
    answer, said = str(item["answer"]), str(item["said"] or "")
    if answer == THE_ARTICLE:
        return said == NARRATION
    occasion = said.partition(", ")[2]
    place = re.sub(r"^(?:On|In) ", "", answer)
    return said != NARRATION and (_has_words(said.partition(", ")[0], answer) or _has_words(occasion, place))


def _cited_words(cited: str) -> str:
    """The article's words a citation shows: without its marks, "[sic]" or the ellipsis that stands
    for the comma before "he said"."""
    return without_sic(cited).removeprefix("“").removesuffix("”").removesuffix("…")


def _reveal_text(item: Item) -> str:
    lines = [item["explanation"], item["evidence"], item["said"] and f"— {item['said']}"]
    return "\n".join(str(line) for line in lines if line)


def _credits(items: Sequence[Item], context: Context) -> list[str]:
    """Every citation is credited to whoever says those words in the article: the speaker of the
    quotation they sit in (and where), or the article's narration."""
    article = NormalisedText(context.article)
    problems = []
    for item in items:
        key, cited = item["key"], str(item["evidence"] or "")
        if not cited:
            continue
        if not item["said"]:
            problems.append(f"{key}: the reveal cites the article but credits no one (speaker or narration)")
            continue
        spans = article.find_all(_cited_words(cited))
        expected = {credit_for(span, context.voices) for span in spans}
        if spans and item["said"] not in expected:
            problems.append(
                f"{key}: the reveal credits {item['said']!r}; the article's words are {sorted(expected)[0]!r}"
            )
    return problems


def _reveal_length(items: Sequence[Item], _: Context) -> list[str]:
    return [
        f"{i['key']}: the reveal is {len(_reveal_text(i))} characters; keep it within {MAX_REVEAL_CHARS}"
        for i in items
        if len(_reveal_text(i)) > MAX_REVEAL_CHARS
    ]


def _content_words(text: str) -> list[str]:
    return [w for w in normalize(without_sic(text)).split() if w not in _FUNCTION_WORDS and len(w) > 2]


def _says_it_twice(items: Sequence[Item], _: Context) -> list[str]:
    """An explanation is our words for what the citation does not say; one that restates the
    citation says the same thing twice."""
    problems = []
    for item in items:
        ours, cited = _content_words(str(item["explanation"] or "")), set(_content_words(str(item["evidence"] or "")))
        if len(ours) >= 3 and sum(w in cited for w in ours) >= RESTATED * len(ours):
            problems.append(f"{item['key']}: the explanation restates the citation: {item['explanation']!r}")
    return problems


def _topics(items: Sequence[Item], _: Context) -> list[str]:
    """Without a topic, a game may ask it beside a question on the same words. (Whether two questions
    say the same thing, and so should share one, is the review checklist's: docs/content.md.)"""
    return [
        f"{i['key']}: no topic (link its quote or fact, or cite words a card covers)" for i in items if not i["topics"]
    ]


# -- hints and choices that give the answer away --------------------------------------------------


HINT_ROUNDS = 12  # rounds a question's hint is tried in (which wrong choice stays depends on the round)


def _hints(items: Sequence[Item], _: Context) -> list[str]:
    """The hint the game gives (bot/trivia/hints.py, the Hint button's own rule) never singles out
    one choice: where there are choices it leaves the answer and one wrong choice, whatever the
    round; letters go only to typed questions (never beside choices they would match); and a typed
    answer's letters leave most of it hidden. Two-way questions have no hint."""
    problems = []
    for item in items:
        key, answer, choices = item["key"], str(item["answer"]), [str(c) for c in item["choices"]]
        if not hints.has_hint(item["form"], choices):
            continue
        if choices:
            for round_no in range(HINT_ROUNDS):
                kept = hints.kept_choices(choices, answer, f"{key}:{round_no}")
                if not kept:
                    problems.append(f"{key}: its hint would show the answer's letters beside its choices")
                    break
                if len(kept) != 2 or choices.index(answer) not in kept:
                    problems.append(
                        f"{key}: its hint would leave {[choices[i] for i in kept]}, not the answer and one other"
                    )
                    break
            continue
        shown = hints.letters(answer)
        letters = [c for c in answer if c.isalnum()]
        if letters and sum(c.isalnum() for c in shown) * 2 > len(letters):
            problems.append(f"{key}: the letters hint {shown!r} shows most of the answer")
    return problems


_ANTONYMS = {
    frozenset(pair)
    for pair in (
        ("new", "old"), ("stop", "keep"), ("stop", "start"), ("more", "less"), ("can", "cant"), ("did", "didnt"),
        ("open", "closed"), ("always", "never"), ("good", "bad"), ("great", "terrible"), ("love", "hate"),
        ("first", "last"), ("young", "old"), ("right", "wrong"), ("with", "without"), ("before", "after"),
        ("begin", "end"), ("yes", "no"), ("friend", "enemy"), ("fondly", "bitterly"), ("true", "false"),
        ("together", "apart"), ("up", "down"), ("in", "out"), ("won", "lost"), ("happy", "sad"),
    )
}  # fmt: skip
_SHAPES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("a comma", lambda c: "," in c),
    ("digits", lambda c: any(ch.isdigit() for ch in c)),
    ("a leading “a”, “an” or “the”", lambda c: c.split()[0].lower() in ("a", "an", "the")),
    ("only capitalised words", lambda c: all(w[:1].isupper() for w in c.split() if w[:1].isalpha())),
    ("“and”", lambda c: " and " in f" {c.lower()} "),
    ("a possessive", lambda c: _possessive(c)),
    ("one word", lambda c: len(c.split()) == 1),
    ("a capital first letter", lambda c: c[:1].isupper()),
)


def _first_word(choice: str) -> str | None:
    """The word a choice of several words opens with ("a" for "an" too); None for one word."""
    words = normalize(choice.replace("’", "'")).split()
    return None if len(words) < 2 else {"an": "a"}.get(words[0], words[0])


# "that’s" is "that is", not a possessive
_CONTRACTED = frozenset(["it", "that", "there", "what", "he", "she", "let", "who", "here", "where", "how"])


def _possessive(choice: str) -> bool:
    """ "Milo’s agent", "others’ expectations"; not "that’s" or "it’s"."""
    return any(
        re.fullmatch(r"\w+s[’']", word) or (re.fullmatch(r"\w+[’']s", word) and word[:-2].lower() not in _CONTRACTED)
        for word in re.findall(r"[\w’']+", choice)
    )


LENGTH_RATIO, LENGTH_GAP = 1.5, 8  # an answer this much longer (or shorter) than every wrong choice stands out


def _twin(a: str, b: str) -> bool:
    """Two choices that differ in one word ("Stop asking for more", "Keep asking for more"), or one
    word and its opposite ("new", "old"): a reader bets on the pair."""
    x, y = normalize(a).split(), normalize(b).split()
    differ = [(p, q) for p, q in zip(x, y, strict=False) if p != q]
    if len(x) != len(y) or len(differ) != 1:
        return False
    p, q = differ[0]
    return len(x) > 1 or frozenset((p, q)) in _ANTONYMS


def _giveaway_choices(items: Sequence[Item], _: Context) -> list[str]:
    """Choices whose shape, length or pairing gives the answer away: the only choice without the
    comma all the others have, an answer far longer than any wrong one, an answer beside its near
    twin or its opposite ("Stop asking for more" beside "Keep asking for more")."""
    problems = []
    for item in (i for i in items if i["form"] == "choice"):
        key, answer, wrong = item["key"], str(item["answer"]), [str(w) for w in _wrong(item)]
        if len(wrong) < 2:
            continue  # two choices: a pair of anything is a pair
        for name, has in _SHAPES:
            if len({has(w) for w in wrong}) == 1 and has(answer) != has(wrong[0]):
                how = "with" if has(answer) else "without"
                problems.append(f"{key}: the answer is the only choice {how} {name}")
        opening = {_first_word(w) for w in wrong}
        if len(opening) == 1 and None not in opening and _first_word(answer) not in opening:
            problems.append(f"{key}: every choice but the answer opens with “{opening.pop()}”")
        longest, shortest = max(map(len, wrong)), min(map(len, wrong))
        if len(answer) > LENGTH_RATIO * longest and len(answer) - longest >= LENGTH_GAP:
            problems.append(f"{key}: the answer ({len(answer)} characters) is far longer than any wrong choice")
        if len(answer) * LENGTH_RATIO < shortest and shortest - len(answer) >= LENGTH_GAP:
            problems.append(f"{key}: the answer ({len(answer)} characters) is far shorter than any wrong choice")
        twins = [w for w in wrong if _twin(answer, w)]
        if 0 < len(twins) < len(wrong):  # every choice of one frame ("When you're …") singles out none
            problems += [f"{key}: the answer sits beside its twin or opposite {w!r}" for w in twins]
    return problems


# -- the bank's mix, doctored lines, and what a blank looks like ----------------------------------


def _blank_share(items: Sequence[Item], _: Context) -> list[str]:
    blanks = [i for i in items if _is_blank(i)]
    if len(blanks) > MAX_BLANK_SHARE * len(items):
        return [f"{len(blanks)} of {len(items)} questions fill in a missing word; at most a third may"]
    return []


def _quoted_lines(item: Item) -> list[str]:
    """The quotations a prompt shows: its "> " lines, and words of three or more in “quote marks”."""
    prompt = str(item["prompt"])
    lines = [line.removeprefix(QUOTE_LINE) for line in prompt.splitlines() if line.startswith(QUOTE_LINE)]
    return lines + [q for q in _QUOTED.findall(prompt) if len(q.split()) >= 3 and BLANK not in q]


def _doctored(items: Sequence[Item], context: Context) -> list[str]:
    """A quotation the article does not print is shown only under the "Real or fake?" label, and the
    reveal then says what was changed."""
    article = typography_folded(context.article).casefold()
    problems = []
    for item in items:
        key, labelled = item["key"], str(item["prompt"]).startswith(REAL_OR_FAKE)
        says_what = str(item["explanation"] or "").startswith(DOCTORED)
        invented = []
        for line in _quoted_lines(item):
            filled = without_sic(line).replace(BLANK, str(item["answer"])).strip("“”")
            pieces = [p.strip(" ,") for p in filled.split("…")]
            if any(p and typography_folded(p).casefold() not in article for p in pieces):
                invented.append(line)
        if invented and not (labelled and says_what):
            problems += [
                f"{key}: shows words the article does not print, unlabelled: {line[:60]!r}" for line in invented
            ]
        if labelled and not says_what:
            problems.append(f"{key}: a “{REAL_OR_FAKE}” question whose reveal does not begin “{DOCTORED}”")
        if labelled and len(invented) > 1:
            problems.append(f"{key}: more than one doctored line")
    return problems


def _blank_style(items: Sequence[Item], context: Context) -> list[str]:
    """One look for a missing word: on a quotation line ("> "), a lowercase answer unless it names
    someone or somewhere, and "Type the word." on a typed blank (only there)."""
    problems = []
    for item in items:
        key, prompt, answer = item["key"], str(item["prompt"]), str(item["answer"])
        lines = prompt.splitlines()
        if any(BLANK in line and not line.startswith(QUOTE_LINE) for line in lines):
            problems.append(f"{key}: a blank outside a quotation line (“> …”)")
        if not _is_blank(item):
            continue
        if answer != answer.lower() and item.get("answer_kind") not in PROPER_KINDS:
            problems.append(f"{key}: the blank's answer {answer!r} is capitalised (blanks answer in lowercase)")
        wanted = "Type the words." if len(answer.split()) > 1 else "Type the word."
        says = "Type the word" in lines[0]
        if item["form"] == "typed" and not lines[0].endswith(wanted):
            problems.append(f"{key}: a typed blank whose question does not end “{wanted}”")
        if item["form"] != "typed" and says:
            problems.append(f"{key}: “Type the word” on a question answered with buttons")
    return problems


def _sic(items: Sequence[Item], context: Context) -> list[str]:
    """The article's own ungrammatical words are marked [sic] wherever the bank shows them."""
    problems = []
    for item in items:
        texts = [str(item[f] or "") for f in _SHOWN_FIELDS] + [str(c) for c in item["choices"]]
        for text in texts:
            if marked_sic(text, context.sic) != text:
                problems.append(f"{item['key']}: shows the article’s ungrammatical words without {SIC}: {text[:60]!r}")
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
    Rule("credits", "every reveal credits who says the words it cites: a speaker, or the narration", _credits),
    Rule("reveal-length", f"reveals within {MAX_REVEAL_CHARS} characters", _reveal_length),
    Rule("says-it-twice", "no explanation that restates its citation", _says_it_twice),
    Rule("topics", "every question has a topic", _topics),
    Rule("hints", "no hint that singles out one choice", _hints),
    Rule(
        "giveaway-choices", "no choice whose shape, length, twin or opposite gives the answer away", _giveaway_choices
    ),
    Rule("blank-share", "fill-in-the-missing-word at most a third of the bank", _blank_share),
    Rule("doctored", "a doctored line only under “Real or fake?”, its reveal saying what changed", _doctored),
    Rule("blank-style", "blanks on quotation lines, lowercase, “Type the word.” when typed", _blank_style),
    Rule("sic", "[sic] on the article's ungrammatical words", _sic),
)


def audit(items: Sequence[Item], context: Context) -> dict[str, list[str]]:
    """Every rule's problems (empty lists when the bank holds), by rule name."""
    return {rule.name: rule.check(items, context) for rule in RULES}
