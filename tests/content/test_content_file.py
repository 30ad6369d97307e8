"""The content file held to the article: the real files, then hostile edits (plain Python, no database)."""

from __future__ import annotations

import pytest

from bot.content.article import parse_article
from bot.content.content_file import check_content
from bot.content.model import Content
from bot.content.text import ContentError

ARTICLE, CONTENT = "data/article.txt", "data/episode.toml"
MILO = "milo-ventimiglia"

# Who said each quotation, where and how, read off the article by hand.
EXPECTED_QUOTES = {
    "deck-different-directions": (MILO, "podcast", "own"),
    "been-a-while": (MILO, "podcast", "own"),
    "complicated-when-young": (MILO, "podcast", "own"),
    "what-they-needed": (MILO, "podcast", "own"),
    "didnt-work-out": (MILO, "podcast", "own"),
    "pretty-cool": (MILO, "podcast", "own"),
    "outside-influence": (MILO, "podcast", "own"),
    "when-i-was-your-age": (MILO, "podcast", "voiced"),
    "their-own-world": (MILO, "podcast", "own"),
    "cant-get-away": (MILO, "podcast", "own"),
    "why-wouldnt-i": (MILO, "podcast", "own"),
    "grown-to-a-point": (MILO, "podcast", "own"),
    "jerk-not-to-show-up": (MILO, "podcast", "own"),
    "last-serving-of-pie": (MILO, "interview-2017", "own"),
}


def check(article: str, content: str) -> Content:
    return check_content(article, content, article_name=ARTICLE, content_name=CONTENT)


def problems(article: str, content: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(article, content)
    assert caught.value.problems
    return caught.value.problems


def edited(content: str, old: str, new: str, count: int = 1) -> str:
    assert content.count(old) >= count, old
    return content.replace(old, new, count)


def quote_block(content: str, quote_id: str) -> str:
    start = content.index(f'id = "{quote_id}"')
    start = content.rindex("[[quotes]]", 0, start)
    end = content.find("\n[[", start + 1)
    return content[start : end + 1]


# -- the real files --------------------------------------------------------------------------------


def test_every_article_quotation_has_its_speaker_occasion_and_kind(article_text: str, content_text: str) -> None:
    content = check(article_text, content_text)
    assert {q.id: (q.speaker_id, q.occasion_id, q.kind) for q in content.quotes} == EXPECTED_QUOTES
    found = {(q.start, q.end) for q in parse_article(article_text).quotations}
    assert {q.span for q in content.quotes} == found  # one entry per quotation, none extra


def test_quote_bodies_are_the_articles_own_characters(article_text: str, content_text: str) -> None:
    for quote in check(article_text, content_text).quotes:
        assert article_text[quote.span[0] : quote.span[1]] == quote.body


def test_the_2017_remark_is_not_the_podcasts(article_text: str, content_text: str) -> None:
    content = check(article_text, content_text)
    pie = next(q for q in content.quotes if "last serving of pie" in q.body)
    assert pie.occasion_id == "interview-2017"
    occasions = {o.id: o for o in content.occasions}
    assert occasions["interview-2017"].is_episode is False
    assert occasions["podcast"].is_episode is True


def test_split_quotations_are_linked_parts(article_text: str, content_text: str) -> None:
    quotes = {q.id: q for q in check(article_text, content_text).quotes}
    assert (quotes["complicated-when-young"].passage_id, quotes["complicated-when-young"].part) == ("been-a-while", 2)
    assert [quotes[i].part for i in ("pretty-cool", "outside-influence", "their-own-world")] == [1, 2, 3]
    assert quotes["their-own-world"].passage_id == "pretty-cool"
    assert quotes["when-i-was-your-age"].parent_id == "outside-influence"
    assert quotes["deck-different-directions"].repeat_of == "didnt-work-out"
    assert quotes["last-serving-of-pie"].passage_id == "last-serving-of-pie"


def test_facts_rest_on_article_sentences(article_text: str, content_text: str) -> None:
    content = check(article_text, content_text)
    assert content.facts
    for fact in content.facts:
        (s_start, s_end), (e_start, e_end) = fact.sentence, fact.evidence
        assert s_start <= e_start < e_end <= s_end
        if fact.answer:
            assert fact.answer.casefold() in article_text[e_start:e_end].casefold()
    by_id = {f.id: f for f in content.facts}
    lifeand = by_id["year-in-the-life"]
    assert article_text[lifeand.sentence[0] : lifeand.sentence[1]].endswith("pretty open to the idea.")
    assert (by_id["miniseries-2016"].answer, by_id["over-14-years"].answer) == ("2016", "14")


def test_every_article_sentence_has_a_quote_or_fact_card(article_text: str, content_text: str) -> None:
    """Headline, deck, narration, quiz line and closing lines: each sentence overlaps a card's words."""
    content = check(article_text, content_text)
    cited = [q.span for q in content.quotes] + [f.evidence for f in content.facts]
    sentences = parse_article(article_text).sentences
    assert sentences[0] == (0, len(content.headline)) and "quiz" in article_text[slice(*sentences[-1])]
    assert all(any(s < e2 and s2 < e for s2, e2 in cited) for s, e in sentences)


def test_a_sentence_left_without_a_card_is_named(article_text: str, content_text: str) -> None:
    start = content_text.index('[[facts]]\nid = "quiz"')
    content = content_text[:start] + content_text[content_text.index("[[", start + 2) :]
    found = problems(article_text, content)
    assert len(found) == 1, found
    assert found[0].startswith(f"{ARTICLE}: line 29: no quote or fact cites take, quiz, find, Gilmore, Girls")
    assert "add a [[facts]] entry" in found[0]


def test_facts_say_whose_words_they_rest_on(article_text: str, content_text: str) -> None:
    facts = {f.id: f for f in check(article_text, content_text).facts}
    assert (facts["last-serving-of-pie"].speaker_id, facts["last-serving-of-pie"].occasion_id) == (
        MILO,
        "interview-2017",
    )
    assert (facts["who-would-show-up"].speaker_id, facts["who-would-show-up"].occasion_id) == (MILO, "podcast")
    narration = [f.id for f in facts.values() if f.speaker_id is None and f.occasion_id is None]
    assert {"made-peace", "team-dean", "testy-2017", "quiz", "stars-hollow"} <= set(narration)
    assert all(f.title for f in facts.values())


def test_evidence_mixing_narration_and_a_quotation_is_refused(article_text: str, content_text: str) -> None:
    content = edited(
        content_text,
        'evidence = "Ventimiglia said, responding to Patterson"',
        'evidence = "get away from it,” Ventimiglia said, responding to Patterson"',
    )
    found = problems(article_text, content)
    assert any('(id "responding-to-patterson"): evidence runs from the narration into a quotation' in p for p in found)


def test_quotes_and_facts_need_a_title(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'title = "Team Dean"\n', "")
    content = edited(content, 'title = "Have the characters grown?"\n', 'title = ""\n')
    found = "\n".join(problems(article_text, content))
    assert '(id "team-dean"): title is missing' in found
    assert '(id "grown-to-a-point"): title is empty' in found


def test_people_evidence_and_roles(article_text: str, content_text: str) -> None:
    people = {p.id: p for p in check(article_text, content_text).people}
    assert {k: p.plays for k, p in people.items()} == {
        MILO: "Jess",
        "scott-patterson": "Luke",
        "alexis-bledel": "Rory",
        "lauren-graham": None,  # the article never says
        "dan-palladino": None,
        "amy-sherman-palladino": None,
    }
    assert article_text[slice(*people[MILO].evidence)] == "Jess (Milo Ventimiglia)"
    assert article_text[slice(*people["scott-patterson"].evidence)].endswith("Scott Patterson (aka Luke)")
    assert article_text[slice(*people["lauren-graham"].evidence)] == "Lauren [Graham]"


def test_episode_leaves_the_air_date_unstated(article_text: str, content_text: str) -> None:
    content = check(article_text, content_text)
    assert (content.episode.host_id, content.episode.guest_id, content.episode.aired) == ("scott-patterson", MILO, None)
    assert content.headline.endswith("‘Gilmore Girls’")


# -- hostile input ---------------------------------------------------------------------------------


def test_empty_content_file_names_everything_missing(article_text: str) -> None:
    found = problems(article_text, "")
    assert any("[episode] is missing" in p for p in found)
    assert sum("has no [[quotes]] entry" in p for p in found) == 14
    assert all(p.startswith((ARTICLE, CONTENT)) for p in found)


def test_not_toml(article_text: str) -> None:
    found = problems(article_text, "[episode\npodcast = ")
    assert found[-1].startswith(f"{CONTENT}: not valid TOML")


def test_quote_absent_from_the_article(article_text: str, content_text: str) -> None:
    content = edited(content_text, "I think that’s pretty cool,", "I think that’s pretty great,")
    found = problems(article_text, content)
    assert any(p.startswith(f'{CONTENT}: [[quotes]] #6 (id "pretty-cool"): text not found in {ARTICLE}') for p in found)
    # and the article's real quotation is now uncovered, named by line
    assert any(
        p.startswith(f"{ARTICLE}: line 13, column 1: the quotation 'I think that’s pretty cool,'") for p in found
    )


def test_partial_quote_is_not_a_whole_quotation(article_text: str, content_text: str) -> None:
    content = edited(content_text, "I think that’s pretty cool,", "I think that’s pretty cool")
    assert any("not as everything between one pair of quote marks" in p for p in problems(article_text, content))


def test_normalised_marks_dashes_and_spaces_still_match(article_text: str, content_text: str) -> None:
    """A fan may type straight apostrophes, a hyphen for the dash and double spaces."""
    content = edited(content_text, "pie—why don’t we", "pie - why don't  we".replace(" - ", "-"))
    content = edited(content, "It’s been a while", "It's been a while")
    assert len(check(article_text, content).quotes) == 14


def test_duplicated_entry(article_text: str, content_text: str) -> None:
    content = content_text + "\n" + quote_block(content_text, "pretty-cool")
    found = problems(article_text, content)
    assert any('[[quotes]]: id "pretty-cool" is used 2 times' in p for p in found)
    assert any('is the same article quotation as quote "pretty-cool"' in p for p in found)


def test_duplicated_fact_id(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'id = "own-world"', 'id = "team-dean"')
    assert any('[[facts]]: id "team-dean" is used 2 times' in p for p in problems(article_text, content))


def test_person_unknown_to_the_content_file(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'speaker = "milo-ventimiglia"', 'speaker = "luke-danes"')
    found = problems(article_text, content)
    assert found == [
        f"{CONTENT}: [[quotes]] #1 (id \"deck-different-directions\"): speaker 'luke-danes' is not the id of any [[people]] entry"
    ]


def test_unknown_occasion_and_fact_person(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'occasion = "interview-2017"', 'occasion = "interview-2019"')
    content = edited(content, 'about = ["scott-patterson"]', 'about = ["kirk"]')
    found = problems(article_text, content)
    assert any("occasion 'interview-2019' is not the id of any [[occasions]] entry" in p for p in found)
    assert any("about 'kirk' is not the id of any [[people]] entry" in p for p in found)


def test_2017_remark_attributed_to_the_podcast_is_an_error(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'occasion = "interview-2017"\nkind = "own"', 'occasion = "podcast"\nkind = "own"')
    found = problems(article_text, content)
    assert found == [
        f"{CONTENT}: [[quotes]] #14 (id \"last-serving-of-pie\"): occasion 'podcast', but the article "
        "introduces 'interview-2017' before this quotation"
    ]


def test_nested_quote_must_say_where_it_sits(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'inside = "outside-influence"\n', "")
    assert any('sits inside quote "outside-influence"' in p for p in problems(article_text, content))


def test_malformed_fields(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'kind = "voiced"', 'kind = "mine"')
    content = edited(content, 'id = "pretty-cool"', 'id = "Pretty Cool"')
    content = edited(content, "is_episode = false", 'is_episode = "no"')
    content = edited(content, 'answer = "14"', "answer = 14")
    content = edited(content, 'id = "stars-hollow"', 'id = "stars-hollow"\ncolour = "blue"')
    found = "\n".join(problems(article_text, content))
    assert "kind 'mine' must be one of: own, voiced" in found
    assert "id 'Pretty Cool' must be lowercase letters" in found
    assert "is_episode must be true or false" in found
    assert "answer must be a string in quotes, not int" in found
    assert "unknown field 'colour'" in found


def test_fact_evidence_not_in_the_article(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'evidence = "over 14 years after', 'evidence = "over 15 years after')
    found = problems(article_text, content)
    assert any(
        p.startswith(f'{CONTENT}: [[facts]] #6 (id "over-14-years"): evidence not found in {ARTICLE}') for p in found
    )


def test_fact_answer_must_be_in_its_evidence(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'answer = "Stars Hollow"', 'answer = "Hartford"')
    assert any("answer 'Hartford' does not appear in its evidence" in p for p in problems(article_text, content))


def test_curated_question_checks(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'wrong = ["cake", "coffee", "soup"]', 'wrong = ["cake", "pie"]')
    content = edited(content, 'answer = "Scott Patterson"\nwrong', 'answer = "Lauren Graham"\nwrong')
    found = "\n".join(problems(article_text, content))
    assert "the answer is also listed as a wrong answer" in found
    assert "answer 'Lauren Graham' does not appear in its evidence" in found


QUESTION = """
[[questions]]
id = "added"
prompt = "{prompt}"
answer = "{answer}"
wrong = ["one", "two"]
evidence = "{evidence}"
"""


def with_question(content: str, *, prompt: str, answer: str, evidence: str, extra: str = "") -> str:
    return content + QUESTION.format(prompt=prompt, answer=answer, evidence=evidence) + extra


def test_a_blank_is_made_from_its_quote(article_text: str, content_text: str) -> None:
    """blank = true: the quote's sentence with the answer (in the quote's own characters) blanked;
    the evidence, which the reveal cites and credits, is that sentence, not the whole quote; the
    answer may also be typed."""
    content = check(article_text, content_text)
    blank = next(q for q in content.questions if q.id == "a-jerk")
    sentence = (
        "So I think if they did want to bring it back, and if it was Amy and Dan at the helm, and you guys were"
        " all showing up, I’d be a jerk not to show up."
    )
    assert blank.prompt.splitlines()[1] == "> " + sentence.replace("jerk", "▁▁▁▁")
    assert (blank.answer, blank.answer_kind) == ("jerk", "quote")
    assert article_text[blank.evidence[0] : blank.evidence[1]] == sentence
    assert (blank.citation, blank.credit) == (f"“{sentence}”", "Milo Ventimiglia, I Am All In (the podcast episode)")
    bad = edited(content_text, 'answer = "jerk"', 'answer = "jer"')
    assert "answer 'jer' is not a word or words of quote 'jerk-not-to-show-up'" in "\n".join(
        problems(article_text, bad)
    )


def test_a_blank_written_into_a_prompt_must_give_the_articles_words(article_text: str, content_text: str) -> None:
    """“Team ▁▁▁▁” with the answer must read as the article does; a blank outside quote marks is refused."""
    wrong = edited(content_text, 'answer = "Dean"', 'answer = "Logan"\n# ', 1)
    found = "\n".join(problems(article_text, wrong))
    assert "with the answer in its blank, 'Even if you were Team Logan when watching Gilmore Girls' is not" in found
    loose = with_question(
        content_text, prompt="Team ▁▁▁▁, says the article?", answer="Dean", evidence="Even if you were Team Dean"
    )
    assert "a blank (▁▁▁▁) belongs in a quotation" in "\n".join(problems(article_text, loose))


def test_cited_words_must_not_carry_a_misprint(article_text: str, content_text: str) -> None:
    """The errata name the article's misprints; no question may cite one (“A Year in the Lifeand”)."""
    content = with_question(
        content_text,
        prompt="Which miniseries?",
        answer="Netflix",
        evidence="the 2016 Netflix miniseries Gilmore Girls: A Year in the Lifeand",
    )
    found = "\n".join(problems(article_text, content))
    assert "evidence includes the article’s misprint 'Lifeand' (it means 'Life and')" in found
    assert [e.text for e in check(article_text, content_text).errata] == ["Lifeand"]
    missing = edited(content_text, 'text = "Lifeand"', 'text = "Lifeandso"')
    assert "text not found in data/article.txt: 'Lifeandso'" in "\n".join(problems(article_text, missing))


def test_true_false_questions_offer_the_other_answer(article_text: str, content_text: str) -> None:
    content = check(article_text, content_text)
    trap = next(q for q in content.questions if q.id == "greedy-on-the-podcast")
    assert (trap.answer, trap.wrong) == ("False", ("True",))
    bad = edited(
        content_text,
        'answer = "False"\nevidence = "I do kind of feel',
        'answer = "False"\nwrong = ["Maybe"]\nevidence = "I do kind of feel',
    )
    assert "only wrong answer is the other of True and False" in "\n".join(problems(article_text, bad))


def test_a_person_answer_may_rest_on_their_alias(article_text: str, content_text: str) -> None:
    """“responding to Patterson” supports the answer Scott Patterson; it would not support Lauren Graham."""
    content = check(article_text, content_text)
    you = next(q for q in content.questions if q.id == "you-is-patterson")
    assert article_text[you.evidence[0] : you.evidence[1]] == "Ventimiglia said, responding to Patterson"
    assert you.topics == ("fact:responding-to-patterson", "quote:why-wouldnt-i")


def test_fan_forms_and_a_facts_own_choices(article_text: str, content_text: str) -> None:
    """plays_accepted needs plays; a fact's wrong and accepted need its question and never repeat the answer."""
    content = check(article_text, content_text)
    assert next(p for p in content.people if p.id == "milo-ventimiglia").plays_accepted == ("Jess Mariano",)
    fact = next(f for f in content.facts if f.id == "over-14-years")
    assert fact.wrong == ("16", "18", "20")
    bad = edited(
        content_text, 'aliases = ["Lauren", "Graham"]', 'aliases = ["Lauren", "Graham"]\nplays_accepted = ["Lorelai"]'
    )
    bad = edited(bad, 'wrong = ["16", "18", "20"]', 'wrong = ["16", "14"]')
    found = "\n".join(problems(article_text, bad))
    assert "plays_accepted needs plays" in found
    assert '[[facts]] #6 (id "over-14-years"): the answer is also listed as a wrong answer' in found


def test_every_problem_is_reported_at_once(article_text: str, content_text: str) -> None:
    content = edited(content_text, 'speaker = "milo-ventimiglia"', 'speaker = "nobody"')
    content = edited(content, 'evidence = "Rory (Alexis Bledel)"', 'evidence = "Rory (Alexis B.)"')
    content = edited(content, 'headline = "Milo', 'headline = "Scott')
    assert len(problems(article_text, content)) == 3


def test_unbalanced_article_is_reported_with_the_content_errors(article_text: str, content_text: str) -> None:
    article = article_text.replace("“I think that’s pretty cool,”", "“I think that’s pretty cool,", 1)
    found = problems(article, content_text)
    assert f"{ARTICLE}: line 13, column 39: “ opens a quotation inside the open one at column 1" in found


FORM = """
[[questions]]
id = "added"
{spec}
"""


def test_a_form_question_is_built_from_its_line(article_text: str, content_text: str) -> None:
    """real_or_fake, where_said and milo_or_article give a line; the question, its answer, its
    citation and its credit are made from the article (bot/trivia/forms.py)."""
    content = check(article_text, content_text)
    by_id = {q.id: q for q in content.questions}
    fake = by_id["fake-mirror"]
    assert fake.prompt.startswith("Real or fake?") and fake.answer == "The line with “world”"
    assert fake.credit == "Milo Ventimiglia, I Am All In (the podcast episode)"
    assert fake.topics == ("quote:complicated-when-young",)
    where = by_id["where-leave-it"]
    assert (where.answer, where.wrong) == ("In a 2017 interview", ("On I Am All In",))
    voice = by_id["voice-move-on"]
    assert (voice.answer, voice.credit) == ("The article", "the article’s narration")
    assert by_id["voice-odd-love-story"].answer == "It’s impossible not to feel something for the love story"


def test_a_line_that_cannot_make_its_question_is_named(article_text: str, content_text: str) -> None:
    cases = {
        'where_said = "Their story was an emotional rollercoaster ride"': "the line is the article's narration",
        'milo_or_article = "Not in the article at all"': "milo_or_article not found",
        'real_or_fake = { line = "You want to understand where they’ve been.", word = "been", fake = "understand" }': (
            "already a word of the line"
        ),
        'real_or_fake = { line = "You want to understand where they’ve been." }': "give either word and fake",
        'real_or_fake = { line = "You want to understand", doctored = "x", colour = "red" }': "unknown field 'colour'",
        'where_said = "That’s kind of great."\nprompt = "Where?"': "prompt: where_said makes the question’s prompt",
        'where_said = ["That’s kind of great.", "I’d be a jerk not to show up."]': "give four lines",
        'milo_or_article = "That’s kind of great."\nwhere_said = "That’s kind of great."': "one form per question",
    }
    for spec, why in cases.items():
        found = "\n".join(problems(article_text, content_text + FORM.format(spec=spec)))
        assert why in found and '(id "added")' in found, (spec, found)
