"""Russian names in the genitive, as «по словам X», «по мнению X» and «представитель X» give
them (and in the instrumental, «с Дмитрием Медведевым»), put back in the nominative for the
speaker line.

A speaker line reads "— Бартоломей Соханьский", not "— Бартоломея Соханьского". The article
usually names the person in the nominative somewhere, and that form is used when it does; these
rules cover the rest. They are the regular endings of Russian first names, patronymics and
surnames, applied only where the case is known to be the genitive, so "Иванова" is turned into
"Иванов" only after «по словам», where a woman would be "Ивановой".
"""

from __future__ import annotations

from newsbot.speech.names import is_cyrillic

# Ending in the genitive -> ending in the nominative, longest first within each word class.
_ENDINGS = (
    ("ского", "ский"),
    ("цкого", "цкий"),
    ("ской", "ская"),
    ("цкой", "цкая"),
    ("овича", "ович"),
    ("евича", "евич"),
    ("ича", "ич"),
    ("овны", "овна"),
    ("евны", "евна"),
    ("ичны", "ична"),
    ("овой", "ова"),
    ("евой", "ева"),
    ("иной", "ина"),
    ("ыной", "ына"),
    ("кого", "кий"),
    ("гого", "гий"),
    ("ова", "ов"),
    ("ева", "ев"),
    ("ёва", "ёв"),
    ("ина", "ин"),
    ("ына", "ын"),
    ("ея", "ей"),
    ("ая", "ай"),
    ("ия", "ий"),
    ("ии", "ия"),
    ("ьи", "ья"),
    # the instrumental, which «вместе с Дмитрием Медведевым» leaves as the only full form
    ("овым", "ов"),
    ("евым", "ев"),
    ("иным", "ин"),
    ("еем", "ей"),
    ("ием", "ий"),
)
# first names whose nominative drops a vowel the other cases lose
_FLEETING = {"павла": "Павел", "петра": "Пётр", "льва": "Лев"}
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")


def _word(word: str) -> str:
    folded = word.casefold()
    if folded in _FLEETING:
        return _FLEETING[folded]
    for genitive, nominative in _ENDINGS:
        if folded.endswith(genitive) and len(folded) > len(genitive) + 1:
            return word[: len(word) - len(genitive)] + nominative
    if len(folded) > 3 and folded.endswith("ы"):
        return word[:-1] + "а"  # "Ирины"
    if len(folded) > 3 and folded.endswith("а") and folded[-2] in _CONSONANTS:
        return word[:-1]  # "Ивана", "Михаила"
    if len(folded) > 5 and folded.endswith("ом") and folded[-3] in _CONSONANTS:
        return word[:-2]  # the instrumental "Владимиром"
    if len(folded) > 3 and folded.endswith("я") and folded[-2] in _CONSONANTS:
        return word[:-1] + "ь"  # "Игоря", "Гоголя"
    return word


def nominative(genitive: str) -> str:
    """The nominative of a Russian name in the genitive: "Бартоломея Соханьского" is
    Бартоломей Соханьский; words not in Cyrillic ("Мэри Кобб" does not decline) are kept."""
    return " ".join(
        _word(word) if is_cyrillic(word) and word[:1].isupper() else word
        for word in genitive.split()
    )
