"""Word families that stemming does not join: "youth" and "young", "jobs" and "employment".

Snowball stemming joins inflections ("employs", "employed"), not derivations or near-synonyms.
These families let a question's word also match its relatives, at a lower weight than the
user's own word (see `QuestionSettings.variant_weight`). They are general news vocabulary,
written as plain words and stemmed with the analyzer that analyses the question, so they stay
correct if the stemmer changes.
"""

from __future__ import annotations

from functools import lru_cache

from newsbot.text.analyzer import Analyzer

ENGLISH_FAMILIES = """
youth young youngster youngsters teenager teenagers
job jobs employment unemployment jobless
economy economic economist
money cash funds
buy bought purchase purchased acquire acquired acquisition
sell sold sale sales
price prices cost costs
profit profits earnings
tax taxes taxation
pay paid payment wage wages salary salaries
rise rose increase increased grow growth grew
fall fell decrease decreased decline declined drop dropped
big large huge
old elderly aged
child children kid kids
woman women
man men
die died death deaths dead killed
injury injured injuries wounded
win won victory winner
lose lost defeat
film movie movies
song songs
tv television
phone phones mobile mobiles handset
computer computers pc pcs
internet online web
company companies firm firms
law laws legislation
war wars warfare
attack attacks attacked
vote votes voting voted election elections ballot
country countries nation nations
car cars vehicle vehicles
plane planes aircraft
ship ships boat boats vessel vessels
house houses housing home homes
school schools pupils
university universities college
doctor doctors physician
drug drugs medicine medicines
oil petrol fuel
report reports study studies survey
warn warned warning warnings
plan plans proposal proposals
metre metres meter meters
""".strip().splitlines()

RUSSIAN_FAMILIES = """
молодёжь молодой молодые молодёжный юноша юноши подросток подростки
работа работы занятость безработица трудоустройство
экономика экономический экономист
деньги средства
купить купил купила покупка приобрёл приобрела приобретение
продать продал продала продажа продажи
цена цены стоимость
прибыль доход
налог налоги налоговый
рост вырос выросла увеличение повышение
падение упал упала снижение
смерть погиб погибла погибли умер умерла скончался скончалась
ранен ранена ранены раненые пострадал пострадали
победа победил победила выиграл выиграла
поражение проиграл проиграла
фильм кино кинофильм
песня песни
телевидение телеканал
телефон смартфон
автомобиль машина
самолёт лайнер
дом жильё
школа школьники
университет вуз
врач врачи медик медики
исследование исследования опрос
план планы проект
""".strip().splitlines()

_FAMILIES = {"en": ENGLISH_FAMILIES, "ru": RUSSIAN_FAMILIES}


@lru_cache(maxsize=8)
def _table(language: str) -> dict[str, frozenset[str]]:
    analyzer = Analyzer(language)
    table: dict[str, set[str]] = {}
    for lines in _FAMILIES.values():
        for line in lines:
            stems = {term for word in line.split() for term in analyzer.terms(word)}
            for stem in stems:
                table.setdefault(stem, set()).update(stems - {stem})
    return {stem: frozenset(others) for stem, others in table.items()}


def variants_of(term: str, analyzer: Analyzer) -> frozenset[str]:
    """The stems related to `term` in a family, as `analyzer` stems them; empty if none."""
    return _table(analyzer.language).get(term, frozenset())
