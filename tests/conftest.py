"""Shared fixtures: paths of the corpora and a built seed briefing (built once per session)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from briefing.config import load_config
from briefing.pipeline import BuildResult, build

# On CI the property tests draw the same examples every run, so a landing is never decided by
# chance; run them locally (without CI set) to keep exploring new examples.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEED_CONFIG = ROOT / "config.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# A one-article project for CLI and bad-input tests.
SMALL_ARTICLE = "Deal Agreed Today\n\nThe buyer agreed to pay $5 million for 12 ferries on Tuesday.\n"
SMALL_CONFIG = """\
title: Small test
date: 2024-03-06
sources:
  - path: a.txt
    date: 2024-03-05
"""


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, Path]:
    out = tmp_path_factory.mktemp("seed-build")
    return build(load_config(SEED_CONFIG), out), out


def templates_folder(project: Path) -> Path:
    """A templates/ folder in a test project, named by its config (an unnamed one is not used)."""
    folder = project / "templates"
    folder.mkdir(exist_ok=True)
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    if "\ntemplates:" not in text:
        config.write_text(text + "templates: templates\n", encoding="utf-8")
    return folder
