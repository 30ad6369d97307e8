"""The "trivia-click" benchmark scenario runs end to end (tiny N): every click is locked in. The
figures come from ``python -m bench.interactions --scenario trivia-click``; this is not a timed test."""

from __future__ import annotations

from bench.interactions import Options, run_benchmark


async def test_the_trivia_click_scenario_runs_with_a_tiny_n():
    options = Options(interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, scenario="trivia-click")
    result = await run_benchmark(options)
    assert result["this_bot"]["errors"] == [], result["this_bot"]["errors"]
    assert result["this_bot"]["interactions"] == 20
    assert result["this_bot"]["p50_ms"] > 0
