"""The "trivia-click" benchmark scenario runs end to end (tiny N): every click is locked in. The
figures come from ``python -m bench.interactions --scenario trivia-click``; this is not a timed test.
Beside it, the options that take a click apart: the floor baseline, profiles, another checkout."""

from __future__ import annotations

import json
import pstats

from bench.interactions import Options, print_table, run_benchmark
from bot.settings import PROJECT_ROOT


async def test_the_trivia_click_scenario_runs_with_a_tiny_n():
    options = Options(interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, scenario="trivia-click")
    result = await run_benchmark(options)
    assert result["this_bot"]["errors"] == [], result["this_bot"]["errors"]
    assert result["this_bot"]["interactions"] == 20
    assert result["this_bot"]["p50_ms"] > 0


async def test_the_floor_baseline_and_the_profiles_run_with_a_tiny_n(tmp_path, capsys):
    """--baseline bare+dynamic+write: the bare client answers the clicks from a DynamicItem after
    storing each with the click's INSERT (an error there would leave clicks unanswered); --profile
    writes both bots' statistics and their garbage collectors' work."""
    profile = tmp_path / "click.prof"
    options = Options(
        interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, scenario="trivia-click",
        baseline="bare+dynamic+write", profile=str(profile),
    )  # fmt: skip
    result = await run_benchmark(options)
    assert result["bare"]["label"] == "bare+dynamic+write"
    for side in ("this_bot", "bare"):
        assert result[side]["errors"] == [], result[side]["errors"]
        assert result[side]["interactions"] == 20
    for path in (profile, tmp_path / "click.prof.b"):
        assert pstats.Stats(str(path)).total_calls > 0
        assert sum(json.loads(path.with_name(path.name + ".gc.json").read_text())["collections"]) >= 0
    print_table(result)
    assert "this bot against bare+dynamic+write" in capsys.readouterr().out


async def test_this_tree_runs_against_another_checkout_with_a_tiny_n():
    """--against DIR: both bots are `python -m bot`, each from its checkout (here the same one)."""
    options = Options(
        interactions=20, concurrency=2, guilds=5, rounds=2, warmup=4, scenario="trivia-click", against=str(PROJECT_ROOT)
    )
    result = await run_benchmark(options)
    assert (result["this_bot"]["label"], result["bare"]["label"]) == ("this-tree", "other-tree")
    for side in ("this_bot", "bare"):
        assert result[side]["errors"] == [], result[side]["errors"]
        assert result[side]["interactions"] == 20
