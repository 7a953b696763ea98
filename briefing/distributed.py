"""Ingest and extract on a Dask cluster: ``briefing build CONFIG --dask SCHEDULER``.

The same per-article function as ``--jobs`` (``pipeline._extract_one``), run on the workers of a
``dask.distributed`` scheduler (an address such as ``tcp://host:8786``, or ``local:N`` for a
``LocalCluster`` of N worker processes on this machine). Compose and the outputs stay here.

- The client reads every article (as a local build does, in source order: the same decoding and
  the same one-line error for a file that cannot be read) and sends its text to the workers. So
  the workers need no shared file system, only the same briefing and extractor plugins (both
  checked before any article is sent), and what they extract depends on nothing on their disks.
- The config is sent once per worker (``scatter``, broadcast), not once per article.
- Articles go in chunks, a bounded number in flight at a time (the client's memory does not
  hold every chunk's text twice), and the results are taken back in source order: the facts
  are numbered as in a local build and the outputs are byte-identical to it.

Dask is optional (``pip install 'briefing[dask]'``) and imported only here.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from . import __version__
from .config import Config
from .errors import BriefingError
from .ingest import oversized, read_source, read_text
from .models import Fact, Source
from .pipeline import _extract_one, _Packed, _unpack

if TYPE_CHECKING:
    from .extract.people import PersonMention

CONNECT_TIMEOUT = 10
"""Seconds to reach the scheduler, and for it to have a worker, before a one-line error."""

_LOCAL = "local:"
_WORKER: dict[str, Any] = {}


def _dask() -> ModuleType:
    try:
        import distributed
    except ImportError:
        raise BriefingError("--dask needs Dask: pip install 'briefing[dask]'") from None
    return distributed


def local_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` processes of one thread, no dashboard."""
    import logging

    return _dask().LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                dashboard_address=None, silence_logs=logging.ERROR)


@contextmanager
def _client(address: str) -> Iterator[Any]:
    """A ``distributed.Client`` on ``address`` (local:N: a LocalCluster of N processes)."""
    distributed = _dask()
    cluster = None
    try:
        if address.startswith(_LOCAL):
            count = address[len(_LOCAL):]
            if not count.isdigit() or not 1 <= int(count) <= 64:
                raise BriefingError(f"--dask {address}: expected local:N with N a number of worker "
                                    "processes from 1 to 64")
            cluster = local_cluster(int(count))
            target: Any = cluster
        else:
            target = _checked(distributed, address)
        try:
            client = distributed.Client(target, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise BriefingError(f"--dask {address}: cannot reach the Dask scheduler "
                                f"({_first_line(exc)}); check the address and that it runs") from None
        try:
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise BriefingError(f"--dask {address}: the scheduler has no workers (none joined within "
                                    f"{CONNECT_TIMEOUT} s)") from exc
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def _checked(distributed: Any, address: str) -> str:
    """The address, if Dask knows its scheme (a Client it fails to make hangs 20 s at exit)."""
    try:
        scheme, _ = distributed.comm.parse_address(address)
        distributed.comm.registry.get_backend(scheme).get_connector()
    except (ValueError, TypeError, ImportError) as exc:
        raise BriefingError(f"--dask {address}: not a Dask scheduler's address ({_first_line(exc)}); "
                            "expected tcp://HOST:8786 or local:N") from None
    return address


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _installed() -> tuple[str, tuple[str, ...]]:
    """This process's briefing version and extractor plugins (what the facts depend on)."""
    from .plugins import plugin_kinds

    return __version__, plugin_kinds()


def _check_workers(client: Any, address: str) -> None:
    """Every worker runs the same briefing with the same extractor plugins as this process."""
    here = _installed()
    try:
        found: dict[str, tuple[str, tuple[str, ...]]] = client.run(_installed)
    except Exception as exc:  # a worker that cannot import briefing: what Dask raised, on one line
        raise BriefingError(f"--dask {address}: the workers cannot run briefing "
                            f"({_first_line(exc)}); install briefing {__version__} on every worker") from None
    wrong = sorted(f"{worker} has briefing {version}, plugins [{', '.join(kinds)}]"
                   for worker, (version, kinds) in found.items() if (version, tuple(kinds)) != here)
    if wrong:
        raise BriefingError(f"--dask {address}: every worker needs what this process has, briefing "
                            f"{here[0]} and extractor plugins [{', '.join(here[1])}]: {'; '.join(wrong)}")


def _extract_chunk(cfg: Config, items: list[tuple[int, str]]) -> list[_Packed]:
    """On a worker: each (source index, text) read and extracted, packed as ``--jobs`` packs."""
    from .extract.topics import TopicMatcher

    if _WORKER.get("cfg") is not cfg:  # the scattered config: one object per worker
        _WORKER.update(cfg=cfg, topics=TopicMatcher(cfg.topics))
    enabled = gc.isenabled()
    gc.disable()  # as pipeline.paused_gc: many objects, no cycles; the worker process lives on
    try:
        return [_extract_one(read_source(cfg.sources[i], cfg.junk, text), _WORKER["topics"])
                for i, text in items]
    finally:
        if enabled:
            gc.enable()


def _chunks(cfg: Config, size: int) -> Iterator[list[tuple[int, str]]]:
    """The articles' texts, read here in source order, ``size`` at a time."""
    chunk: list[tuple[int, str]] = []
    for i, sc in enumerate(cfg.sources):
        chunk.append((i, "" if oversized(sc) else read_text(sc.path, encoding=sc.encoding)))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def dask_read_and_extract(cfg: Config, address: str, done: Callable[[str, str], None] = lambda s, w: None
                          ) -> tuple[list[Source], list[Fact], list[PersonMention]]:
    """Ingest and extract every source on the Dask scheduler ``address``; the same result as
    one process."""
    sources: list[Source] = []
    facts: list[Fact] = []
    mentions: list[PersonMention] = []
    with _client(address) as client:
        _check_workers(client, address)
        workers = max(1, len(client.nthreads()))
        shared = client.scatter(cfg, broadcast=True)
        size = max(1, min(200, len(cfg.sources) // (workers * 16)))
        in_flight: deque[Any] = deque()  # distributed.Future, in source order
        for chunk in _chunks(cfg, size):
            in_flight.append(client.submit(_extract_chunk, shared, chunk, pure=False))
            if len(in_flight) >= workers * 4:
                _take(in_flight.popleft(), sources, facts, mentions)
        while in_flight:
            _take(in_flight.popleft(), sources, facts, mentions)
    done("extract", f"{len(sources)} sources read and {len(facts)} facts extracted on "
                    f"{workers} Dask worker{'' if workers == 1 else 's'}")
    return sources, facts, mentions


def _take(future: Any, sources: list[Source], facts: list[Fact],
          mentions: list[PersonMention]) -> None:
    for packed in future.result():
        source, found, people = _unpack(packed, len(facts) + 1)
        sources.append(source)
        facts += found
        mentions += people
