"""Every request the bot sends, checked against Discord's own OpenAPI spec.

``discord-openapi.json.gz`` beside this file is Discord's published description of its HTTP API
(see ``discord-openapi.md`` for provenance and licence). For each request the stand-in finds the
operation by method and path template, validates the JSON body (or a multipart request's
``payload_json``) against the operation's request schema with ``jsonschema`` (Draft 2020-12, every
``$ref`` resolved within the spec), and checks the query parameters the operation declares.
A violation is answered like Discord answers it (400, 50035 Invalid Form Body) and recorded.

Validators are compiled once per operation; results are remembered per identical body, since the
same command sync and the same messages recur in every test. A union's branches whose ``type`` field
cannot match are skipped (see :func:`_ruled_out`): the verdict and the errors reported are the same,
at a fraction of the CPU (the whole check used to be most of an end-to-end test's CPU).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, ValidationError, validators
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_FILE = "discord-openapi.json.gz"
SPEC_URI = "urn:discord-api-spec"  # the spec's base URI: "#/components/..." refs resolve within it
JSON = "application/json"
# Discord's docs ("Boolean Query Strings"): true, True or 1; false, False or 0.
QUERY_BOOLEANS = {"true": True, "True": True, "1": True, "false": False, "False": False, "0": False}
_short = reprlib.Repr()  # keyword arguments only from Python 3.12
_short.maxstring, _short.maxother, _short.maxdict, _short.maxlist, _short.maxlevel = 40, 40, 4, 4, 2


@dataclass(frozen=True)
class Quirk:
    """Where Discord accepts more than its spec says. Each is applied to the loaded spec (the file stays
    unchanged) only if the spec still says ``expected`` there, so an updated spec retires it loudly."""

    pointer: str
    expected: Any
    replacement: Any
    why: str


_SNOWFLAKE = {"type": "string", "pattern": "^(0|[1-9][0-9]*)$", "format": "snowflake"}
# The one place for exceptions to the spec; each is explained in standin/README.md as well.
QUIRKS = [
    Quirk(
        "#/components/schemas/SnowflakeType",
        _SNOWFLAKE,
        {"anyOf": [_SNOWFLAKE, {"type": "integer", "minimum": 0, "maximum": 2**64 - 1}]},
        "The spec types every snowflake as a string; Discord also reads a JSON integer there. "
        "discord.py (its reference client) sends integers: a new upload's attachment id is the "
        "index of the file (Discord's docs say so), and allowed_mentions users/roles are ints.",
    ),
]


@dataclass(frozen=True)
class Violation:
    """One way a request breaks the spec: where in the body, what, and the rule's place in the spec."""

    location: tuple[str | int, ...]  # e.g. ("data", "components", 0, "components", 0, "style")
    message: str
    keyword: str  # the JSON Schema keyword that failed: required, maxLength, enum...
    schema_path: str  # a JSON pointer into the spec, e.g. #/components/schemas/RichEmbed/properties/title/maxLength

    @property
    def where(self) -> str:
        text = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in self.location).lstrip(".")
        return text or "body"

    @property
    def explained(self) -> str:
        return f"{self.message} (spec {self.schema_path})"

    def __str__(self) -> str:
        return f"{self.where}: {self.explained}"


@functools.cache
def spec() -> dict[str, Any]:
    """The spec, read once from the package (so an installed project has it too)."""
    with resources.files("standin").joinpath(SPEC_FILE).open("rb") as packed:
        loaded = json.loads(gzip.decompress(packed.read()))
    for quirk in QUIRKS:
        *parent, last = _unpointer(quirk.pointer)
        node = _walk(loaded, parent)
        if node.get(last) != quirk.expected:
            raise RuntimeError(f"the spec no longer says {quirk.expected!r} at {quirk.pointer}: review that quirk")
        node[last] = quirk.replacement
    return loaded


@functools.cache
def _registry() -> Registry:
    resource = Resource.from_contents(spec(), default_specification=DRAFT202012)
    return Registry().with_resource(SPEC_URI, resource)


def _escape(part: str | int) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def _pointer(parts: Iterable[str | int]) -> str:
    return "#/" + "/".join(_escape(p) for p in parts)


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    template: str  # the spec's path template, e.g. /channels/{channel_id}/messages

    @property
    def definition(self) -> dict[str, Any]:
        return spec()["paths"][self.template][self.method.lower()]

    @property
    def body_pointer(self) -> str | None:
        """Where the JSON request schema lives in the spec (None: the operation takes no body)."""
        content = (self.definition.get("requestBody") or {}).get("content") or {}
        if JSON not in content:
            return None
        return _pointer(["paths", self.template, self.method.lower(), "requestBody", "content", JSON, "schema"])

    @property
    def body_required(self) -> bool:
        return bool((self.definition.get("requestBody") or {}).get("required"))

    def query_parameters(self) -> dict[str, tuple[dict[str, Any], str]]:
        """Declared query parameters: name -> (the parameter, a pointer to its schema)."""
        found = {}
        for where in (["paths", self.template], ["paths", self.template, self.method.lower()]):
            node = _at(where)
            for index, parameter in enumerate(node.get("parameters") or []):
                if parameter.get("in") == "query":
                    found[parameter["name"]] = (parameter, _pointer([*where, "parameters", index, "schema"]))
        return found


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Every path template as a regex, literal segments first (``/users/@me`` before ``/users/{user_id}``)."""
    found = []
    for template in spec()["paths"]:
        segments = template.strip("/").split("/")
        regex = "/".join("[^/]+" if s.startswith("{") else re.escape(s) for s in segments)
        params = sum(s.startswith("{") for s in segments)
        found.append((params, re.compile(f"/{regex}"), template))
    found.sort(key=lambda item: item[0])
    return [(pattern, template) for _, pattern, template in found]


def find_operation(method: str, path: str) -> Operation | None:
    """The spec's operation for ``POST /channels/123/messages`` (path without the /api/v10 prefix)."""
    for pattern, template in _templates():
        if pattern.fullmatch(path) and method.lower() in spec()["paths"][template]:
            return Operation(method.upper(), template)
    return None


# -- unions told apart by their ``type`` field --------------------------------------------------------
#
# Discord's unions (message components, interaction callbacks...) are anyOf/oneOf lists of a dozen
# objects, each fixing its ``type`` field with an enum or const. jsonschema checks every branch in
# full and builds an error for everything each one refuses: 26 ms for one callback body, most of the
# test suite's CPU. A branch whose ``type`` field cannot hold the body's value is refused anyway
# (its ``properties`` reject that field), and :func:`_narrowest` drops such a branch from what it
# reports, so skipping it changes neither the verdict nor the violations named.


def _resolve(node: Any) -> Any:
    """``node`` with every ``$ref`` at its top followed (refs here all point within the spec)."""
    for _ in range(32):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.removeprefix(SPEC_URI).startswith("#/"):
            return node
        node = _at(_unpointer(ref.removeprefix(SPEC_URI)))
    return node


_TYPE_FIELD_VALUES: dict[int, tuple[Any, frozenset[int | str] | None]] = {}


def _type_field_values(branch: Any) -> frozenset[int | str] | None:
    """The values a union branch allows in its object's ``type`` field (None: not known to be fixed)."""
    cached = _TYPE_FIELD_VALUES.get(id(branch))
    if cached is not None and cached[0] is branch:
        return cached[1]
    values: frozenset[int | str] | None = None
    resolved = _resolve(branch)
    properties = resolved.get("properties") if isinstance(resolved, dict) else None
    field = _resolve(properties.get("type")) if isinstance(properties, dict) else None
    if isinstance(field, dict):
        allowed = [field["const"]] if "const" in field else field.get("enum")
        # Only ints (not bools) and strings, whose Python equality is jsonschema's.
        if isinstance(allowed, list) and all(type(v) in (int, str) for v in allowed):
            values = frozenset(allowed)
    _TYPE_FIELD_VALUES[id(branch)] = (branch, values)  # the branch is kept alive: its id stays its own
    return values


def _ruled_out(branch: Any, instance: Any) -> bool:
    """True when ``branch`` certainly refuses ``instance`` for its ``type`` field alone."""
    if not isinstance(instance, dict) or type(instance.get("type")) not in (int, str):
        return False
    allowed = _type_field_values(branch)
    return allowed is not None and instance["type"] not in allowed


def _any_of(validator: Any, any_of: list[Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's anyOf, skipping the branches :func:`_ruled_out` (each keeps its index)."""
    all_errors: list[ValidationError] = []
    for index, subschema in enumerate(any_of):
        if _ruled_out(subschema, instance):
            continue
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if not errors:
            return
        all_errors.extend(errors)
    yield ValidationError(f"{instance!r} is not valid under any of the given schemas", context=all_errors)


def _one_of(validator: Any, one_of: list[Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
    """jsonschema's oneOf, skipping the branches :func:`_ruled_out` (each keeps its index)."""
    candidates = [(index, s) for index, s in enumerate(one_of) if not _ruled_out(s, instance)]
    all_errors: list[ValidationError] = []
    for position, (index, subschema) in enumerate(candidates):
        errors = list(validator.descend(instance, subschema, schema_path=index))
        if not errors:
            more_valid = [s for _, s in candidates[position + 1 :] if validator.evolve(schema=s).is_valid(instance)]
            if more_valid:
                reprs = ", ".join(repr(s) for s in [*more_valid, subschema])
                yield ValidationError(f"{instance!r} is valid under each of {reprs}")
            return
        all_errors.extend(errors)
    yield ValidationError(f"{instance!r} is not valid under any of the given schemas", context=all_errors)


_SpecValidator = validators.extend(Draft202012Validator, {"anyOf": _any_of, "oneOf": _one_of})


@functools.cache
def _validator(pointer: str) -> Draft202012Validator:
    return _SpecValidator({"$ref": SPEC_URI + pointer}, registry=_registry())


def body_violations(operation: Operation, body: Any) -> list[Violation]:
    """What the spec refuses in ``body`` (the JSON body or ``payload_json``), empty when it accepts it."""
    pointer = operation.body_pointer
    if pointer is None:
        return []
    if body is None:
        if operation.body_required:
            return [Violation((), "a request body is required", "required", pointer)]
        return []
    # Bodies are JSON from the wire, so their canonical text identifies them.
    return list(_cached_body_violations(pointer, json.dumps(body, sort_keys=True, separators=(",", ":"))))


@functools.lru_cache(maxsize=4096)
def _cached_body_violations(pointer: str, canonical_body: str) -> tuple[Violation, ...]:
    validator = _validator(pointer)
    body = json.loads(canonical_body)
    if validator.is_valid(body):
        return ()
    leaves = [leaf for error in validator.iter_errors(body) for leaf in _narrowest(error)]
    return tuple(_violation(error, pointer) for error in leaves)


def query_violations(operation: Operation, query: dict[str, str]) -> list[Violation]:
    """The declared query parameters, read the way Discord reads query strings, against their schemas."""
    found = []
    for name, (parameter, pointer) in operation.query_parameters().items():
        if name not in query:
            if parameter.get("required"):
                found.append(Violation((f"?{name}",), "a required query parameter is missing", "required", pointer))
            continue
        errors: list[ValidationError] = []
        for value in _query_readings(query[name]):
            errors = list(_validator(pointer).iter_errors(value))
            if not errors:
                break
        # Report the most parsed reading: "101 is greater than 100", not "'101' is not an integer".
        for error in (leaf for e in errors for leaf in _narrowest(e)):
            location = _schema_location(pointer, error.absolute_schema_path)
            found.append(Violation((f"?{name}",), _message(error), str(error.validator), location))
    return found


def _query_readings(raw: str) -> Iterator[Any]:
    """A query string value as text, then as Discord may read it: a boolean, an integer."""
    yield raw
    if raw in QUERY_BOOLEANS:
        yield QUERY_BOOLEANS[raw]
    if re.fullmatch(r"-?[0-9]+", raw):
        yield int(raw)


# -- naming the error -----------------------------------------------------------------------------


def _narrowest(error: ValidationError) -> Iterator[ValidationError]:
    """The errors worth reporting under ``error``.

    Discord's unions (``oneOf``/``anyOf`` of message components, of callback types...) tell their
    branches apart by a ``type`` field; "not valid under any of the given schemas" says nothing,
    so descend into the branch whose ``type`` matches and report what is wrong there.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    by_branch: dict[int, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)  # type: ignore[arg-type]
    candidates = [errors for errors in by_branch.values() if not any(_rules_out_branch(e) for e in errors)]
    leaves = [[leaf for sub in errors for leaf in _narrowest(sub)] for errors in candidates]
    if len(leaves) == 1:
        yield from leaves[0]
        return
    # Branches that differ in something other than a ``type`` field (autocomplete choices are
    # integer, number or string choices): report what every remaining branch refuses alike.
    shared = [e for e in leaves[0] if all(any(_same(e, o) for o in other) for other in leaves[1:])] if leaves else []
    yield from shared or [error]  # else the union's own message is the best there is


def _same(one: ValidationError, other: ValidationError) -> bool:
    return (
        one.absolute_path == other.absolute_path and one.validator == other.validator and one.message == other.message
    )


def _rules_out_branch(sub: ValidationError) -> bool:
    """True when ``sub`` shows the value is another kind than the branch (wrong JSON type or ``type`` field)."""
    relative = list(sub.relative_path)  # relative to the union's value
    if not relative and sub.validator == "type":
        return True  # e.g. the {"type": "null"} branch of a nullable object
    return relative == ["type"] and sub.validator in ("enum", "const")


def _violation(error: ValidationError, pointer: str) -> Violation:
    location = tuple(error.absolute_path)
    message = _message(error)
    if error.validator == "required":  # name the missing field itself, as Discord does
        missing = next((p for p in error.validator_value if error.message == f"{p!r} is a required property"), None)
        if missing is not None:
            location, message = (*location, missing), "this field is required"
    return Violation(location, message, str(error.validator), _schema_location(pointer, error.absolute_schema_path))


_LENGTHS = {"maxLength": "max", "minLength": "min", "maxItems": "max", "minItems": "min"}


def _message(error: ValidationError) -> str:
    """jsonschema's message, with the offending value shortened and lengths counted."""
    if error.validator in _LENGTHS and isinstance(error.instance, str | list):
        bound = f"{_LENGTHS[str(error.validator)]} {error.validator_value}"
        if isinstance(error.instance, list):
            return f"has {len(error.instance)} items ({bound})"
        return f"{_short.repr(error.instance)} has {len(error.instance)} characters ({bound})"
    message = error.message
    full = repr(error.instance)
    if message.startswith(full):
        message = _short.repr(error.instance) + message[len(full) :]
    return message


def _schema_location(pointer: str, schema_path: Iterable[str | int]) -> str:
    """A JSON pointer to the failing keyword in the spec, e.g.
    ``#/components/schemas/RichEmbed/properties/title/maxLength``. jsonschema leaves ``$ref`` hops out
    of its schema paths, so follow a ``$ref`` wherever the next key is not in the schema at hand."""
    parts = _unpointer(pointer)
    node = _at(parts)
    for key in schema_path:
        while isinstance(node, dict) and str(key) not in node and "$ref" in node:
            parts = _unpointer(node["$ref"].removeprefix(SPEC_URI))
            node = _at(parts)
        node = node[int(key)] if isinstance(node, list) else node.get(str(key)) if isinstance(node, dict) else None
        parts.append(key)
    return _pointer(parts)


def _unpointer(pointer: str) -> list[str | int]:
    """``#/paths/~1users~1@me/get`` -> ["paths", "/users/@me", "get"]."""
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.removeprefix("#/").split("/")]


def _at(parts: Iterable[str | int]) -> Any:
    return _walk(spec(), parts)


def _walk(node: Any, parts: Iterable[str | int]) -> Any:
    for key in parts:
        node = node[int(key)] if isinstance(node, list) else node[str(key)]
    return node
