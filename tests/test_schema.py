"""The JSON Schema of config.yaml: derived from the model, it accepts and rejects what the loader
does (save the checks listed in BEYOND_THE_SCHEMA), and docs/config.md documents every key it
has, with the same default."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import ConfigError, load_config
from briefing.config.model import (
    BOTTOM_LINE_KEYS,
    JUDGMENT_KEYS,
    KEY_FACT_KEYS,
    SECTION_KEYS,
    SOURCE_KEYS,
    TOP_KEYS,
    TOPIC_KEYS,
)
from briefing.config.schema import SCHEMA_FILE, config_schema, field_docs, schema_text

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
title: Small test
date: 2024-03-06
sources:
  - path: a.txt
    date: 2024-03-05
  - path: b.txt
topics:
  - name: price
    keywords: [pay]
  - name: port
    keywords: port
key_facts:
  - id: price
    label: Price
    kind: money
    near: [pay]
sections:
  - title: Deal
    topics: [price]
"""


def as_json(value: Any) -> Any:
    """The YAML as an editor's language server sees it: dates are text, keys are strings."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_accepts(data: Any) -> bool:
    validator = jsonschema.Draft202012Validator(config_schema())
    return not list(validator.iter_errors(as_json(data)))


def loader_accepts(folder: Path, text: str) -> tuple[bool, list[str]]:
    cfg = folder / "config.yaml"
    cfg.write_text(text, encoding="utf-8")
    try:
        load_config(cfg)
    except ConfigError as exc:
        return False, exc.problems
    return True, []


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Deal\n\nThe buyer agreed to pay $5 million.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Port\n\nThe port opened.\n", encoding="utf-8")
    (tmp_path / "judgments.md").write_text("- **low**: It will stall. (claims: price)\n", encoding="utf-8")
    (tmp_path / "bl.md").write_text("- The buyer pays. (claims: price)\n", encoding="utf-8")
    return tmp_path


def edit(text: str, change: dict[str, Any]) -> str:
    """BASE with top-level keys set (None: written empty) or removed (the value ``DROP``)."""
    data = yaml.safe_load(text)
    for key, value in change.items():
        if value is DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


DROP = object()
SOURCE = {"path": "a.txt"}
TOPIC = {"name": "price", "keywords": ["pay"]}

# (change to BASE, whether both accept it). Every config-shape row of README's "When the input
# is wrong" table the schema can express is here: unknown key, wrong type, no sources; the
# rows it cannot are in BEYOND_THE_SCHEMA below.
AGREE: list[tuple[str, dict[str, Any], bool]] = [
    ("base", {}, True),
    ("unknown key (README)", {"titel": "x"}, False),
    ("wrong type: date (README)", {"date": "soon"}, False),
    ("no sources (README)", {"sources": []}, False),
    ("sources written empty", {"sources": None}, False),
    ("no sources key", {"sources": DROP}, False),
    ("title missing", {"title": DROP}, False),
    ("title written empty", {"title": None}, False),
    ("title blank", {"title": "  "}, False),
    ("title a number", {"title": 2024}, True),
    ("date missing", {"date": DROP}, False),
    ("date written empty", {"date": None}, False),
    ("date quoted", {"date": "2024-03-06"}, True),
    ("date a number", {"date": 2024}, False),
    ("subtitle empty", {"subtitle": None}, True),
    ("subtitle a list", {"subtitle": ["a"]}, False),
    ("paper Letter", {"paper": "Letter"}, True),
    ("paper unknown", {"paper": "B5"}, False),
    ("paper lower case", {"paper": "a4"}, False),
    ("layout full", {"layout": "full"}, True),
    ("layout unknown", {"layout": "wide"}, False),
    ("annex none", {"annex": "none"}, True),
    ("annex unknown", {"annex": "all"}, False),
    ("key_points 3", {"key_points": 3}, True),
    ("key_points 6", {"key_points": 6}, True),
    ("key_points 2", {"key_points": 2}, False),
    ("key_points 7", {"key_points": 7}, False),
    ("key_points text", {"key_points": "five"}, False),
    ("key_points true", {"key_points": True}, False),
    ("key_points empty", {"key_points": None}, False),
    ("brief_voices 0", {"brief_voices": 0}, True),
    ("brief_voices 10", {"brief_voices": 10}, True),
    ("brief_voices 11", {"brief_voices": 11}, False),
    ("brief_voices -1", {"brief_voices": -1}, False),
    ("sources_outside true", {"sources_outside": True}, True),
    ("sources_outside yes-text", {"sources_outside": "yes"}, False),
    ("paths_outside empty", {"paths_outside": None}, False),
    ("output folder", {"output": "out"}, True),
    ("output a list", {"output": ["out"]}, False),
    ("language", {"language": "fr"}, True),
    ("junk one pattern", {"junk": "^Advert"}, True),
    ("junk list", {"junk": ["^Advert", "Share this"]}, True),
    ("junk a number in the list", {"junk": [1]}, False),
    ("junk a mapping", {"junk": {"a": 1}}, False),
    ("aliases", {"aliases": {"Huong Le Thu": ["Le Tru"], "deals": "pacts"}}, True),
    ("aliases a list", {"aliases": ["Le Tru"]}, False),
    ("aliases a number variant", {"aliases": {"X": [1]}}, False),
    ("source unknown key", {"sources": [{"path": "a.txt", "outlt": "X"}]}, False),
    ("source without path", {"sources": [{"outlet": "X"}]}, False),
    ("source a bare string", {"sources": ["a.txt"]}, False),
    ("source reliability B", {"sources": [{**SOURCE, "reliability": "B"}]}, True),
    ("source reliability b", {"sources": [{**SOURCE, "reliability": "b"}]}, True),
    ("source reliability G", {"sources": [{**SOURCE, "reliability": "G"}]}, False),
    ("source date wrong", {"sources": [{**SOURCE, "date": "last Tuesday"}]}, False),
    ("source with everything", {"sources": [{**SOURCE, "id": "S1", "outlet": "O", "title": "T",
                                             "date": dt.date(2024, 1, 2), "url": "https://x.invalid/",
                                             "encoding": "cp1252"}]}, True),
    ("topic without keywords", {"topics": [{"name": "price"}]}, False),
    ("topic keywords empty", {"topics": [{"name": "price", "keywords": None}]}, True),
    ("topic without name", {"topics": [{"keywords": ["pay"]}]}, False),
    ("topic unknown key", {"topics": [{**TOPIC, "keyword": ["x"]}]}, False),
    ("topic keywords a mapping", {"topics": [{"name": "price", "keywords": {"a": 1}}]}, False),
    ("topics a mapping", {"topics": {"price": ["pay"]}}, False),
    ("key fact kind unknown", {"key_facts": [{"id": "p", "kind": "monney"}]}, False),
    ("key fact without kind", {"key_facts": [{"id": "p"}]}, False),
    ("key fact without id", {"key_facts": [{"kind": "money"}]}, False),
    ("key fact kind topic without topic", {"key_facts": [{"id": "p", "kind": "topic"}]}, False),
    ("key fact kind topic", {"key_facts": [{"id": "p", "kind": "topic", "topic": "price"}]}, True),
    ("key fact unit one word", {"key_facts": [{"id": "p", "kind": "count", "unit": "ferries"}]}, True),
    ("key fact near a number", {"key_facts": [{"id": "p", "kind": "count", "near": 5}]}, False),
    ("section without title", {"sections": [{"topics": ["price"]}]}, False),
    ("section max_lines 0", {"sections": [{"title": "D", "max_lines": 0}]}, False),
    ("section max_lines 1", {"sections": [{"title": "D", "max_lines": 1}]}, True),
    ("section brief_lines 0", {"sections": [{"title": "D", "brief_lines": 0}]}, True),
    ("section brief_lines -1", {"sections": [{"title": "D", "brief_lines": -1}]}, False),
    ("section brief_lines text", {"sections": [{"title": "D", "brief_lines": "two"}]}, False),
    ("section unknown key", {"sections": [{"title": "D", "lines": 2}]}, False),
    ("judgments list", {"judgments": [{"text": "It will stall.", "confidence": "low", "claims": ["price"]}]}, True),
    ("judgments confidence High", {"judgments": [{"text": "T", "confidence": "High", "claims": "price"}]}, True),
    ("judgments confidence unknown", {"judgments": [{"text": "T", "confidence": "sure", "claims": ["p"]}]}, False),
    ("judgments without claims", {"judgments": [{"text": "T", "confidence": "low"}]}, False),
    ("judgments with empty claims", {"judgments": [{"text": "T", "confidence": "low", "claims": []}]}, False),
    ("judgments unknown key", {"judgments": [{"text": "T", "confidence": "low", "claims": ["p"], "why": 1}]}, False),
    ("judgments a file", {"judgments": "judgments.md"}, True),
    ("judgments a number", {"judgments": 5}, False),
    ("bottom_line text", {"bottom_line": "The buyer pays. (claims: price)\n"}, True),
    ("bottom_line text, two notes", {"bottom_line": "A. (claims: price) B. (rests on: price, x)"}, True),
    ("bottom_line without claims (README)", {"bottom_line": "The board accepted the bid."}, False),
    ("bottom_line a file", {"bottom_line": "bl.md"}, True),
    ("bottom_line a list", {"bottom_line": [{"text": "The buyer pays.", "claims": ["price"]}]}, True),
    ("bottom_line list without claims", {"bottom_line": [{"text": "The buyer pays."}]}, False),
    ("bottom_line a number", {"bottom_line": 3}, False),
    ("bottom_line a mapping", {"bottom_line": {"text": "x"}}, False),
]


@pytest.mark.parametrize(("change", "accepted"), [(c, a) for _, c, a in AGREE], ids=[n for n, _, _ in AGREE])
def test_schema_and_loader_agree(folder: Path, change: dict[str, Any], accepted: bool) -> None:
    text = edit(BASE, change)
    loaded, problems = loader_accepts(folder, text)
    assert loaded is accepted, problems
    assert schema_accepts(yaml.safe_load(text)) is accepted


# What the loader checks and a schema cannot: the config is valid in shape, and refused by
# `briefing check`. Each README row that is a config problem but not a shape problem is here.
BEYOND_THE_SCHEMA: list[tuple[str, dict[str, Any]]] = [
    ("source file missing (README)", {"sources": [{"path": "missing.txt"}]}),
    ("glob matching nothing (README)", {"sources": [{"path": "*.csv"}]}),
    ("a folder as a source", {"sources": [{"path": "."}]}),
    ("source outside the config's folder (README)", {"sources": [{"path": "../a.txt"}]}),
    ("other paths outside it (README)", {"templates": "/etc"}),
    ("output outside it", {"output": "../x"}),
    ("NUL in a path (README)", {"sources": [{"path": "a\0b.txt"}]}),
    ("wrong source id (README)", {"sources": [{"path": "a.txt", "id": "S2"}]}),
    ("id on a glob of several files", {"sources": [{"path": "*.txt", "id": "S1"}]}),
    ("unknown topic (README)", {"sections": [{"title": "D", "topics": ["prise"]}]}),
    ("key fact naming an unknown topic", {"key_facts": [{"id": "p", "kind": "topic", "topic": "nope"}]}),
    ("duplicate topic", {"topics": [TOPIC, TOPIC]}),
    ("duplicate key fact", {"key_facts": [{"id": "p", "kind": "money"}, {"id": "p", "kind": "count"}]}),
    ("one spelling under two names", {"aliases": {"A": ["x"], "B": ["x"]}}),
    ("unknown encoding (README)", {"sources": [{"path": "a.txt", "encoding": "klingon"}]}),
    ("junk pattern of exponential time (README)", {"junk": ["(a+)+"]}),
    ("junk pattern that does not compile", {"junk": ["(unclosed"]}),
    ("judgments file missing", {"judgments": "nope.md"}),
    ("bottom_line file missing", {"bottom_line": "nope.md"}),
    ("previous file missing", {"previous": "old/facts.json"}),
    ("templates folder missing", {"templates": "mine"}),
    ("bottom_line note naming no claim", {"bottom_line": "The buyer pays. (claims: ,)"}),
]
# Also beyond it, and not tested here: what a named file holds (a judgments.md line of the
# wrong shape, README's "bad judgments: line"; a source not UTF-8), impossible dates such as
# 2024-02-30 (YAML itself refuses them; the schema's "format": "date" catches them only where an
# editor asserts formats), a path longer than the system allows, and the loader's leniencies:
# it strips quoted values (" A4 ") and reads confidence words in any case ("hIgh").


@pytest.mark.parametrize("change", [c for _, c in BEYOND_THE_SCHEMA], ids=[n for n, _ in BEYOND_THE_SCHEMA])
def test_checks_beyond_the_schema(folder: Path, change: dict[str, Any]) -> None:
    text = edit(BASE, change)
    loaded, problems = loader_accepts(folder, text)
    assert not loaded and problems
    assert schema_accepts(yaml.safe_load(text))


CONFIGS = [ROOT / "config.yaml", *sorted((ROOT / "tests" / "fixtures").glob("*/config.yaml")),
           *sorted((ROOT / "corpora").glob("*/config-*.yaml")), ROOT / "briefing" / "scaffold" / "config.yaml"]


@pytest.mark.parametrize("path", CONFIGS, ids=[str(p.relative_to(ROOT)) for p in CONFIGS])
def test_real_configs_are_valid_to_both(path: Path) -> None:
    assert schema_accepts(yaml.safe_load(path.read_text(encoding="utf-8")))
    try:
        load_config(path)
    except ConfigError as exc:
        # The real-article corpus keeps its texts out of git (corpora/real/README.md).
        assert "corpora" in path.parts and all("no such file" in p for p in exc.problems), exc.problems


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(config_schema())
    schema = config_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == list(TOP_KEYS) and schema["additionalProperties"] is False
    for name, keys in [("SourceConfig", SOURCE_KEYS), ("Topic", TOPIC_KEYS), ("KeyFact", KEY_FACT_KEYS),
                       ("SectionConfig", SECTION_KEYS), ("Judgment", JUDGMENT_KEYS), ("BottomLine", BOTTOM_LINE_KEYS)]:
        assert list(schema["$defs"][name]["properties"]) == list(keys)
        assert schema["$defs"][name]["additionalProperties"] is False


def test_descriptions_are_the_model_docstrings() -> None:
    schema = config_schema()
    assert field_docs()["Config.key_points"] == "How many key points to lead with (3-6)."
    assert schema["properties"]["key_points"]["description"] == "How many key points to lead with (3-6)."
    assert schema["properties"]["key_points"] | {} == {
        "description": "How many key points to lead with (3-6).", "type": "integer",
        "minimum": 3, "maximum": 6, "default": 5}
    assert schema["properties"]["paper"]["enum"] == ["A4", "Letter", "Legal", "A5", None]
    # Every key an editor shows has its hover text.
    for obj in [schema, *schema["$defs"].values()]:
        for key, prop in obj["properties"].items():
            assert prop.get("description"), key


def test_schema_command_prints_it() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0 and result.stdout == schema_text()
    assert json.loads(result.stdout) == config_schema()
    assert "Example:" in CliRunner().invoke(main, ["schema", "-h"]).stdout


def test_init_writes_the_schema_the_config_names(tmp_path: Path) -> None:
    target = tmp_path / "new"
    assert CliRunner().invoke(main, ["init", str(target)]).exit_code == 0
    first = (target / "config.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}"
    assert (target / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text()


# docs/config.md: a table per part; the schema's keys are its keys, with the same defaults.

def doc_tables() -> dict[str, dict[str, list[str]]]:
    """Heading ('Top level', 'sources', …) -> key -> the row's other cells."""
    tables: dict[str, dict[str, list[str]]] = {}
    heading = ""
    for line in (ROOT / "docs" / "config.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            heading = line[3:].strip().strip("`")
        m = re.match(r"^\| `(\w+)` \|(.*)\|$", line)
        if m and heading:
            tables.setdefault(heading, {})[m.group(1)] = [c.strip() for c in m.group(2).split(" | ")]
    return tables


PARTS = {"Top level": None, "sources": "SourceConfig", "topics": "Topic", "key_facts": "KeyFact",
         "sections": "SectionConfig"}


def shown_default(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize("part", list(PARTS))
def test_docs_document_every_key_with_its_default(part: str) -> None:
    schema = config_schema()
    obj = schema if PARTS[part] is None else schema["$defs"][PARTS[part]]
    rows = doc_tables()[part]
    assert set(rows) == set(obj["properties"])
    for key, prop in obj["properties"].items():
        cells = rows[key]
        required = key in obj.get("required", [])
        if PARTS[part] is None:  # Key | Type | Default | Meaning
            default = cells[1].strip("`")
            if required:
                assert default == "**required**", key
            elif "default" in prop:
                assert default == shown_default(prop["default"]), key
            else:
                assert default.startswith("none"), key
        else:  # Key | Meaning, the default said in words
            meaning = " ".join(cells)
            assert ("**required.**" in meaning) is required, key
            if "default" in prop:
                assert f"default {shown_default(prop['default'])}" in meaning.replace("`", ""), key


def test_docs_name_the_schema() -> None:
    text = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    assert "briefing schema" in text and "yaml-language-server" in text


@pytest.mark.parametrize(("part", "name"), [("judgments", "Judgment"), ("bottom_line", "BottomLine")])
def test_docs_show_every_key_of_the_desk_lists(part: str, name: str) -> None:
    # These are shown by example, not in a table: each key of a list entry is in the example.
    text = (ROOT / "docs" / "config.md").read_text(encoding="utf-8")
    section = text.split(f"## `{part}`", 1)[1].split("\n## ", 1)[0]
    for key in config_schema()["$defs"][name]["properties"]:
        assert re.search(rf"\b{key}:", section), key
