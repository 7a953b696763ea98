"""Config validation: every mistake is one line naming the file, the place and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.config import load_config
from briefing.errors import ConfigError

from .conftest import SEED_CONFIG

GOOD = """\
title: A test briefing
date: 2024-03-06
sources:
  - path: a.txt
topics:
  - name: price
    keywords: [price]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "a.txt").write_text("Headline Here\n\nThe price was set at $5 million.\n", encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_seed_config_loads() -> None:
    cfg = load_config(SEED_CONFIG)
    assert [s.id for s in cfg.sources] == ["S1", "S2", "S3", "S4", "S5"]
    assert cfg.templates == SEED_CONFIG.parent / "templates"


def test_minimal_config_has_defaults(tmp_path: Path) -> None:
    cfg = load_config(write(tmp_path, GOOD))
    assert (cfg.paper, cfg.key_points, cfg.output) == ("A4", 5, tmp_path / "build")
    assert cfg.templates is None


@pytest.mark.parametrize(
    ("mutation", "expected"),
    [
        (lambda t: t.replace("title:", "titel:"),
         "config.yaml: titel: unknown key; did you mean 'title'?"),
        (lambda t: t.replace("path: a.txt", "path: missing.txt"),
         "config.yaml: sources[0].path: no such file: missing.txt"),
        (lambda t: t.replace("path: a.txt", "path: '*.md'"),
         "config.yaml: sources[0].path: the pattern '*.md' matches no file"),
        (lambda t: t.replace("date: 2024-03-06", "date: next tuesday"),
         "config.yaml: date: expected a date (YYYY-MM-DD) but received 'next tuesday'"),
        (lambda t: t + "paper: A3\n", "config.yaml: paper: expected one of A4, Letter, Legal, A5"),
        (lambda t: t + "key_points: 9\n", "config.yaml: key_points: expected a whole number from 3 to 6"),
        (lambda t: t + "key_facts:\n  - id: p\n    kind: mony\n",
         "config.yaml: key_facts[0].kind: expected one of money, count, percent, duration, date, quote, "
         "topic but received 'mony' (did you mean 'money'?)"),
        (lambda t: t + "sections:\n  - title: Deal\n    topics: [prise]\n",
         "config.yaml: sections[0].topics[0]: names topic 'prise', which does not exist; did you mean 'price'?"),
        (lambda t: t.replace("keywords: [price]", "keywords: price: 3"),
         "config.yaml: line 7, column 20: YAML syntax error"),
        (lambda t: t.replace("title: A test briefing\n", ""), "config.yaml: title: is required"),
        (lambda t: t + "junk: ['(unclosed']\n", "config.yaml: junk[0]: not a valid regular expression"),
    ],
)
def test_config_errors(tmp_path: Path, mutation, expected: str) -> None:  # type: ignore[no-untyped-def]
    message = problem(tmp_path, mutation(GOOD))
    assert Path(message.split(":")[0]).name == "config.yaml"
    assert message.split(": ", 1)[1].startswith(expected.split(": ", 1)[1])


def test_every_problem_is_gathered(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, GOOD.replace("title:", "titel:") + "paper: A3\n"))
    assert len(info.value.problems) == 3  # unknown key, missing title, bad paper
    assert f"(and 2 more problems: run 'briefing check {tmp_path / 'config.yaml'}')" in str(info.value)


def test_not_a_mapping(tmp_path: Path) -> None:
    assert "expected a mapping of keys" in problem(tmp_path, "- just\n- a list\n")


def test_an_unclosed_quote_is_reported_where_it_opens(tmp_path: Path) -> None:
    path = write(tmp_path, 'title: "unclosed\ndate: 2024-01-01\nsources: []\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value) == f"{path}: line 1, column 8: YAML syntax error: found unexpected end of stream"
