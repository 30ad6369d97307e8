"""Highlights computed on the folded text land on the original words."""

from __future__ import annotations

from bot.search.highlight import MARK_END, MARK_START, matched_spans, segments


def mark(text: str) -> str:
    return text.replace("[", MARK_START).replace("]", MARK_END)


def test_spans_skip_removed_apostrophes():
    original = "why don’t we just leave it"
    spans = matched_spans(original, mark("why [dont] we just [leave] it"))
    assert [original[s:e] for s, e in spans] == ["don’t", "leave"]


def test_segments_alternate_plain_and_matched():
    original = "a last serving of pie"
    pieces = segments(original, matched_spans(original, mark("a last [serving] of [pie]")))
    assert [(p.text, p.matched) for p in pieces] == [
        ("a last ", False),
        ("serving", True),
        (" of ", False),
        ("pie", True),
    ]
    assert "".join(p.text for p in pieces) == original


def test_misaligned_text_gives_no_spans():
    """If the item changed since it was indexed, nothing is highlighted rather than the wrong words."""
    assert matched_spans("completely different", mark("[other] text")) == []
    assert matched_spans("shirt", mark("[short]")) == []


def test_marked_text_may_run_past_the_original():
    """A person's indexed text is their description plus whom they play."""
    original = "Hosts the podcast."
    spans = matched_spans(original, mark("[Hosts] the [podcast]. Plays [Luke]."))
    assert [original[s:e] for s, e in spans] == ["Hosts", "podcast"]


def test_nothing_marked():
    assert matched_spans("text", None) == []
    assert segments("text", []) == [segments("text", [])[0]]
    assert segments("", []) == []
