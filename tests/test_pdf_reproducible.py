"""The PDF is the same bytes from run to run, whichever font subsetter WeasyPrint uses:
HarfBuzz's libharfbuzz-subset where the machine has it, fontTools where it does not.

Each build runs in a process of its own, as the command line does, with its own hash seed; the
second starts over a second after the first, so a clock read anywhere (fontTools stamps each
subset font's ``head.modified`` with the time, in whole seconds) shows as different bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES

# The real command (briefing.command.main: the renderer forked first), in a process where
# WeasyPrint believes libharfbuzz-subset is absent, as on a machine without it: WeasyPrint reads
# the name harfbuzz_subset in weasyprint.pdf.fonts when it subsets a font.
FONTTOOLS_BUILD = """
import sys
import weasyprint.pdf.fonts
weasyprint.pdf.fonts.harfbuzz_subset = None
sys.argv = ["briefing", *sys.argv[1:]]
from briefing.command import main
main()
"""
HARFBUZZ_BUILD = """
import sys
sys.argv = ["briefing", *sys.argv[1:]]
from briefing.command import main
main()
"""
FONTTOOLS_WARNING = "weasyprint: fonts subset with fontTools instead of HarfBuzz-Subset"


def _harfbuzz_subset_present() -> bool:
    script = "import weasyprint.text.ffi as f; print(f.harfbuzz_subset is not None)"
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).stdout.strip() == "True"


def _build_twice(tmp_path: Path, script: str) -> tuple[list[bytes], list[str]]:
    shutil.copytree(FIXTURES / "mini", tmp_path / "mini")
    pdfs, logs = [], []
    for run in (1, 2):
        if run == 2:
            time.sleep(1.1)  # a clock in whole seconds reads another value
        out = tmp_path / f"out-{run}"
        env = {**os.environ, "PYTHONHASHSEED": str(run)}
        proc = subprocess.run([sys.executable, "-c", script, "build", "config.yaml", "--out", str(out),
                               "--format", "pdf"], cwd=tmp_path / "mini", capture_output=True,
                              text=True, timeout=180, env=env)
        assert proc.returncode == 0, proc.stderr
        pdfs.append((out / "briefing.pdf").read_bytes())
        logs.append(proc.stderr)
    return pdfs, logs


def test_pdf_is_byte_identical_from_run_to_run_with_fonttools_subsetting(tmp_path: Path) -> None:
    (first, second), logs = _build_twice(tmp_path, FONTTOOLS_BUILD)
    assert [log.count(FONTTOOLS_WARNING) for log in logs] == [1, 1], logs  # the fallback ran; said once
    assert first == second


def test_pdf_is_byte_identical_from_run_to_run_with_harfbuzz_subsetting(tmp_path: Path) -> None:
    if not _harfbuzz_subset_present():
        pytest.skip("libharfbuzz-subset0 is not installed (make system-deps installs it)")
    (first, second), logs = _build_twice(tmp_path, HARFBUZZ_BUILD)
    assert not any(FONTTOOLS_WARNING in log for log in logs), logs
    assert first == second
