"""Giving back the memory start-up no longer uses."""

from __future__ import annotations

import ctypes
import gc
import sys


def trim_after_start_up() -> None:
    """Collect the garbage start-up left (cycles from importing the extensions and reading the
    database), then ask glibc's allocator to return its free pages to the system
    (``malloc_trim``). Without it they stay in the process's resident memory: about 0.5 MiB at
    1,000 servers (docs/benchmarks.md, "Memory"). Costs ~20 ms, once. Elsewhere than glibc on
    Linux (musl, macOS), only the collection."""
    gc.collect()
    if not sys.platform.startswith("linux"):
        return
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim  # glibc's; musl has none
    except (OSError, AttributeError):
        return
    malloc_trim(0)
