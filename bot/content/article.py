"""The article parser: its headline, its direct quotations and its sentences, as offsets into the
verbatim text (a Python ``str``; the file itself is never edited).

Quotation rules (documented in docs/content.md):

- Double marks, straight ``"`` or curly ``“ ”``, open and close a quotation. A curly mark says which
  it is; a straight one opens at a word start (after a space, a dash or a bracket) and closes after a
  word. A quotation closes within its paragraph.
- Inside a quotation, a single mark (``'``, ``‘`` or ``’``) at a word start opens a nested quotation
  if a single mark at a word end closes it before the outer quotation ends; otherwise it is an
  apostrophe. ``’90s`` and common elisions (``’em``, ``’til``) never open one, and apostrophes
  inside words (``it’s``, ``others’``) never count.
- Outside a double quotation, single marks are title marks (``‘Gilmore Girls’`` in the headline) or
  apostrophes, never quotations.
- The last paragraph is a page footer, not a sentence, when it starts with one of FOOTER_PREFIXES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.content.text import line_column

OPEN_DOUBLE = "“"
CLOSE_DOUBLE = "”"
STRAIGHT_DOUBLE = '"'
SINGLE_OPENERS = "'‘’"  # the article opens its nested quote with ’
SINGLE_CLOSERS = "'’"
FOOTER_PREFIXES = ("Filed Under",)
# A single mark before a digit (’90s) or one of these never opens a nested quotation.
ELISIONS = re.compile(r"(?:em|til|tis|twas|cause|bout|round|n)\b|\d", re.IGNORECASE)
_BEFORE_WORD_START = " \t\n\u00a0—–-([{/" + OPEN_DOUBLE + STRAIGHT_DOUBLE + "‘"
_AFTER_WORD_END = " \t\n\u00a0,.;:!?—–-)]}/" + CLOSE_DOUBLE + STRAIGHT_DOUBLE
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0\r]*\n")
# A sentence ends at . ! or ? (closing marks may follow) before white space and a capital, a
# digit or an opening mark. "Lifeand" has no terminator, so it never splits a sentence.
_SENTENCE_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘'(\[]*[A-Z0-9])")
_NO_SPLIT_AFTER = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|No)|\b[A-HJ-Z])\.$")  # initials, not "I."


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation: ``start``/``end`` are the offsets of the words between its marks."""

    start: int
    end: int
    mark_start: int  # offset of the opening mark
    parent: int | None = None  # index (in Article.quotations) of the quotation this one sits in

    @property
    def nested(self) -> bool:
        return self.parent is not None


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    headline: tuple[int, int]
    quotations: tuple[Quotation, ...]
    sentences: tuple[tuple[int, int], ...]
    problems: tuple[str, ...] = field(default=())  # unbalanced marks, "line L, column C: ..."

    @property
    def headline_text(self) -> str:
        return self.text[self.headline[0] : self.headline[1]]

    def sentences_around(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the sentence(s) that hold ``[start, end)``; None outside every sentence."""
        hits = [s for s in self.sentences if s[0] < end and start < s[1]]
        return (hits[0][0], hits[-1][1]) if hits else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank paragraphs (separated by blank lines), trimmed of white space."""
    spans = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[position:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((position + lead, position + len(chunk.rstrip())))
        position = match.end() if match else len(text)
    return spans


def parse_article(text: str) -> Article:
    spans = paragraphs(text)
    if not spans:
        return Article(text, (0, 0), (), (), ("the article is empty",))
    first_line_end = text.find("\n", spans[0][0])
    headline = (spans[0][0], len(text.rstrip()) if first_line_end == -1 else len(text[:first_line_end].rstrip()))
    quotations: list[Quotation] = []
    problems: list[str] = []
    for start, end in spans:
        _scan_paragraph(text, start, end, quotations, problems)
    body = spans
    if len(body) > 1 and text[body[-1][0] : body[-1][1]].startswith(FOOTER_PREFIXES):
        body = body[:-1]
    sentences = [s for para in body for s in _split_sentences(text, *para)]
    return Article(text, headline, tuple(quotations), tuple(sentences), tuple(problems))


def _word_start(text: str, offset: int, floor: int) -> bool:
    """A mark at ``offset`` stands before a word: preceded by a space/dash/bracket (or nothing),
    followed by something other than white space."""
    before_ok = offset <= floor or text[offset - 1] in _BEFORE_WORD_START
    return before_ok and offset + 1 < len(text) and not text[offset + 1].isspace()


def _word_end(text: str, offset: int, ceiling: int) -> bool:
    """A mark at ``offset`` stands after a word and before a space, punctuation or the end."""
    after_ok = offset + 1 >= ceiling or text[offset + 1] in _AFTER_WORD_END
    return after_ok and offset > 0 and not text[offset - 1].isspace()


def _scan_paragraph(text: str, start: int, end: int, out: list[Quotation], problems: list[str]) -> None:
    open_at: int | None = None  # offset of the open double mark

    def problem(offset: int, message: str) -> None:
        line, column = line_column(text, offset)
        problems.append(f"line {line}, column {column}: {message}")

    for offset in range(start, end):
        char = text[offset]
        if char == STRAIGHT_DOUBLE:
            opens, closes = _word_start(text, offset, start), _word_end(text, offset, end)
            if opens == closes:  # both or neither: a quotation of one char, or a mark between spaces
                opens = open_at is None
        elif char == OPEN_DOUBLE:
            opens = True
        elif char == CLOSE_DOUBLE:
            opens = False
        else:
            continue
        if opens and open_at is not None:
            problem(offset, f"{char} opens a quotation inside the open one at column {line_column(text, open_at)[1]}")
        elif opens:
            open_at = offset
        elif open_at is None:
            problem(offset, f"{char} closes a quotation that was never opened")
        else:
            out.append(Quotation(open_at + 1, offset, open_at))
            _scan_nested(text, len(out) - 1, out)
            open_at = None
    if open_at is not None:
        problem(open_at, f"{text[open_at]} opens a quotation that is not closed before the paragraph ends")


def _scan_nested(text: str, outer_index: int, out: list[Quotation]) -> None:
    """Nested single-mark quotations inside the quotation ``out[outer_index]`` (one level deep)."""
    outer = out[outer_index]
    offset = outer.start
    while offset < outer.end:
        if (
            text[offset] in SINGLE_OPENERS
            and _word_start(text, offset, outer.start)
            and not ELISIONS.match(text, offset + 1)
        ):
            close = next(
                (
                    i
                    for i in range(offset + 2, outer.end)
                    if text[i] in SINGLE_CLOSERS and _word_end(text, i, outer.end)
                ),
                None,
            )
            if close is not None:
                out.append(Quotation(offset + 1, close, offset, parent=outer_index))
                offset = close
        offset += 1


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    sentences = []
    position = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _NO_SPLIT_AFTER.search(text, position, match.start() + 1):
            continue
        sentences.append((position, match.end()))
        position = match.end()
        while position < end and text[position].isspace():
            position += 1
    if position < end:
        sentences.append((position, end))
    return sentences
