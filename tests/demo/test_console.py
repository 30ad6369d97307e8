"""The demo's console (standin/console.py): a typed line read as Discord's client would send it, Tab's
completions, message menus, forms asked box by box, and messages printed as Discord shows them."""

from __future__ import annotations

import pytest

from standin.console import (
    CommandLineError,
    Numbering,
    Renderer,
    complete,
    describe_commands,
    field_problem,
    field_prompt,
    read_command_line,
    read_menu_line,
    typed_options,
)
from standin.markdown import HIDDEN
from standin.model import Guild, Member, Message

STRING, INTEGER, BOOLEAN, CHANNEL, SUB_COMMAND, SUB_COMMAND_GROUP = 3, 4, 5, 7, 1, 2
MENU = "Is this a real quote?"
# Synced definitions as Discord returns them (only the fields the console reads).
COMMANDS = [
    {
        "name": "report",
        "type": 1,
        "options": [
            {
                "name": "kind",
                "type": STRING,
                "required": True,
                "choices": [{"name": n.title(), "value": n} for n in ("question", "quote", "fact")],
            },
            {"name": "item", "type": STRING, "required": True, "autocomplete": True},
            {"name": "reason", "type": STRING, "required": True},
        ],
    },
    {
        "name": "quote",
        "type": 1,
        "options": [
            {"name": "search", "type": SUB_COMMAND, "options": [{"name": "text", "type": STRING, "required": True}]},
            {"name": "by", "type": SUB_COMMAND, "options": [{"name": "speaker", "type": STRING, "autocomplete": True}]},
        ],
    },
    {
        "name": "config",
        "type": 1,
        "options": [
            {
                "name": "channels",
                "type": SUB_COMMAND_GROUP,
                "options": [
                    {"name": "add", "type": SUB_COMMAND, "options": [{"name": "channel", "type": CHANNEL}]},
                ],
            },
            {
                "name": "trivia",
                "type": SUB_COMMAND,
                "options": [{"name": "rounds", "type": INTEGER}, {"name": "hints", "type": BOOLEAN}],
            },
        ],
    },
    {"name": MENU, "type": 3},
    {"name": "Suggest as trivia question", "type": 3},
]
WORDS = {"as": ["you", "lane"], "in": ["general", "trivia", "dm"], "menu": [MENU, "Suggest as trivia question"]}


@pytest.fixture
def guild() -> Guild:
    return Guild.create("Stars Hollow")


def test_free_text_goes_to_the_first_string_option_still_empty(guild: Guild):
    command = read_command_line("/quote search greedy audiences", COMMANDS)
    assert (command.path, command.raw, command.asking) == ("quote search", {"text": "greedy audiences"}, None)


def test_a_value_ending_in_a_question_mark_asks_for_suggestions():
    command = read_command_line("/report kind:quote item:greedy?", COMMANDS)
    assert command.asking == "item"
    assert command.raw == {"kind": "quote", "item": "greedy"}
    assert command.suggested() == ["item"]
    assert command.line() == "/report kind:quote item:greedy"
    assert command.line({"item": "last-serving"}) == "/report kind:quote item:last-serving"


def test_a_question_mark_in_free_text_is_just_text():
    command = read_command_line("/report kind:quote item:x reason:is this right?", COMMANDS)
    assert command.asking is None
    assert command.raw["reason"] == "is this right?"


def test_choices_take_their_name_or_value_in_any_case(guild: Guild):
    command = read_command_line("/report kind:Quote item:x reason:why", COMMANDS)
    assert typed_options(command, guild)["kind"] == "quote"
    with pytest.raises(CommandLineError, match="choose one of question, quote, fact"):
        typed_options(read_command_line("/report kind:poem item:x reason:why", COMMANDS), guild)


def test_values_are_typed_as_the_definition_says(guild: Guild):
    values = typed_options(read_command_line("/config trivia rounds:3 hints:on", COMMANDS), guild)
    assert values == {"rounds": 3, "hints": True}
    channel = typed_options(read_command_line("/config channels add channel:#trivia", COMMANDS), guild)["channel"]
    assert channel.name == "trivia"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("/", "type a command after the slash"),
        ("/nonsense", "there is no /nonsense"),
        ("/quote", "/quote needs one of: search, by"),
        ("/config channels", "/config channels needs one of: add"),
    ],
)
def test_lines_that_are_no_command_say_why(line: str, error: str):
    with pytest.raises(CommandLineError, match=error):
        read_command_line(line, COMMANDS)


@pytest.mark.parametrize(
    ("line", "start", "offered"),
    [
        ("/rep", 1, ["report"]),
        ("/quote ", 7, ["search", "by"]),
        ("/config channels a", 17, ["add"]),
        ("/report ", 8, ["kind:", "item:", "reason:"]),
        ("/report kind:quote i", 19, ["item:"]),
        ("/report kind:q", 13, ["question", "quote"]),
        ("/report kind:quo", 13, ["quote"]),
        ("/config trivia hints:", 21, ["true", "false"]),
        ("/config channels add channel:#t", 29, ["#trivia"]),
        ("me", 0, ["menu"]),
        ("in g", 3, ["general"]),
        ('menu "Is', 5, [f'"{MENU}"']),
    ],
)
def test_tab_completes_commands_options_and_known_values(guild: Guild, line: str, start: int, offered: list[str]):
    found = complete(line, COMMANDS, guild, words=WORDS)
    assert found.start == start
    assert [replacement.strip() for replacement, _ in found.candidates] == offered
    assert found.ask_bot is None


def test_tab_on_a_suggested_option_asks_the_bot(guild: Guild):
    line = "/report kind:quote item:so gre"
    found = complete(line, COMMANDS, guild, words=WORDS)
    assert found.ask_bot == "item"
    assert line[found.start :] == "so gre"  # the value so far, spaces and all


def test_menu_lines_name_the_menu_in_part_or_in_quotes():
    menus = [MENU, "Suggest as trivia question"]
    assert read_menu_line(f'"{MENU}" 12', menus) == (MENU, 12)
    assert read_menu_line("real quote 3", menus) == (MENU, 3)
    assert read_menu_line("SUGGEST 4", menus) == ("Suggest as trivia question", 4)
    with pytest.raises(CommandLineError, match="which menu"):
        read_menu_line("s 4", menus)  # both names hold an "s"
    with pytest.raises(CommandLineError, match="which message"):
        read_menu_line(MENU, menus)


def test_a_form_box_says_optional_once_and_shows_its_hint_as_a_hint():
    box = {"custom_id": "explanation", "required": False, "max_length": 500, "style": 2}
    lines = field_prompt("Explanation (optional)", {**box, "placeholder": "e.g. the episode around 12:30"})
    text = "\n".join(lines)
    assert text.count("optional") == 1
    assert "e.g. e.g." not in text
    assert lines[1].strip() == "hint: e.g. the episode around 12:30"


def test_a_prefilled_box_shows_its_text_and_enter_keeps_it():
    box = {"custom_id": "question", "min_length": 5, "max_length": 300, "value": "Kirk had nineteen jobs?"}
    assert "already filled in: Kirk had nineteen jobs?  (Enter keeps it)" in field_prompt("Question", box)[1]
    assert field_problem(box, "") is None
    assert field_problem(box, "Kirk") == "at least 5 characters, please (4 so far)"
    assert field_problem({"custom_id": "a", "max_length": 3}, "") == "this box is required"
    assert field_problem({"custom_id": "a", "max_length": 3}, "four") == "at most 3 characters, please (4 typed)"


def test_commands_lists_the_options_with_suggestions_and_the_menus():
    lines = describe_commands(COMMANDS)
    assert "/report <kind:…?> <item:…?> <reason:…>" in "\n".join(lines)
    assert f'menu "{MENU}" N   on message N (Apps, in Discord)' in lines


def test_messages_are_numbered_in_their_heading_and_rendered_as_discord_shows_them(guild: Guild):
    numbering = Numbering()
    renderer = Renderer(guild, numbering, lambda user_id: "Lane")
    bot = Member(1, "companion", guild.id, 0, [])
    message = Message(100, guild.channel("general").id, guild.id, bot, content="**Trivia!** starts <@7>")
    message.embeds = [
        {
            "title": "Question 1",
            "description": "> quoted line\nThe answer: ||Amy and Dan||",
            "footer": {"text": "**footers are not markdown**"},
        }
    ]
    first = renderer.message(message)
    assert first.startswith("── message 1 · #general · new · everyone sees this")
    assert "Trivia! starts @Lane" in first
    assert "▎ quoted line" in first
    assert f"The answer: {HIDDEN * 11}" in first and "Amy" not in first
    assert "(**footers are not markdown**)" in first
    revealed = renderer.message(message, reveal=True, edited=True)
    assert revealed.startswith("── message 1 · #general · edited")
    assert "The answer: Amy and Dan" in revealed
    assert numbering.message(1) is message
    with pytest.raises(CommandLineError, match="there is no message 2"):
        numbering.message(2)


def test_a_members_own_message_says_who_wrote_it(guild: Guild):
    member = Member(5, "lane", guild.id, 0, [])
    message = Message(200, guild.channel("trivia").id, guild.id, member, content="I'd be a jerk not to show up")
    shown = Renderer(guild, Numbering(), lambda user_id: None).message(message, author="lane")
    assert shown.splitlines()[0].startswith("── message 1 · #trivia · new · lane wrote")
    assert shown.splitlines()[1] == "I'd be a jerk not to show up"
