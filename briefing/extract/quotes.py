"""Direct quotes and who said them.

A quoted span is a quote only when the text attributes it to someone: after it (", said Ana
Lima", ", she told Reuters", "," Lima wrote), before it ("Lima remarked, “", "quoted him as saying, “",
"X said that … “"), "according to her", or by continuing the previous attributed quote of the same
paragraph. Pronouns resolve to the last named speaker of the article. A short quoted phrase with no
attribution ("shuttle diplomacy", a film title) is a scare quote or a title, not a quote.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Sentence
from .patterns import any_word, tail_start, words_of

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
_TITLE_RUN = r"(?:(?:leader|chief|minister|spokesman|spokeswoman|spokesperson|president|chair|"\
             r"chairman|director|secretary|governor|mayor|manager|official|analyst|researcher|"\
             r"head|coordinator|executive|adviser|advisor)\s+)"
# "Ana Lima", "he", and "Centre leader Ana Lima" (a name, lower-case title words, a name).
WHO = rf"(?:(?:{NAME}\s+)?{_TITLE_RUN}{{1,3}}{NAME}|{NAME}|[Hh]e|[Ss]he|[Tt]hey)"

OPEN, CLOSE = "“\"", "”\""
# After the closing mark: ', said Ana Lima, finance chair of …' or ', she told Reuters'.
AFTER_VERB_FIRST = re.compile(rf"^\s*[,.!?]?\s*(?:{SPEECH_VERBS})\s+(?P<who>{WHO})(?:,\s*(?P<role>[^.;“”\"]{{3,160}}))?")
AFTER_WHO_FIRST = re.compile(
    rf"^\s*[,.!?]?\s*(?P<who>{WHO})(?:,\s*(?P<role>[^,“”\"]{{3,160}}),)?\s+(?:also\s+|later\s+)?(?:{SPEECH_VERBS})\b")
# A speaker described in a noun phrase after the quote: ', said L2 president Bruce Willsie',
# ', conservative activist Bob Klaus said', ', the ministry said', ', said a spokesman for the firm'.
_NP_WORD = rf"(?:{NAME_TOKEN}|[a-z0-9][\w’'\-]*|[A-Z][A-Z0-9&\-]+(?![\w’'\-]))"  # a name, a word, an acronym
_NP = rf"{_NP_WORD}(?:\s+{_NP_WORD}){{0,9}}"
AFTER_VERB_NP = re.compile(rf"^\s*[,.!?]?\s*(?:{SPEECH_VERBS})\s+(?P<np>{_NP})(?:,\s*(?P<role>[^.;“”\"]{{3,160}}))?")
AFTER_NP_VERB = re.compile(
    rf"^\s*[,.!?]?\s*(?P<np>{_NP}?)(?:,\s*(?P<role>[^“”\".;]{{3,160}}?),)?\s+(?:also\s+|later\s+|then\s+)?(?:{SPEECH_VERBS})\b")
# Words that end a speaker's noun phrase: what follows is where, when or to whom.
_NP_STOP = frozenset({
    "in", "at", "on", "during", "after", "before", "when", "while", "who", "whose", "which",
    "that", "to", "from", "for", "with", "via", "as", "last", "this", "by", "about", "into",
    "over", "under", "outside", "inside", "near", "told", "said", "says", "earlier", "later",
    "recently", "has", "have", "had", "is", "was", "were", "would", "will", "also", "then",
})
_DETERMINERS = ("the ", "a ", "an ", "one ", "another ")
# Capitalised words that open a sentence or name a day, never a speaker.
_NOT_SPEAKERS = frozenset({
    "When", "While", "After", "Before", "And", "But", "On", "In", "At", "As", "If", "Since",
    "Though", "Although", "Because", "So", "Then", "Yet", "Or", "For", "With", "Without", "During",
    "Neither", "Either", "Both", "Continuing", "Hours", "Minutes", "Days", "Later", "Earlier",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today",
    "Tonight", "Yesterday",
})
# Before the opening mark.
BEFORE_ADJACENT = re.compile(
    rf"(?P<who>{NAME}|[Hh]e|[Ss]he|[Tt]hey)(?:,\s*(?P<role>[^,“”\"]{{3,160}}),)?\s+(?:(?:also|later|then|further)\s+)?"
    rf"(?:{SPEECH_VERBS})(?:\s+(?:that|in\s+[^,“”\"]{{1,80}}|on\s+\w+))?\s*[,:]?\s*$")
# "The ministry said: “…”", "A spokesman for the firm told reporters, “…”".
BEFORE_DESCRIBED = re.compile(
    rf"(?<![\w’'\-])(?P<who>(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother)\s+{_NP}?)\s+(?:(?:also|later|then|further)\s+)?"
    rf"(?:{SPEECH_VERBS})(?:\s+(?:reporters|journalists|[A-Z][\w’'\-]*))?\s*[,:]?\s*$")
# "… by Judge Ana Lima, who said the deal was “…”".
WHO_SAID = re.compile(rf"(?P<who>{NAME}),?\s+who\s+(?:(?:also|later|has|had)\s+)?(?:{SPEECH_VERBS})\b[^“”\".;]{{0,120}}$")
# "The agency reported that the outbreak “…”": a described speaker as the clause's subject.
DESCRIBED_SAID = re.compile(
    rf"(?<![\w’'\-])(?P<who>(?:[Tt]he|[Aa]n?)\s+(?:[\w’'\-]+\s+){{0,3}}?[\w’'\-]+)\s+(?:(?:also|later|further|has|have|had)\s+)?"
    rf"(?:{SPEECH_VERBS})\b[^“”\".;]{{0,120}}$")
# "…, he added, were “…”" and "Cost estimates, Lima said, were “…”": a speaker set off by commas.
PARENTHETICAL = re.compile(rf",\s*(?P<who>{NAME}|[Hh]e|[Ss]he|[Tt]hey)\s+(?:{SPEECH_VERBS})\s*,")
# "Lima issued a statement saying the plan “…”": the subject of a clause ending in "saying".
SUBJECT_SAYING = re.compile(rf"(?P<who>{NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey)\b[^“”\".;]{{0,200}}?,?\s+(?:{SAYING})\b[^“”\".;]{{0,80}}$")
QUOTED_AS = re.compile(rf"quoted\s+(?P<who>him|her|them|{NAME})\s+as\s+saying\s*[,:]?\s*$")
# "Ana Lima said", "Ana Lima, 54, told", "Ana Lima, the finance chair, also said".
SAID_ANYWHERE = re.compile(
    rf"(?P<who>{NAME})(?:,\s*[^,“”\"]{{1,80}},)?\s+(?:(?:also|later|further)\s+)?(?:{SPEECH_VERBS})\b")
NAME_RX = re.compile(NAME)
# "A joint statement … emphasized the commitment to “…”": a document as the speaker.
DOCUMENT_SAID = re.compile(
    r"\b(?P<who>(?:joint\s+|official\s+|final\s+)?(?:statement|communiqu[eé]|declaration|resolution|memo|"
    r"letter|filing|complaint|lawsuit|ruling|release|report|email|e-mail|tweet|post|document))\b"
    rf"[^“”\".]{{0,100}}?\b(?:{SPEECH_VERBS}|expressed|called|pledged|read|reads)\b.*$", re.I)
# A short quote is a quote when its speaker says it in the same clause: "Ana Lima said the bank
# would “not be rushed”", "told shareholders the offer was “fair and final”", "called him “…”";
# not "Lima said in a “signed article”" (a medium) and not "the so-called “…”".
_SHORT_ATTRIBUTED = re.compile(
    rf"(?P<who>{NAME}|\b[Hh]e|\b[Ss]he|\b[Tt]hey|\b(?:[Tt]he|[Aa]n?)\s+[a-z]+(?:\s+[a-z]+)?)"
    rf"(?:,\s*[^,“”\"]{{1,80}},|,|,?\s+who)?\s+(?:(?:has|have|had)\s+)?(?:(?:{SPEECH_VERBS}|called|described|dubbed)\b)"
    r"(?!\s+(?:in|on|at|via|through|with)\s+(?:a|an|the|his|her|its|their)\b)"
    r"(?![^“”\".;]*\bso-called\b)"
    r"[^“”\".;]{0,60}$")


def _np_speaker(np: str, head_last: bool) -> tuple[str, str | None] | None:
    """The speaker in a noun phrase, and the words before the name as a role: a pronoun; a name
    ("said L2 president Bruce Willsie", "conservative activist Bob Klaus said"); or a described
    speaker ("the ministry", "a spokesman"). After the verb the speaker is the first name that ends
    the phrase or is followed by a word of place, time or audience ("Trump at a rally", "Ian
    Clarke of the Royal College"), preferring a full name; before the verb it is the last name.
    A phrase that opens with such a word ("at a rally in Columbus", "on Tuesday") names no one."""
    words = np.split()
    if not words or words[0] in _NP_STOP or words[0] in _NOT_SPEAKERS:  # "WHO chief …" is no "who"
        return None
    if words[0] in ("he", "she", "they", "it", "He", "She", "They", "It"):
        return (words[0], None) if len(words) == 1 or words[1].lower() in _NP_STOP else None
    for k, word in enumerate(words):
        if k and word in _NP_STOP:
            words = words[:k]
            break
    phrase = " ".join(words)
    names = [m for m in NAME_RX.finditer(phrase) if m.group() not in _NOT_SPEAKERS]
    if names:
        if head_last:
            chosen = names[-1]
        else:
            heads = [m for m in names if not phrase[m.end():].split() or phrase[m.end():].split()[0] == "of"]
            full = [m for m in heads if len(m.group().split()) >= 2]
            chosen = (full or heads or names)[0]
            if phrase.startswith(("the ", "The ")) and chosen is names[0] and len(chosen.group().split()) == 1:
                return phrase, None  # "the Bank of England"
        described = phrase[:chosen.start()].strip()
        if described.lower() in ("the", "a", "an"):
            return phrase, None  # "the Council": a body
        return chosen.group(), described or None
    if phrase.lower().startswith(_DETERMINERS) and len(words) >= 2:
        return phrase, None
    return None


def _short_quote_attributed(before: str) -> bool:
    return _SHORT_ATTRIBUTED.search(before) is not None


_SMALL_WORDS = {"of", "the", "and", "a", "an", "for", "in", "on", "to", "with", "&"}


def _is_title_case(words: str) -> bool:
    """“Community of Common Destiny”: a name or a title, not a statement."""
    tokens = [t for t in re.findall(r"[^\W\d_][\w’'-]*", words) if t.lower() not in _SMALL_WORDS]
    return bool(tokens) and len(tokens) <= 6 and all(t[0].isupper() for t in tokens)
_VERB_WORDS = frozenset(re.sub(r"\[(\w)(\w)\]", r"\1", SPEECH_VERBS).split("|")
                        + re.sub(r"\[(\w)(\w)\]", r"\2", SPEECH_VERBS).split("|"))  # emphasised, emphasized
SPEECH_VERB = re.compile(any_word(SPEECH_VERBS.split("|")))  # \b(?:said|says|…)\b, scanned fast
ACCORDING_TO = re.compile(rf"\b[Aa]ccording to\s+(?P<who>him|her|them|{NAME})(?=[\s,.;:]|$)")


@dataclass(frozen=True, slots=True)
class Quote:
    """A quote found in a source: its evidence span (one or more sentences) and its words."""

    start: int
    """Offset of the quoted words in the file's text."""
    end: int
    words: str
    speaker: str
    role: str | None
    first_sentence: int
    last_sentence: int


_QUOTE_MARK = re.compile(r'[“”"]')


def _spans(text: str) -> list[tuple[int, int, bool]]:
    """Quoted spans in a sentence as (start of words, end of words, closed?): double quotation
    marks, or British single ones (‘…’) outside them."""
    out: list[tuple[int, int, bool]] = []
    if "“" in text or '"' in text:  # most sentences quote nobody: no walk over their marks
        opened: int | None = None
        for mark in _QUOTE_MARK.finditer(text):  # only the marks, not every character
            i, ch = mark.start(), mark.group()
            if ch == "“" or (ch == '"' and opened is None):
                opened = i + 1  # a second opening mark before a close: the first was stray
            elif (ch == "”" or ch == '"') and opened is not None:
                out.append((opened, i, True))
                opened = None
        if opened is not None:
            out.append((opened, len(text), False))
    if "‘" in text or "'" in text:
        inside = out[:]
        for m in _SINGLE_QUOTED.finditer(text) if "‘" in text else _STRAIGHT_SINGLE.finditer(text):
            if not any(a - 1 <= m.start() < b + 1 for a, b, _ in inside):
                out.append((m.start(1), m.end(1), True))
        out.sort()
    return out


# ‘…’ as quotation marks: opened at a word's start, closed by ’ that no letter follows (an
# apostrophe, as in "company’s", has one).
_SINGLE_QUOTED = re.compile(r"(?<![\w’])‘([^‘’\n]*(?:’\w[^‘’\n]*)*)’(?!\w)")
# 'We have no choice,' said Tom Reed: straight single marks, opened where no letter is before and
# closed where none follows, with a space inside ("don't" and "workers' union" are apostrophes).
_STRAIGHT_SINGLE = re.compile(r"(?<![\w'])'((?=[^'\n]* )(?:[^'\n]|'(?=\w))+?)'(?!\w)")


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
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _ends_sentence(before: str) -> bool:
    """Does the text end with . ! or ? (and perhaps one closing quote), then only spaces?"""
    b = before.rstrip()
    return b.endswith((".", "!", "?")) or (len(b) >= 2 and b[-1] in "”\"’" and b[-2] in ".!?")


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


class _Speakers:
    """Names seen in one article: resolves 'Weber' to 'Anna Weber' and pronouns to the last speaker."""

    def __init__(self) -> None:
        self.full: dict[str, None] = {}  # full names in the order seen (a dict: quick to ask)
        self.roles: dict[str, str] = {}
        self.last: str | None = None
        self.last_named: str | None = None
        """The last full name of a person seen, for a "she added" before anyone has spoken."""
        self.last_body: str | None = None
        """The last body that spoke ("the Council", a described speaker), for "it said"."""
        self.last_at = -1
        """The sentence in which ``last`` was last named as saying something."""
        self.sentence = 0
        """The sentence being read."""

    def resolve(self, who: str, role: str | None = None) -> str | None:
        if who.lower() in PRONOUNS:
            if self.last is None:
                self.last = self.last_named  # no one has spoken yet: the last person named
            if self.last is not None:
                self.last_at = self.sentence
            return self.last
        if who.lower() in BODY_PRONOUNS:
            return self.last_body
        tokens = who.split()
        while tokens and tokens[0] in _NOT_SPEAKERS:  # "When Trump", "And Rick Santorum"
            tokens.pop(0)
        if not tokens:
            return None
        who = " ".join(tokens)
        self.last_at = self.sentence
        if who.lower().startswith(_DETERMINERS):
            head = who.split()[-1]
            if head[:1].isupper():  # "the Council": the body named in full before, if it was
                who = next((full for full in reversed(self.full) if full.split()[-1] == head), who)
            elif len(who.split()) == 2:  # "the judge": the one person given that title, if only one was
                titled = {n for n, r in self.roles.items() if head in r.lower().split()}
                if len(titled) == 1:
                    who = titled.pop()
                    self.last = who
                    return who
            self.last = self.last_body = who  # "a spokesman": "he added" next means them, but no full name
            return who
        name, title = split_title(who)
        if len(name.split()) == 1:
            for full in reversed(self.full):
                if name in full.split():
                    name = full
                    break
        self.full.setdefault(name)
        role = _clean_role(role) or title
        if role and name not in self.roles:
            self.roles[name] = role
        self.last = name
        return name

    def knows(self, surname: str) -> bool:
        """Is this single name part of a full name seen in the article?"""
        return any(surname in full.split() for full in self.full)

    def note(self, text: str) -> None:
        """Learn full names (and speakers) from a sentence without quotes."""
        has_verb = not _VERB_WORDS.isdisjoint(words_of(text)) and SPEECH_VERB.search(text)
        for m in SAID_ANYWHERE.finditer(text) if has_verb else ():
            name, title = split_title(m.group("who"))
            if name.split()[0].lower() in TITLE_WORDS or len(name) < 2:
                continue
            role = title or _role_before(text[: m.start()])
            self.resolve(name, role)
        for _, _, _, name, title in names_in(text):
            if len(name.split()) >= 2:
                self.full.setdefault(name)
                if name.split()[0] not in _NOT_SPEAKERS:
                    self.last_named = name
            if title and len(name.split()) >= 2:
                self.roles.setdefault(name, title)  # "Finance Minister Ana Lima arrived…"


@dataclass(slots=True)
class _Span:
    """One quoted stretch of a sentence and what the sentence says of who said it."""

    start: int
    end: int
    last: int
    words: str
    whole: bool
    before: str
    who: str | None = None
    role: str | None = None
    after: bool = False
    """The speaker was named after the closing mark (", the Council said")."""
    document: str | None = None


def _attribute_after(span: _Span, after: str) -> bool:
    for rx, head_last in ((AFTER_VERB_NP, False), (AFTER_NP_VERB, True)):
        m = rx.match(after)
        if m and (found := _np_speaker(m.group("np"), head_last)) is not None:
            span.who, span.role, span.after = found[0], m.groupdict().get("role") or found[1], True
            return True
    return False


def _attribute(span: _Span, text: str, after: str, next_sentence: str) -> None:
    """Fill in the speaker a quote's own sentence gives it, if any; for a quote that is a whole
    sentence, the next sentence may name it (“… the gang members?” Trump asked.)."""
    before = span.before
    if _attribute_after(span, after):
        return
    if span.whole and not before.strip() and _attribute_after(span, next_sentence):
        return
    m = QUOTED_AS.search(before) or BEFORE_ADJACENT.search(before) or BEFORE_DESCRIBED.search(before)
    if m:
        span.who, span.role = m.group("who"), m.groupdict().get("role")
        if span.role is None and span.who[0].isupper():
            span.role = _role_before(before[: m.start()])
        return
    if len(span.words.split()) >= 4:
        m = (SAID_ANYWHERE.search(before) or WHO_SAID.search(before) or PARENTHETICAL.search(before)
             or ACCORDING_TO.search(text) or SUBJECT_SAYING.search(before))
        if m:
            span.who = m.group("who")
        elif (d := DOCUMENT_SAID.search(before)) is not None:
            span.document = " ".join(d.group("who").lower().split())
        elif (m := DESCRIBED_SAID.search(before)) is not None:
            span.who = m.group("who")


def extract_quotes(sentences: Sequence[Sentence]) -> list[Quote]:
    """Find attributed quotes in one source's sentences, in order."""
    speakers = _Speakers()
    quotes: list[Quote] = []
    i = 0
    previous: Quote | None = None
    while i < len(sentences):
        sentence = sentences[i]
        text = sentence.text
        speakers.sentence = i
        found: list[_Span] = []
        for qs, qe, closed in _spans(text):
            last = i
            words_end_abs = sentence.start + qe
            if not closed:
                # The quote runs on into the next sentences of the paragraph, to a closing mark.
                j = i + 1
                while j < len(sentences) and sentences[j].paragraph == sentence.paragraph:
                    if sentences[j].text.startswith("“"):
                        break  # a sentence that opens a quote: the open one ended without its mark
                    close_at = next((k for k, ch in enumerate(sentences[j].text) if ch in CLOSE), None)
                    last = j
                    if close_at is not None:
                        words_end_abs = sentences[j].start + close_at
                        break
                    words_end_abs = sentences[j].end
                    j += 1
            end_sentence = sentences[last]
            after = end_sentence.text[words_end_abs - end_sentence.start + 1:] if closed or last > i else ""
            next_sentence = sentences[last + 1].text if not after.strip() and closed and last + 1 < len(sentences) \
                and sentences[last + 1].paragraph == end_sentence.paragraph else ""
            before = text[: max(qs - 1, 0)]
            span = _Span(sentence.start + qs, words_end_abs, last,
                         _words_between(sentences, i, last, sentence.start + qs, words_end_abs),
                         # A quote that opens the sentence, or follows one that ended ("…p.m. “We will…").
                         before.strip() == "" or _ends_sentence(before), before)
            _attribute(span, text, after, next_sentence)
            found.append(span)
        if not found:
            speakers.note(text)
            i += 1
            continue
        # A speaker named after a sentence's last quote says its earlier ones too: 'Headline
        # inflation “will begin to decline” while core inflation “may pick up”, the Council said.'
        for k in range(len(found) - 2, -1, -1):
            if found[k].who is None and found[k].document is None and found[k + 1].after:
                found[k].who, found[k].role, found[k].after = found[k + 1].who, found[k + 1].role, True
        opens_paragraph = i == 0 or sentences[i - 1].paragraph != sentence.paragraph
        for span in found:
            n_words = len(span.words.split())
            who, role = span.who, span.role
            if who is None and span.whole and previous is not None and previous.last_sentence in (i - 1, i) \
                    and (opens_paragraph or sentences[previous.last_sentence].paragraph == sentence.paragraph):
                who, role = previous.speaker, previous.role  # a quote running on from the last one
            elif who is None and span.whole and opens_paragraph and span.document is None \
                    and speakers.last is not None and speakers.last_at == i - 1:
                who = speakers.last  # 'Stevens said, …' then a paragraph that is all quote
            if not span.whole and _is_title_case(span.words):
                continue
            if span.document is not None and n_words >= 4:
                # A document speaks but is no one's antecedent: "he said" later is not it.
                quotes.append(Quote(span.start, span.end, span.words, span.document, None, i, span.last))
                continue
            short_said = _short_quote_attributed(span.before)
            if who is not None and not span.whole and n_words < 4 and not short_said and not span.after:
                continue  # a short phrase in quotes is a scare quote unless its speaker is beside it
            if who is None and span.document is None:
                m = _SHORT_ATTRIBUTED.search(span.before)
                if m and (len(split_title(m.group("who"))[0].split()) >= 2 or speakers.knows(m.group("who"))
                          or m.group("who").lower() in PRONOUNS or m.group("who").lower().startswith(_DETERMINERS)):
                    who = m.group("who")  # a person named in full, known, or "he": not "Analysts said"
            if who is None or (n_words < 2 and not (short_said or span.after)):
                continue
            name = speakers.resolve(who, role)
            if name is None:
                continue
            quote = Quote(span.start, span.end, span.words, name, speakers.roles.get(name), i, span.last)
            quotes.append(quote)
            previous = quote
        speakers.note(_QUOTED.sub(" ", text))
        i += 1
    return quotes


def _words_between(sentences: Sequence[Sentence], first: int, last: int, start: int, end: int) -> str:
    parts = []
    for k in range(first, last + 1):
        s = sentences[k]
        a, b = max(start, s.start), min(end, s.end)
        if a < b:
            parts.append(s.text[a - s.start: b - s.start])
    return " ".join(" ".join(parts).split()).strip(" ,")
