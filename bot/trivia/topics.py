"""What a question is about: the ids of the quotes, facts and people whose words it rests on.

A game never asks two questions that share a topic, and the bank never holds two questions with the
same topic and the same answer. Topics are read off the article: a question is about the row it was
made from and about every quote, fact and person whose cited words overlap the words it cites, so
two questions resting on the same sentence ("hosted by Gilmore Girls costar Scott Patterson (aka
Luke)") are about the same thing even when they come from different rows.
"""

from __future__ import annotations

from collections.abc import Iterable

Span = tuple[int, int]


def quote_topic(quote_id: str) -> str:
    return f"quote:{quote_id}"


def fact_topic(fact_id: str) -> str:
    return f"fact:{fact_id}"


def person_topic(person_id: str) -> str:
    return f"person:{person_id}"


class TopicIndex:
    """Where in the article each quote, fact and person is cited."""

    def __init__(
        self,
        *,
        quotes: Iterable[tuple[str, Span]] = (),
        facts: Iterable[tuple[str, Span]] = (),
        people: Iterable[tuple[str, Span | None]] = (),
    ) -> None:
        self._spans: list[tuple[str, Span]] = [
            *((quote_topic(i), s) for i, s in quotes),
            *((fact_topic(i), s) for i, s in facts),
            *((person_topic(i), s) for i, s in people if s is not None),
        ]

    def topics(
        self,
        evidence: Span | None,
        *,
        quote_id: str | None = None,
        fact_id: str | None = None,
        people: Iterable[str] = (),
    ) -> tuple[str, ...]:
        """The question's own rows and every row whose cited words overlap ``evidence``, sorted."""
        found = {person_topic(p) for p in people}
        if quote_id:
            found.add(quote_topic(quote_id))
        if fact_id:
            found.add(fact_topic(fact_id))
        if evidence is not None:
            start, end = evidence
            found.update(topic for topic, (s, e) in self._spans if s < end and start < e)
        return tuple(sorted(found))
