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
from dataclasses import dataclass, field, replace

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
    sources: tuple[str, ...] = field(init=False, default=(), compare=False)
    """The sources that name the person, in the order of the mentions (worked out once)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(dict.fromkeys(m.source for m in self.mentions)))


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
    """Pairs of people who are probably one person spelled two ways (the better-attested first).
    Only names sharing a block are compared (``_blocks``: every pair ``spelling_variant`` accepts
    shares one, and a block holds few names): the work grows with the people, not their pairs."""
    blocks: dict[tuple[object, ...], list[tuple[int, bool]]] = {}
    for i, person in enumerate(people):
        for key, whole in _blocks(person.name):
            blocks.setdefault(key, []).append((i, whole))
    candidates: set[tuple[int, int]] = set()
    for members in blocks.values():
        for i, whole in members:
            if whole:  # the shorter name of a pair is compared whole with the other's end
                candidates.update((min(i, j), max(i, j)) for j, _ in members if j != i)
    pairs = []
    for i, j in sorted(candidates):
        a, b = people[i], people[j]
        if spelling_variant(a.name, b.name):
            pairs.append((a, b) if len(a.mentions) >= len(b.mentions) else (b, a))
    return pairs


# Words this long (rare in names) have too many deletion variants: they share one block instead.
LONG_WORD = 13


def _blocks(name: str) -> list[tuple[tuple[object, ...], bool]]:
    """The block keys of a name, each with whether it is of the whole name.

    ``spelling_variant`` pairs a name with the end of another as long, the same but for one word
    within a few edits. So for each end of the name (its last k words; k = all: the whole name)
    and each word in it: the other words as they are, with that word reduced by up to as many
    deletions as its edits allow. Two words within d edits share such a reduction (delete from
    each the letters the other lacks), so every accepted pair shares a key."""
    words = name.split()
    keys: list[tuple[tuple[object, ...], bool]] = []
    for k in range(1, len(words) + 1):
        end = words[len(words) - k:]
        for j, word in enumerate(end):
            if len(word) < 3 or (len(words) == 1 and len(word) < 5):
                continue  # never the differing word of a pair spelling_variant accepts
            rest = (k, j, *end[:j], *end[j + 1:])
            if len(word) >= LONG_WORD - 3:
                keys.append((("long", *rest), k == len(words)))
            if len(word) < LONG_WORD:
                keys += [((*rest, reduced), k == len(words)) for reduced in _deletions(word)]
    return keys


def _deletions(word: str) -> set[str]:
    """The word with up to max(1, len // 4) letters deleted (itself included)."""
    found = level = {word}
    for _ in range(max(1, len(word) // 4)):
        level = {w[:i] + w[i + 1:] for w in level for i in range(len(w))}
        found = found | level
    return found


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
    # The longer names holding all of a name's words are among those holding its rarest word:
    # look them up by word (never every name against every other).
    holding: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        for word in set(name.split()):
            holding.setdefault(word, []).append(i)
    canonical: dict[str, str] = {}
    for name in names:
        words = set(name.split())
        rarest = min(words, key=lambda w: len(holding[w]), default=None)
        longer = [names[i] for i in (holding[rarest] if rarest is not None else range(len(names)))
                  if len(names[i].split()) > len(words) and words <= set(names[i].split())]
        canonical[name] = canonical.get(longer[0], longer[0]) if len(longer) == 1 else name
    merged: dict[str, list[PersonMention]] = {}
    for name, ms in by_name.items():
        merged.setdefault(canonical[name], []).extend(ms)
    rank = {sid: i for i, sid in enumerate(order)}
    people = []
    for name, ms in merged.items():
        ms.sort(key=lambda m: (rank[m.source], m.start))
        roles: dict[str, PersonMention] = {}
        seen: set[str] = set()
        for m in ms:
            if m.role and m.role.lower() not in seen:
                roles[m.role] = m
                seen.add(m.role.lower())
        # "President" adds nothing beside "Chinese President" (but does beside "Vice President").
        listed = list(roles)
        holders = _holders([r.lower() for r in listed])
        kept = [(r, m) for i, (r, m) in enumerate(roles.items())
                if not any(not titles_contradict(r, listed[other]) for other in holders.get(i, ()))]
        people.append(Person(name, tuple(kept), tuple(ms)))
    people.sort(key=lambda p: (-len(p.sources), -len(p.mentions), p.name))
    return people


def _holders(texts: Sequence[str]) -> dict[int, list[int]]:
    """For each text, the other texts holding it (distinct texts, by index): one pass over each text
    with an Aho-Corasick automaton of them all, never every text against every other."""
    goto: list[dict[str, int]] = [{}]
    ends: list[list[int]] = [[]]  # texts ending at each state, by its suffix links too
    for t, text in enumerate(texts):
        state = 0
        for ch in text:
            state = goto[state].get(ch) or goto[state].setdefault(ch, len(goto))
            if state == len(goto):
                goto.append({})
                ends.append([])
        ends[state].append(t)
    fail = [0] * len(goto)
    queue = list(goto[0].values())
    for state in queue:  # breadth first: a state's suffix link is found before its children's
        for ch, child in goto[state].items():
            back = fail[state]
            while back and ch not in goto[back]:
                back = fail[back]
            fail[child] = goto[back].get(ch, 0) if goto[back].get(ch) != child else 0
            ends[child] = ends[child] + ends[fail[child]]
            queue.append(child)
    found: dict[int, list[int]] = {}
    for t, text in enumerate(texts):
        inside: set[int] = set()
        state = 0
        for ch in text:
            while state and ch not in goto[state]:
                state = fail[state]
            state = goto[state].get(ch, 0)
            inside.update(ends[state])
        for held in sorted(inside - {t}):
            found.setdefault(held, []).append(t)
    return found
