"""Keep Python's cyclic garbage collector out of the hot loops.

Why: loading and computing build millions of small, long-lived, acyclic
objects (parsed values, models, report views). The cyclic collector scans the
growing heap again and again: at 10,000 agreements it was half the load time
and two thirds of the report time (measured, benchmarks/README.md).
Reference counting still frees everything; the collector is back on after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cyclic_gc(freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic collector; with ``freeze``, what was built inside is
    moved out of its reach for good (it lives as long as the command)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()
