"""Where extraction runs: in this process, in a pool of processes on this
machine (``jobs``), or on a Dask distributed cluster (``engine="dask"``).

Every engine yields the documents' results in input order, so the graph
and the exports do not depend on the engine or on the number of workers.
Documents are handed out a few at a time and results come back as they
are done: memory holds a bounded window of documents, never the corpus.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from typing import Iterable, Iterator

from .errors import InputError
from .extract import DocResult, extract_document
from .knowledge import KnowledgeBase
from .model import Document
from .rules import RuleSet

__all__ = ["extract_all", "ENGINES", "default_jobs", "slim"]

ENGINES = ("local", "dask")
#: Documents in flight per worker: enough to keep it busy, few enough to
#: keep memory bounded.
WINDOW_PER_WORKER = 8


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                 # not on Linux
        return max(1, os.cpu_count() or 1)


def slim(result: DocResult) -> DocResult:
    """``result`` without what only ``kg explain`` needs (the text, the
    sentences and their mentions, the dropped candidates): what a build
    keeps per document."""
    d = result.doc
    return DocResult(Document(d.id, "", d.date, d.title, d.path), result.facts, [], [],
                     result.entities)


def _extract(doc: Document, kb: KnowledgeBase, rules: RuleSet, detail: bool) -> DocResult:
    result = extract_document(doc, kb, rules, detail=detail)
    return result if detail else slim(result)


# A worker process's knowledge and rules, set once by _init.
_WORKER: dict = {}


def _init(kb: KnowledgeBase, rules: RuleSet, detail: bool) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    _WORKER.update(kb=kb, rules=rules, detail=detail)


def _work(doc: Document) -> DocResult:
    return _extract(doc, _WORKER["kb"], _WORKER["rules"], _WORKER["detail"])


def _in_order(submit, docs: Iterable[Document], window: int, result) -> Iterator[DocResult]:
    """Submit documents with ``submit`` keeping at most ``window`` in
    flight, and yield their results (``result(future)``) in input order."""
    pending: deque = deque()
    for doc in docs:
        pending.append(submit(doc))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def extract_all(docs: Iterable[Document], kb: KnowledgeBase, rules: RuleSet, *,
                jobs: int | None = 1, engine: str = "local", scheduler: str | None = None,
                detail: bool = True) -> Iterator[DocResult]:
    """The results of ``docs``, in order.

    ``engine="local"`` runs in this process when ``jobs`` is 1 and in a pool
    of ``jobs`` processes otherwise (``None``: every core).
    ``engine="dask"`` sends the documents to the Dask scheduler at
    ``scheduler`` (``tcp://host:8786``); the knowledge and rules are sent
    to every worker once. ``detail=False`` keeps only what a build needs
    of each result (see :func:`slim`).
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r} (allowed: {', '.join(ENGINES)})")
    if engine == "dask":
        if not scheduler:
            raise InputError("--engine dask needs --scheduler ADDRESS (tcp://host:8786)")
        yield from _dask(docs, kb, rules, scheduler, detail)
        return
    if scheduler:
        raise InputError("--scheduler is only for --engine dask")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    if jobs == 1:
        for doc in docs:
            yield _extract(doc, kb, rules, detail)
        return
    from concurrent.futures import ProcessPoolExecutor

    # fork shares the loaded knowledge and rules with the workers for free
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                               initializer=_init, initargs=(kb, rules, detail))
    try:
        yield from _in_order(lambda d: pool.submit(_work, d), docs,
                             jobs * WINDOW_PER_WORKER, lambda f: f.result())
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)   # a failure or Ctrl-C: stop at once
        raise
    pool.shutdown()


def _dask(docs: Iterable[Document], kb: KnowledgeBase, rules: RuleSet, scheduler: str,
          detail: bool) -> Iterator[DocResult]:
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--engine dask needs the 'distributed' package: "
                         "pip install 'geokg[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise InputError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        kb_f, rules_f = client.scatter([kb, rules], broadcast=True)
        yield from _in_order(
            lambda d: client.submit(_extract, d, kb_f, rules_f, detail, pure=False),
            docs, workers * WINDOW_PER_WORKER, lambda f: f.result())
    finally:
        client.close()
