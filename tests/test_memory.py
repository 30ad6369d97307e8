"""The long-running bot's memory (bot/memory.py): one malloc arena for its threads, and the memory
glibc's allocator would keep resident after start-up given back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.memory import trim_after_start_up
from bot.settings import PROJECT_ROOT

GLIBC_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc; /proc is Linux's")

# Threads that allocate (bytes over 512 are malloc's), then glibc's own account of its arenas.
THREADS_ALLOCATE = """
import ctypes, sys, threading
from bot.memory import use_one_malloc_arena
if sys.argv[1] == "one":
    use_one_malloc_arena()
def allocate():
    kept = [bytes(4000 + n) for n in range(200)]
threads = [threading.Thread(target=allocate) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()
"""

MiB = 2**20


def resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / MiB


def arenas_used(mode: str) -> int:
    stats = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATE, mode], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return sum(1 for line in stats.stderr.splitlines() if line.startswith("Arena "))


@GLIBC_ONLY
def test_threads_share_one_arena() -> None:
    assert arenas_used("many") > 1  # glibc's default: the threads' own arenas
    assert arenas_used("one") == 1


@GLIBC_ONLY
def test_freed_blocks_below_a_live_one_are_given_back() -> None:
    # 32 MiB in 4 KiB blocks (too big for Python's small-object allocator: malloc's), then one more
    # kept alive above them, so that freeing them cannot shrink the heap from its top.
    blocks = [bytes(4000) + bytes([n % 256]) for n in range(8000)]
    kept_on_top = bytes(4000) + b"top"
    del blocks
    freed = resident_mib()
    trim_after_start_up()
    assert freed - resident_mib() > 16, "the freed blocks stayed resident"
    assert kept_on_top.endswith(b"top")
