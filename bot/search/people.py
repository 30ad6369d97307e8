"""Finding a person by what a member types: autocomplete and resolving a free-typed name.

Matching is case-, accent- and apostrophe-blind, over names, aliases and the characters they
play: exact first, then
prefixes (of the whole name or of any word in it), then substrings, then (resolve only) a close
spelling.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.search.text import words

MAX_CHOICES = 25  # Discord's limit for autocomplete
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100) a misspelt name must reach


@dataclass(frozen=True, slots=True)
class PersonName:
    id: str
    name: str
    aliases: tuple[str, ...]
    plays: str | None


def _key(text: str) -> str:
    return " ".join(words(text))


class PeopleIndex:
    """The episode's people in memory (a handful), loaded once per content load."""

    def __init__(self, people: Iterable[PersonName]) -> None:
        self.people: tuple[PersonName, ...] = tuple(people)
        self._by_id = {p.id: p for p in self.people}
        # (folded name, alias or character, person): names first, so they win ties; a character
        # ("Luke") finds who plays them.
        self._keys: list[tuple[str, PersonName]] = [
            (key, p) for p in self.people for key in dict.fromkeys(_key(n) for n in (p.name, *p.aliases)) if key
        ]
        self._keys += [(_key(p.plays), p) for p in self.people if p.plays and _key(p.plays)]
        # Every folded word of every name, alias and character ("milo", "sherman", "jess", ...).
        self.name_words: frozenset[str] = frozenset(w for key, _ in self._keys for w in key.split())
        # word -> (person id, whether the word names the character they play); "palladino": Dan and Amy
        owners: dict[str, dict[str, bool]] = {}
        for p in self.people:
            for key in (_key(n) for n in (p.name, *p.aliases)):
                for word in key.split():
                    owners.setdefault(word, {})[p.id] = False
        for p in self.people:
            for word in _key(p.plays or "").split():
                owners.setdefault(word, {}).setdefault(p.id, True)
        self._owners = {w: tuple(found.items()) for w, found in owners.items()}
        self._words_of = {
            p.id: frozenset(w for n in (p.name, *p.aliases, p.plays or "") for w in _key(n).split())
            for p in self.people
        }

    def __len__(self) -> int:
        return len(self.people)

    def word_owners(self) -> dict[str, tuple[tuple[str, bool], ...]]:
        """Each folded name word -> the people it may name, and whether it is their character."""
        return self._owners

    def words_of(self, person_id: str) -> frozenset[str]:
        """The folded words of a person's name, aliases and character."""
        return self._words_of.get(person_id, frozenset())

    def get(self, person_id: str) -> PersonName | None:
        return self._by_id.get(person_id)

    def _rank(self, query: str) -> list[PersonName]:
        """People whose name or an alias matches ``query`` (folded), best first."""
        best: dict[str, tuple[int, int]] = {}
        for order, (key, person) in enumerate(self._keys):
            if key == query:
                tier = 0
            elif key.startswith(query):
                tier = 1
            elif any(word.startswith(query) for word in key.split()):
                tier = 2
            elif query in key:
                tier = 3
            else:
                continue
            rank = (tier, order)
            if person.id not in best or rank < best[person.id]:
                best[person.id] = rank
        return [self._by_id[pid] for pid, _ in sorted(best.items(), key=lambda item: item[1])]

    def suggest(self, typed: str, limit: int = MAX_CHOICES) -> list[PersonName]:
        """Autocomplete: everyone (in order) for empty input, else prefix and substring matches."""
        query = _key(typed[:100])
        found = list(self.people) if not query else self._rank(query)
        return found[: min(limit, MAX_CHOICES)]

    def resolve(self, typed: str) -> PersonName | None:
        """The one person ``typed`` means: an id chosen from autocomplete, a name, an alias, a
        unique prefix or substring, or a close misspelling. None when unknown or ambiguous."""
        typed = typed.strip()[:100]
        if typed in self._by_id:
            return self._by_id[typed]
        query = _key(typed)
        if not query:
            return None
        ranked = self._rank(query)
        exact = [p for p in ranked if any(key == query for key, q in self._keys if q.id == p.id)]
        if exact:
            return exact[0]
        if len(ranked) == 1:
            return ranked[0]
        if ranked:
            return None  # "a" or "pal": more than one person; autocomplete shows them
        # rapidfuzz is imported on first use: it is 3 MiB of resident memory that most processes never need.
        from rapidfuzz import fuzz, process

        match = process.extractOne(
            query, [key for key, _ in self._keys], scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, processor=None
        )
        return None if match is None else self._keys[match[2]][1]

    def display(self, person_id: str) -> str:
        person = self._by_id.get(person_id)
        return person.name if person else person_id
