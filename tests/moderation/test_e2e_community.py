"""/trivia custom: the modal, list, remove, export and import, with hostile text and files."""

from __future__ import annotations

import json

import pytest

from bot.moderation.community import MAX_IMPORT_BYTES, MAX_IMPORT_ENTRIES
from standin import BotEnv, CallbackType, Member, UploadedFile
from tests.backends import state_sql

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends

GOOD = {"question": "Who asks Milo about revivals?", "answer": "Scott Patterson", "wrong": ["Lauren", "Alexis"]}


def json_file(
    document: object, *, name: str = "questions.json", content_type: str | None = "application/json"
) -> UploadedFile:
    return UploadedFile(name, json.dumps(document).encode(), content_type)


def downloads(env: BotEnv) -> list[str]:
    return [str(r) for r in env.standin.requests if "/attachments/" in r.path]


async def add(env: BotEnv, member: Member, **fields: str):
    opened = await env.slash("trivia custom add", member=member)
    assert opened.type == CallbackType.MODAL
    values = {"question": "", "answer": "", "wrong": "", "explanation": ""} | fields
    return await env.submit_modal(opened, values)


async def test_add_opens_a_modal_and_saves_a_question(mod_env: BotEnv, mod: Member) -> None:
    opened = await mod_env.slash("trivia custom add", member=mod)
    assert [c["components"][0]["custom_id"] for c in opened.modal["components"]] == [
        "question",
        "answer",
        "wrong",
        "explanation",
    ]
    saved = await mod_env.submit_modal(
        opened,
        {
            "question": "Who hosts I Am All In?",
            "answer": "Scott Patterson",
            "wrong": "Milo\n\nAlexis",
            "explanation": "",
        },
    )
    assert saved.ephemeral and saved.embed["title"] == "Community question #1"
    stored = await state_sql(mod_env).fetchrow(
        "SELECT key, guild_id, category, form, wrong, created_by FROM questions WHERE category = 'community'"
    )
    assert tuple(stored) == (
        f"community:{mod_env.guild.id}:1",
        mod_env.guild.id,
        "community",
        "choice",
        '["Milo", "Alexis"]',
        mod.id,
    )


async def test_mentions_and_markdown_in_a_question_stay_text(mod_env: BotEnv, mod: Member) -> None:
    """@everyone, a role ping and markdown are shown as typed and ping nobody, wherever they appear."""
    saved = await add(
        mod_env,
        mod,
        question="Hey @everyone and <@&112233445566778899>, **who** is `Jess`?",
        answer="@here Milo",
        wrong="||Dean||",
    )
    assert saved.allowed_mentions == {"parse": []}
    shown = saved.embed["description"]
    assert (
        "@\u200beveryone" in shown
        and "<@\u200b&112233445566778899>" in shown
        and "\\*\\*who\\*\\*" in shown
        and "\\`Jess\\`" in shown
    )
    assert (
        saved.embed["fields"][0]["value"] == "@\u200bhere Milo"
        and saved.embed["fields"][1]["value"] == "\\|\\|Dean\\|\\|"
    )
    listed = await mod_env.slash("trivia custom list", member=mod)
    assert listed.allowed_mentions == {"parse": []}
    assert "@\u200beveryone" in listed.embed["description"] and "@everyone" not in listed.embed["description"]


async def test_bad_modal_input_saves_nothing(mod_env: BotEnv, mod: Member) -> None:
    refused = await add(mod_env, mod, question="Who plays Jess?", answer="Milo", wrong="Scott\nmilo")
    assert refused.ephemeral and refused.content == "Not saved: wrong answer 2 repeats another answer."
    too_many = await add(mod_env, mod, question="Who plays Jess?", answer="Milo", wrong="a\nb\nc\nd")
    assert too_many.content == "Not saved: at most 3 wrong answers."
    await add(mod_env, mod, question="Who plays Jess?", answer="Milo")
    duplicate = await add(mod_env, mod, question="WHO plays  jess?", answer="Milo V")
    assert duplicate.content == "Not saved: this server already has that question."
    rows = await state_sql(mod_env).fetchrow("SELECT COUNT(*) AS n FROM questions WHERE category = 'community'")
    assert rows["n"] == 1


async def test_list_remove_and_numbers(mod_env: BotEnv, mod: Member) -> None:
    await add(mod_env, mod, question="First question here?", answer="one")
    await add(mod_env, mod, question="Second question here?", answer="two")
    removed = await mod_env.slash("trivia custom remove", member=mod, id=1)
    assert removed.content == "Removed #1: First question here?"
    missing = await mod_env.slash("trivia custom remove", member=mod, id=1)
    assert missing.ephemeral and missing.content == "This server has no community question #1."
    listed = await mod_env.slash("trivia custom list", member=mod)
    assert listed.embed["title"] == "Community questions (1)"
    assert listed.embed["description"] == "**#2** Second question here? → two"
    choices = await mod_env.autocomplete("trivia custom remove", focused="id", value="sec", member=mod)
    assert choices == [{"name": "#2 Second question here?", "value": 2}]


async def test_export_then_import_on_another_server(mod_env: BotEnv, mod: Member) -> None:
    """The exported file imports unchanged elsewhere; the same file again is refused as duplicates."""
    await add(
        mod_env, mod, question="Who hosts I Am All In?", answer="Scott Patterson", wrong="Milo", explanation="Luke!"
    )
    exported = await mod_env.slash("trivia custom export", member=mod)
    assert exported.content == (
        "This server's 1 community question, in a file `/trivia custom import` reads back on any server."
    )
    [file] = exported.files
    assert file.filename == f"community-questions-{mod_env.guild.id}.json"
    document = json.loads(file.data)
    assert document["questions"] == [
        {
            "id": 1,
            "question": "Who hosts I Am All In?",
            "answer": "Scott Patterson",
            "wrong": ["Milo"],
            "explanation": "Luke!",
        }
    ]
    diner = await mod_env.add_guild("Luke's Diner")
    diner_mod = mod_env.member("diner-mod", manage_guild=True, guild=diner)
    imported = await mod_env.slash(
        "trivia custom import", member=diner_mod, file=UploadedFile(file.filename, file.data, "application/json")
    )
    assert imported.type == CallbackType.DEFERRED_MESSAGE
    assert (await imported.wait_followup()).content == "Imported 1 question as #1."
    again = await mod_env.slash(
        "trivia custom import", member=diner_mod, file=UploadedFile("q.json", file.data, "application/json")
    )
    assert (await again.wait_followup()).content == "Nothing imported: entry 1: this server already has that question."


async def test_too_many_questions_in_one_file_are_counted_in_words(mod_env: BotEnv, mod: Member) -> None:
    entries = [{**GOOD, "question": f"Question number {n}?"} for n in range(MAX_IMPORT_ENTRIES + 1)]
    result = await mod_env.slash("trivia custom import", member=mod, file=json_file(entries))
    assert (await result.wait_followup()).content == (
        f"Nothing imported: the file holds {MAX_IMPORT_ENTRIES + 1:,} questions; import at most {MAX_IMPORT_ENTRIES} at once."
    )


async def test_import_bad_file_names_the_entry_and_changes_nothing(mod_env: BotEnv, mod: Member) -> None:
    entries = [GOOD, {**GOOD, "question": "Second good one?"}, {"question": "No answer here?"}]
    result = await mod_env.slash("trivia custom import", member=mod, file=json_file({"questions": entries}))
    assert (await result.wait_followup()).content == "Nothing imported: entry 3: 'answer' is missing."
    nested = await mod_env.slash(
        "trivia custom import", member=mod, file=UploadedFile("deep.json", b"[" * 60_000, "application/json")
    )
    assert (await nested.wait_followup()).content == "Nothing imported: the file is not valid JSON."
    duplicated = await mod_env.slash("trivia custom import", member=mod, file=json_file([GOOD, GOOD]))
    assert (await duplicated.wait_followup()).content == "Nothing imported: entry 2: the same question as entry 1."
    count = await state_sql(mod_env).fetchrow("SELECT COUNT(*) AS n FROM questions WHERE category = 'community'")
    assert count["n"] == 0
    history = (await mod_env.slash("config history", member=mod)).embed["description"]
    assert history == "No changes yet."


async def test_oversized_or_wrong_type_is_refused_before_download(mod_env: BotEnv, mod: Member) -> None:
    """Refused from the attachment's size and type alone: the bot never fetches the file."""
    big = UploadedFile("big.json", b" " * (MAX_IMPORT_BYTES + 1), "application/json")
    result = await mod_env.slash("trivia custom import", member=mod, file=big)
    assert result.type == CallbackType.MESSAGE and result.ephemeral
    assert result.content == f"Nothing imported: the file is {MAX_IMPORT_BYTES + 1:,} bytes; the limit is 256 KiB."
    image = UploadedFile("cat.png", b"\x89PNG....", "image/png")
    refused = await mod_env.slash("trivia custom import", member=mod, file=image)
    assert refused.content == "Nothing imported: send a .json file (like the one /trivia custom export gives)."
    assert downloads(mod_env) == []
    ok = await mod_env.slash("trivia custom import", member=mod, file=json_file([GOOD]))
    assert (await ok.wait_followup()).content == "Imported 1 question as #1."
    assert len(downloads(mod_env)) == 1  # the accepted file was downloaded, once


async def test_problem_text_from_the_file_is_inert(mod_env: BotEnv, mod: Member) -> None:
    """A key name chosen by the file's author can't ping or format in the refusal."""
    result = await mod_env.slash("trivia custom import", member=mod, file=json_file([{**GOOD, "@everyone **x**": 1}]))
    message = await result.wait_followup()
    assert "@\u200beveryone \\*\\*x\\*\\*" in message.content and message.allowed_mentions == {"parse": []}


async def test_questions_stay_on_their_server(mod_env: BotEnv, mod: Member) -> None:
    await add(mod_env, mod, question="Only on Stars Hollow?", answer="yes")
    diner = await mod_env.add_guild("Luke's Diner")
    diner_mod = mod_env.member("diner-mod", manage_guild=True, guild=diner)
    listed = await mod_env.slash("trivia custom list", member=diner_mod)
    assert listed.content == "No community questions yet: `/trivia custom add` writes one."
    refused = await mod_env.slash("trivia custom remove", member=diner_mod, id=1)
    assert refused.content == "This server has no community question #1."
    assert (await mod_env.slash("trivia custom list", member=mod)).embed["title"] == "Community questions (1)"
