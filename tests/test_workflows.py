"""The CI files call Makefile targets that exist, and the README's commands are real."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", makefile, re.MULTILINE))


def test_github_workflow_parses_and_calls_real_targets() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "briefing.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["brief"]["steps"]
    called = {m for s in steps for m in re.findall(r"\bmake (\w+)", s.get("run", ""))}
    assert called == {"test", "brief", "check"} and called <= make_targets()
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "build/"


def test_ci_script_runs_the_readme_commands() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in ("test", "brief"):
        assert f"make {target}" in script and f"make {target}" in readme
    assert set(re.findall(r"^make (\w+)", script, re.MULTILINE)) <= make_targets()
