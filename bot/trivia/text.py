"""How the bank's text reads: one typography (curly marks), one blank, quotes shown without the comma
that came before "he said", and citations that never double a quote mark. Plain text, no markdown:
the cog escapes it when it renders a question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANK = "▁▁▁▁"  # where the missing words go; the one blank style of the bank
QUOTE_LINE = "> "  # a prompt line shown as a quotation (a block quote on Discord)
OPENING_MARKS = "“‘"
CLOSING_MARKS = "”’"
CONTEXT_WORDS = 8  # a blank's sentence shorter than this is shown with the sentence before it

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


def shown_quote(body: str) -> str:
    """A quote's words as a question shows them."""
    return without_narration_comma(curly(" ".join(body.split())))


def citation(evidence: str) -> str:
    """The article's words a reveal cites, in one pair of curly marks: a mark the span already starts
    or ends with is not doubled (a sentence cut from a quotation may end with its closing mark)."""
    text = shown_quote(evidence)
    if text[:1] == "“" and text[-1:] == "”" and text.count("“") == text.count("”"):
        return text
    text = text.removeprefix("“") if text.count("“") > text.count("”") else text
    text = text.removesuffix("”") if text.count("”") > text.count("“") else text
    return f"“{text}”"


def blanked(quote: str, start: int, end: int) -> str:
    """The sentence of ``quote`` holding ``quote[start:end]``, with those words as the blank; a short
    sentence comes with the one before it, so the blank has some context to be guessed from."""
    breaks = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(quote)), len(quote)]
    first = max(b for b in breaks if b <= start)
    last = min(b for b in breaks if b >= end)
    if len(quote[first:last].split()) < CONTEXT_WORDS and first > 0:
        first = max(b for b in breaks if b < first)
    return shown_quote(quote[first:start] + BLANK + quote[end:last])


def quote_lines(text: str) -> str:
    """``text`` as prompt lines shown as a quotation."""
    return "\n".join(QUOTE_LINE + line for line in text.splitlines() if line.strip())


@dataclass(frozen=True, slots=True)
class Reveal:
    """Where a question's answer comes from, as its reveal shows it (plain text)."""

    explanation: str | None  # our words
    citation: str | None  # the article's words, in curly marks
    said: str | None  # who said the quote it is about, and where

    def lines(self) -> list[str]:
        return [line for line in (self.explanation, self.citation, self.said and f"— {self.said}") if line]


def reveal_of(explanation: str | None, evidence: str | None, speaker: str | None, occasion: str | None) -> Reveal:
    return Reveal(
        explanation=explanation.strip() if explanation and explanation.strip() else None,
        citation=citation(evidence) if evidence and evidence.strip() else None,
        said=f"{speaker}, {occasion}" if speaker and occasion else None,
    )
