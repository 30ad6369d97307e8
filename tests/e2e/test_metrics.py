"""Metrics and health (METRICS_PORT): Prometheus text at /metrics, /healthz that says 503 whenever
the gateway is down or the database does not answer, and nothing listening when unset."""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

import bot.client as client_module
from standin import BotEnv

EXTENSIONS = ["cogs.episode", "cogs.trivia", "tests.e2e._probe"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening_ports() -> set[tuple[str, int]]:
    """(address, port) of every TCP socket this process listens on (from /proc, IPv4)."""
    own = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            own.add(target[8:-1])
    found = set()
    for line in Path("/proc/self/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, state, inode = fields[1], fields[3], fields[9]
        if state == "0A" and inode in own:  # 0A: LISTEN
            address, port = local.split(":")
            octets = bytes.fromhex(address)[::-1]
            found.add((".".join(str(b) for b in octets), int(port, 16)))
    return found


async def get(env: BotEnv, path: str) -> tuple[int, str]:
    url = f"http://127.0.0.1:{env.environ['METRICS_PORT']}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: dict, name: str, **labels: str) -> float | None:
    return found.get((name, frozenset(labels.items())))


@pytest.fixture
async def metered(make_env) -> BotEnv:
    return await make_env(extensions=EXTENSIONS, environ={"METRICS_PORT": str(free_port())})


async def test_nothing_listens_without_metrics_port(make_env):
    before = listening_ports()
    env = await make_env(extensions=EXTENSIONS)
    assert env.bot.metrics is None and env.bot.metrics_server is None
    assert listening_ports() - before == {("127.0.0.1", env.standin.port)}  # the stand-in's, nothing else


async def test_metrics_listen_on_localhost_by_default(make_env):
    before = listening_ports()
    port = free_port()
    await make_env(extensions=EXTENSIONS, environ={"METRICS_PORT": str(port)})
    assert ("127.0.0.1", port) in listening_ports() - before
    assert ("0.0.0.0", port) not in listening_ports()


async def test_interactions_latency_games_and_writes_are_counted(metered: BotEnv, monkeypatch: pytest.MonkeyPatch):
    env = metered
    fan = env.member("fan")
    assert "I Am All In" in (await env.slash("episode", member=fan)).text
    refused = await env.slash("trivia stop", member=fan, channel="trivia")
    assert refused.ephemeral and "No game is running" in refused.text
    card = await env.slash("probe counter", member=fan)
    payload = env.click_payload(card.message, "probe:count:1", member=fan)
    payload["data"]["custom_id"] = "retired-feature:42"  # no handler: the safety net says it expired
    with monkeypatch.context() as patched:  # sooner than 2.2 s: no handler could take it anyway
        patched.setattr(client_module, "ORPHAN_CHECK_DELAY", 0.3)
        expired = await env._send(payload, 5, source=card.message)
    assert "expired" in expired.text
    await env.slash("trivia start", member=fan, channel="trivia", rounds=2, timer=60)

    status, text = await get(env, "/metrics")
    assert status == 200
    found = samples(text)
    assert value(found, "companion_interactions_total", command="/episode", outcome="ok") == 1
    assert value(found, "companion_interactions_total", command="/trivia stop", outcome="refused") == 1
    # A button no cog defines is "unknown", never its own label (issue 19).
    assert value(found, "companion_interactions_total", command="unknown", outcome="expired") == 1
    assert value(found, "companion_interactions_total", command="/trivia start", outcome="ok") == 1
    assert value(found, "companion_answer_seconds_count") == 5
    assert 0 < value(found, "companion_answer_seconds_sum") < 5 * 3.0
    assert value(found, "companion_trivia_games_running", kind="game") == 1
    assert value(found, "companion_trivia_games_running", kind="daily") == 0
    assert value(found, "companion_database_write_seconds_count") >= 2  # content at start, the game's rows
    assert ("companion_gateway_latency_seconds", frozenset()) in found
    assert value(found, "process_cpu_seconds_total") is not None
    await env.slash("trivia stop", member=fan, channel="trivia")


async def test_health_is_200_only_while_the_gateway_is_ready_and_the_database_answers(metered: BotEnv):
    env = metered
    assert await get(env, "/healthz") == (200, "gateway: ready\ndatabase: ok\n")
    env.allow_logged_errors = True  # discord.py logs its reconnect attempts at ERROR
    await env.standin.stop()  # Discord goes away
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while (answer := await get(env, "/healthz"))[0] != 503:
        assert loop.time() < deadline, answer
        await asyncio.sleep(0.05)
    assert answer == (503, "gateway: down\ndatabase: ok\n")


async def test_health_is_503_when_the_database_does_not_answer(metered: BotEnv):
    await metered.bot.db.close()
    assert await get(metered, "/healthz") == (503, "gateway: ready\ndatabase: not answering\n")


async def test_a_metrics_port_in_use_stops_start_up_with_one_line(make_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"METRICS_PORT {port} on METRICS_HOST 127.0.0.1 cannot be listened on"):
            await make_env(extensions=["cogs.episode"], environ={"METRICS_PORT": str(port)})


async def test_forged_custom_ids_and_forms_do_not_grow_the_metrics(metered: BotEnv, monkeypatch: pytest.MonkeyPatch):
    """Issue 19, item 6: any prefix matching [a-z0-9_-]{1,32} became a new ``command`` label (60
    forged clicks made 60 series), and every form, whose custom_id is random, made one more. Labels
    come from a fixed set: the bot's commands, its buttons' and forms' namespaces; the rest is ``unknown``."""
    env = metered
    fan = env.member("fan")
    card = await env.slash("probe counter", member=fan)
    forged = []
    for n in range(60):
        payload = env.click_payload(card.message, "probe:count:1", member=fan)
        payload["data"]["custom_id"] = f"forged-{n}:1"
        forged.append(payload)
    # Each is answered "expired" by the click safety net, 2.2 s after it arrives: one after another
    # they took 132 s; all 60 at once left the last ones past Discord's 3 s on a busy machine. No
    # handler takes a forged id, so the net may look sooner here (only while they are sent: the
    # forms below have handlers), and ten at a time keep each batch's answers well within 3 s.
    with monkeypatch.context() as patched:
        patched.setattr(client_module, "ORPHAN_CHECK_DELAY", 0.3)
        for batch in range(0, len(forged), 10):
            await asyncio.gather(*(env._send(p, 5, source=card.message) for p in forged[batch : batch + 10]))
    for n in range(3):  # three forms, three random custom_ids: one label
        opened = await env.slash("trivia suggest", member=env.member(f"suggester-{n}"))
        await env.submit_modal(opened, {"question": f"Question {n} here?", "answer": "Luke", "source": "Ep 1"})
    started = await env.slash("trivia start", member=fan, channel="trivia", rounds=1, timer=60)
    assert not started.ephemeral
    _, text = await get(env, "/metrics")
    labels = {dict(labels)["command"] for (name, labels) in samples(text) if name == "companion_interactions_total"}
    assert labels == {"/probe counter", "/trivia suggest", "form suggestion", "/trivia start", "unknown"}, labels
    assert value(samples(text), "companion_interactions_total", command="form suggestion", outcome="ok") == 3
    assert value(samples(text), "companion_interactions_total", command="unknown", outcome="expired") == 60
    await env.slash("trivia stop", member=fan, channel="trivia")
