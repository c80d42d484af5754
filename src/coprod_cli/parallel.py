"""Work split in chunks: on every core where the system can fork, in this
process where it cannot. The results are the same either way, in order.

Why fork only: workers inherit what the parent already built (nothing big is
pickled), and start in milliseconds. Where ``fork`` does not exist (Windows,
and Python builds without it), or a pool cannot start (no working semaphores
in some sandboxes, no more processes allowed) or loses a worker, the chunks
left run here, one after another: slower, never different
(tests/test_portability.py runs the loader and the edits with fork, fcntl
and resource made unavailable).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any


def fork_context() -> Any | None:
    """The ``fork`` multiprocessing context, or None where the system has no fork."""
    if not hasattr(os, "fork"):
        return None
    import multiprocessing as mp

    try:
        return mp.get_context("fork")
    except ValueError:
        return None


def map_chunks(fn: Callable[..., Any], chunks: Sequence[Any], workers: int, *args: Any) -> Iterator[Any]:
    """``fn(chunk, *args)`` for each chunk, in order; in forked workers when possible.

    ``fn`` must be a module-level function. An exception raised by ``fn`` itself
    reaches the caller as it would without workers (the chunk is run again
    here, where it raises the same way)."""
    pool = _pool(workers) if workers > 1 and len(chunks) > 1 else None
    done = 0
    if pool is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            with pool:
                for result in pool.map(fn, chunks, *([a] * len(chunks) for a in args)):
                    done += 1
                    yield result
        except (BrokenProcessPool, OSError, ImportError, NotImplementedError, AttributeError):
            pass  # the pool broke, or could not start its workers: the chunks left run here
    for chunk in chunks[done:]:
        yield fn(chunk, *args)


def _pool(workers: int) -> Any | None:
    ctx = fork_context()
    if ctx is None:
        return None
    try:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    except (ImportError, OSError, NotImplementedError, ValueError):
        return None  # e.g. "This platform lacks a functioning sem_open implementation"
