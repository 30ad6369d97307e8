"""Finding people by name, alias, prefix, substring and close spelling."""

from __future__ import annotations

from bot.search.people import MAX_CHOICES, PeopleIndex, PersonName

PEOPLE = PeopleIndex(
    [
        PersonName("milo-ventimiglia", "Milo Ventimiglia", ("Milo", "Ventimiglia"), "Jess"),
        PersonName("scott-patterson", "Scott Patterson", ("Patterson",), "Luke"),
        PersonName("dan-palladino", "Dan Palladino", ("Dan", "Palladino"), None),
        PersonName("amy-sherman-palladino", "Amy Sherman-Palladino", ("Amy", "Sherman-Palladino"), None),
        PersonName("zoe", "Zoë Renée", (), None),
    ]
)


def ids(people) -> list[str]:
    return [p.id for p in people]


def test_empty_input_offers_everyone_in_order():
    assert ids(PEOPLE.suggest("")) == [p.id for p in PEOPLE.people]


def test_prefix_case_and_accent_insensitive():
    assert ids(PEOPLE.suggest("MI")) == ["milo-ventimiglia"]
    assert ids(PEOPLE.suggest("zoe")) == ["zoe"]
    assert ids(PEOPLE.suggest("renee")) == ["zoe"]


def test_substring_matches_come_after_prefixes():
    assert ids(PEOPLE.suggest("pal")) == ["dan-palladino", "amy-sherman-palladino"]
    assert ids(PEOPLE.suggest("tters")) == ["scott-patterson"]


def test_at_most_25_choices():
    many = PeopleIndex([PersonName(f"p{i}", f"Person {i}", (), None) for i in range(60)])
    assert len(many.suggest("person")) == MAX_CHOICES
    assert len(many.suggest("")) == MAX_CHOICES


def test_resolve_id_name_alias():
    assert PEOPLE.resolve("scott-patterson").id == "scott-patterson"
    assert PEOPLE.resolve("milo").id == "milo-ventimiglia"
    assert PEOPLE.resolve("  Amy Sherman-Palladino ").id == "amy-sherman-palladino"
    assert PEOPLE.resolve("Palladino").id == "dan-palladino"  # an exact alias beats a substring


def test_resolve_unique_prefix_and_misspelling():
    assert PEOPLE.resolve("ventim").id == "milo-ventimiglia"
    assert PEOPLE.resolve("Scot Paterson").id == "scott-patterson"


def test_resolve_unknown_or_ambiguous_is_none():
    assert PEOPLE.resolve("Lorelai") is None
    assert PEOPLE.resolve("a") is None  # several people
    assert PEOPLE.resolve("!!!") is None
    assert PEOPLE.resolve("x" * 6000) is None


def test_name_words():
    assert {"milo", "ventimiglia", "sherman", "palladino", "zoe"} <= PEOPLE.name_words


def test_the_character_finds_who_plays_them():
    assert PEOPLE.resolve("Luke").id == "scott-patterson"
    assert ids(PEOPLE.suggest("jes")) == ["milo-ventimiglia"]
