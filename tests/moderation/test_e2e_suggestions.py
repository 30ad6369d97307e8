"""Members' trivia suggestions: /trivia suggest and the "Suggest as trivia question" context menu open
one form; /config suggestions reviews them with Approve / Reject; nothing reaches trivia unapproved."""

from __future__ import annotations

import pytest

from bot.moderation.suggestions import MAX_PENDING_PER_MEMBER
from standin import BotEnv, CallbackType, Member
from tests.backends import state_sql
from tests.moderation.test_e2e_privacy import store_some

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends

MENU = "Suggest as trivia question"
FORM = {
    "question": "Which diner does Luke run?",
    "answer": "Luke's",
    "wrong": "Al's Pancake World\nWeston's",
    "source": "Every episode",
}


async def suggest(env: BotEnv, member: Member, **fields: str):
    opened = await env.slash("trivia suggest", member=member)
    assert opened.type == CallbackType.MODAL and opened.modal["title"] == "Suggest a trivia question"
    return await env.submit_modal(opened, {**FORM, **fields})


def review_button(page, label: str) -> str:
    """The custom_id of the button labelled ``label`` ("Approve #1") on a /config suggestions page."""
    [custom_id] = [b["custom_id"] for b in page.buttons if b.get("label") == label]
    return custom_id


async def community_rows(env: BotEnv) -> list:
    return await state_sql(env).fetch(
        "SELECT key, prompt, answer, wrong, explanation, created_by, suggested_by FROM questions"
        " WHERE category = 'community'"
    )


async def test_a_suggestion_waits_for_the_moderators(mod_env: BotEnv, fan: Member) -> None:
    """The member is thanked privately and shown what they sent; nothing joins trivia yet."""
    sent = await suggest(mod_env, fan)
    assert sent.ephemeral and sent.content == (
        "Thanks! Suggestion #1 is waiting for the moderators; it joins this server's trivia once one of them approves it."
    )
    assert sent.embed["title"] == "Your suggestion" and "Weston" in sent.text
    row = await state_sql(mod_env).fetchrow("SELECT guild_id, user_id, status, source FROM suggestions")
    assert tuple(row) == (mod_env.guild.id, fan.id, "pending", "Every episode")
    assert await community_rows(mod_env) == []
    bank = await mod_env.bot.get_cog("Trivia").repo.bank(mod_env.guild.id)
    assert not [entry for entry in bank if entry.category == "community"], "never in trivia before approval"


async def test_suggestions_are_validated_like_imports(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """Invisible differences, bidi overrides, lone surrogates, duplicates: refused or removed."""
    twin = await suggest(mod_env, fan, answer="Luke's", wrong="Luke\u200b's")
    assert twin.ephemeral and twin.content == "Not sent: wrong answer 1 repeats another answer."
    empty = await suggest(mod_env, fan, answer="\u200b\u200d\ufeff")
    assert empty.content == "Not sent: the right answer is empty."
    broken = await suggest(mod_env, fan, source="From the \ud800 episode")
    assert broken.content.startswith("Not sent: where it comes from contains a broken character")
    flipped = await suggest(mod_env, fan, question="Which \u202ediner does Luke run?")
    assert flipped.content.startswith("Thanks!")
    row = await state_sql(mod_env).fetchrow("SELECT prompt FROM suggestions")
    assert row["prompt"] == "Which diner does Luke run?", "the override is removed before storing"
    again = await suggest(mod_env, mod, question="WHICH  diner does Luke run?")
    assert again.content == "Not sent: that question is already waiting for the moderators."
    opened = await mod_env.slash("trivia custom add", member=mod)
    await mod_env.submit_modal(opened, {"question": "Who owns the inn?", "answer": "Lorelai"})
    existing = await suggest(mod_env, fan, question="Who owns the inn?")
    assert existing.content == "Not sent: this server already has that question."


async def test_each_member_has_a_few_waiting_at_most(mod_env: BotEnv, fan: Member) -> None:
    for n in range(MAX_PENDING_PER_MEMBER):
        assert (await suggest(mod_env, fan, question=f"Question number {n}?")).content.startswith("Thanks!")
    refused = await suggest(mod_env, fan, question="One too many?")
    assert refused.content.startswith(f"Not sent: you have {MAX_PENDING_PER_MEMBER} suggestions waiting")
    other = mod_env.member("other")
    assert (await suggest(mod_env, other, question="Someone else's?")).content.startswith("Thanks!")


async def test_the_context_menu_prefills_the_form_with_the_message(mod_env: BotEnv, fan: Member) -> None:
    """The message's text (invisible characters removed) is the question; its link is the source."""
    target = mod_env.message_by(fan, "Kirk\u200b had nineteen jobs in one episode, right?")
    opened = await mod_env.context_menu(MENU, target, member=fan)
    assert opened.type == CallbackType.MODAL
    fields = {c["custom_id"]: c for row in opened.modal["components"] for c in row.get("components", [])}
    assert fields["question"]["value"] == "Kirk had nineteen jobs in one episode, right?"
    assert fields["source"]["value"].endswith(f"/{target['channel_id']}/{target['id']}")
    sent = await mod_env.submit_modal(opened, {"answer": "Yes", "wrong": "No"})
    assert sent.content.startswith("Thanks! Suggestion #1")


async def test_moderators_approve_and_the_member_is_credited(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """Approve makes it a community question crediting the member, with its audit line, in one go;
    a second Approve (another moderator) changes nothing; the question then joins trivia."""
    await suggest(mod_env, fan)
    refused = await mod_env.slash("config suggestions", member=fan, override_permissions=True)
    assert refused.ephemeral and "Only moderators" in refused.text
    page = await mod_env.slash("config suggestions", member=mod)
    assert page.content.startswith("1 suggestion waiting; all below.")
    assert page.embed["title"] == "Suggestion #1" and f"<@{fan.id}>" in page.text
    approve, reject = review_button(page, "Approve #1"), review_button(page, "Reject #1")
    assert approve.startswith("config:suggestion:approve:1:") and reject.startswith("config:suggestion:reject:1:")
    second_tab = await mod_env.slash("config suggestions", member=mod)

    forged = await mod_env.click(page, approve, member=fan)
    assert forged.ephemeral and "Only moderators" in forged.text, "Manage Server is checked on the click"
    approved = await mod_env.click(page, approve, member=mod)
    assert approved.type == CallbackType.UPDATE_MESSAGE
    assert approved.content.startswith("Approved suggestion #1: it is community question #1")
    assert "No suggestions are waiting" in approved.content and approved.buttons == []
    [row] = await community_rows(mod_env)
    assert (row["prompt"], row["answer"], row["explanation"]) == (FORM["question"], "Luke's", "Every episode")
    assert (row["created_by"], row["suggested_by"]) == (mod.id, fan.id)
    late = await mod_env.click(second_tab, review_button(second_tab, "Reject #1"), member=mod)
    assert late.content.startswith("Another moderator already approved suggestion #1.")
    assert len(await community_rows(mod_env)) == 1
    history = (await mod_env.slash("config history", member=mod)).text
    assert "**Suggestion approved** · suggestion #1 is community question #1" in history
    bank = await mod_env.bot.get_cog("Trivia").repo.bank(mod_env.guild.id)
    [entry] = [e for e in bank if e.category == "community"]
    question = await mod_env.bot.get_cog("Trivia").repo.question(entry.id)
    assert question.suggested_by == fan.id


async def test_reject_drops_it(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    await suggest(mod_env, fan)
    page = await mod_env.slash("config suggestions", member=mod)
    rejected = await mod_env.click(page, review_button(page, "Reject #1"), member=mod)
    assert rejected.content.startswith("Rejected suggestion #1; it won't be asked.")
    assert await community_rows(mod_env) == []
    history = (await mod_env.slash("config history", member=mod)).text
    assert "**Suggestion rejected** · suggestion #1: Which diner does Luke run?" in history


async def test_privacy_counts_and_deletes_suggestions(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    """Counted in /privacy; deleting removes them, and an approved one no longer names the member."""
    await store_some(mod_env, mod_env.guild.id, fan.id, "Lane")
    await suggest(mod_env, fan)
    await suggest(mod_env, fan, question="Who is Lane's drummer?")
    page = await mod_env.slash("config suggestions", member=mod)
    await mod_env.click(page, review_button(page, "Approve #1"), member=mod)
    shown = await mod_env.slash("privacy", member=fan)
    fields = {f["name"]: f["value"] for f in shown.embed["fields"]}
    assert fields["Trivia suggestions you sent"] == "2 (1 waiting for the moderators)"
    assert fields["Community questions from your suggestions"].startswith("1 (they stay the server's")
    asked = await mod_env.click(shown, f"privacy:ask:{fan.id}", member=fan)
    done = await mod_env.click(asked, f"privacy:delete:{fan.id}", member=fan)
    assert done.content == (
        "Deleted 1 season score, 1 trivia answer, 2 suggestions and your display name."
        " 1 community question and 1 game no longer name you."  # store_some's game was theirs
    )
    assert not await state_sql(mod_env).fetch("SELECT 1 FROM suggestions WHERE user_id = ?", fan.id)
    [row] = await community_rows(mod_env)
    assert row["suggested_by"] is None and row["created_by"] == mod.id


async def test_review_buttons_answer_after_a_restart_and_only_on_their_server(
    mod_env: BotEnv, fan: Member, mod: Member
) -> None:
    await suggest(mod_env, fan)
    page = await mod_env.slash("config suggestions", member=mod)
    await mod_env.restart_bot()
    diner = await mod_env.add_guild("Luke's Diner")
    owner = mod_env.member("owner", manage_guild=True, guild=diner)
    elsewhere = await mod_env.slash("config suggestions", member=owner, guild=diner)
    assert "No suggestions are waiting" in elsewhere.content
    approved = await mod_env.click(page, review_button(page, "Approve #1"), member=mod)
    assert approved.content.startswith("Approved suggestion #1")


async def test_turned_off_trivia_takes_no_suggestions(mod_env: BotEnv, fan: Member, mod: Member) -> None:
    await mod_env.slash("config cog", member=mod, name="trivia", enabled=False)
    refused = await mod_env.slash("trivia suggest", member=fan)
    assert refused.ephemeral and "turned trivia off" in refused.text
    menu = await mod_env.context_menu(MENU, mod_env.message_by(fan, "Is this trivia?"), member=fan)
    assert menu.ephemeral and "turned trivia off" in menu.text
