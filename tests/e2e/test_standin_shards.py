"""The stand-in speaks shards, checked from raw gateway connections (no bot): each IDENTIFY with
``[shard_id, shard_count]`` gets only its servers, events go to their server's shard, DMs to shard 0."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from standin import DiscordStandIn, Guild
from standin.model import shard_of

DISPATCH, IDENTIFY, INVALID_SESSION, HELLO = 0, 2, 9, 10


class RawShard:
    """One gateway connection, as a bot's shard opens it; frames read as they come."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    async def frame(self, within: float = 2.0) -> dict:
        return await asyncio.wait_for(self.ws.receive_json(), within)

    async def identify(self, token: str, shard: list[int] | None) -> dict:
        data: dict = {"token": token, "intents": 1, "properties": {"os": "linux", "browser": "t", "device": "t"}}
        if shard is not None:
            data["shard"] = shard
        await self.ws.send_json({"op": IDENTIFY, "d": data})
        return await self.frame()

    async def events(self, within: float = 0.3) -> list[dict]:
        """Every frame that arrives within ``within`` s of the last one."""
        found = []
        while True:
            try:
                found.append(await self.frame(within))
            except TimeoutError:
                return found


@pytest.fixture
async def connect(standin: DiscordStandIn) -> AsyncIterator:
    async with aiohttp.ClientSession() as session:

        async def opened() -> RawShard:
            shard = RawShard(await session.ws_connect(standin.gateway_url))
            assert (await shard.frame())["op"] == HELLO
            return shard

        yield opened


def guild_ids(frames: list[dict], event: str) -> list[int]:
    return [int(f["d"]["id"] if event == "GUILD_CREATE" else f["d"]["guild_id"]) for f in frames if f.get("t") == event]


async def test_gateway_bot_reports_the_shard_count_a_test_sets(standin: DiscordStandIn):
    standin.shard_count, standin.max_concurrency = 4, 2
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bot {standin.token}"}
        async with session.get(f"{standin.api_base}/gateway/bot", headers=headers) as response:
            body = await response.json()
    assert body["shards"] == 4 and body["session_start_limit"]["max_concurrency"] == 2
    assert body["url"] == standin.gateway_url


async def test_each_shard_gets_only_its_servers_and_their_events(standin: DiscordStandIn, connect):
    servers = [Guild.create(f"server {n}", shard=(n % 2, 2)) for n in range(6)]
    standin.guilds.extend(servers)
    first, second = await connect(), await connect()
    ready = {0: await first.identify(standin.token, [0, 2]), 1: await second.identify(standin.token, [1, 2])}
    creates = {0: await first.events(), 1: await second.events()}
    for shard_id, frame in ready.items():
        assert frame["t"] == "READY" and frame["d"]["shard"] == [shard_id, 2]
        expected = [g.id for g in servers if shard_of(g.id, 2) == shard_id]
        assert [int(g["id"]) for g in frame["d"]["guilds"]] == expected
        assert guild_ids(creates[shard_id], "GUILD_CREATE") == expected
    assert standin.connected_shards == [(0, 2), (1, 2)]

    # Any event of a server goes on its shard's connection, and only there.
    for server in servers:
        await standin.dispatch("CHANNEL_UPDATE", {"guild_id": str(server.id), "id": str(server.channel("general").id)})
    got = {0: await first.events(), 1: await second.events()}
    for shard_id in (0, 1):
        assert guild_ids(got[shard_id], "CHANNEL_UPDATE") == [g.id for g in servers if shard_of(g.id, 2) == shard_id]

    # Events of no server (a DM) arrive on shard 0.
    await standin.dispatch("MESSAGE_CREATE", {"id": "1", "channel_id": "2", "content": "hi"})
    assert [f["t"] for f in await first.events()] == ["MESSAGE_CREATE"]
    assert await second.events() == []

    # A server joining later is announced on its own shard.
    joined = await standin.add_guild(Guild.create("joins later", shard=(1, 2)))
    assert guild_ids(await second.events(), "GUILD_CREATE") == [joined.id]
    assert await first.events() == []
    assert [f.shard for f in standin.gateway_dispatched("GUILD_CREATE") if f.data["id"] == str(joined.id)] == [(1, 2)]


async def test_an_identify_without_shard_is_shard_0_of_1_and_gets_every_server(standin: DiscordStandIn, connect):
    servers = [Guild.create(f"server {n}", shard=(n % 3, 3)) for n in range(3)]
    standin.guilds.extend(servers)
    ready = await (await connect()).identify(standin.token, None)
    assert ready["d"]["shard"] == [0, 1] and len(ready["d"]["guilds"]) == 3


async def test_no_session_for_a_servers_shard_fails_the_dispatch_clearly(standin: DiscordStandIn, connect):
    server = Guild.create("on shard 1", shard=(1, 2))
    standin.guilds.append(server)
    await (await connect()).identify(standin.token, [0, 2])
    with pytest.raises(AssertionError, match=r"no gateway session holds server \d+.s shard"):
        await standin.dispatch("CHANNEL_UPDATE", {"guild_id": str(server.id)})


async def test_a_shard_outside_the_count_is_closed_with_4010(standin: DiscordStandIn, connect):
    shard = await connect()
    await shard.ws.send_json({"op": IDENTIFY, "d": {"token": standin.token, "shard": [2, 2], "properties": {}}})
    message = await asyncio.wait_for(shard.ws.receive(), 2)
    assert message.type == aiohttp.WSMsgType.CLOSE and message.data == 4010


async def test_identifies_too_close_in_one_bucket_are_refused_as_discord_does(standin: DiscordStandIn, connect):
    standin.identify_interval, standin.max_concurrency = 0.5, 2
    assert (await (await connect()).identify(standin.token, [0, 4]))["t"] == "READY"
    assert (await (await connect()).identify(standin.token, [1, 4]))["t"] == "READY"  # the other bucket
    refused = await (await connect()).identify(standin.token, [2, 4])  # bucket 0 again, at once
    assert refused == {"op": INVALID_SESSION, "d": False}
    assert standin.refused_identifies == [(2, 4)]
    await asyncio.sleep(0.5)
    assert (await (await connect()).identify(standin.token, [2, 4]))["t"] == "READY"


async def test_the_same_shard_identifying_again_replaces_its_session(standin: DiscordStandIn, connect):
    first = await connect()
    old = (await first.identify(standin.token, [0, 2]))["d"]["session_id"]
    new = (await (await connect()).identify(standin.token, [0, 2]))["d"]["session_id"]
    assert old != new and [s.id for s in standin.sessions] == [new]
