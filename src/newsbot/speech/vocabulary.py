"""The words and marks speech attribution turns on, in English and Russian.

Speech verbs, pronouns, honorifics, roles, and the words that betray an organisation or a place
behind what looks like a name. Each is a set of lower-cased words, so every test the heuristics
make is a set look-up on a token; in one place, the lists can be read and tuned without reading
the rules that use them.
"""

from __future__ import annotations

import re
from typing import Literal


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_EN_AND_RU_PRESENT = _words(
    """said says say told tells added adds noted notes stressed stresses explained explains warned
    warns insisted insists argued argues claimed claims concluded concludes urged urges continued
    continues admitted admits asked asks replied replies wrote writes declared declares announced
    announces commented comments suggested suggests recalled recalls observed remarked confirmed
    confirms acknowledged conceded concedes maintained maintains revealed predicted predicts joked
    cautioned complained complains agreed agrees responded responds emphasised emphasized
    emphasises emphasizes stated states vowed promised pledged answered countered quipped boasted
    считает говорит заявляет отмечает сообщает подчеркивает подчёркивает поясняет добавляет пишет
    утверждает признаёт признает рассказывает указывает полагает уверяет передает передаёт
    сообщают заявляют отмечают пишут считают говорят объявил объявила объявило объявили
    замечает напоминает признаётся признается объясняет утверждают
    believes accused accuses"""
)
_RU_PAST = frozenset(
    stem + ending
    for stem in """сказал заявил отметил сообщил подчеркнул добавил пояснил написал рассказал
    уточнил признал заметил констатировал указал объяснил ответил заключил напомнил предупредил
    призвал заверил пообещал говорил резюмировал назвал сообщал заявлял отмечал подчеркивал
    подчёркивал писал рассказывал утверждал""".split()
    for ending in ("", "а", "и", "о")
)
# «Тихонов признался: „…“»
VERBS = _EN_AND_RU_PRESENT | _RU_PAST | _words("признался призналась признались")
# speech verbs that report words whatever follows them (see `cues.introduces_speech`)
CORE_VERBS = _words("said says say told tells stated")
RU_CORE_STEMS = tuple(
    """сказа заяви заявля сообщ добави добавля подчеркн подчерки поясни поясня уточни уточня
    рассказ переда пишет пишут констатир резюмир""".split()
)
# a report after these is a clause of time, not the sentence's speech: "after he said"
SUBORDINATORS = _words("after before when since until once whenever когда пока прежде")
# what may follow a speech verb that reports a clause: "warned that …", "claimed he …"
CLAUSE_OPENERS = _words(
    "that what how why whether if he she it they we i you there this these those its his her their"
)
# «выразил соболезнования: „…“»: speech only when a colon opens the quotation right after
EXPRESSES = ("выразил", "выражает", "выражают")
# speech verbs that take a clause without "that" and hardly ever an object
CLAUSE_VERBS = _words("insisted insists argued argues")
PARTICIPLES = _words(
    """saying adding telling noting stressing explaining warning insisting arguing claiming
    declaring writing suggesting asking replying сказав заявив отметив добавив подчеркнув пояснив
    сообщив уточнив напомнив объяснив ответив рассказав"""
)
PARTICIPLE_LEADS = (",", "—", "–", "-", "and", "и")
CLAUSE_LEADS = frozenset(',;:—–-("“”„‟«»‘’') | _words(
    "but however meanwhile yet so then но однако а"
)
# «В заявлении МВД говорится, что …»: a statement's words, its owner named beside it
STATEMENT_VERBS = _words("говорится подчеркивается подчёркивается отмечается указывается")
# the words a report without quote marks turns on (see `analysis.Analysis._find_reports`)
REPORT_WORDS = VERBS | PARTICIPLES | STATEMENT_VERBS | {"according", "по", "called", "calls"}
# «по словам X», «по мнению X», «по данным X»: X's words, X in the genitive
GENITIVE_CUES = _words("словам мнению данным")
# after these a name is the listener, not the speaker: "one dealer, who …, told Reuters"
TAKES_OBJECT = _words("told tells urged urges promised pledged vowed warned warns")
UNNAMED = _words("the a an it its this that one another their his her our")
PRONOUNS = _words("he she they он она они")
PLURAL_PRONOUNS = _words("they они")
# so that "he" cannot be the woman an earlier "she said" was (see `people.People._speaker`)
Gender = Literal["male", "female"]
GENDERS: dict[str, Gender] = {"he": "male", "он": "male", "she": "female", "она": "female"}
OBJECTS = _words("him her them me us him")
# after a name, these make it the clause's subject: "Lindsay Davenport has criticised …"
AUXILIARIES = _words("has have had is was will would could can did does")
OPENERS = _words(", but and however so yet then also meanwhile но и однако а")
ADVERBS = _words(
    """also has had have later then previously recently once again further repeatedly reportedly
    simply subsequently earlier также тоже ранее уже вновь затем тогда позже потом"""
)
HONORIFICS = _words("mr mrs ms miss mx dr sir lord lady dame prof rev reverend господин госпожа")
ROLES = _words(
    """president minister secretary chancellor premier chairman chairwoman chair spokesman
    spokeswoman spokesperson boss coach manager leader head chief director executive governor
    mayor senator economist analyst official commissioner ambassador envoy judge prosecutor lawyer
    representative
    captain striker defender midfielder goalkeeper player singer actor actress star guitarist
    musician producer writer author editor officer co-ordinator coordinator founder owner
    professor scientist researcher doctor agent man woman dutchman frenchman englishman scotsman
    irishman welshman
    expert campaigner activist king queen prince princess general commander inspector detective
    bishop archbishop cardinal pope superintendent chairperson teenager youngster veteran rookie
    президент премьер премьер-министр министр глава председатель представитель пресс-секретарь
    спикер губернатор мэр директор руководитель лидер депутат посол тренер генсек секретарь
    канцлер король королева принц судья адвокат прокурор эксперт аналитик экономист начальник
    командующий генерал сенатор советник основатель врач собеседник источник звезда
    певица певец актёр актер актриса режиссёр режиссер кандидат ветеран хоккеист футболист
    спортсмен теннисист боксёр боксер игрок вратарь нападающий полузащитник защитник писатель
    журналист политик бизнесмен музыкант артист"""
)
# Roles that, with no name attached, can still be taken to mean the person last named.
HIGH_ROLES = _words(
    """president minister chancellor premier chairman chairwoman boss coach manager leader
    governor mayor king queen президент премьер премьер-министр министр глава председатель
    губернатор мэр тренер лидер канцлер"""
)
# roles that usually stand for someone the article never names
ANONYMOUS = _words(
    "spokesman spokeswoman spokesperson official source representative представитель источник"
)
ROLE_MODIFIERS = _words(
    "first former deputy vice acting new outgoing foreign prime home chief interim senior general"
    " most right"
)
STOP_WORDS = _words(
    """the a an and but or nor so yet for of in on at to by with from as if when while after
    before since until although though because despite during under over into about against
    among between through without within this that these those there here then now also still
    even just only it its he she they we i you his her their our my your me him them us who
    what which where why how whose is are was were be been has have had do does did will would
    can could should might must shall not no yes all some any many much most more each every both
    few several such other another one two three four five six seven eight nine ten first second
    third last next monday tuesday wednesday thursday friday saturday sunday january february
    march april july september october november december today tomorrow yesterday tonight however
    meanwhile instead finally furthermore moreover indeed perhaps according asked like let please
    dear oh well very
    в во на по как это этот эта эти он она оно они мы я вы ты но и а или так также однако при для
    за из от до после между когда если что чтобы кроме об о с со у к ко его ее её их там тут
    здесь сегодня вчера завтра ранее позже затем теперь уже еще ещё все всё весь вся где кто
    почему сейчас впрочем тогда лишь только даже именно среди около через против без над под
    перед помимо согласно напомним кстати всего более менее сам сама само сами"""
)
# people speaking as a crowd nobody names: "analysts said", «эксперты считают»
GENERIC_SPEAKERS = _words(
    """officials analysts sources traders dealers economists experts critics observers residents
    witnesses authorities bankers executives сторонники критики эксперты аналитики родственники
    очевидцы свидетели жители участники специалисты учёные ученые противники reports figures
    polls studies surveys researchers scientists doctors campaigners protesters opponents
    supporters teachers parents police investigators prosecutors officers diplomats organisers
    organizers fans players ministers lawmakers legislators unions insiders aides lawyers
    newspapers media"""
)
STOP_WORDS |= GENERIC_SPEAKERS
ORG_WORDS = _words(
    """party ministry department office bank council university college school institute academy
    association society club team company corporation corp group holdings inc ltd plc fund
    trust foundation agency authority service services commission committee board court
    parliament assembly congress senate government administration police army navy force forces
    guard news times post journal herald gazette telegraph tribune mail express radio television
    tv network channel records studios pictures entertainment airlines airways motors systems
    technologies software energy oil telecom media communications partners brothers bros league
    cup championship championships olympics games awards award prize festival museum gallery
    theatre theater utd hospital
    cathedral prison hotel market exchange index treasury reserve
    act  law treaty programme program report day week premiership premier champions olympic
    international national royal federal european united labour conservative conservatives tory
    tories democrat democrats democratic republican republicans liberal lib dem dems nations
    headquarters fame  street road avenue  square   palace   airport
    station stadium arena centre center city island islands river valley  county province
    region district state states kingdom republic federation union emirates gardens beach coast
    trustees investments securities associates advisers advisors consultants ventures capital
    equity management research solutions industries enterprises laboratories pharmaceuticals
    resources logistics insurance finance financial stade estadio films staff public
    forum summit conference kremlin organisation organization america
    africa asia europe american african asian british french german russian chinese japanese
    co llc ag nv gmbh spa daily magazine newsletter weekly review statistics regulator
    petroleum chemical chemicals steel mining foods electric electronics products
    pharmaceutical semiconductor utilities savings gas power computer computers stores mills
    exchange commerce bureau"""
)
# An organisation's name may run over these ("Hambrecht and Quist Inc", "Bank of England").
CONNECTORS = _words("and & of for de du on della di del des")
DAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
# Acronyms that are no organisation speaking.
NOT_ACRONYMS = _words(
    "i ii iii iv ok tv am pm ceo cfo coo gmt bst est ad bc mp mps qc mep ps сми вс"
)
# countries: organisations when they speak alone, not the organisation in "U.S. Trust" or "UK
# Remained Rowntree"
PLACE_ACRONYMS = _words("us uk usa ussr uae eu un сша рф ес оон")
# "the company said", "it added", "компания сообщила": an organisation named before
ORG_REFS = _words(
    """it company firm group bank insurer newspaper paper agency ministry department government
    office exchange newsletter magazine union club party charity council committee board
    commission court regulator carrier airline utility retailer broker corporation concern
    operator network broadcaster bureau authority association federation institute service
    компания фирма банк ведомство министерство правительство агентство издание газета служба
    регулятор концерн корпорация организация партия"""
)
# the lower-case nouns that make a body of a name before them: "the Indonesian government"
BODY_NOUNS = _words(
    """government ministry department bank agency administration office authority council
    committee commission police army court board service regulator embassy parliament"""
)
# "it", "the company" and an unnamed spokesman may mean any organisation; "the bank" a bank
GENERIC_ORG_REFS = _words(
    "it company firm group corporation concern spokesman компания фирма корпорация концерн"
)
OUTLET_WORDS = _words(
    """daily times post journal herald gazette telegraph tribune mail express news newspaper
    paper magazine newsletter weekly review observer guardian independent standard chronicle
    examiner globe star sun mirror record today izvestia известия коммерсантъ ведомости"""
)
# Who speaks for a body or a person without being named: their words are the principal's.
SPOKES = _words(
    "spokesman spokeswoman spokesperson representative official statement представитель"
)
# "the American said", "the 23-year-old added": a description of someone just named
DEMONYMS = _words(
    """american briton scot scotsman englishman welshman irishman frenchman dutchman spaniard
    german italian australian swiss swede dane norwegian finn russian argentine argentinian
    brazilian canadian chinese japanese kenyan nigerian portuguese belgian austrian croat serb
    pole czech greek turk israeli iranian indian pakistani mexican chilean colombian uruguayan
    american-born african asian british french european"""
)
PLACE_PREFIXES = _words(
    """new old north south east west northern southern eastern western upper lower great greater
    los las san santa sao st saint fort port mount lake cape sri hong abu tel kuala costa puerto
    buenos saudi wall downing grand capitol silicon middle gulf новая новой новый нового санкт"""
)
RU_ORG_STEMS = tuple(
    """росси москв московск украин федерац республик министерств правительств парти банк госсовет
    университет академи совет комитет агентств служб госдум кремл союз организац объединен
    государств област компани корпорац фонд ассоциац институт центр управлени департамент
    комисси газет новост интерфакс северн южн западн восточн нижн казахстан кита япони
    германи франци итали испани британи беларус белорус""".split()
)
NOT_NAME_SUFFIXES = _words(
    "style based led born owned era backed run made like type sized inspired related wide"
)
PREPOSITIONS = _words("at of with for from in on by to в на из от для при")
ROLE_PREFIXES = _words(
    "co vice deputy ex acting joint former assistant under chief general вице экс генерал"
)
DEPUTIES = _words("deputy vice shadow former ex assistant acting junior under заместитель экс")
INDEFINITE = _words("a an one another")
PATRONYMIC_ENDINGS = ("вич", "вна", "ична", "ич")
# Russian first names that are nouns too («надежда» is hope)
NOUN_NAMES = _words("вера надежда любовь роза лилия слава мир")
OBLIQUE_ENDINGS = ("ой", "ого", "ому", "ему", "ых", "ей", "у", "ю")
RU_PREPOSITIONS = _words(
    "в во на с со о об по к ко от для у из за при перед против после без до над под"
)
PARTICLES = _words(
    "van von de der den da di del la le du bin ibn al ter dos das фон ван де дер ди ибн бен аль"
)
QUOTE_CHARS = '"“”„‟«»‘’'
DOUBLE_OPENERS = '"“”„‟«'
TERMINAL = ".!?…:\"“”»'’"


WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
