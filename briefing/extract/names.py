"""Names, titles and the verbs that attribute words to someone: the vocabulary the quotes and the
people stages share. A name is a run of capitalised words ("Communist Party General Secretary
Ana Maria Lima"); ``split_title`` separates the title from the person."""

from __future__ import annotations

import functools
import re

from .patterns import any_word, tail_start

SPEECH_VERBS = (
    r"said|says|told|tells|wrote|writes|added|adds|noted|notes|remarked|stated|declared|explained|"
    r"argued|argues|warned|warns|insisted|insists|emphasi[sz]ed|stressed|underscored|asked|asks|"
    r"replied|announced|commented|observed|continued|concluded|concludes|predicted|acknowledged|"
    r"admitted|conceded|urged|urges|tweeted|posted|joked|jokes|quipped|boasted|claimed|claims|"
    r"revealed|recalled|recalls|remembered|affirmed|affirms|suggested|suggests|responded|answered|"
    r"countered|complained|vowed|promised|pledged|cautioned|testified|shouted|maintained|contended|"
    r"alleged|charged|confirmed|assured|lamented|bragged|exclaimed|reiterated|recounted|mused|"
    r"reported|reports|wondered|agreed|asserted|emailed|texted|retorted"
)
# "…, saying “…”": the subject of the clause speaks.
SAYING = r"saying|adding|noting|telling|writing|arguing|warning|insisting|declaring|explaining|asking|calling"
PRONOUNS = {"he", "she", "they", "him", "her", "them"}
BODY_PRONOUNS = {"it"}
"""'it said': the last body (a bank, a ministry, a company) that spoke."""
# Capitalised words that are titles or roles, not part of a person's name.
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "chairman", "chairwoman", "chair", "secretary",
    "general", "foreign", "chancellor", "king", "queen", "prince", "princess", "senator", "governor",
    "mayor", "dr", "mr", "mrs", "ms", "professor", "prof", "chief", "executive", "ceo", "cfo",
    "spokesman", "spokeswoman", "spokesperson", "director", "deputy", "party", "communist",
    "national", "assembly", "ambassador", "envoy", "commissioner", "premier", "leader", "head",
    "finance", "defence", "defense", "trade", "state", "justice", "interior", "economy",
    "political", "researcher", "analyst", "official", "lawmaker", "representative", "rep", "sen",
    "gen", "col", "capt", "lt", "sir", "dame", "lord", "lady", "judge", "founder", "chairperson",
    "opposition", "outgoing", "former", "acting", "interim", "ministry", "government",
}
# Offices a word before them can qualify ("Health Secretary", "Transport Minister").
OFFICES = {"minister", "secretary", "commissioner", "spokesman", "spokeswoman", "spokesperson"}
# A capitalised word with a lower-case letter in it ("Le", "McDonald", not "US"), an initial, or
# an abbreviated title ("Dr.", "Sen."). Written with a look-ahead rather than [\w]*[a-z][\w]*,
# which backtracks quadratically; and the capital comes first, before the look-behind that says
# it starts a word, so that re can skip straight to capitals (a pattern that opens with a
# look-behind is tried at every position: five times slower).
# Capitals and small letters of the Latin script, accented ones included ("Đỗ Mười", "Łukasz").
UPPER = "A-Z" + "".join(c for c in map(chr, [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]) if c.isupper())
LOWER = "a-z" + "".join(c for c in map(chr, [*range(0xDF, 0x250), *range(0x1E00, 0x1F00)]) if c.islower())
NAME_TOKEN = (rf"(?:[{UPPER}](?<![\w’'\-][{UPPER}])"
              r"(?:(?<=D)r\.|(?<=P)rof\.|(?<=M)(?:r|rs|s)\.|(?<=S)(?:en|gt|t)\.|(?<=R)ep\.|(?<=G)(?:en|ov)\."
              rf"|(?<=C)(?:ol|apt)\.|(?<=L)t\.|(?<=A)dm\.|(?=[\w’'\-]*?[{LOWER}])[\w’'\-]*|\.))")
NAME = rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN}){{0,7}}"  # "Communist Party General Secretary Ana Maria Lima"
NAME_RX = re.compile(NAME)

_VERB_WORDS = frozenset(re.sub(r"\[(\w)(\w)\]", r"\1", SPEECH_VERBS).split("|")
                        + re.sub(r"\[(\w)(\w)\]", r"\2", SPEECH_VERBS).split("|"))  # emphasised, emphasized
SPEECH_VERB = re.compile(any_word(SPEECH_VERBS.split("|")))  # \b(?:said|says|…)\b, scanned fast

@functools.lru_cache(maxsize=4096)  # the same names come back sentence after sentence
def split_title(name: str) -> tuple[str, str | None]:
    """'German Foreign Minister Anna Weber' -> ('Anna Weber', 'German Foreign Minister')."""
    tokens = name.split()
    i = 0
    while i < len(tokens) - 1 and (
        tokens[i].lower().strip(".") in TITLE_WORDS
        or tokens[i].endswith(("’s", "'s"))  # "Germany's Chancellor …": a possessive, not a name
        or (tokens[i].endswith(("ese", "ian", "ish")) and tokens[i + 1].lower() in TITLE_WORDS)
        # "Transport Minister Omar Haddad": a portfolio word before an office is part of the title.
        or (i + 2 < len(tokens) and tokens[i + 1].lower().strip(".") in OFFICES)
    ):
        i += 1
    # "Centre leader Ana Lima": a lower-case title word ends the title, whatever came before it.
    lower_titles = [j for j, t in enumerate(tokens[:-1]) if t.islower() and t in TITLE_WORDS]
    if lower_titles and lower_titles[-1] + 1 > i:
        i = lower_titles[-1] + 1
    if i == 0:
        return name, None
    return " ".join(tokens[i:]), " ".join(tokens[:i])


_SPEECH_VERB_ON = re.compile(rf"\s+(?:{SPEECH_VERBS})\b.*$")


@functools.lru_cache(maxsize=2048)
def names_in(text: str) -> tuple[tuple[int, int, str, str, str | None], ...]:
    """Every capitalised name in a sentence as (start, end, words, name, title): the quotes and
    the people stages both read a sentence's names, and find them once."""
    return tuple((m.start(), m.end(), m.group(), *split_title(m.group())) for m in NAME_RX.finditer(text))


def _clean_role(role: str | None) -> str | None:
    if not role:
        return None
    role = role.strip().rstrip(",.")
    role = _SPEECH_VERB_ON.sub("", role)
    if not role or role.split()[0] in {"who", "which", "that", "and", "but", "as", "in", "on", "Who", "Which", "That", "And", "But", "As", "In", "On"}:
        return None
    return role


_ROLE_RUN = re.compile(r"((?:[A-Za-z][\w’'-]*\s+){1,5})$")


def _role_before(prefix: str) -> str | None:
    """'Political researcher ' before a name -> 'Political researcher'."""
    m = _ROLE_RUN.search(prefix, tail_start(prefix, 5))
    if not m:
        return None
    words = m.group(1).split()
    while words and words[0].lower() not in TITLE_WORDS and not words[0].endswith(("ese", "ian")):
        words.pop(0)
    return " ".join(words) or None
