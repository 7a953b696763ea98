"""A JSON Schema (draft 2020-12) for config.yaml, derived from the model.

The model (``model.py``) declares every option once: a dataclass field with a type hint, a default
and a docstring under it. This module reads those: types from the hints, descriptions from the
docstrings (parsed with ``ast``, since Python keeps no docstring for a field), defaults from the
dataclass, choices and ranges from the model's constants. ``YAML`` below is the one table of
where a key's YAML differs from its field (a source's ``path`` is a glob, ``judgments`` may name a
file, ``aliases`` is a mapping…) and which keys a config must give.

The schema is for editors (completion, hover text, red squiggles); the loader stays the judge,
with its human error messages and the checks a schema cannot make (files exist, paths stay inside
the config's folder, topic names exist, regular expressions are safe, encodings are known).
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import types
import typing
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from . import model
from .model import (
    ANNEX_CHOICES,
    BOTTOM_LINE_KEYS,
    CONFIDENCE_WORDS,
    FACT_KINDS,
    JUDGMENT_KEYS,
    KEY_FACT_KEYS,
    LAYOUTS,
    PAPER_SIZES,
    RANGES,
    RELIABILITY,
    SECTION_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    TOPIC_KEYS,
    BottomLine,
    Config,
    Judgment,
    KeyFact,
    SectionConfig,
    SourceConfig,
    Topic,
)

SCHEMA_ID = "https://briefing.invalid/config.schema.json"  # an identifier, never fetched
SCHEMA_FILE = ".briefing-schema.json"
"""The file ``briefing init`` writes beside config.yaml, which its ``$schema`` comment names."""

Json = dict[str, Any]

# Strings: the loader takes any non-blank text, and a number as its text (``title: 2024``).
TEXT: Json = {"type": ["string", "number"], "pattern": r"\S"}
NAME: Json = {"type": "string", "pattern": r"\S"}
WORDS: Json = {"anyOf": [NAME, {"type": "array", "items": NAME}]}
"""One word or phrase, or a list of them."""
SOME_WORDS: Json = {"anyOf": [NAME, {"type": "array", "items": NAME, "minItems": 1}]}
DATE: Json = {"type": "string", "format": "date", "pattern": r"^\s*\d{4}-\d{2}-\d{2}\s*$"}


def _any_case(word: str) -> str:
    """A regular expression matching ``word`` in any case, as editors' (ECMA 262) regexes lack
    a flag for it: ``md`` -> ``[Mm][Dd]``."""
    return "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in word)


# A bottom_line string: a Markdown file's name, or text that ends with the claims it rests on.
_CLAIMS_NOTE = rf"\((?:{_any_case('claims')}?|{_any_case('rests on')}):[^)]*\S[^)]*\)"
BOTTOM_LINE_TEXT = (rf"^(?:[^\n]*\.(?:{_any_case('md')}|{_any_case('markdown')}|{_any_case('txt')})\s*"
                    rf"|[\s\S]*\S[\s\S]*{_CLAIMS_NOTE}\s*)$")


def _choices(words: tuple[str, ...], any_case: bool = False) -> Json:
    if any_case:
        words = tuple(dict.fromkeys(w2 for w in words for w2 in (w, w.capitalize(), w.upper(), w.lower())))
    return {"enum": list(words)}


# Each class of the model, the YAML keys it is written with, and the keys a config must give.
CLASSES: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Config: (TOP_KEYS, ("title", "date", "sources")),
    SourceConfig: (SOURCE_KEYS, ("path",)),
    Topic: (TOPIC_KEYS, ("name", "keywords")),
    KeyFact: (KEY_FACT_KEYS, ("id", "kind")),
    SectionConfig: (SECTION_KEYS, ("title",)),
    Judgment: (JUDGMENT_KEYS, ("text", "confidence", "claims")),
    BottomLine: (BOTTOM_LINE_KEYS, ("text", "claims")),
}

# Where the YAML differs from the field's type: "Class.key" -> the YAML's shape.
YAML: dict[str, Json] = {
    "Config.paper": _choices(PAPER_SIZES),
    "Config.layout": _choices(LAYOUTS),
    "Config.annex": _choices(ANNEX_CHOICES),
    "Config.sources": {"minItems": 1},
    "Config.aliases": {"type": "object", "additionalProperties": {"anyOf": [*WORDS["anyOf"], {"type": "null"}]},
                       "description": "Other spellings of one name: `Canonical Name: [Other Spelling, …]`. "
                                      "Used to merge people, counted nouns and subjects; variants found "
                                      "that are not listed are still flagged."},
    "Config.judgments": {"anyOf": [{**NAME, "description": "A Markdown file, one judgment per item: "
                                                          "`- **moderate**: text (claims: id, id)`"},
                                   {"type": "array", "items": {"$ref": "#/$defs/Judgment"}}]},
    "Config.bottom_line": {"anyOf": [{"type": "string", "pattern": BOTTOM_LINE_TEXT, "description": "Text whose every sentence ends with "
                                                            "`(claims: id, id)`, or a Markdown file "
                                                            "(.md, .markdown, .txt), one sentence per item"},
                                     {"type": "array", "items": {"$ref": "#/$defs/BottomLine"}}]},
    "SourceConfig.path": {**NAME, "description": "The article file, or a glob (`articles/*.txt`), "
                                                 "relative to the config's folder."},
    "SourceConfig.id": {**NAME, "description": "Optional check: the id the source gets anyway (S1, S2…)."},
    "SourceConfig.reliability": _choices(tuple(RELIABILITY), any_case=True),
    "Topic.keywords": {"anyOf": [*WORDS["anyOf"], {"type": "null"}]},  # required, but may be empty
    "KeyFact.kind": _choices(FACT_KINDS),
    "Judgment.confidence": _choices(CONFIDENCE_WORDS, any_case=True),
    "Judgment.claims": SOME_WORDS,
    "BottomLine.claims": SOME_WORDS,
}
OPTIONAL_NULL = {"key_points", "brief_voices", "max_lines", "brief_lines", "sources_outside", "paths_outside"}
"""Keys the loader refuses when written empty (``key_points:``); other optional keys read an
empty value as absent."""


def _type_schema(hint: Any) -> Json:
    """The YAML shape of a field's type."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        kinds = [a for a in typing.get_args(hint) if a is not type(None)]
        return _type_schema(kinds[0])
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is dt.date:
        return dict(DATE)
    if hint in (str, Path):
        return dict(TEXT)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        if item is str:
            return dict(WORDS)
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return {"type": "array", "items": {"$ref": f"#/$defs/{item.__name__}"}}
    raise TypeError(f"no YAML shape for {hint!r}; add one to schema.YAML")  # a new option's author sees this


@cache
def field_docs() -> dict[str, str]:
    """``Class.field`` -> the docstring written under that field in model.py, reflowed to one line."""
    tree = ast.parse(Path(model.__file__).read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for stmt, after in pairwise(cls.body):
            if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                    and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)):
                out[f"{cls.name}.{stmt.target.id}"] = " ".join(after.value.value.split()).replace("``", "`")
    return out


def _default(cls: type, key: str) -> Any:
    """The field's default as YAML would write it; None when it has none worth showing."""
    for f in dataclasses.fields(cls):
        if f.name == key and f.default is not dataclasses.MISSING and f.default not in (None, ()):
            return str(f.default) if isinstance(f.default, Path) else f.default
    return None


def _object(cls: type) -> Json:
    keys, required = CLASSES[cls]
    hints = typing.get_type_hints(cls)
    docs = field_docs()
    props: Json = {}
    for key in keys:
        name = f"{cls.__name__}.{key}"
        given = YAML.get(name, {})
        whole = any(word in given for word in ("type", "anyOf", "enum"))  # else it adds to the field's
        shape = {**({} if whole else _type_schema(hints[key])), **given}
        if key in RANGES:
            low, high = RANGES[key]
            shape["minimum"] = low
            if high is not None:
                shape["maximum"] = high
        if key not in required and key not in OPTIONAL_NULL:
            shape = _nullable(shape)
        default = _default(cls, key)
        if default is not None:
            shape["default"] = default
        doc = shape.pop("description", None) or docs.get(name)
        props[key] = {"description": doc, **shape} if doc else shape
    out: Json = {"type": "object", "additionalProperties": False, "properties": props}
    if cls.__doc__:
        out = {"description": " ".join(cls.__doc__.split()), **out}
    if required:
        out["required"] = list(required)
    if cls is KeyFact:  # kind: topic names its topic
        out["if"] = {"properties": {"kind": {"const": "topic"}}, "required": ["kind"]}
        out["then"] = {"required": ["topic"], "properties": {"topic": NAME}}
    return out


def _nullable(shape: Json) -> Json:
    """An optional key may be written empty (``subtitle:``): the loader reads that as absent."""
    if "anyOf" in shape:
        return {**shape, "anyOf": [*shape["anyOf"], {"type": "null"}]}
    if "enum" in shape:
        return {**shape, "enum": [*shape["enum"], None]}
    kinds = shape.get("type")
    if isinstance(kinds, str):
        return {**shape, "type": [kinds, "null"]}
    if isinstance(kinds, list):
        return {**shape, "type": [*kinds, "null"]}
    return shape


def config_schema() -> Json:
    """The JSON Schema of config.yaml."""
    top = _object(Config)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "briefing config.yaml",
        **top,
        "$defs": {cls.__name__: _object(cls) for cls in CLASSES if cls is not Config},
    }


def schema_text() -> str:
    """The schema as ``briefing schema`` prints it: stable JSON, two-space indents, a final newline."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"
