"""The storage and process benchmarks run end to end (tiny sizes): every bot answers, figures come out.
Not timed tests. They use the test run's PostgreSQL (skipped with SKIP_POSTGRES_TESTS=1, like the
other tests that need it)."""

from __future__ import annotations

from bench import backends, processes, storage


async def test_the_backends_benchmark_runs_with_a_tiny_n(postgres_cluster, capsys):
    options = backends.Options(interactions=10, guilds=3, rounds=2, warmup=2, url=postgres_cluster.url())
    result = await backends.run_benchmark(options)
    assert result["postgresql_server_local"]
    assert [s["scenario"] for s in result["scenarios"]] == ["trivia-click", "quote-random"]
    for scenario in result["scenarios"]:
        for backend in backends.BACKENDS:
            figures = scenario[backend]
            assert figures["errors"] == [], figures["errors"]
            assert figures["interactions"] == 10
            assert 0 < figures["p50_ms"] <= figures["p99_ms"]
            assert figures["cpu_ms_per_interaction"] > 0
        assert scenario["postgresql_server_cpu_ms_per_interaction"] > 0  # the server's backends, from /proc
    backends.print_table(result)
    assert "goal: PostgreSQL adds under 1 ms to a click's p99" in capsys.readouterr().out


async def test_the_processes_benchmark_runs_one_and_two_processes(postgres_cluster, capsys):
    options = processes.Options(
        seconds=1,
        rounds=1,
        warmup=0.2,
        concurrency=4,
        guilds=8,
        games=2,
        setups=["postgres-1", "postgres-2"],
        url=postgres_cluster.url(),
    )
    result = await processes.run_benchmark(options)
    one, two = result["setups"]
    for setup in (one, two):
        assert setup["error_count"] == 0, setup["errors"]
        assert setup["throughput_per_s"] > 0 and setup["kinds"].get("quote", 0) > 0
        assert setup["postgresql_cpu_ms_per_interaction"] > 0
        assert setup["load_generator_cpu_ms_per_interaction"] > 0
    assert one["kinds"].get("locked in", 0) > 0  # trivia clicks were answered too
    # Both shards' servers were answered, each by its own process.
    assert [p["interactions"] > 0 for p in two["processes"]] == [True, True]
    assert sum(p["interactions"] for p in two["processes"]) == two["answered"]
    assert result["scaling"]["throughput_ratio"] > 0
    processes.print_table(result)
    assert "goal: two processes give at least 1.7x" in capsys.readouterr().out


async def test_the_storage_micro_benchmark_runs_with_a_tiny_n(postgres_cluster, tmp_path, capsys):
    await storage.run(20, postgres_cluster.url(), [], tmp_path)
    out = capsys.readouterr().out
    assert out.count("click ") == 2 and out.count("quote random ") == 2, out
    assert "server CPU" in out  # PostgreSQL's own processes, from /proc
