"""The search benchmark runs end to end (a small corpus: the figures come from ``python -m bench.search``)."""

from __future__ import annotations

from bench.search import run


async def test_the_search_benchmark_runs_on_a_small_corpus():
    result = await run(size=2000, searches=40, seed=1)
    assert result["corpus"]["quotes"] == 2000
    assert result["searches"]["n"] == 40
    assert result["searches"]["p99_ms"] > 0
    assert result["searches"]["cpu"]["p50_ms"] > 0 and result["ask"]["cpu"]["p50_ms"] > 0
    assert all(row["ms"] > 0 for row in result["time_cap"]["broad"])
    assert result["quote_random"]["n"] == 1000
    assert result["ask"]["n"] > 0
