"""briefing eval: the matching rule, the gold loader, and the targets extraction must meet."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.errors import ConfigError
from briefing.evaluate import Evaluation, evaluate, load_gold, same_speaker

GOLD = Path(__file__).resolve().parent / "gold"
# Targets from the issue "Extraction you can trust".
FIGURE_KINDS = ("money", "count", "percent")


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


@pytest.fixture(scope="module", params=gold_files(), ids=lambda p: p.stem)
def evaluation(request: pytest.FixtureRequest) -> Evaluation:
    result, _, _ = evaluate(request.param)
    return result


def test_the_seed_gold_is_there() -> None:
    assert "seeds" in [p.stem for p in gold_files()]


@pytest.mark.parametrize("kind", FIGURE_KINDS)
def test_figures_meet_targets(evaluation: Evaluation, kind: str) -> None:
    score = evaluation.scores[kind]
    assert score.gold > 0
    assert score.recall >= 0.97, [(g.text, s) for g, s in evaluation.misses if g.kind == kind]
    assert score.precision >= 0.95, [(f.text, s) for f, s in evaluation.false_positives if f.kind == kind]


def test_quotes_meet_targets(evaluation: Evaluation) -> None:
    score = evaluation.scores["quote"]
    assert score.recall >= 0.95, [g.text for g, _ in evaluation.misses if g.kind == "quote"]
    assert evaluation.speaker_accuracy >= 0.95, [(g.speaker, f.speaker) for g, f in evaluation.speakers_wrong]


def test_no_fact_cites_junk(evaluation: Evaluation) -> None:
    """Adverts, players, tickers, credits and block-list lines the gold marks are never cited."""
    assert evaluation.junk_kept == [] and evaluation.junk_cited == []


def test_the_hard_cases_mark_junk() -> None:
    assert len(load_gold(GOLD / "hard.yaml").junk) == 3  # every file of it has junk to set aside


@pytest.mark.parametrize(
    ("gold", "found", "same"),
    [("Xi Jinping", "Xi", True), ("Huong Le Thu", "Le Thu", True), ("joint statement", "statement", True),
     ("Ana Lima", "Marta Lima", True), ("Ana Lima", "Ana Costa", False), ("Ana Lima", None, False)],
)
def test_same_speaker(gold: str, found: str | None, same: bool) -> None:
    assert same_speaker(gold, found) is same


def write_gold(tmp_path: Path, entries: str) -> Path:
    (tmp_path / "a.txt").write_text(
        "Head Line Here\n\nIn September the fund paid $5.02 million, and on September 1 it paid "
        "$7 million for 12 ferries.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: T\ndate: 2024-01-01\nsources:\n  - path: a.txt\n    date: 2023-12-12\n", encoding="utf-8")
    gold = tmp_path / "gold.yaml"
    gold.write_text(f"config: config.yaml\nfiles:\n  a.txt:\n{entries}", encoding="utf-8")
    return gold


def test_matching_rule_and_report(tmp_path: Path) -> None:
    gold = write_gold(tmp_path, """\
    - {kind: date, text: "September", value: "2023-09"}
    - {kind: money, text: "$5.02 million", value: 5000000, unit: USD}
    - {kind: date, text: "September 1", value: "2023-09-01"}
    - {kind: money, text: "$7 million", value: 8000000, unit: USD}
""")
    result, _, _ = evaluate(gold)
    # "September" is placed outside "September 1"; $5.02m is within 0.5% of $5m; $7m is not $8m.
    assert (result.scores["date"].matched, result.scores["money"].matched) == (2, 1)
    assert [g.text for g, _ in result.wrong_values] == ["$7 million"]
    assert [f.text for f, _ in result.false_positives] == ["$7 million", "12 ferries"]
    out = CliRunner().invoke(main, ["eval", str(gold)]).stdout
    assert "money         2      2      1      0.500   0.500  0.500" in out
    assert "false positives (2):" in out


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ('    - {kind: money, text: "$9 million", value: 9}\n', "'$9 million' is not in the file"),
        ('    - {kind: cash, text: "$7 million"}\n', "expected kind (money, count, percent"),
        ('    - {kind: date, text: "September", context: "October"}\n', "must be a longer text that contains"),
    ],
)
def test_bad_gold_is_one_clear_error(tmp_path: Path, entries: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"gold\.yaml: files\.a\.txt") as info:
        load_gold(write_gold(tmp_path, entries))
    assert message in str(info.value)
