"""Discord's size limits, enforced by the stand-in the way Discord enforces them: a 400 answer.

A bot that sends 2,001 characters gets ``50035 Invalid Form Body`` from Discord; the stand-in
answers the same, and records why, so a test fails for the reason a real server would.
"""

from __future__ import annotations

from typing import Any

from standin.model import walk_components

MESSAGE_CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
EMBED_FIELD_NAME = 256
EMBED_FIELD_VALUE = 1024
EMBED_FOOTER = 2048
EMBED_AUTHOR = 256
EMBED_TOTAL = 6000
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
SELECT_OPTIONS = 25
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_STRING_VALUE = 100
MODAL_TITLE = 45
TEXT_INPUT_LABEL = 45
TEXT_INPUT_VALUE = 4000


def message_problems(body: dict[str, Any]) -> list[str]:
    """What Discord would refuse in a message create/edit body (empty when it would accept it)."""
    problems: list[str] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > MESSAGE_CONTENT:
        problems.append(f"content is {len(content)} characters (max {MESSAGE_CONTENT})")
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_PER_MESSAGE:
        problems.append(f"{len(embeds)} embeds (max {EMBEDS_PER_MESSAGE})")
    total = 0
    for number, embed in enumerate(embeds, 1):
        found, size = _embed_problems(embed)
        problems += [f"embed {number}: {p}" for p in found]
        total += size
    if total > EMBED_TOTAL:
        problems.append(f"embeds hold {total} characters in all (max {EMBED_TOTAL})")
    problems += component_problems(body.get("components") or [], in_modal=False)
    return problems


def _embed_problems(embed: dict[str, Any]) -> tuple[list[str], int]:
    problems = []
    checks = [
        ("title", embed.get("title") or "", EMBED_TITLE),
        ("description", embed.get("description") or "", EMBED_DESCRIPTION),
        ("footer", (embed.get("footer") or {}).get("text") or "", EMBED_FOOTER),
        ("author", (embed.get("author") or {}).get("name") or "", EMBED_AUTHOR),
    ]
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS:
        problems.append(f"{len(fields)} fields (max {EMBED_FIELDS})")
    for number, field in enumerate(fields, 1):
        name, value = field.get("name") or "", field.get("value") or ""
        if not name.strip() or not value.strip():
            problems.append(f"field {number} has an empty name or value")
        checks += [
            (f"field {number} name", name, EMBED_FIELD_NAME),
            (f"field {number} value", value, EMBED_FIELD_VALUE),
        ]
    size = 0
    for what, text, limit in checks:
        size += len(text)
        if len(text) > limit:
            problems.append(f"{what} is {len(text)} characters (max {limit})")
    return problems, size


def component_problems(components: list[dict], *, in_modal: bool) -> list[str]:
    problems = []
    rows = [c for c in components if c.get("type") == 1]
    if not in_modal and len(rows) > ACTION_ROWS:
        problems.append(f"{len(rows)} action rows (max {ACTION_ROWS})")
    for row in rows:
        buttons = [c for c in row.get("components") or [] if c.get("type") == 2]
        if len(buttons) > BUTTONS_PER_ROW:
            problems.append(f"an action row holds {len(buttons)} buttons (max {BUTTONS_PER_ROW})")
    custom_ids = []
    for component in walk_components(components):
        custom_id = component.get("custom_id")
        if custom_id is not None:
            custom_ids.append(custom_id)
            if len(custom_id) > CUSTOM_ID:
                problems.append(f"custom_id {custom_id[:30]!r}... is {len(custom_id)} characters (max {CUSTOM_ID})")
        if component.get("type") == 2 and len(component.get("label") or "") > BUTTON_LABEL:
            problems.append(f"button label is {len(component['label'])} characters (max {BUTTON_LABEL})")
        if component.get("type") in (3, 5, 6, 7, 8) and len(component.get("options") or []) > SELECT_OPTIONS:
            problems.append(f"a select menu offers {len(component['options'])} options (max {SELECT_OPTIONS})")
        if component.get("type") == 4:
            if len(component.get("label") or "") > TEXT_INPUT_LABEL:
                problems.append(f"text input label is {len(component['label'])} characters (max {TEXT_INPUT_LABEL})")
            if (component.get("max_length") or 0) > TEXT_INPUT_VALUE:
                problems.append(f"text input max_length {component['max_length']} (max {TEXT_INPUT_VALUE})")
    duplicates = {c for c in custom_ids if custom_ids.count(c) > 1}
    if duplicates:
        problems.append(f"custom_id used twice in one message: {', '.join(sorted(duplicates))}")
    return problems


def choices_problems(choices: list[dict]) -> list[str]:
    problems = []
    if len(choices) > AUTOCOMPLETE_CHOICES:
        problems.append(f"{len(choices)} autocomplete choices (max {AUTOCOMPLETE_CHOICES})")
    for choice in choices:
        name, value = choice.get("name") or "", choice.get("value")
        if not 1 <= len(name) <= CHOICE_NAME:
            problems.append(f"choice name {name[:30]!r} is {len(name)} characters (1 to {CHOICE_NAME})")
        if isinstance(value, str) and len(value) > CHOICE_STRING_VALUE:
            problems.append(f"choice value {value[:30]!r}... is {len(value)} characters (max {CHOICE_STRING_VALUE})")
    return problems


def modal_problems(data: dict[str, Any]) -> list[str]:
    problems = []
    title = data.get("title") or ""
    if not 1 <= len(title) <= MODAL_TITLE:
        problems.append(f"modal title is {len(title)} characters (1 to {MODAL_TITLE})")
    custom_id = data.get("custom_id") or ""
    if not 1 <= len(custom_id) <= CUSTOM_ID:
        problems.append(f"modal custom_id is {len(custom_id)} characters (1 to {CUSTOM_ID})")
    components = data.get("components") or []
    if not 1 <= len(components) <= ACTION_ROWS:
        problems.append(f"modal has {len(components)} top-level components (1 to {ACTION_ROWS})")
    return problems + component_problems(components, in_modal=True)
