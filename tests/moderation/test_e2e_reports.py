"""Reports: /report and the Report button's modal from any member; /config reports with Keep /
Retire; a retired question is never reportable (or asked) again and its reporter gets points back."""

from __future__ import annotations

import pytest

from bot.moderation.reports import item_fingerprint
from standin import BotEnv, CallbackType, Member
from tests.backends import RawSql, state_sql
from tests.moderation.seed import seed_answer

# Run with the server state in SQLite, then in PostgreSQL (tests/conftest.py).
pytestmark = pytest.mark.both_backends

THANKS = "Thanks: the moderators will look at it."
# Only a question can have cost its reporter points, so only its thanks says they come back.
THANKS_FOR_A_QUESTION = (
    "Thanks: the moderators will look at it. If they retire the question, the points it cost you come back."
)
BEEN_A_WHILE = "the quote “It’s been a while since I’ve thought about…”"


def resolve(action: str, report_id: int, kind: str, item_id: object) -> str:
    """A Keep / Retire button's custom_id: the item's oldest report and the item's fingerprint."""
    return f"config:report:{action}:{report_id}:{item_fingerprint(kind, str(item_id))}"


async def question_id(env: BotEnv, key: str = "curated:who-hosts") -> int:
    row = await state_sql(env).fetchrow("SELECT id FROM questions WHERE key = ?", key)
    assert row is not None
    return int(row["id"])


async def test_report_a_quote_with_autocomplete(mod_env: BotEnv, fan: Member) -> None:
    choices = await mod_env.autocomplete("report", focused="item", value="a while", member=fan, kind="quote")
    assert {
        "name": "It’s been a while since I’ve thought about Jess and Rory’s relationship,",
        "value": "been-a-while",
    } in choices
    result = await mod_env.slash(
        "report", member=fan, kind="quote", item="been-a-while", reason="He said it differently"
    )
    assert result.ephemeral and result.content == THANKS
    again = await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Still wrong")
    assert again.content == "You have already reported this quote; the moderators will look at it."
    unknown = await mod_env.slash("report", member=fan, kind="fact", item="no-such-fact", reason="Hmm hmm")
    assert unknown.content == "I couldn't find that fact (or it has been retired already)."
    nowhere = await mod_env.slash("report", member=fan, kind="question", item="zeppelin", reason="Hmm hmm")
    assert nowhere.content == "Pick the question from the list, or use the Report button under its reveal."
    huge = await mod_env.slash("report", member=fan, kind="question", item="9" * 30, reason="Hmm hmm")
    assert huge.ephemeral and huge.content == "I couldn't find that question.", "too big for SQLite: not a crash"
    rows = await state_sql(mod_env).fetch("SELECT user_id, item_kind, item_id, reason FROM reports")
    assert [tuple(r) for r in rows] == [(fan.id, "quote", "been-a-while", "He said it differently")]


async def test_words_sent_without_picking_from_the_list_find_their_item(mod_env: BotEnv, fan: Member) -> None:
    """Words of the member's own, not a suggestion's value: the one item holding them is reported;
    words several items hold are sent back to be picked from the list."""
    quote = await mod_env.slash("report", member=fan, kind="quote", item="greedy", reason="Not on the podcast")
    assert quote.ephemeral and quote.content == THANKS
    question = await mod_env.slash("report", member=fan, kind="question", item="who hosts", reason="Too easy")
    assert question.content == THANKS_FOR_A_QUESTION
    several = await mod_env.slash("report", member=fan, kind="quote", item="Jess", reason="Which one?")
    assert several.ephemeral
    assert several.content == "More than one quote holds “Jess”: pick yours from the list as you type."
    rows = await state_sql(mod_env).fetch("SELECT item_kind, item_id FROM reports ORDER BY id")
    qid = await question_id(mod_env)
    assert [tuple(r) for r in rows] == [("quote", "last-serving-of-pie"), ("question", str(qid))]


async def test_report_button_opens_a_modal_for_why(mod_env: BotEnv, fan: Member) -> None:
    qid = await question_id(mod_env)
    card = await mod_env.slash("probe-report", kind="question", item=str(qid))
    opened = await mod_env.click(card, f"report:question:{qid}", member=fan)
    assert opened.type == CallbackType.MODAL and opened.modal["title"] == "Report this question"
    filed = await mod_env.submit_modal(opened, {"reason": "The host is @everyone"})
    assert filed.ephemeral and filed.content == THANKS_FOR_A_QUESTION
    row = await state_sql(mod_env).fetchrow("SELECT user_id, item_kind, item_id, reason FROM reports")
    assert tuple(row) == (fan.id, "question", str(qid), "The host is @everyone")


async def test_moderators_see_evidence_and_retire_restores_points(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """The reported question sits beside the article's words; retiring it closes every report about
    it, gives the reporter the points their "wrong" answer missed, and it can't be reported again."""
    guild = mod_env.guild.id
    qid = await question_id(mod_env)
    await seed_answer(RawSql(mod_env.bot.repos), guild, qid, fan.id, correct=False, points=-10)
    other = mod_env.member("other")
    await mod_env.slash("report", member=fan, kind="question", item=str(qid), reason="**Wrong** @everyone")
    await mod_env.slash("report", member=other, kind="question", item=str(qid), reason="agreed")

    page = await mod_env.slash("config reports", member=mod)
    assert page.ephemeral and page.content.startswith("1 reported item; all below.")
    embed = page.embed
    assert embed["title"] == "#1 · Trivia question" and embed["description"] == "Who hosts the podcast I Am All In?"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Right answer"] == "Scott Patterson"
    assert "Scott Patterson" in fields["Evidence (the article)"]
    assert f"<@{fan.id}>: \\*\\*Wrong\\*\\* @\u200beveryone" in fields["Reports (2)"]
    assert [b["custom_id"] for b in page.buttons] == [
        resolve("keep", 1, "question", qid),
        resolve("retire", 1, "question", qid),
    ]

    retired = await mod_env.click(page, resolve("retire", 1, "question", qid), member=mod)
    assert retired.type == CallbackType.UPDATE_MESSAGE
    assert retired.content.startswith(
        "Retired the question “Who hosts the podcast I Am All In?”: it won't be asked or shown on this server"
        " again; closed 2 reports."
    )
    assert f"<@{fan.id}> +" in retired.content and retired.allowed_mentions == {"parse": []}
    assert retired.content.endswith("No open reports.") and retired.buttons == []

    score = await state_sql(mod_env).fetchrow(
        "SELECT points, correct FROM scores WHERE guild_id = ? AND user_id = ?", guild, fan.id
    )
    assert score["correct"] == 1 and score["points"] > 0
    card = await mod_env.slash("probe-report", kind="question", item=str(qid))
    refused = await mod_env.click(card, f"report:question:{qid}", member=fan)
    assert (
        refused.ephemeral and refused.content == "That question can't be reported any more (it may have been retired)."
    )
    history = (await mod_env.slash("config history", member=mod)).embed["description"]
    assert "**Reported item retired** · the question “Who hosts the podcast I Am All In?” (2 reports)" in history


async def test_keep_closes_reports_and_the_item_stays(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    await mod_env.slash("report", member=fan, kind="fact", item="milo-played-jess", reason="Not sure")
    page = await mod_env.slash("config reports", member=mod)
    assert "Milo Ventimiglia played Jess" in page.embed["description"]
    kept = await mod_env.click(page, resolve("keep", 1, "fact", "milo-played-jess"), member=mod)
    assert kept.content.startswith("Kept the fact “Milo Ventimiglia played Jess on Gilmore Girls”; closed 1 report.")
    again = await mod_env.slash("report", member=fan, kind="fact", item="milo-played-jess", reason="Really not sure")
    assert again.content == THANKS  # kept items can be reported again
    assert not await state_sql(mod_env).fetch("SELECT 1 FROM retired_items")


async def test_a_second_moderator_sees_it_was_handled(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Not his words")
    first = await mod_env.slash("config reports", member=mod)
    other_mod = mod_env.member("other-mod", manage_guild=True)
    second = await mod_env.slash("config reports", member=other_mod)
    await mod_env.click(first, resolve("keep", 1, "quote", "been-a-while"), member=mod)
    late = await mod_env.click(second, resolve("retire", 1, "quote", "been-a-while"), member=other_mod)
    assert late.content.startswith(f"Another moderator already kept {BEEN_A_WHILE}.")
    assert not await state_sql(mod_env).fetch("SELECT 1 FROM retired_items")


async def test_reports_stay_on_their_server(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Not his words")
    diner = await mod_env.add_guild("Luke's Diner")
    diner_mod = mod_env.member("diner-mod", manage_guild=True, guild=diner)
    assert (await mod_env.slash("config reports", member=diner_mod)).content == "No open reports."
    diner_fan = mod_env.member("diner-fan", guild=diner)
    filed = await mod_env.slash("report", member=diner_fan, kind="quote", item="been-a-while", reason="Also here")
    assert filed.content == THANKS
    page = await mod_env.slash("config reports", member=diner_mod)
    assert page.embed["title"] == "#2 · Quote" and "Reports (1)" in page.text


async def test_a_page_of_long_reports_fits_discords_limits(mod_env: BotEnv, mod: Member) -> None:
    """Five reported items with every field at its longest: the page stays within 6,000 characters of
    embeds (the stand-in fails the test otherwise) and still offers buttons for what it shows."""
    long = "x" * 70
    for n in range(5):
        opened = await mod_env.slash("trivia custom add", member=mod)
        await mod_env.submit_modal(
            opened,
            {
                "question": f"{n} " + "q" * 290,
                "answer": "a" * 80,
                "wrong": "\n".join(c * 80 for c in "bcd"),
                "explanation": "e" * 500,
            },
        )
    ids = [r["id"] for r in await state_sql(mod_env).fetch("SELECT id FROM questions WHERE category = 'community'")]
    for reporter in range(4):
        member = mod_env.member(f"reporter-{reporter}")
        for qid in ids:
            await mod_env.slash("report", member=member, kind="question", item=str(qid), reason=f"{long} {'y' * 229}")
    page = await mod_env.slash("config reports", member=mod)
    total = sum(
        len(e.get("title", ""))
        + len(e.get("description", ""))
        + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
        for e in page.embeds
    )
    assert total <= 6000 and len(page.embeds) >= 4
    assert len(page.buttons) == 2 * len(page.embeds)
    assert "…and 1 more" in page.embeds[0]["fields"][-1]["value"]


async def test_buttons_still_answer_after_a_restart(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """Report, Keep / Retire, the reset confirmation and /privacy's button are dynamic items."""
    qid = await question_id(mod_env)
    card = await mod_env.slash("probe-report", kind="question", item=str(qid))
    await mod_env.slash("report", member=fan, kind="quote", item="been-a-while", reason="Not his words")
    page = await mod_env.slash("config reports", member=mod)
    reset = await mod_env.slash("config reset-scores", member=mod)
    privacy = await mod_env.slash("privacy", member=fan)
    await mod_env.restart_bot()
    assert (await mod_env.click(card, f"report:question:{qid}", member=fan)).type == CallbackType.MODAL
    retired = await mod_env.click(page, resolve("retire", 1, "quote", "been-a-while"), member=mod)
    assert retired.content.startswith(f"Retired {BEEN_A_WHILE}")
    assert (await mod_env.click(reset, "config:reset:1", member=mod)).content.startswith("Season 1 is archived")
    asked = await mod_env.click(privacy, f"privacy:ask:{fan.id}", member=fan)
    assert asked.content == "Delete everything listed below?"


async def test_a_community_question_is_named_by_its_own_number(mod_env: BotEnv, mod: Member, fan: Member) -> None:
    """Community question #1 is "community question #1" in /config reports, the answer to Retire and
    the history, never by its row id among the episode's questions ("Question 58")."""
    opened = await mod_env.slash("trivia custom add", member=mod)
    await mod_env.submit_modal(opened, {"question": "Who runs the diner?", "answer": "Luke", "wrong": "Kirk"})
    row = await state_sql(mod_env).fetchrow("SELECT id FROM questions WHERE category = 'community'")
    assert row["id"] > 1, "its row id is not its number"
    await mod_env.slash("report", member=fan, kind="question", item=str(row["id"]), reason="Too easy")
    page = await mod_env.slash("config reports", member=mod)
    assert page.embeds[0]["title"] == "#1 · Community question #1"
    retired = await mod_env.click(page, resolve("retire", 1, "question", row["id"]), member=mod)
    assert retired.content.startswith("Retired community question #1: it won't be asked")
    history = (await mod_env.slash("config history", member=mod)).text
    assert "**Reported item retired** · community question #1 (1 report)" in history
