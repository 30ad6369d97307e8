"""Issue 19, item 2, as a property: a moderator's review button (Keep / Retire, Approve / Reject)
acts only on the item it was shown for, whatever happened since the page was opened: members deleted
their data with /privacy, another moderator decided items, new reports and suggestions came in (and
took whatever ids the store gave them). Every click of every button on the page is checked: what it
closed or decided is the item its message showed, or nothing."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from standin import BotEnv
from standin.model import Member
from tests.backends import state_sql
from tests.hostile._examples import examples
from tests.hostile.test_e2e_buttons import forged_click

pytestmark = pytest.mark.both_backends

MEMBERS = ("rory", "lane", "paris")
ITEMS = (("quote", "been-a-while"), ("quote", "why-wouldnt-i"), ("fact", "milo-played-jess"))
_prompts = itertools.count(1)


@dataclass
class Shown:
    """A button on a moderator's page and the item its message showed."""

    page: object  # the InteractionResult of /config reports or /config suggestions
    custom_id: str
    item: tuple  # (kind, item_id) of a report; (prompt, member) of a suggestion


filing = st.tuples(st.sampled_from(MEMBERS), st.sampled_from(["report", "suggestion"]), st.sampled_from(ITEMS))
delete = st.one_of(
    st.tuples(st.just("privacy"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("decide"), st.sampled_from(["keep", "retire", "approve", "reject"])),
)


async def decided_by(env: BotEnv, mod: Member) -> tuple[set, set]:
    """(report id, kind, item) closed by ``mod``; (suggestion id, prompt, member) decided by ``mod``."""
    reports = await state_sql(env).fetch(
        "SELECT id, item_kind, item_id FROM reports WHERE resolved_by = ? AND status != 'open'", mod.id
    )
    suggestions = await state_sql(env).fetch(
        "SELECT id, prompt, user_id FROM suggestions WHERE reviewed_by = ? AND status != 'pending'", mod.id
    )
    return {(r["id"], r["item_kind"], r["item_id"]) for r in reports}, {
        (s["id"], s["prompt"], s["user_id"]) for s in suggestions
    }


@pytest.fixture
async def review_env(make_env) -> BotEnv:
    return await make_env(extensions=["cogs.config", "cogs.reports", "cogs.privacy", "cogs.trivia"])


@examples(10)
@given(
    before=st.lists(filing, min_size=1, max_size=4),
    deletes=st.lists(delete, min_size=1, max_size=3),
    after=st.lists(filing, max_size=4),
    order=st.randoms(use_true_random=False),
)
async def test_a_review_button_acts_only_on_the_item_it_was_shown_for(
    review_env: BotEnv, before, deletes, after, order
) -> None:
    env = review_env
    guild = await env.add_guild(f"Server {next(_prompts)}")  # each example on a server of its own
    members = {name: env.member(name, guild=guild) for name in MEMBERS}
    mod = env.member("mod", manage_guild=True, guild=guild)
    other_mod = env.member("other-mod", manage_guild=True, guild=guild)

    for name, what, item in before:
        await file_in(env, guild, members[name], what, item)
    shown = await shown_on_in(env, guild, mod)
    for kind, target in deletes:
        if kind == "privacy":
            await delete_data(env, guild, members[target])
        else:
            await decide_one(env, guild, other_mod, target)
    for name, what, item in after:
        await file_in(env, guild, members[name], what, item)

    order.shuffle(shown)
    for button in shown:
        reports_before, suggestions_before = await decided_by(env, mod)
        # From the page as it was shown (a second tab, a stale screen): a click replaces the page.
        message = button.page.message
        await env._send(forged_click(env, message, button.custom_id, mod, guild), 5, source=message)
        reports_after, suggestions_after = await decided_by(env, mod)
        for _, kind, item_id in reports_after - reports_before:
            assert (kind, item_id) == button.item, (button.custom_id, "closed a report about another item")
        for suggestion_id, prompt, user_id in suggestions_after - suggestions_before:
            assert button.custom_id.split(":")[3] == str(suggestion_id), (button.custom_id, suggestion_id)
            assert (prompt, user_id) == button.item, (button.custom_id, "decided another suggestion")
    assert not env.logged_errors


async def file_in(env: BotEnv, guild, who: Member, what: str, item: tuple[str, str]) -> None:
    if what == "report":
        await env.slash("report", member=who, guild=guild, kind=item[0], item=item[1], reason="Not quite right")
        return
    opened = await env.slash("trivia suggest", member=who, guild=guild)
    await env.submit_modal(
        opened,
        {"question": f"Suggested question {next(_prompts)}?", "answer": "Luke", "source": "Season 1"},
        member=who,
    )


async def shown_on_in(env: BotEnv, guild, mod: Member) -> list[Shown]:
    found = []
    reports = await env.slash("config reports", member=mod, guild=guild)
    for button in reports.buttons:
        report_id = int(button["custom_id"].split(":")[3])
        row = await state_sql(env).fetchrow("SELECT item_kind, item_id FROM reports WHERE id = ?", report_id)
        found.append(Shown(reports, button["custom_id"], (row["item_kind"], row["item_id"])))
    suggestions = await env.slash("config suggestions", member=mod, guild=guild)
    for button in suggestions.buttons:
        suggestion_id = int(button["custom_id"].split(":")[3])
        row = await state_sql(env).fetchrow("SELECT prompt, user_id FROM suggestions WHERE id = ?", suggestion_id)
        found.append(Shown(suggestions, button["custom_id"], (row["prompt"], row["user_id"])))
    return found


async def delete_data(env: BotEnv, guild, member: Member) -> None:
    shown = await env.slash("privacy", member=member, guild=guild)
    if not shown.buttons:
        return  # nothing stored about them (yet)
    asked = await env.click(shown, f"privacy:ask:{member.id}", member=member)
    await env.click(asked, f"privacy:delete:{member.id}", member=member)


async def decide_one(env: BotEnv, guild, mod: Member, action: str) -> None:
    """Another moderator decides the first item of a page."""
    page = await env.slash(
        "config reports" if action in ("keep", "retire") else "config suggestions", member=mod, guild=guild
    )
    buttons = [b["custom_id"] for b in page.buttons if f":{action}:" in b["custom_id"]]
    if buttons:
        await env.click(page, buttons[0], member=mod)
