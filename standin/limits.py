"""Discord's limits that its OpenAPI spec does not state, enforced the way Discord enforces them.

Every request is first checked against Discord's spec (standin/openapi.py): embed title 256,
25 fields, button label 80, custom_id 100, 25 choices and the like live there. What remains here
is what the spec cannot say or says differently for bots: the 6,000 characters across a message's
embeds, 5 action rows outside layout messages, a bot's 2,000-character content, blank embed field
names and values, custom_ids unique within a message, 100-character string choice values, a
modal's 1 to 5 top-level components. A bot that breaks one gets ``50035 Invalid Form Body`` from
Discord; the stand-in answers the same, and records why.
"""

from __future__ import annotations

from typing import Any

from standin.model import walk_components

MESSAGE_CONTENT = 2000  # the spec allows 4,000 in channel messages: that is Nitro users', not bots'
EMBED_TOTAL = 6000
ACTION_ROWS = 5  # the spec allows 40 top-level components: that is layout messages' (Components V2)
CHOICE_STRING_VALUE = 100  # the spec says 6,000; Discord's docs and its answers say 100
MODAL_COMPONENTS = 5  # the spec allows 40


def message_problems(body: dict[str, Any]) -> list[str]:
    """What Discord would refuse in a message create/edit body beyond its spec (empty when it would accept it)."""
    problems: list[str] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > MESSAGE_CONTENT:
        problems.append(f"content is {len(content)} characters (max {MESSAGE_CONTENT})")
    total = 0
    for number, embed in enumerate(body.get("embeds") or [], 1):
        found, size = _embed_problems(embed)
        problems += [f"embed {number}: {p}" for p in found]
        total += size
    if total > EMBED_TOTAL:
        problems.append(f"embeds hold {total} characters in all (max {EMBED_TOTAL})")
    problems += component_problems(body.get("components") or [], in_modal=False)
    return problems


def _embed_problems(embed: dict[str, Any]) -> tuple[list[str], int]:
    """Blank field names or values, and the characters that count towards the 6,000."""
    problems = []
    texts = [
        embed.get("title") or "",
        embed.get("description") or "",
        (embed.get("footer") or {}).get("text") or "",
        (embed.get("author") or {}).get("name") or "",
    ]
    for number, field in enumerate(embed.get("fields") or [], 1):
        name, value = field.get("name") or "", field.get("value") or ""
        if not name.strip() or not value.strip():
            problems.append(f"field {number} has an empty name or value")
        texts += [name, value]
    return problems, sum(len(text) for text in texts)


def component_problems(components: list[dict], *, in_modal: bool) -> list[str]:
    problems = []
    rows = [c for c in components if c.get("type") == 1]
    if not in_modal and len(rows) > ACTION_ROWS:
        problems.append(f"{len(rows)} action rows (max {ACTION_ROWS})")
    custom_ids = [c["custom_id"] for c in walk_components(components) if c.get("custom_id") is not None]
    duplicates = {c for c in custom_ids if custom_ids.count(c) > 1}
    if duplicates:
        problems.append(f"custom_id used twice in one message: {', '.join(sorted(duplicates))}")
    return problems


def choices_problems(choices: list[dict]) -> list[str]:
    problems = []
    for choice in choices:
        value = choice.get("value")
        if isinstance(value, str) and len(value) > CHOICE_STRING_VALUE:
            problems.append(f"choice value {value[:30]!r}... is {len(value)} characters (max {CHOICE_STRING_VALUE})")
    return problems


def modal_problems(data: dict[str, Any]) -> list[str]:
    components = data.get("components") or []
    problems = []
    if len(components) > MODAL_COMPONENTS:
        problems.append(f"modal has {len(components)} top-level components (max {MODAL_COMPONENTS})")
    return problems + component_problems(components, in_modal=True)
