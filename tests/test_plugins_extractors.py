"""Extractor plugins: a desk's own kind of fact, registered in the ``briefing.extractors`` group,
reaches the key-facts table with its citations; a broken plugin is one line and exit 2.

The example plugin (tests/plugins/extractor_example) is "installed" by putting its folder, which
holds the package and the ``*.dist-info`` pip would leave, on ``sys.path``: importlib.metadata
finds it there as it would in site-packages. Subprocesses get it through ``PYTHONPATH``.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from briefing import build, load_config, plugins
from briefing.errors import BriefingError, ConfigError
from briefing.extract import extract_mentions

EXAMPLE = Path(__file__).resolve().parent / "plugins" / "extractor_example"

ARTICLE_A = ("Tanker Held at Port\n\nThe tanker MV Harbour Star was held at the port of Lima on Tuesday, "
             "officials said.\n\nIts owner paid $2 million to the port authority.\n")
ARTICLE_B = "Ship Released\n\nPort officials released MV Harbour Star on Thursday after the owner paid $2 million.\n"
CONFIG = """\
title: Vessel test
date: 2024-03-08
sources:
  - path: a.txt
    date: 2024-03-06
  - path: b.txt
    date: 2024-03-08
key_facts:
  - id: ship
    label: Vessel held
    kind: vessel
  - id: paid
    label: Paid
    kind: money
"""


@contextmanager
def installed(*folders: Path) -> Iterator[None]:
    """Plugins in these folders installed for one test, and forgotten after it."""
    sys.path[:0] = [str(f) for f in folders]
    importlib.invalidate_caches()
    plugins.reset()
    try:
        yield
    finally:
        for f in folders:
            sys.path.remove(str(f))
        importlib.invalidate_caches()
        plugins.reset()


@pytest.fixture
def vessel_plugin() -> Iterator[None]:
    with installed(EXAMPLE):
        yield


def fake_plugin(where: Path, dist: str, entry_points: str, module: str, code: str) -> Path:
    """A distribution as pip would install it: a module and its dist-info, in a folder of its own."""
    folder = where / dist
    (folder / f"{dist}-1.0.dist-info").mkdir(parents=True)
    (folder / f"{dist}-1.0.dist-info" / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (folder / f"{dist}-1.0.dist-info" / "entry_points.txt").write_text(f"[briefing.extractors]\n{entry_points}\n")
    (folder / f"{module}.py").write_text("from briefing.plugins import Mention\n\n" + code)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (root / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (root / "config.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def _cli(project: Path, *args: str, path: Path | str = EXAMPLE) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(path)}
    return subprocess.run([sys.executable, "-m", "briefing", "build", str(project / "config.yaml"),
                           "--format", "md,json", *args], capture_output=True, text=True, env=env, check=False)


# The plugin's facts ---------------------------------------------------------------------------


def test_the_example_plugin_is_found_by_its_entry_point(vessel_plugin: None) -> None:
    assert plugins.plugin_kinds() == ("vessel",)
    (plugin,) = plugins.extractors()
    assert (plugin.kind, plugin.target) == ("vessel", "briefing_vessels:find_vessels")
    assert plugins.extractors() is plugins.extractors()  # imported once per process


@pytest.mark.parametrize(("sentence", "found"), [
    ("The tanker MV Harbour Star was held on Tuesday.", [("vessel", "MV Harbour Star"), ("date", "2024-03-05")]),
    ("HMS Valiant and MT Blue Heron left with 40 sailors.",
     [("vessel", "HMS Valiant"), ("vessel", "MT Blue Heron"), ("count", 40)]),
    ("The harbour master said nothing.", []),  # no ship prefix: nothing
])
def test_a_plugins_mentions_join_the_built_in_ones(vessel_plugin: None, sentence: str,
                                                    found: list[tuple[str, object]]) -> None:
    import datetime as dt

    mentions = extract_mentions(sentence, dt.date(2024, 3, 8))
    assert [(m.kind, m.value) for m in mentions] == found
    assert all(sentence[m.start:m.end] == m.text for m in mentions)


def test_without_the_plugin_nothing_changes() -> None:
    plugins.reset()
    assert plugins.plugin_kinds() == ()
    assert [m.kind for m in extract_mentions("The tanker MV Harbour Star was held.")] == []


def test_a_plugin_kind_makes_a_key_facts_row_with_its_citations(vessel_plugin: None, project: Path) -> None:
    result = build(load_config(project / "config.yaml"), project / "build", formats=("md", "json"))
    row = result.briefing.key_facts[0]
    assert (row.label, row.best, row.confidence) == ("Vessel held", "MV Harbour Star", "moderate")
    assert [c.source for c in row.values[0][1]] == ["S1", "S2"]

    markdown = (project / "build" / "briefing.md").read_text(encoding="utf-8")
    table_row = next(line for line in markdown.splitlines() if line.startswith("| Vessel held |"))
    assert "**MV Harbour Star** [[1]](#ev-S1-" in table_row and "[[2]](#ev-S2-" in table_row

    facts = json.loads((project / "build" / "facts.json").read_text(encoding="utf-8"))
    key_fact = facts["key_facts"][0]
    assert (key_fact["id"], key_fact["found"], key_fact["value"]) == ("ship", True, "MV Harbour Star")
    vessels = [f for f in facts["facts"] if f["id"] in key_fact["facts"]]
    assert [(f["kind"], f["value"], f["evidence"][0]["source"]) for f in vessels] == [
        ("vessel", "MV Harbour Star", "S1"), ("vessel", "MV Harbour Star", "S2")]
    claim = next(c for c in facts["claims"] if c["key_fact"] == "ship")
    assert claim["kind"] == "vessel" and claim["sources"] == ["S1", "S2"]
    for f in vessels:  # each citation slices back to its quote
        source = project / ("a.txt" if f["evidence"][0]["source"] == "S1" else "b.txt")
        text = source.read_text(encoding="utf-8")
        assert text[f["start"]:f["end"]] == "MV Harbour Star"
        assert text[f["evidence"][0]["start"]:f["evidence"][0]["end"]] == f["evidence"][0]["quote"]


def test_the_cli_and_jobs_workers_load_the_plugin(project: Path) -> None:
    """In a fresh process, and in --jobs worker processes: the same bytes."""
    one = _cli(project, "--out", str(project / "one"))
    assert one.returncode == 0, one.stderr
    two = _cli(project, "--out", str(project / "two"), "--jobs", "2")
    assert two.returncode == 0, two.stderr
    assert (project / "one" / "facts.json").read_bytes() == (project / "two" / "facts.json").read_bytes()
    assert "| Vessel held | **MV Harbour Star**" in (project / "two" / "briefing.md").read_text(encoding="utf-8")


# Config: the valid kinds are the built-in ones and the plugins' --------------------------------


def test_a_config_naming_a_plugin_kind_needs_the_plugin(project: Path) -> None:
    plugins.reset()
    with pytest.raises(ConfigError) as caught:
        load_config(project / "config.yaml")
    assert str(caught.value).startswith(
        f"{project / 'config.yaml'}: key_facts[0].kind: expected one of money, count, percent, duration, "
        "date, quote, topic but received 'vessel'; an extractor plugin can add a kind (docs/api.md)")


def test_a_misspelt_plugin_kind_is_suggested(vessel_plugin: None, project: Path) -> None:
    (project / "config.yaml").write_text(CONFIG.replace("kind: vessel", "kind: vesel"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(project / "config.yaml")
    assert "expected one of money, count, percent, duration, date, quote, topic, vessel but received " \
           "'vesel' (did you mean 'vessel'?)" in str(caught.value)


def test_a_config_with_built_in_kinds_reads_no_entry_points(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a config costs nothing more unless it names a kind that is not built in."""
    (project / "config.yaml").write_text(CONFIG.replace("kind: vessel", "kind: count"), encoding="utf-8")

    def unexpected() -> tuple[str, ...]:
        raise AssertionError("entry points read")

    monkeypatch.setattr(plugins, "plugin_kinds", unexpected)
    assert [k.kind for k in load_config(project / "config.yaml").key_facts] == ["count", "money"]


# Order and precedence ---------------------------------------------------------------------------

# Two plugins that both claim the whole of "12 sailors killed": the first by name wins, and a
# plugin wins over the built-in count ("12 sailors").
_WHOLE = '''
def find(text, published):
    at = text.find("12 sailors killed")
    return [] if at < 0 else [Mention("{kind}", 12, "killed", "exact", at, at + 17, text[at:at + 17])]
'''


def test_plugins_run_in_name_order_before_the_built_in_extractors(tmp_path: Path) -> None:
    # Put on sys.path in the reverse of their names' order: the order is still by name.
    zulu = fake_plugin(tmp_path, "zulu_dist", "zulu = zulu_mod:find", "zulu_mod", _WHOLE.format(kind="zulu"))
    alpha = fake_plugin(tmp_path, "alpha_dist", "casualties = alpha_mod:find", "alpha_mod",
                        _WHOLE.format(kind="casualties"))
    sentence = "The blast left 12 sailors killed and 3 missing."
    assert [(m.kind, m.text) for m in extract_mentions(sentence)] == [("count", "12 sailors"), ("count", "3 missing")]
    with installed(zulu, alpha):
        assert plugins.plugin_kinds() == ("casualties", "zulu")
        assert [(m.kind, m.value, m.unit, m.text) for m in extract_mentions(sentence)] == [
            ("casualties", 12, "killed", "12 sailors killed"), ("count", 3, "people", "3 missing")]


# Broken plugins: one line naming the plugin, exit 2 --------------------------------------------


BROKEN = [
    ("boom = boom_mod:find", "def find(text, published):\n    raise ValueError('no charts\\nsecond line')\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) raised ValueError: no charts"),
    ("boom = boom_mod:find", "import not_a_module_anywhere\n",
     "error: extractor plugin 'boom' (boom_mod:find): cannot be imported: ModuleNotFoundError: "
     "No module named 'not_a_module_anywhere'"),
    ("boom = boom_mod:missing", "def find(text, published):\n    return []\n",
     "error: extractor plugin 'boom' (boom_mod:missing): cannot be imported: AttributeError:"),
    ("boom = boom_mod:find", "find = 'not a function'\n",
     "error: extractor plugin 'boom' (boom_mod:find): names a str, not a function of (text, published)"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [(0, 3)]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a tuple where a "
     "briefing.plugins.Mention was expected"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [Mention('ship', 'x', None, 'exact', 0, 3, text[:3])]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a mention of kind 'ship'; "
     "a plugin registered as 'boom' finds 'boom' facts"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [Mention('boom', 'x', None, 'exact', 0, 999, 'x')]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a mention at 0-999, "
     "outside the sentence (0-"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [Mention('boom', 'x', None, 'exact', 0, 3, 'abc')]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a mention whose text "
     "'abc' is not the sentence's text at 0-3 ('The')"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [Mention('boom', float('nan'), None, 'exact', 0, 3, text[:3])]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a mention whose value "
     "'nan' is not a finite number or a string"),
    ("boom = boom_mod:find", "def find(text, published):\n    return [Mention('boom', 1, None, 'roughly', 0, 3, text[:3])]\n",
     "error: a.txt: sentence 1: extractor plugin 'boom' (boom_mod:find) returned a mention whose qualifier "
     "'roughly' is not one of exact, about"),
    ("money = boom_mod:find", "def find(text, published):\n    return []\n",
     "error: extractor plugin 'money' (boom_mod:find): 'money' is a built-in kind of fact; register the "
     "plugin under a name of its own"),
    ("Boom-2 = boom_mod:find", "def find(text, published):\n    return []\n",
     "error: extractor plugin 'Boom-2' (boom_mod:find): its entry-point name is the fact kind it finds"),
]


# Every case in one process; in --jobs worker processes, a plugin that raises, one that cannot be
# imported and one that returns a bad mention.
@pytest.mark.parametrize(("entry", "code", "message", "jobs"),
                         [(*case, "1") for case in BROKEN] + [(*BROKEN[i], "2") for i in (0, 1, 4)])
def test_a_broken_plugin_is_one_line_naming_it(tmp_path: Path, project: Path, entry: str, code: str,
                                               message: str, jobs: str) -> None:
    (project / "config.yaml").write_text(CONFIG.replace("kind: vessel", "kind: count"), encoding="utf-8")
    folder = fake_plugin(tmp_path, "boom_dist", entry, "boom_mod", code)
    done = _cli(project, "--jobs", jobs, path=folder)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith(("config ", "ingest "))]
    assert len(errors) == 1 and errors[0].startswith(message), done.stderr
    assert "Traceback" not in done.stderr


def test_a_plugin_registered_twice_is_refused(tmp_path: Path) -> None:
    one = fake_plugin(tmp_path, "one_dist", "ship = one_mod:find", "one_mod", "def find(t, p):\n    return []\n")
    two = fake_plugin(tmp_path, "two_dist", "ship = two_mod:find", "two_mod", "def find(t, p):\n    return []\n")
    twice = r"^extractor plugin 'ship' \(two_mod:find\): the name is registered twice \(also by one_mod:find\)"
    with installed(one, two), pytest.raises(BriefingError, match=twice):
        plugins.extractors()
