"""Rendering card text: escaped, matched words in bold, cut to Discord's limits."""

from __future__ import annotations

import pytest

from cogs._cards import render, spoiler
from cogs._scope import Scope


def scope(*, spoilers: bool = False, installed: bool = True, kinds=("quote", "fact", "person")) -> Scope:
    return Scope(1 if installed else 0, installed, kinds, spoilers, False)


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


def _longest_cards() -> list:
    """Cards at the content file's limits, every character a markdown one (escaping doubles it)."""
    from bot.db.search_repo import FactCard, PersonCard, QuoteCard

    quote = QuoteCard(
        id="q" * 48, body="*_" * 2000, speaker_id="s", speaker_name="*" * 100, occasion_label="_" * 100,
        is_episode=False, kind="voiced", passage_id="p", part=9, start=0, end=1, headline="*" * 300,
    )  # fmt: skip
    fact = FactCard(
        id="f" * 48, body="*" * 500, about=("*" * 100,) * 6, evidence="*" * 1000,
        sentence_start=0, sentence_end=1, headline="*" * 300, title="*" * 80,
        speaker_name="*" * 100, occasion_label="_" * 100, is_episode=False,
    )  # fmt: skip
    person = PersonCard(
        id="p" * 48, name="*" * 100, aliases=("*" * 100,) * 6, description="*" * 300, plays="*" * 100,
        evidence_start=0, evidence_end=1, headline="*" * 300, quote_count=3, fact_count=4,
    )  # fmt: skip
    return [quote, fact, person]


@pytest.mark.parametrize("page", ["quotes", "facts", "people", "mixed"])
@pytest.mark.parametrize("spoilers", [False, True])
def test_a_page_of_the_longest_cards_fits_in_one_message(page: str, spoilers: bool):
    """Discord refuses a message whose embeds pass 6,000 characters together."""
    from cogs._cards import card_page

    quote, fact, person = _longest_cards()
    cards = {"quotes": [quote] * 3, "facts": [fact] * 3, "people": [person] * 3, "mixed": [quote, fact, person]}[page]
    embeds, _ = card_page(cards, first_number=1, scope=scope(spoilers=spoilers))
    assert sum(len(e) for e in embeds) <= 6000
    for embed in embeds:
        assert len(embed.description) <= 4096


def test_short_cards_keep_their_whole_text():
    from bot.db.search_repo import FactCard
    from cogs._cards import card_page

    fact = FactCard(
        id="f", body="A short fact.", about=(), evidence="e", sentence_start=0, sentence_end=1, headline="h"
    )
    embeds, _ = card_page([fact] * 3, first_number=1, scope=scope())
    assert [e.description for e in embeds] == ["A short fact."] * 3


def test_the_source_once_per_message_and_no_internal_ids():
    """The article's headline closes the page once; no card shows its id."""
    from cogs._cards import card_page

    quote, fact, person = _longest_cards()
    embeds, view = card_page([quote, fact, person], first_number=1, scope=scope())
    footers = [e.footer.text or "" for e in embeds]
    assert [("Source:" in f) for f in footers] == [False, False, True]
    for embed, card in zip(embeds, (quote, fact, person), strict=True):
        assert card.id not in str(embed.to_dict())
    assert "Part 9 of a quotation" in footers[0]
    assert [b.item.label for b in view.children] == ["Context 1", "Report 1", "Context 2", "Report 2", "Context 3"]


def test_no_report_button_where_the_server_did_not_install_the_bot():
    from cogs._cards import card_page

    quote, fact, _ = _longest_cards()
    _, view = card_page([quote, fact], first_number=1, scope=scope(installed=False))
    assert [b.item.label for b in view.children] == ["Context 1", "Context 2"]


def test_quoted_evidence_is_hidden_where_quotes_are_off():
    import dataclasses

    from cogs._cards import card_page

    _, fact, _ = _longest_cards()
    quoted = dataclasses.replace(fact, quoted=True, speaker_name="Milo", occasion_label="A 2017 interview")
    shown, _ = card_page([quoted], first_number=None, scope=scope())
    hidden, _ = card_page([quoted], first_number=None, scope=scope(kinds=("fact", "person")))
    assert [f.name for f in shown[0].fields] == ["About", "The article says", "Whose words"]
    assert shown[0].fields[2].value == "Milo, quoted from A 2017 interview (not the podcast episode)"
    assert [f.name for f in hidden[0].fields] == ["About"]
