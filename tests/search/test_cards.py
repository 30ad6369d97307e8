"""Rendering card text: escaped, matched words in bold, cut to Discord's limits."""

from __future__ import annotations

import pytest

from cogs._cards import render, spoiler


def test_spans_in_bold_and_markdown_escaped():
    text = "a *last* serving of pie"
    assert render(text, [(9, 16), (20, 23)], 100) == "a \\*last\\* **serving** of **pie**"


def test_custom_wrapping():
    assert render("see pie", [(4, 7)], 100, wrap=lambda s: spoiler(f"**{s}**")) == "see ||**pie**||"


@pytest.mark.parametrize("limit", [5, 12, 20, 31])
def test_cut_to_the_limit_without_breaking_markup(limit: int):
    text = "serving of pie and more pie and *stars*"
    out = render(text, [(0, 7), (11, 14), (24, 27)], limit)
    assert len(out) <= limit
    assert out.endswith("…")
    assert out.count("**") % 2 == 0
    assert not out.endswith("\\…")


def test_placeholder_characters_in_the_text_take_the_slow_path():
    text = "odd \ue002 text \ue003 here"
    assert render(text, [(0, 3)], 100) == "**odd** \ue002 text \ue003 here"
