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
