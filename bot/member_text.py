"""Text that members send: forms, import files, suggestions, report reasons and typed answers. One set
of rules for all of it, in plain Python.

- **Refused**, with a short answer naming the field: text that is not valid Unicode (a lone
  surrogate, which cannot even be stored) and control characters. Tabs and line breaks are spacing:
  a line break is kept where the field has several lines, anything else becomes one space.
- **Removed** before anything is stored: invisible characters (Unicode's *default ignorable* code
  points: zero-width spaces, bidi overrides, isolates and marks, word joiners, soft hyphens, byte
  order marks, Hangul fillers...). Removing rather than refusing: they arrive unseen in pasted text,
  and a member could not find what to delete; since they show nothing, removing them changes nothing
  a reader sees. They are kept only where they shape what is seen: a zero-width joiner or non-joiner
  between two visible characters (emoji such as 👩‍🚀, Persian and Indic scripts), and variation
  selectors and emoji tag characters right after a visible character (❤️, 🏴󠁧󠁢󠁳󠁣󠁴󠁿).
- **Compared** by :func:`compare_key`: NFKC and case folding with every invisible character dropped,
  so two answers that look the same (``"Milo\\u200b"`` and ``"Milo"``, ``"Ｍｉｌｏ"`` and ``"Milo"``)
  are the same answer.

Every function here is idempotent: cleaning clean text changes nothing.
"""

from __future__ import annotations

import re
import unicodedata

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt), plus the interlinear annotation
# controls U+FFF9-FFFB (invisible format characters that could hide text).
_IGNORABLE_CLASS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
_IGNORABLE = re.compile(f"[{_IGNORABLE_CLASS}]")
_JOINERS = frozenset("\u200c\u200d")
# Variation selectors and emoji tag characters: they modify the character before them.
_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0020-\U000e007f\U000e0100-\U000e01ef]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACING_CONTROLS = frozenset("\t\n\r")
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_BLANK_LINES = re.compile(r"\n{3,}")


class TextProblem(ValueError):
    """Member text that cannot be accepted; the message names the field and what to change."""


def problem_in(text: str, field: str) -> str | None:
    """Why ``text`` is refused (a lone surrogate, a control character), or None."""
    if _SURROGATE.search(text):
        return f"{field} contains a broken character (half of an emoji or symbol); type it again"
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in _SPACING_CONTROLS:
            return f"{field} contains a control character (U+{ord(char):04X}); remove it"
    return None


def _visible(char: str) -> bool:
    return not char.isspace() and not _IGNORABLE.match(char)


def strip_invisible(text: str) -> str:
    """``text`` without invisible characters, except the joiners and selectors that shape emoji and
    scripts (see the module's docstring)."""
    if not _IGNORABLE.search(text):
        return text  # nearly always: nothing to do
    kept: list[str] = []
    for char in text:  # selectors stay only after a visible character (or another selector)
        if _SELECTORS.match(char):
            if kept and (_visible(kept[-1]) or _SELECTORS.match(kept[-1])):
                kept.append(char)
        elif char in _JOINERS or not _IGNORABLE.match(char):
            kept.append(char)
    out: list[str] = []
    for index, char in enumerate(kept):  # joiners stay only between two visible characters
        if char in _JOINERS:
            before = out[-1] if out else ""
            after = kept[index + 1] if index + 1 < len(kept) else ""
            if not (before and (_visible(before) or _SELECTORS.match(before)) and after and _visible(after)):
                continue
        out.append(char)
    return "".join(out)


def tidy(text: str, *, multiline: bool = False) -> str:
    """Invisible characters removed, NFC, spacing made regular; no checks (see :func:`clean`)."""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in _LINE_BREAKS.sub("\n", text).split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean(value: object, field: str, *, max_len: int, min_len: int = 1, multiline: bool = False) -> str:
    """``value`` as it will be stored, or :class:`TextProblem` naming ``field``: not text, a lone
    surrogate or a control character, empty (invisible characters do not count), too short or too long."""
    if not isinstance(value, str):
        raise TextProblem(f"{field} must be text")
    problem = problem_in(value, field)
    if problem:
        raise TextProblem(problem)
    text = tidy(value, multiline=multiline)
    if len(text) < min_len:
        raise TextProblem(f"{field} is empty" if not text else f"{field} is shorter than {min_len} characters")
    if len(text) > max_len:
        raise TextProblem(f"{field} is longer than {max_len} characters")
    return text


def compare_key(text: str) -> str:
    """What two texts must share to be the same answer or question: NFKC, case folded, without
    invisible characters, single spaces. ``"Milo\\u200b"``, ``"MILO"`` and ``"Ｍｉｌｏ"`` are ``"milo"``."""
    key = text
    for _ in range(4):  # NFKC and case folding each undo a little of the other in rare cases
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", key).casefold())
        settled = " ".join(_IGNORABLE.sub("", folded).split())
        if settled == key:
            break
        key = settled
    return key
