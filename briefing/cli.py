"""The command line: a thin layer over the pipeline.

Every BriefingError becomes one line on stderr and exit code 2; anything else is a bug and keeps
its traceback.
"""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

import click

from . import __version__
from .config import ANNEX_CHOICES, Config, load_config
from .errors import BriefingError, ConfigError
from .progress import NORMAL, QUIET, VERBOSE, StageReporter, plural
from .render.formats import REGISTRY

# The pipeline, its stages and the PDF renderer are imported only once a build has something to
# do: a rebuild with nothing changed (``cache.unchanged``) reads the config and hashes the files,
# no more, and starts no renderer.
FORMATS = tuple(REGISTRY)
WATCH_FORMATS = tuple(name for name, fmt in REGISTRY.items() if fmt.watched)

EXIT_BAD_INPUT = 2


def _fail(exc: BriefingError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _load(path: str) -> tuple[Config, float]:
    start = time.perf_counter()
    cfg = load_config(path)
    return cfg, time.perf_counter() - start


def _stage(stage: str, seconds: float, what: str) -> None:
    click.echo(f"{stage:<9} {seconds * 1000:7.0f} ms  {what}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
@click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings only (build, check, eval).")
@click.option("--verbose", "-v", is_flag=True, help="Print more detail: each source, each output (build, check).")
@click.pass_context
def main(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    """Turn a folder of news articles about one event into a cited briefing.

    \b
    Example:
      briefing build config.yaml      # writes build/briefing.{md,html,pdf} and build/facts.json
      briefing check config.yaml      # validates the config and every citation
      briefing -q build config.yaml --strict   # for CI: silent, and warnings fail
    """
    _set_level(ctx, quiet, verbose)


@main.command("build")
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--out", "out", type=click.Path(), default=None,
              help="Folder for the outputs (default: 'output' in the config, else build/).")
@click.option("--format", "formats", default=",".join(FORMATS), show_default=True,
              help=f"Comma-separated outputs to write: {', '.join(FORMATS)}.")
@click.option("--since", "since", type=click.Path(dir_okay=False), default=None,
              help="A previous build's facts.json: add a 'What changed' section (overrides previous: in the config).")
@click.option("--open", "open_result", is_flag=True,
              help="Open the result (the PDF, else the HTML, else the Markdown) when done.")
@click.option("--force", is_flag=True, help="Rebuild every stage, even those whose inputs are unchanged.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Read and extract the articles in this many processes.")
@click.option("--dask", "dask", metavar="SCHEDULER", default=None,
              help="Read and extract on a Dask cluster: a scheduler's address (tcp://host:8786), or "
                   "local:N for N worker processes here (pip install 'briefing[dask]').")
@click.option("--annex", "annex", type=click.Choice(ANNEX_CHOICES), default=None,
              help="Which outputs carry the annex after the brief: pdf (all of them), html (the HTML "
                   "and Markdown; the PDF is the brief alone) or none (overrides annex: in the config).")
@click.option("--strict", is_flag=True,
              help="Exit with code 2 when the build warns (for CI); the outputs are still written.")
def build_command(config: str, out: str | None, formats: str, since: str | None,
                  open_result: bool, force: bool, jobs: int, dask: str | None, annex: str | None,
                  strict: bool) -> None:
    """Build the briefing described by CONFIG.

    \b
    Example:
      briefing build config.yaml --out build
      briefing build config.yaml --since yesterday/facts.json
      briefing build config.yaml --annex html   # a two-page PDF; the audit trail in the HTML
      briefing -q build config.yaml --strict    # in CI: warnings only, and they fail
      briefing build config.yaml --dask tcp://scheduler:8786
    """
    wanted = _formats(formats)
    level = _level()
    try:
        if dask is not None and jobs > 1:
            raise BriefingError("--jobs and --dask: give one (the Dask workers are the processes)")
        cfg, seconds = _load(config)
        with StageReporter(level, len(cfg.sources)) as report:
            report("config", seconds, f"{config}: {plural(len(cfg.sources), 'source')}, "
                                      f"{plural(len(cfg.topics), 'topic')}, {plural(len(cfg.key_facts), 'key fact')}")
            if level >= VERBOSE:
                for line in _source_lines(cfg):
                    report.say(line)
            out_dir = Path(out) if out else None
            done = None if force else _unchanged(cfg, out_dir, wanted, since, annex, report)
            if done is None:
                done = _build(cfg, out_dir, wanted, report, since, force, jobs, annex, dask)
    except BriefingError as exc:
        _fail(exc)
        return
    outputs, warnings, missing = done
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if missing and level > QUIET:
        click.echo(f"note: not found in sources: {', '.join(missing)}", err=True)
    if level >= VERBOSE:
        for fmt, path in outputs.items():
            click.echo(f"wrote {path} ({fmt}, {path.stat().st_size:,} bytes)", err=True)
    if strict and warnings:
        _fail(BriefingError(f"--strict: the build gave {plural(len(warnings), 'warning')} (above); "
                            "the outputs were written"))
    if open_result:
        shown = next((outputs[f] for f in ("pdf", "html", "md", "json") if f in outputs), None)
        if shown is not None:
            click.launch(str(shown))


Built = tuple[dict[str, Path], list[str], list[str]]
"""A build's outputs by format, its warnings, and the key facts no source gave."""


def _unchanged(cfg: Config, out: Path | None, formats: list[str], since: str | None, annex: str | None,
               report: StageReporter) -> Built | None:
    """The last build's outputs, when nothing it was made from has changed (else None)."""
    import dataclasses

    from . import cache

    start = time.perf_counter()
    if annex is not None:
        cfg = dataclasses.replace(cfg, annex=annex)
    # The file names are the registry's: never a path that a planted state.json could name.
    outputs = {fmt: (out or cfg.output) / REGISTRY[fmt].filename for fmt in formats}
    state = cache.unchanged(cfg, outputs, Path(since) if since else cfg.previous)
    if state is None:
        return None
    report("cache", time.perf_counter() - start, f"nothing changed since the last build: "
                                                 f"{len(formats)} outputs up to date (--force rebuilds)")
    return outputs, state.warnings, state.missing


def _build(cfg: Config, out: Path | None, formats: list[str], report: StageReporter, since: str | None,
           force: bool, jobs: int, annex: str | None, dask: str | None) -> Built:
    if "pdf" in formats:  # WeasyPrint's import (half a second) beside this process's imports
        from .render.pdf import prestart

        prestart()
    from .pipeline import build

    result = build(cfg, out, formats, report=report, since=Path(since) if since else None, force=force,
                   jobs=jobs, annex=annex, dask=dask)
    missing = [r.label for r in result.briefing.key_facts if not r.found]
    return result.outputs, result.warnings, missing


@main.command("check")
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--out", "out", type=click.Path(file_okay=False), default=None,
              help="Folder holding the facts.json to verify (default: the config's output).")
def check_command(config: str, out: str | None) -> None:
    """Validate CONFIG and verify every citation in its facts.json.

    Every config problem is listed, one per line. Each citation's quote must equal its
    source's text at the cited offsets.

    \b
    Example:
      briefing check config.yaml
    """
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    level = _level()
    if level >= VERBOSE:
        for line in _source_lines(cfg):
            click.echo(line)
    _info(level, f"{config}: valid ({plural(len(cfg.sources), 'source')}, {plural(len(cfg.topics), 'topic')}, "
               f"{plural(len(cfg.key_facts), 'key fact')}, {plural(len(cfg.sections), 'section')})")
    if not cfg.bottom_line and cfg.layout == "brief":
        click.echo(f"warning: {config}: no bottom_line: the brief opens with the key points; write the "
                   "desk's two or three sentences, each ending '(claims: id, id)' (see docs/config.md)",
                   err=True)
    facts = (Path(out) if out else cfg.output) / "facts.json"
    if not facts.is_file():
        _info(level, f"{facts}: not built yet; run 'briefing build {config}' and check again")
        return
    from .facts_file import verify_facts_file, verify_judgments

    try:
        checked = verify_facts_file(facts, cfg)
        verify_judgments(cfg, facts)
    except BriefingError as exc:
        _fail(exc)
        return
    rested = [plural(len(cfg.judgments), "judgment")] if cfg.judgments else []
    rested += [plural(len(cfg.bottom_line), "bottom-line sentence")] if cfg.bottom_line else []
    _info(level, f"{facts}: {'all ' if checked != 1 else ''}{plural(checked, 'citation')} "
               f"{'match' if checked != 1 else 'matches'} {'their' if checked != 1 else 'its'} source"
               f"{'s' if checked != 1 else ''}"
               + (f"; each claim that {' and '.join(rested)} name is in it" if rested else ""))


@main.command("watch")
@click.argument("config", type=click.Path(dir_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port to serve the HTML on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to serve on (keep it local).")
@click.option("--out", "out", type=click.Path(), default=None,
              help="Folder for the outputs (default: 'output' in the config, else build/).")
@click.option("--format", "formats", default=",".join(WATCH_FORMATS), show_default=True,
              help="Outputs to rebuild; the PDF follows the page in the background.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def watch_command(config: str, port: int, host: str, out: str | None, formats: str,
                  open_browser: bool) -> None:
    """Build CONFIG, serve the HTML with live reload, and rebuild on every change to the config,
    the sources or the templates. Stop with Ctrl-C.

    \b
    Example:
      briefing watch config.yaml --port 8000   # then open http://127.0.0.1:8000/
    """
    from .watch import watch

    def ready(url: str) -> None:
        click.echo(f"serving {url} (rebuilds on change; Ctrl-C stops)", err=True)
        if open_browser:
            import webbrowser  # only for --open: not every build pays its import

            webbrowser.open(url)

    try:
        watch(config, port, host, _formats(formats), ready, out=out)
    except BriefingError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


def _formats(formats: str) -> list[str]:
    wanted = [f.strip() for f in formats.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.BadParameter(f"expected some of {', '.join(FORMATS)}; received {formats!r}",
                                 param_hint="--format")
    return wanted


@main.command("eval")
@click.argument("gold", type=click.Path(dir_okay=False))
@click.option("--config", "config", type=click.Path(dir_okay=False), default=None,
              help="Config of the corpus (default: the one the gold file names).")
@click.option("--summary", is_flag=True,
              help="Print the scores only, no sentences: for a held-out split you must not read.")
@click.option("--convention", type=click.Choice(["mentions", "distinct"]), default="mentions", show_default=True,
              help="Score every mention (vague words included), or each distinct figure once per file "
                   "(vague words left out); see docs/gold.md.")
def eval_command(gold: str, config: str | None, summary: bool, convention: str) -> None:
    """Measure extraction against a hand-made GOLD file (see docs/gold.md).

    Prints precision, recall and F1 per kind and overall, then every miss, wrong value, false
    positive and wrong speaker with its sentence (not with --summary).

    \b
    Example:
      briefing eval tests/gold/seeds.yaml
      briefing eval corpora/real/gold-test.yaml --summary
    """
    from .evaluate import evaluate, report  # only for eval: a build does not pay its import

    try:
        evaluation, _, files = evaluate(Path(gold), Path(config) if config else None, convention)
    except BriefingError as exc:
        _fail(exc)
        return
    for line in report(evaluation, gold, files, summary or _level() == QUIET):
        click.echo(line)


@main.command("import")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--into", "into", type=click.Path(file_okay=False), default="articles", show_default=True,
              help="Folder for the article texts and their sidecars.")
@click.option("--fetch", is_flag=True,
              help="Download the URLs given (off by default: nothing touches the network without it). "
                   "Pages are cached in .briefing-cache/pages/ and not downloaded again.")
def import_command(inputs: tuple[str, ...], into: str, fetch: bool) -> None:
    """Turn web pages into article texts: each URL, saved page (.html, .htm), folder of them or
    PDF article becomes INTO/<date>-<headline>.txt (the headline, then the article without the
    page's menus and ads) and a sidecar INTO/<name>.source.yaml with its outlet, title, date and
    URL, which the config reads for every source (values in the config win).

    \b
    Example:
      briefing import saved/*.html report.pdf          # then sources: [{path: articles/*.txt}]
      briefing import --fetch https://example.org/news/story --into articles
    """
    # Imported here: a build does not pay trafilatura's import.
    from .importing import import_pages

    try:
        for done in import_pages(inputs, Path(into), fetch=fetch):
            meta = done.meta
            about = ", ".join(v for v in (meta.outlet, meta.date and meta.date.isoformat()) if v)
            click.echo(f"{done.text}{'' if done.changed else ' (unchanged)'}: "
                       f"{meta.title or 'no headline'}{f' ({about})' if about else ''}")
    except BriefingError as exc:
        _fail(exc)


# Verbosity: -q and -v on the main group, read by the commands through the root context.

def _set_level(ctx: click.Context, quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise click.UsageError("-q/--quiet and -v/--verbose cannot go together; choose one")
    ctx.ensure_object(dict)["level"] = QUIET if quiet else VERBOSE if verbose else NORMAL


def _level() -> int:
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return int(obj.get("level", NORMAL)) if isinstance(obj, dict) else NORMAL


def _info(level: int, line: str) -> None:
    """A line of information on stdout, left out with --quiet."""
    if level > QUIET:
        click.echo(line)


def _source_lines(cfg: Config) -> list[str]:
    """--verbose: one line per source, as the config resolved it."""
    return [f"  {s.id} {s.display_path}" + "".join(f", {v}" for v in (s.outlet, s.date, s.reliability) if v)
            for s in cfg.sources]


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema (draft 2020-12) of config.yaml, for editors: completion, hover
    text and marks on wrong keys while you type. `briefing init` writes it beside the config
    as .briefing-schema.json, which the config's first line names. `briefing check` remains the
    judge: it also checks what a schema cannot (files exist, topics named exist).

    \b
    Example:
      briefing schema > .briefing-schema.json
      # then, as the first line of config.yaml (VS Code's YAML extension, and others):
      # yaml-language-server: $schema=.briefing-schema.json
    """
    from .config.schema import schema_text  # only here and in init: a build does not pay its import

    click.echo(schema_text(), nl=False)


SCAFFOLD = Path(__file__).resolve().parent / "scaffold"


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False), required=False)
@click.option("--force", is_flag=True,
              help="Write into the current folder (no DIRECTORY), or into a folder that is not empty, "
                   "replacing the files init writes there.")
def init_command(directory: str | None, force: bool) -> None:
    """Start a new briefing in DIRECTORY: a commented config.yaml (with its JSON Schema beside it,
    for editors), an articles/ folder with one sample article, and a Makefile. It builds at once;
    then replace the sample with your own. DIRECTORY must be new or empty, unless --force.

    \b
    Example:
      briefing init my-briefing && cd my-briefing && make
    """
    target = Path(directory or ".")
    refusal = _init_refusal(directory, target, force)
    if refusal:
        _fail(BriefingError(f"{refusal}; nothing was written"))
    try:
        _write_scaffold(target)
    except OSError as exc:
        _fail(BriefingError(f"{target}: cannot be written ({exc.strerror}); choose another folder"))
    click.echo(f"created {target / 'config.yaml'}, {target / 'articles'}/, {target / 'Makefile'}")
    click.echo(f"next: cd {shlex.quote(str(target))} && make   (builds build/briefing.pdf; then put your "
               "articles in articles/ and edit config.yaml)")


def _init_refusal(directory: str | None, target: Path, force: bool) -> str | None:
    """Why ``briefing init`` will not write into ``target``, or None."""
    if force:  # (a file in its place is click's to refuse: the argument is a folder)
        return None
    if directory is None:
        return ("name a new folder for the briefing: briefing init my-briefing "
                "(or briefing init --force to write into this one)")
    held = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    if held:
        return (f"{target}: not empty (holds {held[0]}{', …' if len(held) > 1 else ''}); choose a new folder, "
                "or add --force to write into it, replacing config.yaml, Makefile and articles/example.txt")
    return None


def _write_scaffold(target: Path) -> None:
    """The scaffold's files, and the config's schema beside it (written now, so it matches this
    briefing's options)."""
    from .config.schema import SCHEMA_FILE, schema_text

    for path in sorted(SCAFFOLD.rglob("*")):
        if path.is_file():
            dest = target / path.relative_to(SCAFFOLD)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(path.read_bytes())
    (target / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
