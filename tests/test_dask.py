"""``briefing build --dask``: ingest and extract on a Dask cluster give a local build's bytes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import main
from briefing.config import load_config
from briefing.pipeline import build, ingest_and_extract

from .conftest import FIXTURES, SEED_CONFIG, SMALL_ARTICLE, SMALL_CONFIG

OUTPUTS = ("briefing.md", "facts.json", "briefing.html")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a two-process LocalCluster, shared by this module's tests."""
    distributed: Any = pytest.importorskip(
        "distributed", reason="Dask is not installed (pip install 'briefing[dask]'): --dask untested")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.mark.parametrize("config", [SEED_CONFIG, FIXTURES / "election" / "config.yaml"],
                         ids=["seeds", "election"])
def test_a_dask_build_is_byte_identical(scheduler: str, config: Path, tmp_path: Path) -> None:
    cfg = load_config(config)
    build(cfg, tmp_path / "local", ["md", "html", "json"], force=True)
    build(cfg, tmp_path / "dask", ["md", "html", "json"], force=True, dask=scheduler)
    for name in OUTPUTS:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_the_workers_read_and_extract_as_this_process_does(scheduler: str) -> None:
    """Every source (text, sentences, junk, headline), fact and mention: equal, in order."""
    cfg = load_config(FIXTURES / "election" / "config.yaml")
    assert ingest_and_extract(cfg, dask=scheduler) == ingest_and_extract(cfg)


def test_the_cli_builds_on_a_scheduler(scheduler: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SEED_CONFIG), "--out", str(tmp_path), "--format", "json",
                                       "--force", "--dask", scheduler])
    assert result.exit_code == 0, result.output
    assert "on 2 Dask workers" in result.output


def test_an_unreachable_scheduler_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask is not installed: nothing to connect with")
    from briefing import distributed as dask_build

    monkeypatch.setattr(dask_build, "CONNECT_TIMEOUT", 2)  # 10 s in use; the same path, sooner
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["-q", "build", str(SEED_CONFIG), "--out", str(tmp_path), "--format",
                                       "json", "--force", "--dask", "tcp://127.0.0.1:1"])
    assert time.perf_counter() - start < 8
    assert result.exit_code == 2
    assert result.output.startswith("error: --dask tcp://127.0.0.1:1: cannot reach the Dask scheduler")
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("address", ["local:0", "local:two", "bogus://host:8786"])
def test_a_bad_address_is_one_line_at_once(address: str, tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="Dask is not installed")
    start = time.perf_counter()
    result = CliRunner().invoke(main, ["-q", "build", str(SEED_CONFIG), "--out", str(tmp_path), "--dask", address])
    assert result.exit_code == 2
    assert "local:N" in result.output and len(result.output.strip().splitlines()) == 1
    assert time.perf_counter() - start < 5


def test_without_dask_the_option_says_what_to_install(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed: ImportError
    result = CliRunner().invoke(main, ["-q", "build", str(SEED_CONFIG), "--out", str(tmp_path), "--dask", "local:1"])
    assert result.exit_code == 2
    assert "pip install 'briefing[dask]'" in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_jobs_and_dask_together_are_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(SEED_CONFIG), "--out", str(tmp_path), "--jobs", "2",
                                       "--dask", "local:2"])
    assert result.exit_code == 2
    assert "--jobs and --dask" in result.output


def test_a_normal_build_does_not_import_dask(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SMALL_ARTICLE, encoding="utf-8")
    (tmp_path / "config.yaml").write_text(SMALL_CONFIG, encoding="utf-8")
    code = ("import sys\nfrom briefing.cli import main\n"
            "try:\n    main(['build', 'config.yaml', '--format', 'json'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')"
            " or m == 'briefing.distributed'))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    assert (tmp_path / "build" / "facts.json").is_file()


def test_many_articles_to_a_chunk_keep_their_order(scheduler: str, tmp_path: Path) -> None:
    """120 articles: several to a chunk, several chunks in flight; facts numbered as here."""
    from briefing.bench import corpus

    cfg = load_config(corpus(str(SEED_CONFIG), 120, tmp_path))
    assert ingest_and_extract(cfg, dask=scheduler) == ingest_and_extract(cfg)


def test_a_worker_with_other_plugins_is_refused(scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the workers have installed is compared with this process's before any article goes."""
    from briefing import distributed as dask_build
    from briefing.errors import BriefingError

    monkeypatch.setattr(dask_build, "__version__", "0.0.0")  # here only: the workers' is unpatched
    with pytest.raises(BriefingError, match=r"every worker needs what this process has, briefing 0\.0\.0"):
        ingest_and_extract(load_config(SEED_CONFIG), dask=scheduler)
