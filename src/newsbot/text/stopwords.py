"""Stop words per language.

Stop words carry no topic, so they only add noise to BM25 and bloat the postings. The lists are
written in normalised form (case-folded, apostrophes removed, "ё" folded to "е"), because they are
compared with terms after normalisation and before stemming.
"""

from __future__ import annotations

ENGLISH: frozenset[str] = frozenset(
    """
    a about above after again against all am an and any are arent as at be because been before
    being below between both but by cant cannot could couldnt did didnt do does doesnt doing dont
    down during each few for from further had hadnt has hasnt have havent having he hed hell hes
    her here heres hers herself him himself his how hows i id ill im ive if in into is isnt it its
    itself lets me more most mustnt my myself no nor not of off on once only or other ought our
    ours ourselves out over own same shant she shed shell shes should shouldnt so some such than
    that thats the their theirs them themselves then there theres these they theyd theyll theyre
    theyve this those through to too under until up very was wasnt we wed well were weve werent
    what whats when whens where wheres which while who whos whom why whys with wont would wouldnt
    you youd youll youre youve your yours yourself yourselves
    s t d ll m o re ve y th nd rd also just can will may might must shall us
    """.split()
)

RUSSIAN: frozenset[str] = frozenset(
    """
    и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
    мне было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был
    него до вас нибудь опять уж вам ведь там потом себя ничего ей может они тут где есть надо ней
    для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
    того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда
    зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас
    про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть
    том нельзя такой им более всегда конечно всю между это эта эти этих также которые который
    которая которое которых котором которой ее её
    """.replace("ё", "е").split()
)

BY_LANGUAGE: dict[str, frozenset[str]] = {"en": ENGLISH, "ru": RUSSIAN}
