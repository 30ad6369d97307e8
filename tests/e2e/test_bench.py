"""The benchmark runs end to end (tiny N): both bots answer, figures come out. Not a timed test."""

from __future__ import annotations

import math
import sys

from bench.first_run import seconds_until
from bench.interactions import Options, print_table, run_benchmark


async def test_benchmark_runs_with_a_tiny_n(capsys):
    options = Options(interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, memory_map=True)
    result = await run_benchmark(options)
    for side in ("this_bot", "bare"):
        figures = result[side]
        assert figures["errors"] == [], figures["errors"]
        assert figures["interactions"] == 20
        assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
        assert figures["throughput_per_s"] > 0
        assert not math.isnan(figures["cpu_ms_per_interaction"])
        assert figures["rss_ready_mib"] > 10
        # --memory-map: the mappings' RSS adds up to the process's (read a moment apart)
        assert abs(sum(figures["rss_by_mapping_mib"].values()) - figures["rss_ready_mib"]) < 1
    assert result["ratio"]["p99"] is not None
    print_table(result)
    out = capsys.readouterr().out
    assert "targets:" in out and "RSS after warm-up, by mapping" in out


async def test_the_metrics_comparison_runs_with_a_tiny_n(capsys):
    """--metrics: this bot with METRICS_PORT (scraped every round) against itself without."""
    options = Options(interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, metrics=True)
    result = await run_benchmark(options)
    assert result["this_bot"]["label"] == "metrics-on" and result["bare"]["label"] == "metrics-off"
    for side in ("this_bot", "bare"):
        assert result[side]["errors"] == [], result[side]["errors"]
        assert result[side]["interactions"] == 20
    assert result["median_round_cpu_ratio"] is not None
    print_table(result)
    assert "metrics cost:" in capsys.readouterr().out


async def test_first_run_times_a_command_until_its_marker(tmp_path):
    """bench.first_run's clock (the make targets themselves are not run here: `make` would rebuild a
    venv made by another Python than its default)."""
    script = (
        "import time; print('loading', flush=True); time.sleep(0.3); print('ready: yes', flush=True); time.sleep(60)"
    )
    elapsed = await seconds_until([sys.executable, "-c", script], tmp_path, {}, "ready:")
    assert 0.3 <= elapsed < 30


async def test_startup_times_a_new_database_and_a_restart():
    from bench.startup import run
    from bot.settings import PROJECT_ROOT

    for restart in (False, True):
        [(wall, cpu)] = (await run([PROJECT_ROOT], rounds=1, restart=restart))[PROJECT_ROOT]
        assert cpu > 0 and 0 < wall < 60
