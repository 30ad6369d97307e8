"""Words too common to rank by, and the words that make a sentence a question.

Written folded (see :func:`bot.search.text.fold`): contractions lose their apostrophe ("dont").
"""

from __future__ import annotations

STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just let me more
    most my myself no nor not now of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves
    im ive id ill youre youve youd youll hes hed shes shed its itd weve were wed well theyre theyve theyd
    dont doesnt didnt isnt arent wasnt werent hasnt havent hadnt wont wouldnt cant couldnt shouldnt
    thats whats whos wheres theres heres lets
    also ever really like yeah oh ok okay s t d ll re ve m
    """.split()  # noqa: SIM905 (a word list reads best as text)
)

# Words that shape a question but say nothing about its subject ("what did he say about ...").
QUESTION_WORDS = frozenset(
    """
    who whom whose what whats which when where why how
    did does do doing done say says said saying tell tells told talk talks talked talking
    mention mentions mentioned think thinks feel feels know knows play plays played playing
    anything something someone anyone everything thing things
    article episode
    please bot
    """.split()  # noqa: SIM905 (a word list reads best as text)
)

# -- /ask ------------------------------------------------------------------------------------------
# Words a fan adds around a question that say nothing about what is asked ("hey, quick question,
# did ... lol"). Left out of /ask's words like question words.
FILLER_WORDS = frozenset(
    """
    hey hi hello yo pls plz please thanks thx lol lmao omg btw guys bot question questions quick
    wondering wonder curious anyone somebody ever even still actually exactly basically honestly
    like kinda sorta maybe so um uh wait really
    get gets got getting go goes going gonna wanna make makes making another
    name names named called quote quotes line lines
    made nah yeah yep yup nope lately recently nowadays anymore currently
    whole stuff bit lot lots way ways kind sort much anyway anyways guess mean sure
    according least matter right
    """.split()  # noqa: SIM905
)

# Common words that carry meaning in a question about this article, so /ask keeps them although
# /quote search leaves them out: "more" Gilmore Girls, "other" shows, "again", "before".
ASK_KEPT = frozenset({"more", "other", "again", "before", "off", "against", "most"})

# Cues: words that say what kind of answer a question wants.
SAY_CUES = frozenset(
    [
        "say",
        "said",
        "says",
        "saying",
        "quote",
        "quotes",
        "quoted",
        "talk",
        "talks",
        "talked",
        "talking",
        "mention",
        "mentions",
        "mentioned",
        "think",
        "thinks",
        "feel",
        "feels",
        "opinion",
        "opinions",
        "comment",
        "comments",
        "commented",
        "remark",
        "remarks",
        "statement",
        "take",
        "view",
    ]
)
PLAYS_CUES = frozenset(
    [
        "play",
        "plays",
        "played",
        "playing",
        "actor",
        "actors",
        "actress",
        "actresses",
        "portray",
        "portrays",
        "portrayed",
    ]
)
WHEN_CUES = frozenset(["when", "date", "dates", "day", "days", "month", "year", "years", "time"])
WHO_CUES = frozenset(["who", "whom", "whose", "whos"])

# Common English words that are not typos of the article's words ("wrote" is not "write"): never
# corrected. Irregular forms mostly, which a one-letter edit turns into another word.
NOT_TYPOS = frozenset(
    """
    wrote written told sold held felt left lost meant kept slept spent sent lent built bent
    ate eaten gave given took taken came become began begun drank drunk drove driven rode ridden
    rose fell fallen flew flown grew known threw thrown wore worn tore torn swore bore
    sang sung rang rung ran won hung dug stuck struck fought caught taught brought bought thought
    sat stood lay laid paid said made found bound wound ground
    old new tall short young kids kid wife husband married age born dead alive rich net worth
    """.split()  # noqa: SIM905
)

# What /ask leaves out of a question's words (and what a fan question in the content file may use
# freely): common words, question words and filler, except the common words it keeps. "article"
# and "episode" stay: "who wrote the article?" is not "who wrote?".
ASK_IGNORED = (STOP_WORDS - ASK_KEPT) | (QUESTION_WORDS - {"article", "episode"}) | FILLER_WORDS
