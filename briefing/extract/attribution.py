"""Who said a quote: the patterns that attribute quoted words to a speaker, and the speakers of one
article (a surname resolves to the full name seen before it, "he" to the last speaker, "it" to
the last body that spoke, "the judge" to the one person with that title)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import (
    _VERB_WORDS,
    BODY_PRONOUNS,
    NAME,
    NAME_RX,
    NAME_TOKEN,
    PRONOUNS,
    SAYING,
    SPEECH_VERB,
    SPEECH_VERBS,
    TITLE_WORDS,
    _clean_role,
    _role_before,
    names_in,
    split_title,
)
from .patterns import words_of

BEFORE_WINDOW = 600
"""How far before a quote its attribution is looked for (a name, a 160-character role, a clause)."""
# After the closing mark, a speaker described in a noun phrase: ', said K9 president Ana Lima',
# ', union organiser Tom Reed said', ', the ministry said', ', said a spokesman for the firm'.
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
    ("said K9 president Ana Lima", "union organiser Tom Reed said"); or a described
    speaker ("the ministry", "a spokesman"). After the verb the speaker is the first name that ends
    the phrase or is followed by a word of place, time or audience ("Lima at a rally", "Ian
    Clarke of the Royal College"), preferring a full name; before the verb it is the last name.
    A phrase that opens with such a word ("at a rally in Springfield", "on Tuesday") names no one."""
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
    if head_last and " of " in phrase:
        if phrase.startswith(("the ", "The ")):
            return phrase, None  # "the Bank of Ruritania said": a body
        if NAME_RX.match(phrase):
            phrase = phrase[:phrase.index(" of ")]  # "Ian Roe of the Royal College said": Ian Roe
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


ACCORDING_TO = re.compile(rf"\b[Aa]ccording to\s+(?P<who>him|her|them|{NAME})(?=[\s,.;:]|$)")


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
        while tokens and tokens[0] in _NOT_SPEAKERS:  # "When Lima", "And Tom Reed"
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


def _attribute(span: _Span, after: str, next_sentence: str, according: re.Match[str] | None) -> None:
    """Fill in the speaker a quote's own sentence gives it, if any; for a quote that is a whole
    sentence, the next sentence may name it (“… is that fair?” Lima asked.)."""
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
             or according or SUBJECT_SAYING.search(before))
        if m:
            span.who = m.group("who")
        elif (d := DOCUMENT_SAID.search(before)) is not None:
            span.document = " ".join(d.group("who").lower().split())
        elif (m := DESCRIBED_SAID.search(before)) is not None:
            span.who = m.group("who")
