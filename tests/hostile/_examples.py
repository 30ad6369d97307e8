"""How many examples each property gets: bounded in `make test`, twenty times as many with
HYPOTHESIS_PROFILE=deep (the profiles themselves are registered in tests/conftest.py)."""

from __future__ import annotations

import os

from hypothesis import settings

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"


def examples(quick: int) -> settings:
    """``@examples(200)``: 200 examples in `make test`, 4,000 in the deep profile."""
    return settings(max_examples=quick * 20 if DEEP else quick)
