"""How the bank's text reads: one typography (curly marks), one blank, quotes shown without the comma
that came before "he said", and citations that never double a quote mark. Plain text, no markdown:
the cog escapes it when it renders a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BLANK = "▁▁▁▁"  # where the missing words go; the one blank style of the bank
QUOTE_LINE = "> "  # a prompt line shown as a quotation (a block quote on Discord)
OPENING_MARKS = "“‘"
CLOSING_MARKS = "”’"
CONTEXT_WORDS = 8  # a blank's sentence shorter than this is shown with the sentence before it
SIC = "[sic]"
NARRATION = "the article’s narration"  # who says words outside every quotation

# A straight apostrophe inside or at the end of a word (it's, others') and a straight double mark
# after a word: closing. Elsewhere a straight mark opens.
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d)")
_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))'")
_OPEN_DOUBLE = re.compile(r"(?:^|(?<=[\s(\[—–-]))\"")
# The article opens its nested quotation with a closing mark (—’Hey, …); a quotation starts with a
# capital, an elision (’em, ’til, ’90s) does not.
_MISTURNED_OPENING = re.compile(r"(?:^|(?<=[\s(\[—–-]))’(?=[A-Z])")
_SENTENCE_BREAK = re.compile(r"[.!?…][”’]?\s+")


def curly(text: str) -> str:
    """Straight quote marks and apostrophes as curly ones: it's -> it’s, "so" -> “so”."""
    text = _APOSTROPHE.sub("’", text)
    text = _OPEN_SINGLE.sub("‘", text).replace("'", "’")
    text = _MISTURNED_OPENING.sub("‘", text)
    return _OPEN_DOUBLE.sub("“", text).replace('"', "”")


def without_narration_comma(text: str) -> str:
    """A quotation the article cut with "he said" ends with the comma before it; shown on its own it
    ends with an ellipsis instead (the speaker went on)."""
    text = text.rstrip()
    return text[:-1].rstrip() + "…" if text.endswith(",") else text


def marked_sic(text: str, sic: Sequence[str] = ()) -> str:
    """``text`` with "[sic]" after each of the article's ungrammatical phrases in ``sic`` (the content
    file's ``[[sic]]``: "this what I did" is Milo's, as printed, not our misquote)."""
    for phrase in sic:
        words = [re.escape(w).replace("’", "['’]").replace("'", "['’]") for w in phrase.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)(?! \[sic\])")
        text = pattern.sub(lambda m: f"{m.group(0)} {SIC}", text)
    return text


def without_sic(text: str) -> str:
    """``text`` as the article prints it: the "[sic]" marks taken out."""
    return text.replace(f" {SIC}", "")


def shown_quote(body: str, *, sic: Sequence[str] = ()) -> str:
    """A quote's words as a question shows them."""
    return marked_sic(without_narration_comma(curly(" ".join(body.split()))), sic)


def citation(evidence: str, *, sic: Sequence[str] = ()) -> str:
    """The article's words a reveal cites, in one pair of curly marks: a mark the span already starts
    or ends with is not doubled (a sentence cut from a quotation may end with its closing mark)."""
    text = shown_quote(evidence, sic=sic)
    if text[:1] == "“" and text[-1:] == "”" and text.count("“") == text.count("”"):
        return text
    text = text.removeprefix("“") if text.count("“") > text.count("”") else text
    text = text.removesuffix("”") if text.count("”") > text.count("“") else text
    return f"“{text}”"


def blank_window(quote: str, start: int, end: int) -> tuple[int, int]:
    """Where in ``quote`` the sentence holding ``quote[start:end]`` starts and ends (white space
    trimmed); a sentence shorter than CONTEXT_WORDS comes with the one before it, so that a blank has
    some context to be guessed from. A blank's question shows this window and its reveal cites it."""
    breaks = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(quote)), len(quote)]
    first = max(b for b in breaks if b <= start)
    last = min(b for b in breaks if b >= end)
    if len(quote[first:last].split()) < CONTEXT_WORDS and first > 0:
        first = max(b for b in breaks if b < first)
    return first, first + len(quote[first:last].rstrip())


def blanked(quote: str, start: int, end: int, *, sic: Sequence[str] = ()) -> str:
    """The window of ``quote`` around ``quote[start:end]`` (:func:`blank_window`), with those words
    as the blank."""
    first, last = blank_window(quote, start, end)
    return shown_quote(quote[first:start] + BLANK + quote[end:last], sic=sic)


def quote_lines(text: str) -> str:
    """``text`` as prompt lines shown as a quotation."""
    return "\n".join(QUOTE_LINE + line for line in text.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class Voice:
    """Who speaks the words between one pair of the article's quote marks, credited as a reveal
    credits them ("Milo Ventimiglia, I Am All In (the podcast episode)")."""

    start: int
    end: int
    credit: str


def speaker_credit(speaker: str, occasion: str) -> str:
    return f"{speaker}, {occasion}"


def credit_for(span: tuple[int, int], voices: Iterable[Voice]) -> str:
    """Who says the article's words at ``span``: the speaker of the quotation holding them (the
    outermost, for a quotation inside another), else the article's narration. Words that run from
    narration into a quotation are the article quoting its speaker."""
    start, end = span
    voices = list(voices)
    holding = [v for v in voices if v.start <= start and end <= v.end]
    if holding:
        return min(holding, key=lambda v: (v.start, -v.end)).credit
    touched = [v for v in voices if v.start < end and start < v.end]
    if touched:
        return f"{NARRATION}, quoting {touched[0].credit}"
    return NARRATION


@dataclass(frozen=True, slots=True)
class Reveal:
    """Where a question's answer comes from, as its reveal shows it (plain text)."""

    explanation: str | None  # our words
    citation: str | None  # the article's words, in curly marks
    said: str | None  # who says the cited words, and where (the article's narration, or a speaker)

    def lines(self) -> list[str]:
        return [line for line in (self.explanation, self.citation, self.said and f"— {self.said}") if line]

    def text(self) -> str:
        return "\n".join(self.lines())


def reveal_of(explanation: str | None, citation: str | None, credit: str | None) -> Reveal:
    return Reveal(
        explanation=explanation.strip() if explanation and explanation.strip() else None,
        citation=citation.strip() if citation and citation.strip() else None,
        said=credit.strip() if citation and credit and credit.strip() else None,
    )
