"""The analyst layer: claims, confidence, conflicts, variants, source notes, judgments, changes.

Each test builds a small corpus of its own (a subject far from the seeds) and reads the composed
briefing or facts.json back.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.compose import compose
from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.extract import extract
from briefing.extract.people import extract_people, spelling_variant, titles_contradict
from briefing.ingest import ingest
from briefing.models import Briefing, Claim

# Four outlets on a port strike. S1 and S2 carry the same wire sentence; S4 disagrees on the
# wage offer, misspells the union leader and demotes the minister.
ARTICLES = {
    "wire.txt": (
        "Dockers Walk Out\n\n"
        "Dockers at the port of Varna walked out on Monday after talks on a new contract collapsed, "
        "the union said.\n\n"
        "The port authority offered a pay rise of 4 percent, union leader Elena Marchetti said.\n\n"
        "Transport Minister Omar Haddad said 14 ships were waiting outside the harbour.\n"
    ),
    "daily.txt": (
        "Port Strike Begins\n\n"
        "Dockers at the port of Varna walked out on Monday after talks on a new contract collapsed, "
        "the union said.\n\n"
        "More than a dozen ships were waiting to unload, officials said.\n"
    ),
    "gazette.txt": (
        "Strike Halts Varna Port\n\n"
        "About 15 ships waited at anchor as the strike entered its second day.\n\n"
        "The port authority offered a pay rise of 4 percent, the gazette learned.\n\n"
        "Transport Minister Omar Haddad called for calm.\n"
    ),
    "blog.txt": (
        "What the Varna Strike Means\n\n"
        "Union leader Elena Marchetto rejected a pay rise of 2 percent as an insult.\n\n"
        "Deputy Minister Haddad met the union last month.\n\n"
        "Transport Minister Omar Haddad declined to comment.\n"
    ),
}

CONFIG = """\
title: Varna port strike
date: 2024-06-12
sources:
  - {path: wire.txt, outlet: Wire, date: 2024-06-11}
  - {path: daily.txt, outlet: Daily, date: 2024-06-11}
  - {path: gazette.txt, outlet: Gazette, date: 2024-06-11}
  - {path: blog.txt, outlet: Blog, date: 2024-06-11%(blog)s}
topics:
  - {name: strike, keywords: [strike, walked out, dockers]}
  - {name: pay, keywords: [pay, wage]}
key_facts:
  - {id: offer, label: Pay rise offered, kind: percent, near: [pay]}
  - {id: ships, label: Ships waiting, kind: count, unit: [ships]}
sections:
  - {title: The strike, topics: [strike, pay]}
%(extra)s"""


def project(tmp_path: Path, blog: str = "", extra: str = "", files: dict[str, str] | None = None) -> Path:
    for name, text in (files or ARTICLES).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(CONFIG % {"blog": blog, "extra": extra}, encoding="utf-8")
    return tmp_path / "config.yaml"


def composed(config: Path) -> Briefing:
    cfg = load_config(config)
    sources = ingest(cfg)
    return compose(cfg, sources, extract(sources, cfg), extract_people(sources, cfg.aliases))


def claim(briefing: Briefing, claim_id: str) -> Claim:
    return next(c for c in briefing.claims if c.id == claim_id)


def values(c: Claim) -> list[tuple[str, list[int]]]:
    return [(v.value, [x.number for x in v.citations]) for v in c.values]


def test_consistent_figures_are_one_claim_with_the_exact_value_leading(tmp_path: Path) -> None:
    ships = claim(composed(project(tmp_path)), "ships")
    # 14, "more than a dozen" and "about 15" can all be true: 14 is the exact figure.
    assert ships.value == "14 ships" and not ships.conflict
    assert values(ships) == [("14 ships", [1]), ("more than 12 ships", [2]), ("about 15 ships", [3])]
    assert ships.notes[0] == ("14 ships [1] is the most exact figure, and the others agree with it: "
                              "more than 12 ships [2]; about 15 ships [3].")
    assert (ships.confidence, ships.independent) == ("high", 3.0)


def test_figures_that_cannot_all_be_true_are_a_conflict(tmp_path: Path) -> None:
    briefing = composed(project(tmp_path))
    offer = claim(briefing, "offer")
    assert offer.conflict and offer.confidence == "low"
    assert offer.value == "4% vs 2%"
    assert values(offer) == [("4%", [1, 3]), ("2%", [4])]
    assert any(d.label == "Pay rise offered" for d in briefing.discrepancies)
    blog = briefing.source_notes[3]
    assert "gives 2% for Pay rise offered (4% per [1] [3])" in blog.suspected


def test_one_source_giving_two_figures_is_not_a_conflict(tmp_path: Path) -> None:
    files = {"a.txt": "Levy\n\nThe council set a levy of 5 percent on Monday.\n\n"
                      "Shipping firms had asked for a levy of 2 percent.\n"}
    cfg = tmp_path / "config.yaml"
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    cfg.write_text("title: Levy\ndate: 2024-06-12\nsources: [{path: a.txt, date: 2024-06-11}]\n"
                   "key_facts: [{id: levy, label: Levy, kind: percent, near: [levy]}]\n", encoding="utf-8")
    levy = claim(composed(cfg), "levy")
    assert not levy.conflict
    assert "may measure something else" in levy.notes[-1]


def test_syndicated_copy_counts_once(tmp_path: Path) -> None:
    briefing = composed(project(tmp_path))
    # S1 and S2 run the same wire sentence: one statement citing both, and one source in weight.
    lines = [*briefing.key_points, *(line for s in briefing.sections for line in s.lines)]
    strike = next(line for line in lines if line.text.startswith("Dockers"))
    assert [c.number for c in strike.citations] == [1, 2]
    monday = [c for c in briefing.claims if c.kind == "count" and "dozen" in c.value]
    assert not monday  # "more than a dozen ships" belongs to the key fact, not a claim of its own


@pytest.mark.parametrize(("rating", "confidence", "weight"), [("", "moderate", 2.0), ("B", "moderate", 2.0),
                                                              ("E", "low", 1.5), ("D", "low", 1.5)])
def test_a_source_rated_d_or_e_counts_half(tmp_path: Path, rating: str, confidence: str, weight: float) -> None:
    blog = f", reliability: {rating}" if rating else ""
    # Only the wire and the blog count the ships.
    files = {name: "\n\n".join(p for p in text.split("\n\n") if "ships" not in p)
             for name, text in ARTICLES.items()}
    files["wire.txt"] = ARTICLES["wire.txt"]
    files["blog.txt"] = "Ships\n\nSome 14 ships were stuck outside the port, the blog said.\n"
    briefing = composed(project(tmp_path, blog=blog, files=files))
    ships = claim(briefing, "ships")
    assert (ships.independent, ships.confidence) == (weight, confidence)
    assert briefing.sources[3].reliability == (rating or None)
    assert ("[4] rated D or E: counted as half a source." in ships.notes) is (rating in "DE" and bool(rating))


def test_name_variants_titles_and_aliases_are_flagged(tmp_path: Path) -> None:
    briefing = composed(project(tmp_path))
    labels = [d.label for d in briefing.discrepancies]
    assert "One person spelled two ways? Elena Marchetto / Elena Marchetti" in labels
    titles = next(d for d in briefing.discrepancies if d.label == "Titles differ for Omar Haddad")
    assert [(v, [c.number for c in cs]) for v, cs in titles.versions] == [
        ("Deputy Minister", [4]), ("Transport Minister", [1, 3, 4])]
    assert briefing.source_notes[3].suspected[:2] == (
        "spells Elena Marchetti “Elena Marchetto”",
        "calls Omar Haddad “Deputy Minister” where [1] [3] say “Transport Minister” (as it does itself "
        "elsewhere)")


def test_an_alias_merges_the_spelling_and_still_notes_it(tmp_path: Path) -> None:
    briefing = composed(project(tmp_path, extra="aliases:\n  Elena Marchetti: [Elena Marchetto]\n"))
    assert not any("Marchetto" in d.label for d in briefing.discrepancies)
    assert "writes “Elena Marchetto” for Elena Marchetti (alias in config)" in briefing.source_notes[3].suspected
    assert "Elena Marchetto" not in [p.name for p in briefing.people]


@pytest.mark.parametrize(("a", "b", "contradict"), [
    ("Vice President", "President", True), ("Deputy Minister", "Transport Minister", True),
    ("former Prime Minister", "Prime Minister", True), ("Chinese President", "President", False),
    ("Prime Minister", "President", False), ("Deputy Director", "deputy director", False),
])
def test_titles_contradict(a: str, b: str, contradict: bool) -> None:
    assert titles_contradict(a, b) is contradict


@pytest.mark.parametrize(("a", "b", "variant"), [
    ("Bidenn", "Joe Biden", True), ("Marchetto", "Elena Marchetti", True),
    ("Lima", "Ana Lima", False),  # the same surname is the same person, not a variant
    ("Costa", "Ana Lima", False), ("Li", "Wei Lu", False),
])
def test_titled_surname_variants(a: str, b: str, variant: bool) -> None:
    assert spelling_variant(a, b) is variant


def test_source_notes_count_claims_and_junk(tmp_path: Path) -> None:
    files = dict(ARTICLES)
    files["wire.txt"] = ARTICLES["wire.txt"].replace("\n\nThe port", "\n\nAdvertisement\n\nThe port")
    notes = composed(project(tmp_path, files=files)).source_notes
    wire = notes[0]
    assert (wire.claims, wire.unique) == (2, 0)  # the offer and the ships, both stated elsewhere
    assert ("advert", 1) in wire.junk


JUDGMENTS = """\
judgments:
  - text: The strike will outlast the week.
    confidence: low
    claims: [ships, offer]
"""


def test_judgments_are_apart_and_cite_their_claims(tmp_path: Path) -> None:
    config = project(tmp_path, extra=JUDGMENTS)
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(config), "--format", "md,json", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    md = (out / "briefing.md").read_text(encoding="utf-8")
    section = md.split("## Analyst judgments")[1].split("\n## ")[0]
    assert "*The desk’s own assessments, not reported facts" in section
    assert "- **Judgment (low confidence):** The strike will outlast the week. *Rests on:* Ships waiting, 14 ships [[1]]" in section
    doc = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert doc["judgments"] == [{"text": "The strike will outlast the week.", "confidence": "low",
                                 "claims": ["ships", "offer"], "missing_claims": []}]
    assert CliRunner().invoke(main, ["check", str(config), "--out", str(out)]).exit_code == 0


def test_a_judgment_on_a_missing_claim_warns_and_fails_check(tmp_path: Path) -> None:
    config = project(tmp_path, extra=JUDGMENTS.replace("[ships, offer]", "[ships, tonnage]"))
    out = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", str(config), "--format", "md,json", "--out", str(out)])
    assert result.exit_code == 0
    assert "names claim 'tonnage', which the sources do not support" in result.stderr
    assert "**claim “tonnage” no longer found in the sources**" in (out / "briefing.md").read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", str(config), "--out", str(out)])
    assert check.exit_code == 2
    assert check.stderr.strip().endswith(
        "rests on claim 'tonnage', which " + str(out / "facts.json") + " does not hold; the sources do "
        "not support it: revise the judgment or name a claim id from facts.json")
    assert "config.yaml: judgments[0]" in check.stderr


def test_a_misspelt_claim_id_gets_a_suggestion() -> None:
    from briefing.pipeline import did_you_mean
    assert did_you_mean("death", ["deaths", "injured"]) == "; did you mean 'deaths'?"
    assert did_you_mean("tonnage", ["deaths", "injured"]) == ""


def test_judgments_from_a_markdown_file(tmp_path: Path) -> None:
    (tmp_path / "judgments.md").write_text(
        "# Judgments\n\nIntro text is ignored.\n\n"
        "- **moderate**: Ships will divert to other ports. (claims: ships)\n", encoding="utf-8")
    cfg = load_config(project(tmp_path, extra="judgments: judgments.md\n"))
    (judgment,) = cfg.judgments
    assert (judgment.text, judgment.confidence, judgment.claims) == (
        "Ships will divert to other ports.", "moderate", ("ships",))
    assert cfg.judgments_file == tmp_path / "judgments.md"


@pytest.mark.parametrize(("extra", "message"), [
    ("judgments: [{text: X, confidence: sure, claims: [a]}]",
     "judgments[0].confidence: expected high, moderate or low but received 'sure'"),
    ("judgments: [{text: X, confidence: low}]", "judgments[0].claims: is required"),
    ("aliases: [Ana]", "aliases: expected a mapping (Canonical Name: [Other Spelling, …])"),
    ("aliases: {Ana Lima: [Lma], Ana Lim: [Lma]}", "aliases.Ana Lim: 'Lma' is already an alias of 'Ana Lima'"),
])
def test_bad_analyst_settings_name_the_key(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(project(tmp_path, extra=extra + "\n"))
    assert message in str(info.value)


def test_a_bad_judgments_file_line_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "j.md").write_text("- **sure**: text (claims: a)\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(project(tmp_path, extra="judgments: j.md\n"))
    assert "judgments: j.md, line 1: expected '- **high|moderate|low**: text (claims: id, id)'" in str(info.value)


def test_what_changed_since_a_previous_build(tmp_path: Path) -> None:
    config = project(tmp_path)
    before, after = tmp_path / "monday", tmp_path / "tuesday"
    assert CliRunner().invoke(main, ["build", str(config), "--format", "json", "--out", str(before)]).exit_code == 0
    # The next day: the gazette corrects its ship count, and the blog is dropped.
    (tmp_path / "gazette.txt").write_text(ARTICLES["gazette.txt"].replace("About 15 ships", "Some 30 ships"),
                                          encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - {path: blog.txt, outlet: Blog, date: 2024-06-11}\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(config), "--format", "md,json", "--out", str(after),
                                       "--since", str(before / "facts.json")])
    assert result.exit_code == 0, result.stderr
    changes = json.loads((after / "facts.json").read_text(encoding="utf-8"))["changes"]
    kinds = {(c["kind"], c["claim"]) for c in changes}
    assert ("changed", "ships") in kinds  # 14 / about 15 -> 14 / 30: now a conflict
    assert ("changed", "offer") in kinds  # 4% vs 2% -> 4%, now without a dissenting source
    md = (after / "briefing.md").read_text(encoding="utf-8")
    assert "- **Changed:** Pay rise offered: 4% vs 2% (low) → 4% (moderate)" in md


def test_since_a_file_without_claims_is_one_clear_error(tmp_path: Path) -> None:
    config = project(tmp_path)
    (tmp_path / "old.json").write_text('{"facts": []}', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(config), "--format", "md", "--since", str(tmp_path / "old.json")])
    assert result.exit_code == 2
    assert "old.json: not a facts.json with claims (no list of claims); pass the facts.json of a build" in result.stderr


def test_claim_ids_do_not_depend_on_the_order_of_sources(tmp_path: Path) -> None:
    quotes = {
        "a.txt": 'Talks\n\n"We will not sign this contract," Elena Marchetti, the union leader, said.\n',
        "b.txt": 'Port\n\n"The port must reopen this week," Transport Minister Omar Haddad said.\n\n'
                 '"We want a fair deal for the dockers," Elena Marchetti said.\n',
    }
    ids = []
    for order in (["a.txt", "b.txt"], ["b.txt", "a.txt"]):
        folder = tmp_path / "-".join(order)
        folder.mkdir()
        for name, text in quotes.items():
            (folder / name).write_text(text, encoding="utf-8")
        sources = "".join(f"  - {{path: {name}, date: 2024-06-11}}\n" for name in order)
        (folder / "config.yaml").write_text(f"title: T\ndate: 2024-06-12\nsources:\n{sources}", encoding="utf-8")
        ids.append({c.id: c.value for c in composed(folder / "config.yaml").claims})
    assert ids[0] == ids[1]
    assert {cid: v for cid, v in ids[0].items() if cid.startswith("quote-")} == {
        "quote-elena-marchetti-we-will-not-sign-this": "We will not sign this contract",
        "quote-omar-haddad-the-port-must-reopen-this": "The port must reopen this week",
        "quote-elena-marchetti-we-want-a-fair-deal": "We want a fair deal for the dockers"}


def test_a_title_clash_note_names_ten_sources_and_counts_the_rest(tmp_path: Path) -> None:
    # One source demotes the minister; thirteen give his title: the note on the odd source names
    # the first ten of them and counts the other three (it grows with the sources, not their pairs).
    files = {"odd.txt": "Haddad Talks\n\nDeputy Minister Omar Haddad met the union on Monday.\n"}
    files |= {f"wire{n:02d}.txt": f"Port News {n}\n\nTransport Minister Omar Haddad called for calm in "
                                  f"Varna q{n}.\n" for n in range(13)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        "title: Varna port strike\ndate: 2024-06-12\nsources:\n"
        + "".join(f"  - {{path: {name}, date: 2024-06-11}}\n" for name in files)
        + "topics:\n  - {name: strike, keywords: [union]}\n", encoding="utf-8")
    briefing = composed(tmp_path / "config.yaml")
    assert "calls Omar Haddad “Deputy Minister” where [2] [3] [4] [5] [6] [7] [8] [9] [10] [11] and 3 other " \
           "sources say “Transport Minister”" in briefing.source_notes[0].suspected
    titles = next(d for d in briefing.discrepancies if d.label == "Titles differ for Omar Haddad")
    assert len(titles.versions[1][1]) == 13  # the discrepancy itself still cites every source
