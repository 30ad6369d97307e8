"""The harness itself, driven through a probe extension loaded into the real CompanionBot."""

from __future__ import annotations

import aiohttp
import pytest

from standin import BotEnv, CallbackType, DiscordStandIn, RefusedByDiscord, UploadedFile

PROBE = ["tests.e2e._probe"]


@pytest.fixture
async def probe_env(make_env) -> BotEnv:
    return await make_env(extensions=PROBE)


async def test_slash_command_with_options_answers_publicly(probe_env: BotEnv):
    """Options are typed from the synced definitions and the answer is recorded."""
    result = await probe_env.slash("probe echo", text="pie", times=2)
    assert result.type == CallbackType.MESSAGE
    assert result.content == "pie pie"
    assert not result.ephemeral
    assert result.allowed_mentions == {"parse": []}


async def test_member_option_and_ephemeral_flag(probe_env: BotEnv):
    """A member option is resolved; the ephemeral flag is visible."""
    lorelai = probe_env.member("lorelai")
    result = await probe_env.slash("probe echo", text="coffee", secret=True, who=lorelai)
    assert result.content == "coffee for Lorelai"
    assert result.ephemeral


async def test_nested_group(probe_env: BotEnv):
    result = await probe_env.slash("probe deep ping")
    assert result.content == "pong from deep"


async def test_refuses_what_discord_would_not_send(probe_env: BotEnv):
    """Out-of-range values, unknown options and groups without a subcommand never reach the bot."""
    with pytest.raises(RefusedByDiscord, match="outside"):
        await probe_env.slash("probe echo", text="x", times=4)
    with pytest.raises(RefusedByDiscord, match="no option"):
        await probe_env.slash("probe echo", text="x", colour="red")
    with pytest.raises(LookupError, match="is a group"):
        await probe_env.slash("probe deep")
    with pytest.raises(LookupError, match="no synced slash command"):
        await probe_env.slash("nope")


async def test_default_member_permissions_hide_moderator_commands(probe_env: BotEnv):
    fan, mod = probe_env.member("fan"), probe_env.member("mod", manage_guild=True)
    with pytest.raises(RefusedByDiscord, match="needs permissions"):
        await probe_env.slash("probe-mods", member=fan)
    assert (await probe_env.slash("probe-mods", member=mod)).content == "hello moderator"


async def test_autocomplete_returns_choices(probe_env: BotEnv):
    choices = await probe_env.autocomplete("probe fruit", focused="name", value="ap")
    assert [c["value"] for c in choices] == ["apple", "apricot"]


async def test_click_persistent_button_updates_message(probe_env: BotEnv):
    """A DynamicItem button edits its message; the result tracks the message as it stands."""
    shown = await probe_env.slash("probe counter")
    clicked = await probe_env.click(shown, "probe:count:1")
    assert clicked.type == CallbackType.UPDATE_MESSAGE
    assert shown.content == "count 2"
    assert [b["custom_id"] for b in shown.buttons] == ["probe:count:2"]
    with pytest.raises(RefusedByDiscord, match="no component"):
        await probe_env.click(shown, "probe:count:1")


async def test_click_errors_answer_ephemerally(probe_env: BotEnv):
    shown = await probe_env.slash("probe counter")
    await probe_env.click(shown, "probe:count:1")
    await probe_env.click(shown, "probe:count:2")
    refused = await probe_env.click(shown, "probe:count:3")
    assert refused.ephemeral
    assert refused.content == "That is enough counting."


async def test_modal_round_trip(probe_env: BotEnv):
    shown = await probe_env.slash("probe counter")
    opened = await probe_env.click(shown, "probe:note-open")
    assert opened.modal["title"] == "Leave a note"
    submitted = await probe_env.submit_modal(opened, {"probe:note": "more coffee"})
    assert submitted.content == "noted: more coffee"
    with pytest.raises(RefusedByDiscord):
        await probe_env.submit_modal(opened, {"probe:note": "x" * 51})


async def test_deferred_edit_followup_and_channel_file(probe_env: BotEnv):
    """A deferred answer, its edit, an ephemeral follow-up and a channel message with a CSV."""
    result = await probe_env.slash("probe slow", channel=None, options={"channel": probe_env.guild.channel("trivia")})
    assert result.type == CallbackType.DEFERRED_MESSAGE
    edited = await result.wait_edit()
    assert edited.content == "done thinking"
    followup = await result.wait_followup()
    assert followup.ephemeral and followup.content == "a follow-up"
    posted = await probe_env.wait_channel_message("trivia")
    assert posted.content == "export"
    assert [(f.filename, f.data) for f in posted.files] == [("export.csv", b"id,text\n1,pie\n")]


async def test_discord_limits_are_enforced(probe_env: BotEnv):
    """A 2,001-character message is refused with 400, as Discord does, and recorded."""
    probe_env.allow_rejected_requests = True
    probe_env.allow_logged_errors = True
    result = await probe_env.slash("probe long")
    assert result.ephemeral  # the bot's error path answered instead
    assert "Something went wrong" in result.content
    [rejected] = probe_env.standin.rejected_requests
    assert [str(v) for v in rejected.violations] == [
        "data.content: 'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx' has 2001 characters (max 2000)"
        " (spec #/components/schemas/IncomingWebhookInteractionRequest/properties/content/maxLength)"
    ]


async def test_attachment_option_is_downloadable(probe_env: BotEnv):
    """A file "uploaded" with an option is served to the bot like Discord's CDN would."""
    upload = UploadedFile("questions.csv", b"prompt,answer\nWho plays Jess?,Milo\n", "text/csv")
    result = await probe_env.slash("probe upload", file=upload)
    assert result.content == "questions.csv: 35 bytes, first line b'prompt,answer'"


async def test_select_menu_values(probe_env: BotEnv):
    shown = await probe_env.slash("probe pick")
    with pytest.raises(RefusedByDiscord, match="offers"):
        await probe_env.click(shown, "probe:pick", values=["mango"])
    picked = await probe_env.click(shown, "probe:pick", values=["apple", "banana"])
    assert picked.type == CallbackType.UPDATE_MESSAGE
    assert shown.content == "picked apple, banana" and shown.components == []


async def test_unknown_route_is_recorded_and_reported(probe_env: BotEnv):
    """A route the stand-in lacks answers 404 and makes the test fail at teardown."""
    probe_env.allow_logged_errors = True
    result = await probe_env.slash("probe roles")
    assert "Something went wrong" in result.content
    assert [str(r) for r in probe_env.standin.unknown_requests] == [f"GET /guilds/{probe_env.guild.id}/roles -> 404"]
    assert any("does not know" in p for p in probe_env.problems())
    probe_env.standin.unknown_requests.clear()  # reported; let teardown pass


async def test_new_guild_is_announced_and_usable(probe_env: BotEnv):
    diner = await probe_env.add_guild("Luke's Diner")
    await probe_env.standin.wait_until(lambda: probe_env.bot.get_guild(diner.id), within=5, what="the new guild")
    luke = probe_env.member("luke", guild=diner)
    result = await probe_env.slash("probe echo", member=luke, text="coffee")
    assert result.payload["guild_id"] == str(diner.id) and result.content == "coffee"


async def test_rest_needs_the_bot_token(standin: DiscordStandIn):
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{standin.api_base}/users/@me") as response:
            assert response.status == 401
        headers = {"Authorization": f"Bot {standin.token}"}
        async with session.get(f"{standin.api_base}/users/@me", headers=headers) as response:
            assert response.status == 200
            assert (await response.json())["id"] == str(standin.application_id)
    assert [r.status for r in standin.requests] == [401, 200]


async def test_gateway_handshake(probe_env: BotEnv):
    """HELLO, a heartbeat answered with ACK, one IDENTIFY with the guilds intent only, READY, GUILD_CREATE."""
    standin = probe_env.standin
    [identify] = standin.gateway_received(2)
    assert identify.data["token"] == standin.token
    assert identify.data["intents"] == 1  # GUILDS: no privileged intents
    assert standin.gateway_received(1), "no heartbeat"
    assert any(f.direction == "out" and f.op == 11 for f in standin.gateway_log), "heartbeat not acknowledged"
    assert [f.t for f in standin.gateway_log if f.direction == "out" and f.op == 0][:2] == ["READY", "GUILD_CREATE"]
    assert probe_env.bot.get_guild(probe_env.guild.id) is not None


@pytest.mark.parametrize(
    ("options", "where", "message", "rule"),
    [
        (
            {"request": "button-without-style"},
            "components[0].components[0].style",
            "this field is required",
            "ButtonComponentForMessageRequest/required",
        ),
        (
            {"long_title": True},
            "embeds[0].title",
            "has 257 characters (max 256)",
            "RichEmbed/properties/title/maxLength",
        ),
        (
            {"request": "colour-as-text"},
            "embeds[0].color",
            "'blue' is not of type 'integer', 'null'",
            "RichEmbed/properties/color/type",
        ),
    ],
)
async def test_spec_refuses_a_body_and_names_the_rule(probe_env: BotEnv, options, where, message, rule):
    """A body Discord's OpenAPI spec refuses is answered 400 / 50035 and named: where, what, which rule."""
    result = await probe_env.slash("probe raw", **options)
    assert result.content.startswith(f"refused: Invalid Form Body\nIn {where.replace('[', '.').replace(']', '')}: ")
    [rejected] = probe_env.standin.rejected_requests
    assert (rejected.method, rejected.status) == ("POST", 400)
    [violation] = rejected.violations
    assert (violation.where, violation.schema_path) == (where, f"#/components/schemas/{rule}")
    assert message in violation.message
    assert probe_env.channel_messages("general") == [result.message]  # nothing was posted
    assert any(f"OpenAPI: {where}: " in problem for problem in probe_env.problems())  # the test fails...
    probe_env.standin.rejected_requests.clear()  # ...unless it expected the refusal, as this one does


async def test_spec_accepts_a_valid_body(probe_env: BotEnv):
    """The same button with its style passes, is posted and shows."""
    result = await probe_env.slash("probe raw", request="button-with-style")
    assert result.content == "accepted"
    [posted] = [m for m in probe_env.channel_messages("general") if not m.ephemeral]
    assert [b["style"] for b in posted.buttons] == [1]
    assert not probe_env.standin.rejected_requests


async def test_spec_checks_query_parameters(probe_env: BotEnv):
    """Declared query parameters are read as Discord reads them and checked: limit is 1 to 100."""
    probe_env.allow_rejected_requests = True
    result = await probe_env.slash("probe raw", request="history-of-101")
    assert result.content.startswith("refused: Invalid Form Body\nIn ?limit: 101 is greater than the maximum of 100")
    [rejected] = probe_env.standin.rejected_requests
    assert rejected.method == "GET" and [v.where for v in rejected.violations] == ["?limit"]
    callback = probe_env.standin.requests_matching("POST /interactions/*/callback")[-1]
    assert callback.query == {"with_response": "1"} and callback.status == 200  # a boolean read as Discord reads it
