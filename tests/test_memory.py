"""Start-up's trim: freed memory that glibc's allocator would keep resident is given back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.memory import trim_after_start_up

MiB = 2**20


def resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / MiB


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's; /proc is Linux's")
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
