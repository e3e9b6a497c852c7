"""The words that introduce speech, as tables (one place to add a language or a verb)."""

from __future__ import annotations

# English reporting verbs, in any position around a quote ("X said", "said X", "X, adding ...").
VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|stated|states|stressed|stresses|warned|warns|remarked|"
    "continued|wrote|writes|explained|explains|declared|announced|insisted|argued|argues|claimed|claims|"
    "asked|replied|responded|commented|emphasised|emphasized|underlined|underscored|urged|acknowledged|admitted|"
    "confirmed|described|called|promised|pledged|vowed|reported|posted|tweeted|recalled|concluded|suggested|"
    "predicted|observed|cautioned|complained|conceded|mentioned|reiterated|assured|accused|blamed|praised|"
    "saying|stating|noting|adding|warning|writing|stressing|explaining|describing|calling|urging|insisting|"
    "agreed|agrees|shouted|yelled|fumed|retorted|quipped|joked|boasted|recounted|chimed|interjected|countered|"
    "reads|read|concurred|marveled|lamented|scoffed|tweets|wondered|replies|asks|explains|recalls|recalled|"
    "continues|adds|notes|argued|contended|contends|charged|charges|testified|acknowledges|insists|added|"
    # Cues of quotes in PolNeAR's train split missing above (scripts/speaker_errors.py lists the misses).
    "exclaimed|mused|opined|reacted|barked|snapped|shot back|chanted|demanded|answered|asserted|mocked|blasted|"
    "gushed|sneered|emailed|texted|thundered|pressed|teased|telling|arguing|declaring|remarking|accusing|"
    # Plural present forms of the verbs above ("critics argue", "the two write"), less those that are also nouns
    # ("a note", "the state", "a claim").
    "acknowledge|add|agree|argue|ask|contend|explain|insist|tell|warn|write|"
    # Present forms of listed verbs, and phrases, that PolNeAR train's quotes have as cues ("X calls it ...",
    # "as X put it", "X pointed out").
    "calls|accuses|describes|admits|concludes|responds|vows|declares|announces|praises|blames|confirms|"
    "suggests|complains|mentions|proclaimed|proclaims|pointed out|points out|put it|puts it|went on|goes on"
)
# The one-word reporting verbs, to look a word up.
VERB_WORDS = frozenset(v for v in VERBS.split("|") if " " not in v)
# The verbs that may come before their subject right after a quote ("...," said X).
VERBS_FIRST = ("said|says|added|adds|noted|notes|wrote|writes|told|stated|asked|asks|continued|replied|agreed|"
               "agrees|explained|explains|recalled|recalls|argued|argues|tweeted|countered|insisted|declared|"
               "warned|acknowledged|responded|concluded|observed|cautioned|conceded|exclaimed|mused|opined|reacted|"
               "demanded|answered|asserted|quipped|joked|chimed in|shot back|snapped|barked|gushed")
# Abbreviations whose dot does not end a speaker's name ("said Ms. Warren", "Michael C. Cernech said").
NAME_DOTS = "Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Jr|Sr|Prof|Rev|St|Ft|Mt|Ltd|Inc|Co|Corp|[A-Z]"
# Reporting verbs of other languages our users read, as they stand after a quote ("», a déclaré X").
FOREIGN_VERBS = (
    "a déclaré|a dit|a affirmé|a ajouté|a souligné|a estimé|déclare|sagte|erklärte|betonte|sagt|fügte hinzu|"
    "dijo|afirmó|declaró|disse|afirmou|"
    # Russian: "«...», — заявил X"; "говорится в заявлении X" names whose statement it is.
    "заявил|заявила|сказал|сказала|сообщил|сообщила|отметил|отметила|подчеркнул|подчеркнула|добавил|добавила|"
    "пояснил|пояснила|написал|написала|говорится в заявлении|говорится в сообщении|"
    # Ukrainian: "«...», – заявив X".
    "заявив|заявила|сказав|сказала|повідомив|повідомила|додав|додала|наголосив|наголосила|зазначив|зазначила|"
    "підкреслив|підкреслила|пояснив|пояснила|написав|написала|йдеться у заяві|йдеться в заяві"
)
# "according to X" and its Ukrainian and Russian forms, before or after a quote.
ACCORDING = "according to|за словами|по словам|як зазначив|як зазначила|как отметил|как отметила"
# Labels of a quote and of its speaker's line in a text dump ("Quote: ...", "Source: Name, role").
QUOTE_LABELS = "quote|цитата"
SOURCE_LABELS = "source|джерело|источник"
PRONOUNS = frozenset({"he", "she", "they", "him", "her", "він", "вона", "вони", "он", "она", "они"})

# Verbs that report speech without quoting it ("Trump said he would ...", "the poll found that ..."). Belief and
# intention verbs (think, believe, hope, want) are left out: they say what someone holds, not what they said.
# Nouns that are also verb forms (states, notes, claims, reports, show) are left out too.
INDIRECT_VERBS = (
    "said|says|say|told|tells|tell|added|adds|noted|argued|argues|argue|warned|warns|warn|insisted|insists|"
    "explained|explains|stated|announced|announces|acknowledged|acknowledges|suggested|suggests|suggest|"
    "predicted|predicts|reported|wrote|writes|contended|contends|maintained|maintains|asserted|asserts|"
    "conceded|concedes|admitted|admits|confirmed|confirms|denied|denies|testified|estimated|estimates|"
    "indicated|indicates|revealed|reveals|stressed|stresses|emphasized|emphasised|complained|complains|"
    "alleged|alleges|countered|recalled|recalls|promised|promises|pledged|vowed|agreed|agrees|disclosed|"
    "assured|reminded|showed|shows|found|finds|concluded|concludes|declared|declares|claimed|replied|"
    "responded|cautioned|boasted|announced|argues|predicted|speculated|hinted|signaled|signalled"
)
# Words that may stand between a subject and its verb ("Trump has repeatedly said").
AUXILIARIES = "has|have|had|also|later|repeatedly|previously|often|publicly|privately|recently|then|again|once|never|" \
    "would|will|could|may|might|already|earlier|frequently|long|consistently|flatly|" \
    "is|are|was|were|been|not|only|first|still|now|openly|explicitly|even|did|does|do"
# Words that make what follows a cue a clause with a verb ("said he would"), not only an object.
FINITE_WORDS = frozenset("""is are was were be been has have had will would can could should may might must did does
do isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't didn't doesn't don't""".split())
# Words a cue's circumstances open with, not its content ('" X said at a news conference ...', "said Saturday").
CIRCUMSTANCE_WORDS = frozenset("""at in on to after before during with from for about as by since while when outside
inside ahead through via into over under without amid among monday tuesday wednesday thursday friday saturday sunday
yesterday today tonight earlier later again repeatedly""".split())
# Determiners and possessives that open a noun phrase (each reader adds the few it also needs).
DETERMINERS = frozenset("the a an this that these those his her their its our my".split())
