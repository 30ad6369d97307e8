"""Hypothesis strategies for what a hostile member sends: any Unicode, weighted towards the
characters that break things (lone surrogates, controls, invisible and bidi characters, combining
marks, compatibility forms, other scripts, emoji sequences)."""

from __future__ import annotations

from hypothesis import strategies as st

NASTY = (
    "\ud800", "\udfff",  # lone surrogates
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\t", "\n", "\r", "\u2028",  # controls and line breaks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u3164",  # invisible
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c",  # bidi
    "\ufe0f", "\U000e0067", "\U000e007f", "\U0001f3f4",  # emoji selectors and tags
    "\u0301", "\u0308", "ﬁ", "Ｍ", "ß", "ẞ", "İ", "ΐ", "ς", "Å",  # combining, compatibility, case
    "Ж", "ミ", "漢", "ا", "1", "٣", "½", "☕", "👩", "@", "*", "_", "`", "|", "<", ":",  # scripts, digits, markup
)  # fmt: skip

hostile_char = st.one_of(st.characters(exclude_categories=()), st.sampled_from(NASTY))
hostile_text = st.text(hostile_char, max_size=40)
long_hostile_text = st.text(hostile_char, max_size=400)
