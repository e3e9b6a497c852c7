"""The word lists that tell people, their roles and organisations apart, shared by the quote, source and
discovery extractors (one list, so that a role word added for one is known to all)."""

from __future__ import annotations

import re

# Nouns naming what a person does: "spokesperson X", "X, the foreign minister", "citing an official".
PERSON_ROLES = frozenset("""
spokesman spokeswoman spokesperson representative minister president secretary official officials ambassador
envoy leader chief head adviser advisor commander diplomat analyst economist expert director chairman chairwoman
governor mayor prosecutor activist lawmaker legislator journalist correspondent researcher professor negotiator
officer deputy
речник речниця міністр міністерка президент депутат депутатка голова посол представник представниця
министр депутат глава губернатор мэр мер посол представитель пресс-секретарь
""".split())
# Titles and ranks that stand before a name and are not part of it ("Foreign Minister Choe Son Hui").
TITLES = frozenset("""
minister prime president vice chancellor bundeskanzler secretary secretary-general general-secretary spokesman
spokeswoman spokesperson speaker house analyst adviser advisor leader chief executive commander general gen lt col
colonel major maj admiral adm ambassador envoy governor gov mayor senator sen rep representative mr mrs ms dr prof
professor foreign defence defense deputy principal national security interior finance economy head director chairman
chairwoman chair dictator lieutenant sergeant captain capt judge justice officer official correspondent reporter
editor economist expert press premier first lady mp mep state senior former acting interim prosecutor attorney
deputy-head founder ceo coo cfo lord sir dame treasury administrator democrat republican rival candidate nominee senators
речник речниця міністр міністерка президент депутат депутатка голова посол прем'єр-міністр віцепрем'єр-міністр
министр глава губернатор мэр мер премьер-министр генерал писатель письменник журналист журналіст
""".split())
# Words that name firms, outlets and groups rather than people ("Compass Point Research", "Democracy Corp", "Iowa
# Electronic Markets", "Establishment Republicans", "Republicans Jolly of Indian Shores"); ORG_WORDS holds the
# bodies of state.
GROUP_WORDS = frozenset("""
corp research markets partners pharmaceuticals economics politics journalism capital holdings securities associates
republicans democrats conservatives liberals evangelicals
""".split())
# Words that make a capitalised run an organisation rather than a person.
ORG_WORDS = frozenset("""
ministry department council agency union committee party government army forces news times post office bank
commission parliament assembly court service services institute university group company corporation inc ltd
foundation organization organisation association senate congress navy force guard command embassy republic
federation kingdom states nations pravda treaty kremlin police fund network media press television radio tv
centre center authority administration cabinet bureau directorate staff league club team forum
""".split())
# Last words that make a capitalised run a place, a body or a thing, not a person ("Independence Square",
# "John Birch Society", "Voter Registration Act").
PLACE_WORDS = frozenset("""
street st square avenue road bridge airport station port sea river lake island islands mountain mountains region
oblast province district county city town village valley bay gulf strait peninsula plant reactor base camp
stadium hall palace tower building prize award cup games war operation day line front park hill east west north
south asia europe america africa caucus convention society institution institute act survey assessment energy coal
tribune beast hedge affairs debates debate budget partnership universe matter legacy zero speech summit show
report review journal magazine times herald gazette today news daily weekly coalition alliance initiative project
program programme plan fund center centre museum library school college academy hospital church mosque temple
poll pollster watch room arena heights crew campaign
""".split())
# First words that make a capitalised run a place or a body ("New York", "West Virginia", "National ...").
PLACE_FIRST_WORDS = frozenset("""
new north south east west central middle upper lower great united saint fort mount national international federal
los las san santa
congressional presidential public supreme capitol
""".split())
# Lower-case words that may stand inside a person's name.
NAME_PARTICLES = frozenset("von van der den de da di du la le bin al el dos das".split())


def words_pattern(words) -> re.Pattern:
    """A case-insensitive pattern matching any of ``words`` as a whole word."""
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.I)


# A person's role, or a body that speaks for one ("a ministry source said").
ROLE = words_pattern(PERSON_ROLES | {"ministry", "agency", "department", "source", "sources"})
PERSON_ROLE = words_pattern(PERSON_ROLES)
