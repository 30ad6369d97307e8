"""Discord's markdown as the demo prints it (standin/markdown.py): what a member would read, not the markers."""

from __future__ import annotations

import pytest

from standin.markdown import BOLD, BOLD_OFF, HIDDEN, ITALIC, QUOTE_BAR, STRIKE, STROKE, Style, render, visible_length

PLAIN = Style()
TERMINAL = Style(ansi=True)


def test_bold_loses_its_stars_in_plain_text_and_is_bold_on_a_terminal():
    """`**Podcast:**` reads "Podcast:", in bold where the terminal can show it."""
    assert render("**Podcast:** I Am All In", PLAIN) == "Podcast: I Am All In"
    assert render("**Podcast:** I Am All In", TERMINAL) == f"{BOLD}Podcast:{BOLD_OFF} I Am All In"


def test_a_quote_line_gets_a_bar_and_the_marker_goes():
    assert render("> I think that's pretty cool", PLAIN) == f"{QUOTE_BAR}I think that's pretty cool"
    assert render(">>> one\ntwo", PLAIN) == f"{QUOTE_BAR}one\n{QUOTE_BAR}two"
    assert render(">not a quote", PLAIN) == ">not a quote"  # Discord needs the space


def test_spoilers_stay_hidden_until_revealed_and_keep_their_width():
    hidden = render("The answer is ||Amy and Dan||.", PLAIN)
    assert hidden == f"The answer is {HIDDEN * len('Amy and Dan')}."
    assert "Amy" not in hidden
    assert render("The answer is ||Amy and Dan||.", Style(reveal_spoilers=True)) == "The answer is Amy and Dan."


def test_a_spoiler_around_bold_words_hides_the_words_not_the_codes():
    hidden = render("||“so **greedy**”||", TERMINAL)
    assert "greedy" not in hidden
    assert visible_length(hidden) == len("“so greedy”")


def test_escaped_markers_are_shown_as_typed():
    """What the bot escapes (a member's `**who**`) is shown with its stars, as Discord shows it."""
    assert render(r"Hey \*\*who\*\* is \`Jess\` \|\|Dean\|\| \_x\_", PLAIN) == "Hey **who** is `Jess` ||Dean|| _x_"


def test_italics_underline_code_and_links():
    assert render("*I Am All In*, __Scott__, `/ask`, [docs](https://example.org/x)", PLAIN) == (
        "I Am All In, Scott, /ask, docs (https://example.org/x)"
    )
    assert render("*I Am All In*", TERMINAL).startswith(ITALIC)


def test_strikethrough_without_a_terminal_strikes_each_letter():
    """Where escape codes can't be shown, the words still read as struck (a combining stroke)."""
    struck = render("~~its words~~ **the article's**", PLAIN)
    assert struck == "".join(c + STROKE if c != " " else c for c in "its words") + " the article's"
    assert render("~~gone~~", TERMINAL) == f"{STRIKE}gone\x1b[29m"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("# Trivia!", "Trivia!"),
        ("## Standings", "Standings"),
        ("-# 13 results · page 1 of 5", "13 results · page 1 of 5"),
        ("- one item", "• one item"),
        ("#hashtag", "#hashtag"),
        ("-#no space", "-#no space"),
    ],
)
def test_line_starts_as_discord_reads_them(line: str, shown: str):
    assert render(line, PLAIN) == shown


def test_fenced_code_is_left_alone():
    assert render("```\n**not bold** ||nor hidden||\n```", PLAIN) == "**not bold** ||nor hidden||"
    assert render("```py\nx = 1\n```", PLAIN) == "x = 1"


def test_stars_in_ordinary_text_stay():
    assert render("5 * 3 = 15 and 2 * 2", PLAIN) == "5 * 3 = 15 and 2 * 2"
    assert render("**unclosed bold", PLAIN) == "**unclosed bold"


def test_bold_italic_nests():
    assert render("***both***", PLAIN) == "both"
    assert render("**a *b* c**", TERMINAL) == f"{BOLD}a {ITALIC}b\x1b[23m c{BOLD_OFF}"
