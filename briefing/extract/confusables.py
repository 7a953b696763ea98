"""Names written with look-alike letters from another script ("Ana Lіma" with a Cyrillic і).

Such a name looks like the real one on the page but is not the same string, so it escapes the
merging of people and the spelling-variant check; planted, it can put words in the wrong mouth.
Each name is reduced to a *skeleton*, its letters mapped to the Latin letters they look like
(after Unicode TR39's confusables, limited to the Cyrillic and Greek letters that pass for Latin
ones), and names are grouped by skeleton: linear in the number of people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TypeVar

# Cyrillic and Greek letters that render like a Latin letter in common fonts.
_LOOKALIKE = str.maketrans({
    **dict(zip("АВЕЅІЈКМНОРСТХУаеѕіјорсхуԁһӏɡ", "ABESIJKMHOPCTXYaesijopcxydhlg", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοιν", "ABEZHIKMNOPTYXoiv", strict=True)),
})


def skeleton(name: str) -> str:
    """The name as it looks: look-alike letters mapped to Latin, compatibility forms folded."""
    return unicodedata.normalize("NFKC", name).translate(_LOOKALIKE)


def _script(ch: str) -> str | None:
    """LATIN, CYRILLIC, GREEK… for a letter (from its Unicode name), None for anything else."""
    if not ch.isalpha():
        return None
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def mixed_scripts(name: str) -> bool:
    """Does a single word of the name mix letters of two scripts (as no real spelling does)?"""
    for word in name.split():
        scripts = {s for s in map(_script, word) if s is not None}
        if len(scripts) > 1:
            return True
    return False


T = TypeVar("T")


def lookalike_pairs(items: Sequence[T], name_of: Callable[[T], str]) -> list[tuple[T, T]]:
    """(plain, disguised) pairs: two names that look the same, the second mixing scripts. Grouped
    by skeleton, so each item is looked at once."""
    groups: dict[str, list[T]] = defaultdict(list)
    for item in items:
        groups[skeleton(name_of(item))].append(item)
    pairs = []
    for members in groups.values():
        if len(members) < 2:
            continue
        plain = [m for m in members if not mixed_scripts(name_of(m))]
        for disguised in (m for m in members if mixed_scripts(name_of(m))):
            if plain:
                pairs.append((plain[0], disguised))
    return pairs


_WORD = re.compile(r"\w+")


def mixed_script_words(text: str) -> list[tuple[int, int, str]]:
    """Every word of a text that mixes letters of two scripts ("Xі", "Lіma"), with its offsets:
    a look-alike letter planted in a name, or a broken copy. Only non-ASCII words are examined."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)
            if not m.group().isascii() and mixed_scripts(m.group())]
