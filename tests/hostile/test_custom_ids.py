"""The one custom_id parser: every layout reads back what it writes, refuses everything else, and no
custom_id is taken by two buttons (two answers to one click would fail the second)."""

from __future__ import annotations

import gc
import re

import discord
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cogs._custom_ids import SQLITE_MAX_INT, BadId, ExpiredButton, Id, IdButton, Layout, Number, Slug, Word
from tests.hostile._buttons import all_buttons, subclasses
from tests.hostile._examples import examples
from tests.hostile._strategies import hostile_text


def all_templates() -> list[tuple[str, re.Pattern]]:
    """What the cogs register: every button, and the "unknown kind" answers (ExpiredButton itself
    takes anything and is never registered)."""
    return [
        (cls.__name__, cls.__discord_ui_compiled_template__) for cls in (*all_buttons(), *subclasses(ExpiredButton))
    ]


def test_every_button_of_the_bot_uses_the_parser() -> None:
    """Every dynamic item class in cogs/ is an IdButton (or an "expired" answer): none parses ids its own way."""
    plain = [
        cls.__name__
        for cls in subclasses(discord.ui.DynamicItem)
        if cls.__module__.startswith("cogs.") and not issubclass(cls, IdButton | ExpiredButton)
    ]
    assert not plain


@pytest.mark.parametrize(
    ("text", "ok"),
    [("1", True), (str(SQLITE_MAX_INT), True), (str(SQLITE_MAX_INT + 1), False), ("9" * 20, False), ("0", False),
     ("01", False), ("-1", False), ("+1", False), (" 1", False), ("١", False), ("1_000", False), ("", False)],
)  # fmt: skip
def test_ids_are_plain_digits_that_sqlite_can_hold(text: str, ok: bool) -> None:
    """Issue #11: 9999999999999999999 reached SQLite and failed to bind; it is now simply not an id."""
    if ok:
        assert Id("x").parse(text) == int(text)
    else:
        with pytest.raises(BadId):
            Id("x").parse(text)


@examples(300)
@given(value=st.one_of(st.integers(), st.booleans(), st.floats(allow_nan=False), st.text(max_size=5)))
def test_a_number_writes_exactly_what_it_reads(value: object) -> None:
    """format() checks a value without parsing it back (a button rebuilt from a click is not parsed
    twice): it must still write only what parse() accepts, and refuse what parse() would."""
    number = Number("round", 1, 9999)
    try:
        written = number.format(value)
    except BadId:
        ok = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999
        assert not ok, f"{value!r} refused"
        return
    assert number.parse(written) == value and type(value) is int


LAYOUT = Layout("demo:k", (Id("game"), Number("round", 1, 20), Word("way", ("prev", "next")), Slug("item")))


def test_a_layout_reads_back_what_it_writes() -> None:
    custom_id = LAYOUT.build(7, 3, "next", "why-wouldnt-i")
    assert custom_id == "demo:k:7:3:next:why-wouldnt-i"
    assert LAYOUT.parse(custom_id) == {"game": 7, "round": 3, "way": "next", "item": "why-wouldnt-i"}


@pytest.mark.parametrize(
    "custom_id",
    ["demo:k", "demo:k:7:3:next", "demo:k:7:3:next:x:extra", "demo:k:7:21:next:x", "demo:k:7:3:up:x",
     "demo:k:7:3:next:X", "demo:k:7:3:next:a--b", "demo:kk:7:3:next:x", "demo:k:7:3:next:" + "a" * 90],
)  # fmt: skip
def test_a_layout_refuses_anything_it_would_not_write(custom_id: str) -> None:
    with pytest.raises(BadId):
        LAYOUT.parse(custom_id)


@examples(300)
@given(suffix=hostile_text)
def test_any_suffix_parses_to_what_the_layout_would_write_or_not_at_all(suffix: str) -> None:
    """Canonical ids only: whatever parses is exactly what building those parts again gives."""
    custom_id = "demo:k" + suffix
    try:
        parts = LAYOUT.parse(custom_id)
    except BadId:
        return
    assert LAYOUT.build(*parts.values()) == custom_id


@pytest.mark.parametrize("button", all_buttons(), ids=lambda b: b.layout.kind)
def test_every_kind_takes_its_whole_namespace_of_ids(button: type[IdButton]) -> None:
    """A malformed id of a kind still reaches that kind's parser (and its "expired" answer)."""
    template = button.__discord_ui_compiled_template__
    for tail in ("", ":", ":x", ":1:2:3:4:5:6:7", ":\u202e\ud800\n"):
        assert template.fullmatch(button.layout.kind + tail)


@examples(300)
@given(
    namespace=st.sampled_from(["trivia", "config", "report", "privacy", "lookup"]),
    kind=st.sampled_from(
        ["", "a", "t", "q", "lb", "skip", "zz", "reset", "cancel", "report", "suggestion", "ctx", "page"]
    ),
    suffix=hostile_text,
)
def test_no_custom_id_reaches_two_handlers(namespace: str, kind: str, suffix: str) -> None:
    """discord.py calls every dynamic item whose template matches: two would answer one click twice."""
    custom_id = f"{namespace}:{kind}{suffix}" if kind else namespace + suffix
    takers = [name for name, template in all_templates() if template.fullmatch(custom_id)]
    assert len(takers) <= 1, (custom_id, takers)


def test_unknown_kinds_of_an_owned_namespace_are_answered() -> None:
    """``trivia:zz`` names no button: the trivia cog answers it "expired" at once."""
    takers = {custom_id: [n for n, t in all_templates() if t.fullmatch(custom_id)] for custom_id in (
        "trivia", "trivia:zz:1", "trivia:", "config:nope", "trivia:a:1:1:0", "trivia:ab:1")}  # fmt: skip
    assert takers["trivia:a:1:1:0"] == ["AnswerButton"]
    for custom_id in ("trivia", "trivia:zz:1", "trivia:", "trivia:ab:1"):
        assert takers[custom_id] == ["UnknownTriviaKind"], (custom_id, takers[custom_id])
    assert takers["config:nope"] == ["UnknownConfigKind"]


def test_a_part_named_like_a_dynamic_items_attribute_is_refused() -> None:
    """A part called ``item`` replaced discord.py's wrapped button with a string (a bug made while
    fixing issue 19): such a layout is refused when the class is defined."""
    for name in ("item", "row", "custom_id"):
        with pytest.raises(TypeError, match="DynamicItem attributes"):
            type("Clash", (IdButton,), {}, kind="probe:clash", parts=(Word(name, ("a",)),))
    gc.collect()  # the half-made classes, which IdButton.__subclasses__() would list to later tests
    assert not [c for c in IdButton.__subclasses__() if c.__name__ == "Clash"]
