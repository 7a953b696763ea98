"""People: named persons with the role or title each article gives them.

A capitalised name counts as a person when the article marks it as one: a title before it
("Prime Minister Ana Lima"), a role in apposition after it ("Ana Lima, the finance chair,"), or a
speech verb ("Ana Lima said"). Later bare surnames ("Lima") are mentions of the same person.
Organisations and places carry none of these marks and are left out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..config import alias_table
from ..models import Source
from .names import NAME_RX, SPEECH_VERBS, TITLE_WORDS, _clean_role, names_in, split_title
from .patterns import tail_start

_APPOSITION = re.compile(r",\s*(?P<role>(?:the\s+|a\s+|an\s+)?[^,.;“”\"()]{3,110}?)\s*(?:,|\.$|$)")
_SAID_AFTER = re.compile(
    rf"^(?:,\s*[^,“”\"]{{1,80}},)?\s+(?:(?:also|later|further)\s+)?(?:{SPEECH_VERBS})\b")
# The last word of an organisation's or a place's name, never of a person's.
ORGANISATION_WORDS = {
    "group", "program", "programme", "party", "palace", "newspaper", "news", "times", "post",
    "research", "ministry", "bank", "agency", "council", "committee", "university", "institute",
    "association", "assembly", "initiative", "summit", "company", "corporation", "inc", "ltd",
    "plc", "co", "authority", "commission", "office", "department", "fund", "forum", "union",
    "organisation", "organization", "league", "alliance", "court", "parliament", "congress",
    "senate", "house", "city", "province", "state", "republic", "kingdom", "airport", "port",
    "station", "street", "square", "road", "river", "sea", "island", "islands", "mountains",
    "center", "centre", "school", "hospital", "daily", "herald", "journal", "tribune", "review",
    # Newspapers, agencies and broadcasters: "Le Monde" and "the Sunday Standard" are no one.
    "monde", "gazette", "telegraph", "guardian", "observer", "express", "mail", "standard",
    "chronicle", "press", "wire", "weekly", "magazine", "television", "radio", "tv", "network",
    "broadcasting", "xinhua", "reuters", "bloomberg", "ministries",
}
# Words that end a title only a person holds ("Vice President", "Foreign Minister"), unlike
# "National" or "Communist", which also start the names of bodies.
PERSON_TITLES = {
    "president", "minister", "chairman", "chairwoman", "chair", "chairperson", "secretary",
    "general", "chancellor", "king", "queen", "prince", "princess", "senator", "governor", "mayor",
    "dr", "mr", "mrs", "ms", "professor", "prof", "spokesman", "spokeswoman", "spokesperson",
    "director", "ambassador", "envoy", "commissioner", "premier", "judge", "sir", "dame", "lord",
    "lady", "ceo", "sen", "rep", "gen", "col", "capt", "lt",
}
# A name right after these is the object of a preposition: an organisation or place, mostly.
_AFTER_PREPOSITION = re.compile(r"(?:of|at|for|in|from|to|with|by|the)\s+$", re.I)
_TITLE_RUN = re.compile(r"((?:[\w’'-]+\s+){1,5})$")
_NOT_NAMES = {"the", "a", "an", "in", "on", "but", "and", "as", "it", "this", "that", "he", "she",
              "they", "we", "i", "his", "her", "their", "our", "its", "while", "after", "before",
              # Articles that open the names of papers and bodies ("Die Zeit"); not "Le" or
              # "La", which are family names too (Le Thu): "Le Monde" is no one by its "Monde".
              "les", "der", "die", "das"}


@dataclass(frozen=True, slots=True)
class PersonMention:
    source: str
    name: str
    role: str | None
    start: int
    end: int
    written: str | None = None
    """The spelling in the source when an alias in the config mapped it to ``name``."""


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    roles: tuple[tuple[str, PersonMention], ...]
    """(role as written, the mention that gives it), each distinct role once, in source order."""
    mentions: tuple[PersonMention, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.source for m in self.mentions))


def _is_title_word(word: str) -> bool:
    w = word.lower().strip(".,’'")
    return w in TITLE_WORDS or w.endswith(("ese", "ian", "ish"))


def _title_before(prefix: str) -> str | None:
    """The run of title words right before a name: 'Political researcher ' -> 'Political researcher'."""
    m = _TITLE_RUN.search(prefix, tail_start(prefix, 5))
    if not m:
        return None
    words = m.group(1).split()
    run: list[str] = []
    for word in reversed(words):
        if not _is_title_word(word):
            break
        run.insert(0, word)
    return " ".join(run) if run and any(w.lower() in TITLE_WORDS for w in run) else None


def _apposition_role(after: str) -> str | None:
    """', the finance chair,' after a name -> 'the finance chair'; not a list of other people."""
    m = _APPOSITION.match(after)
    if not m:
        return None
    role = m.group("role")
    lead = role.split()[:4]
    if not any(w.lower().strip("’'s") in TITLE_WORDS for w in lead):
        return None
    for other in NAME_RX.finditer(role):
        if len(split_title(other.group())[0].split()) >= 2 and split_title(other.group())[1]:
            return None  # "…, President Ana Lima, and …": a list of people, not a role
    return _clean_role(role)


def _strip_possessive(name: str) -> str:
    """"Ana Lima’s plan" starts with the name "Ana Lima"."""
    tokens = name.split()
    for i, token in enumerate(tokens):
        if token.endswith(("’s", "'s")):
            return " ".join([*tokens[:i], token[:-2]])
    return name


def people_in(source: Source) -> list[PersonMention]:
    """Every mention of a person in one source, in text order."""
    found: list[PersonMention] = []
    known: dict[str, str] = {}  # a name token -> the full name it belongs to
    known_names: set[str] = set()  # known's values
    for sentence in source.sentences:
        text = sentence.text
        for m_start, _, words, name, title in names_in(text):
            candidate = _candidate(words, name, title)
            if candidate is None:
                continue
            name, tokens, title, offset = candidate
            start = sentence.start + m_start + offset
            name_end = m_start + offset + len(name)
            if len(tokens) == 1:
                full = known.get(name)
                if full:
                    found.append(PersonMention(source.id, full, title, start, start + len(name)))
                elif title and len(name) >= 3 and name[1:].islower() \
                        and title.split()[-1].lower().strip(".") in PERSON_TITLES:
                    # "Vice President Limaa": a surname with a capitalised title is a person too.
                    found.append(PersonMention(source.id, name, title, start, start + len(name)))
                    known_names.add(known.setdefault(name, name))
                continue
            if len(tokens) > 4:
                continue
            before = text[: m_start + offset]
            if title is None and _AFTER_PREPOSITION.search(before, tail_start(before, 1)):
                continue  # "…director of the Asia Program": an organisation
            after = text[name_end:]
            role = title or _apposition_role(after) or _title_before(before)
            if role is None and not _SAID_AFTER.match(after) and name not in known_names:
                continue
            found.append(PersonMention(source.id, name, role, start, start + len(name)))
            for token in tokens:
                if len(token) > 1 and not token.endswith("."):
                    known_names.add(known.setdefault(token, name))
    return found


@functools.lru_cache(maxsize=4096)  # the same names come back sentence after sentence
def _candidate(words: str, name: str, title: str | None) -> tuple[str, tuple[str, ...], str | None, int] | None:
    """A capitalised name as a person's name: (name, its words, title, offset of the name in
    ``words``), or None for words that cannot be one ("The", "Asia Program")."""
    if title and not any(w.lower() in TITLE_WORDS for w in title.split()):
        title = None  # "Germany’s Anna Weber": a possessive alone is not a role
    name = _strip_possessive(name)
    tokens = tuple(name.split())
    if tokens[0].lower() in _NOT_NAMES or tokens[0].lower() in TITLE_WORDS:
        return None
    if tokens[-1].lower() in ORGANISATION_WORDS:
        return None
    return name, tokens, title, words.rfind(name) if name in words else len(words) - len(name)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance, for short names."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one name: "Ana Lima" / "Ana Lma", "Maria Lma" / "Ana Maria Lima" with one
    word off by a letter or two, or a titled surname alone ("Limaa" / "Ana Lima"). Different
    people ("Ana Lima" / "Ana Costa") differ more."""
    ta, tb = a.split(), b.split()
    if len(ta) > len(tb):
        ta, tb = tb, ta
    whole = len(tb)
    tb = tb[len(tb) - len(ta):]  # compare with the end of the longer name (a family name first or last)
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1 or not (len(ta) >= 2 or (whole >= 2 and len(ta[0]) >= 5)):
        return False
    shorter = min(len(differing[0][0]), len(differing[0][1]))
    return shorter >= 3 and _edits(*differing[0]) <= max(1, shorter // 4)


# A title with one of these words before its head is a different office: a "Vice President" is
# not the "President"; a "former Minister" is not the minister.
_RANK_WORDS = {"vice", "deputy", "former", "acting", "assistant", "interim", "ex", "outgoing",
               "associate", "under", "lieutenant"}


_TITLE_WORD = re.compile(r"[\w’'.-]+")


@functools.lru_cache(maxsize=4096)
def title_key(role: str) -> tuple[str, frozenset[str]] | None:
    """A title's head word and its rank words: "Vice President" -> ("president", {"vice"})."""
    words = [w.lower().strip(".,’'s") for w in _TITLE_WORD.findall(role)]
    return (words[-1], frozenset(_RANK_WORDS.intersection(words))) if words else None


def titles_contradict(a: str, b: str) -> bool:
    """"Vice President" and "President" name different offices (one is not a fuller form of the
    other): the same head word, with a rank word in one only."""
    ka, kb = title_key(a), title_key(b)
    return ka is not None and kb is not None and ka[0] == kb[0] and ka[1] != kb[1]


def apply_aliases(mentions: Iterable[PersonMention],
                  aliases: Sequence[tuple[str, Sequence[str]]]) -> list[PersonMention]:
    """Rename mentions written as a listed alias to the canonical name, keeping the spelling."""
    table = alias_table(aliases)
    return [replace(m, name=table[m.name.lower()], written=m.name) if m.name.lower() in table else m
            for m in mentions]


def name_variants(people: Sequence[Person]) -> list[tuple[Person, Person]]:
    """Pairs of people who are probably one person spelled two ways (the better-attested first)."""
    pairs = []
    for i, a in enumerate(people):
        for b in people[i + 1:]:
            if spelling_variant(a.name, b.name):
                pairs.append((a, b) if len(a.mentions) >= len(b.mentions) else (b, a))
    return pairs


def extract_people(sources: Sequence[Source],
                   aliases: Sequence[tuple[str, Sequence[str]]] = ()) -> list[Person]:
    """Every person named in the sources, merged across them (and through the alias table)."""
    mentions = apply_aliases((m for s in sources for m in people_in(s)), aliases)
    return merge_people(mentions, [s.id for s in sources])


def fold_marks(name: str) -> str:
    """A name without its diacritics: "Đỗ Mười" -> "Do Muoi" (đ and ø have no combining form)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_NO_DECOMPOSITION))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NO_DECOMPOSITION = str.maketrans("ĐđØøŁłĦħÆæŒœßÞþ", "DdOoLlHhAaOosTt")


def same_name_without_marks(mentions: list[PersonMention]) -> list[PersonMention]:
    """"Đỗ Mười" and "Do Muoi" are one person: every spelling of a name that differs only in its
    marks takes the most used one (the marked one on a tie), keeping the source's spelling."""
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.name] = counts.get(m.name, 0) + 1
    chosen: dict[str, str] = {}
    for name in sorted(counts, key=lambda n: (-counts[n], -sum(not c.isascii() for c in n), n)):
        chosen.setdefault(fold_marks(name), name)
    return [m if chosen[fold_marks(m.name)] == m.name else
            replace(m, name=chosen[fold_marks(m.name)], written=m.written or m.name) for m in mentions]


def merge_people(mentions: Iterable[PersonMention], order: Sequence[str]) -> list[Person]:
    """One person per name across sources; a shorter name whose words all belong to one longer
    name ("Maria Lima" and "Ana Maria Lima") is the same person."""
    by_name: dict[str, list[PersonMention]] = {}
    for m in same_name_without_marks(list(mentions)):
        by_name.setdefault(m.name, []).append(m)
    names = sorted(by_name, key=lambda n: -len(n.split()))
    canonical: dict[str, str] = {}
    for name in names:
        words = set(name.split())
        longer = [n for n in names if len(n.split()) > len(words) and words <= set(n.split())]
        canonical[name] = canonical.get(longer[0], longer[0]) if len(longer) == 1 else name
    merged: dict[str, list[PersonMention]] = {}
    for name, ms in by_name.items():
        merged.setdefault(canonical[name], []).extend(ms)
    rank = {sid: i for i, sid in enumerate(order)}
    people = []
    for name, ms in merged.items():
        ms.sort(key=lambda m: (rank[m.source], m.start))
        roles: dict[str, PersonMention] = {}
        for m in ms:
            if m.role and m.role.lower() not in {r.lower() for r in roles}:
                roles[m.role] = m
        # "President" adds nothing beside "Chinese President" (but does beside "Vice President").
        kept = [(r, m) for r, m in roles.items()
                if not any(r != other and r.lower() in other.lower() and not titles_contradict(r, other)
                           for other in roles)]
        people.append(Person(name, tuple(kept), tuple(ms)))
    people.sort(key=lambda p: (-len(p.sources), -len(p.mentions), p.name))
    return people
