"""standin/openapi.py on its own: operations found, unions named, quirks narrow."""

from __future__ import annotations

import re

from aiohttp import web
from jsonschema import Draft202012Validator

from standin import openapi
from standin.server import API_PREFIX, DiscordStandIn

CALLBACK = "/interactions/1/token/callback"


def _violations(method: str, path: str, body) -> list[str]:
    operation = openapi.find_operation(method, path)
    assert operation is not None
    return [str(v) for v in openapi.body_violations(operation, body)]


def test_every_route_the_standin_serves_is_an_operation_of_the_spec():
    """So no request escapes the check for want of an operation (the CDN is the stand-in's own)."""
    app = web.Application()
    DiscordStandIn()._add_routes(app)
    served = {
        (route.method, route.resource.canonical.removeprefix(API_PREFIX))
        for route in app.router.routes()
        if route.resource is not None and route.resource.canonical.startswith(API_PREFIX)
    }
    assert len(served) > 25
    for method, template in sorted(served):
        path = re.sub(r"\{[a-z_]+\}", "123", template)
        assert openapi.find_operation(method, path) is not None, f"{method} {template} is not in the spec"


def test_literal_segments_win_over_parameters():
    original = openapi.find_operation("PATCH", "/webhooks/1/token/messages/@original")
    assert original is not None and original.template.endswith("/messages/@original")
    me = openapi.find_operation("GET", "/users/@me")
    assert me is not None and me.template == "/users/@me"


def test_autocomplete_choices_are_named_across_the_three_kinds_of_choice():
    """Integer, number and string choices are three branches with no type field: report what all refuse."""
    too_many = {"type": 8, "data": {"choices": [{"name": "pie", "value": "pie"}] * 26}}
    assert _violations("POST", CALLBACK, too_many) == [
        "data.choices: has 26 items (max 25) (spec #/components/schemas/InteractionApplicationCommandAutocompleteCallbackIntegerData"
        "/properties/choices/maxItems)"
    ]
    [blank] = _violations("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "", "value": "pie"}]}})
    assert blank.startswith("data.choices[0].name: '' has 0 characters (min 1)")
    assert _violations("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "Pie", "value": "pie"}]}}) == []


def test_a_modal_is_named_by_its_own_branch():
    body = {"type": 9, "data": {"custom_id": "m", "title": "x" * 46, "components": [{"type": 1, "components": []}]}}
    assert _violations("POST", CALLBACK, body) == [
        "data.title: 'xxxxxxxxxxxxxxxxx...xxxxxxxxxxxxxxxxxx' has 46 characters (max 45)"
        " (spec #/components/schemas/ModalInteractionCallbackRequestData/properties/title/maxLength)",
        "data.components[0].components: has 0 items (min 1)"
        " (spec #/components/schemas/ActionRowComponentForModalRequest/properties/components/minItems)",
    ]


def test_a_required_body_must_be_there():
    assert _violations("POST", CALLBACK, None) == [
        "body: a request body is required (spec #/paths/~1interactions~1{interaction_id}~1{interaction_token}"
        "~1callback/post/requestBody/content/application~1json/schema)"
    ]


def test_snowflakes_may_be_integers_and_nothing_else_is_loosened():
    """The one quirk: Discord reads integer snowflakes (discord.py sends upload indexes and mention ids so)."""
    upload = {"content": "export", "attachments": [{"id": 0, "filename": "export.csv"}]}
    assert _violations("POST", "/channels/1/messages", upload) == []
    mentions = {"content": "hi", "allowed_mentions": {"parse": [], "users": [80351110224678912, "80351110224678913"]}}
    assert _violations("POST", "/channels/1/messages", mentions) == []
    assert _violations("POST", "/channels/1/messages", {"attachments": [{"id": -1}]}) == [
        "attachments[0].id: -1 is less than the minimum of 0 (spec #/components/schemas/SnowflakeType/anyOf/1/minimum)"
    ]
    assert _violations("POST", "/channels/1/messages", {"attachments": [{"id": "01"}]}) == [
        "attachments[0].id: '01' does not match '^(0|[1-9][0-9]*)$' (spec #/components/schemas/SnowflakeType/anyOf/0/pattern)"
    ]
    assert all(quirk.why for quirk in openapi.QUIRKS)


def test_query_strings_are_read_as_discord_reads_them():
    callback = openapi.find_operation("POST", CALLBACK)
    assert callback is not None
    for accepted in ("1", "true", "True", "0", "false"):
        assert openapi.query_violations(callback, {"with_response": accepted}) == []
    [refused] = openapi.query_violations(callback, {"with_response": "yes"})
    assert (refused.where, refused.message) == ("?with_response", "'yes' is not of type 'boolean'")


def test_skipping_union_branches_by_type_changes_no_verdict_or_violation():
    """The check skips a union's branches whose ``type`` field cannot hold the body's (for speed):
    it must name exactly what jsonschema checking every branch names, valid bodies or not."""
    button = {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}
    message = {"content": "hi", "components": [{"type": 1, "components": [button]}]}
    bodies = [
        ("POST", CALLBACK, {"type": 4, "data": message}),
        ("POST", CALLBACK, {"type": 7, "data": message}),
        (
            "POST",
            CALLBACK,
            {"type": 4, "data": {"components": [{"type": 1, "components": [{**button, "style": None}]}]}},
        ),
        ("POST", CALLBACK, {"type": 4, "data": {"components": [{"type": 1, "components": [{**button, "type": 99}]}]}}),
        ("POST", CALLBACK, {"type": 99, "data": message}),
        ("POST", CALLBACK, {"type": "4", "data": message}),
        ("POST", CALLBACK, {"type": True, "data": message}),
        ("POST", CALLBACK, {"data": message}),
        ("POST", CALLBACK, {"type": 9, "data": {"custom_id": "m", "title": "x" * 46, "components": []}}),
        ("POST", CALLBACK, {"type": 8, "data": {"choices": [{"name": "", "value": 1}]}}),
        ("POST", "/channels/1/messages", {**message, "embeds": [{"title": "t" * 257, "color": "blue"}]}),
    ]
    for method, path, body in bodies:
        operation = openapi.find_operation(method, path)
        assert operation is not None and operation.body_pointer is not None
        every_branch = Draft202012Validator(
            {"$ref": openapi.SPEC_URI + operation.body_pointer}, registry=openapi._registry()
        )
        expected = [
            openapi._violation(leaf, operation.body_pointer)
            for error in every_branch.iter_errors(body)
            for leaf in openapi._narrowest(error)
        ]
        assert openapi.body_violations(operation, body) == expected, body
    assert sum(bool(openapi.body_violations(openapi.find_operation(m, p), b)) for m, p, b in bodies) == len(bodies) - 2
