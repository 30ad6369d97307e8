"""Settings: read once from the environment and .env; every bad value stops start-up with one clear line."""

from __future__ import annotations

import functools
import traceback
from pathlib import Path

import pytest

import bot.__main__ as entry
from bot.settings import DEFAULT_DATABASE_PATH, MISSING_CREDENTIAL_HELP, SettingsError, load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz0123"
STANDIN = {"DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10", "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/"}


def load(environ: dict[str, str], env_file: Path | None = None, **kwargs):
    return load_settings(environ, env_file=env_file, **kwargs)


def error(environ: dict[str, str], env_file: Path | None = None, **kwargs) -> str:
    with pytest.raises(SettingsError) as caught:
        load(environ, env_file, **kwargs)
    message = str(caught.value)
    assert "\n" not in message  # one line
    return message


def test_defaults() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN})
    assert settings.discord_token == TOKEN
    assert settings.database_path == DEFAULT_DATABASE_PATH
    assert (settings.dev_guild_id, settings.log_level) == (None, "INFO")
    assert (settings.discord_api_base, settings.discord_gateway_url) == (None, None)


def test_missing_token_says_how_to_get_one() -> None:
    message = error({})
    assert message == MISSING_CREDENTIAL_HELP
    assert "DISCORD_TOKEN" in message and ".env" in message and "discord.com/developers" in message
    assert error({"DISCORD_TOKEN": "   "}) == MISSING_CREDENTIAL_HELP


def test_token_not_needed_for_check() -> None:
    assert load({}, require_token=False).discord_token == ""


@pytest.mark.parametrize("token", ["abc123", "has a space in it somewhere long enough"])
def test_malformed_token(token: str) -> None:
    message = error({"DISCORD_TOKEN": token})
    assert message.startswith("DISCORD_TOKEN does not look like a bot token")
    assert token not in message


def test_token_never_in_repr_or_traceback() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN})
    assert TOKEN not in repr(settings) and TOKEN not in str(settings)
    try:
        raise RuntimeError(f"failed with {settings!r}")
    except RuntimeError as exc:
        assert TOKEN not in "".join(traceback.format_exception(exc))


@pytest.mark.parametrize(
    "value", ["abc", "12", "1234567890123456789012", "-123456789012345678", "1e17", "²" * 16, "１" * 16]
)
def test_malformed_dev_guild_id(value: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, "DEV_GUILD_ID": value}).startswith("DEV_GUILD_ID must be a server ID")


def test_dev_guild_id() -> None:
    assert load({"DISCORD_TOKEN": TOKEN, "DEV_GUILD_ID": " 123456789012345678 "}).dev_guild_id == 123456789012345678


def test_log_level() -> None:
    assert load({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "debug"}).log_level == "DEBUG"
    message = error({"DISCORD_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"})
    assert message.startswith("LOG_LEVEL must be one of CRITICAL, ERROR, WARNING, INFO, DEBUG")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DISCORD_API_BASE", "ftp://127.0.0.1/api"),
        ("DISCORD_API_BASE", "127.0.0.1:8080"),
        ("DISCORD_API_BASE", "http://"),
        ("DISCORD_GATEWAY_URL", "http://127.0.0.1:8080/"),
        ("DISCORD_GATEWAY_URL", "ws:/nohost"),
    ],
)
def test_malformed_urls(name: str, value: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, **STANDIN, name: value}).startswith(f"{name} must be a ")


@pytest.mark.parametrize(
    ("given", "missing"), [("DISCORD_API_BASE", "DISCORD_GATEWAY_URL"), ("DISCORD_GATEWAY_URL", "DISCORD_API_BASE")]
)
def test_only_one_of_api_base_and_gateway(given: str, missing: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, given: STANDIN[given]}).startswith(f"{missing} must be set too")


def test_standin_urls() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN, **STANDIN, "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/"})
    assert settings.discord_api_base == "http://127.0.0.1:8080/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:8080/"


def test_database_path_must_not_be_a_directory(tmp_path: Path) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path)}).startswith("DATABASE_PATH must be a file")
    assert load({"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "x.db")}).database_path == tmp_path / "x.db"


def test_database_path_under_a_file_is_named(tmp_path: Path) -> None:
    """Its folder cannot be created: one line at start-up, not a traceback from mkdir."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    message = error({"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "a-file" / "sub" / "bot.db")})
    assert message.startswith("DATABASE_PATH cannot be created") and "a-file" in message
    assert load({"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": str(tmp_path / "new" / "dir" / "x.db")}).database_path


def test_env_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nLOG_LEVEL=warning\n# a comment\nDEV_GUILD_ID=\n", encoding="utf-8")
    settings = load({}, env_file)
    assert (settings.discord_token, settings.log_level, settings.dev_guild_id) == (TOKEN, "WARNING", None)


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nLOG_LEVEL=DEBUG\n", encoding="utf-8")
    assert load({"LOG_LEVEL": "ERROR"}, env_file).log_level == "ERROR"
    assert error({"LOG_LEVEL": "nope"}, env_file).startswith("LOG_LEVEL")  # the env's bad value, not the file's


def test_bad_env_file_value_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DISCORD_TOKEN={TOKEN}\nDEV_GUILD_ID=my-server\n", encoding="utf-8")
    assert error({}, env_file).startswith("DEV_GUILD_ID")


def test_missing_env_file_is_fine(tmp_path: Path) -> None:
    assert load({"DISCORD_TOKEN": TOKEN}, tmp_path / "absent.env").discord_token == TOKEN


def test_run_without_token_prints_one_line_and_exits_2(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """``python -m bot`` with no token: the help line on stderr, exit code 2, no traceback."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setattr(entry, "load_settings", functools.partial(load_settings, env_file=None))
    assert entry.main([]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {MISSING_CREDENTIAL_HELP}\n"


@pytest.mark.parametrize("pasted", [f"Bot {TOKEN}", f"bot {TOKEN}", f"  Bot {TOKEN}"])
def test_token_pasted_with_bot_prefix_gets_its_own_hint(pasted: str) -> None:
    message = error({"DISCORD_TOKEN": pasted})
    assert message.startswith('DISCORD_TOKEN starts with "Bot "') and "without" in message
    assert TOKEN not in message


def test_database_path_that_is_a_device_is_named() -> None:
    message = error({"DISCORD_TOKEN": TOKEN, "DATABASE_PATH": "/dev/null"})
    assert message == "DATABASE_PATH must be a regular file, but /dev/null is a device"


def test_metrics_are_off_by_default_and_local_when_on() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN})
    assert (settings.metrics_port, settings.metrics_host) == (None, "127.0.0.1")
    settings = load({"DISCORD_TOKEN": TOKEN, "METRICS_PORT": "9108"})
    assert (settings.metrics_port, settings.metrics_host) == (9108, "127.0.0.1")
    settings = load({"DISCORD_TOKEN": TOKEN, "METRICS_PORT": "9108", "METRICS_HOST": "0.0.0.0"})
    assert settings.metrics_host == "0.0.0.0"


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1", "91 08", "٩١٠٨"])
def test_malformed_metrics_port(port: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, "METRICS_PORT": port}).startswith("METRICS_PORT must be a port number")


@pytest.mark.parametrize("host", ["my server", "http://127.0.0.1", "127.0.0.1:9108", "example.com"])
def test_malformed_metrics_host(host: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, "METRICS_HOST": host}).startswith("METRICS_HOST must be an IP address")


def test_database_url_is_optional_and_sqlite_stays_the_default() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN})
    assert settings.database_url is None and settings.database_path == DEFAULT_DATABASE_PATH


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://bot:secret@127.0.0.1:5432/bot",
        "postgres://bot@db.internal/companion?sslmode=require",
        "postgresql:///bot?host=/run/postgresql",
    ],
)
def test_database_url(url: str) -> None:
    assert load({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": f" {url} "}).database_url == url


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("mysql://bot:hunter2@127.0.0.1/bot", ""),
        ("127.0.0.1:5432/bot", ""),
        ("postgresql://bot:hunter2@127.0.0.1:99999/bot", "its port is not a number"),
        ("postgresql://bot:hunter2@127.0.0.1:port/bot", "its port is not a number"),
        ("postgresql:///bot", "it names no host"),
        ("postgresql://bot:hunter2@127.0.0.1/bot#x", "#fragment"),
    ],
)
def test_malformed_database_url_is_one_line_without_the_password(url: str, why: str) -> None:
    message = error({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": url})
    assert message.startswith("DATABASE_URL must be a postgresql:// URL") and why in message
    assert "hunter2" not in message


def test_database_url_never_in_repr_and_redacted_for_logs() -> None:
    from bot.settings import redacted_url, url_password

    url = "postgresql://bot:p%40ss@127.0.0.1:5432/bot"
    settings = load({"DISCORD_TOKEN": TOKEN, "DATABASE_URL": url})
    assert "p%40ss" not in repr(settings)
    assert redacted_url(url) == "postgresql://bot:***@127.0.0.1:5432/bot" and url_password(url) == "p@ss"
    assert redacted_url("postgresql:///bot?host=/tmp&password=x") == "postgresql:///bot?host=/tmp&password=***"
    assert url_password("postgresql:///bot?host=/tmp&password=x") == "x"
    assert redacted_url("postgresql://bot@h/db") == "postgresql://bot@h/db"


def test_shards_default_to_every_shard_at_discords_count() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN})
    assert (settings.shard_count, settings.shard_ids) == (None, None)


@pytest.mark.parametrize(
    ("raw", "ids"),
    [("0", (0,)), ("0,1", (0, 1)), ("0-3", (0, 1, 2, 3)), (" 5 , 0-1 ", (0, 1, 5)), ("7-7", (7,)), ("3,1", (1, 3))],
)
def test_shard_ids(raw: str, ids: tuple[int, ...]) -> None:
    settings = load({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "8", "SHARD_IDS": raw})
    assert (settings.shard_count, settings.shard_ids) == (8, ids)


def test_shard_count_alone_runs_every_shard_of_that_count() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": " 4 "})
    assert (settings.shard_count, settings.shard_ids) == (4, None)


@pytest.mark.parametrize("raw", ["two", "0", "-1", "1.5", "", "²", "１", "10001", "99999999999999999999"])
def test_malformed_shard_count(raw: str) -> None:
    environ = {"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": raw, "SHARD_IDS": "0"}
    if raw == "":
        assert error(environ).startswith("SHARD_IDS needs SHARD_COUNT too")
    else:
        assert error(environ) == f"SHARD_COUNT must be a whole number from 1 to 10,000, not {raw!r}"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not 'one'"),
        ("0,,1", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '0,,1'"),
        ("0,", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '0,'"),
        ("-1", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '-1'"),
        ("0-", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '0-'"),
        ("0-1-2", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '0-1-2'"),
        ("²", "SHARD_IDS must be shard numbers such as 0, 0,1 or 0-3, not '²'"),
        ("3-1", "SHARD_IDS range 3-1 runs backwards: write 1-3"),
        ("4", "SHARD_IDS names shard 4, but SHARD_COUNT=4 numbers the shards 0 to 3"),
        ("2-5", "SHARD_IDS names shard 5, but SHARD_COUNT=4 numbers the shards 0 to 3"),
        ("1,1", "SHARD_IDS names shard 1 twice"),
        ("0-2,2", "SHARD_IDS names shard 2 twice"),
    ],
)
def test_malformed_shard_ids(raw: str, expected: str) -> None:
    assert error({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "4", "SHARD_IDS": raw}) == expected


def test_shard_ids_need_shard_count() -> None:
    message = error({"DISCORD_TOKEN": TOKEN, "SHARD_IDS": "0"})
    assert message == "SHARD_IDS needs SHARD_COUNT too: the total number of shards across every process"


def test_a_large_shard_range_is_read_at_once() -> None:
    settings = load({"DISCORD_TOKEN": TOKEN, "SHARD_COUNT": "10000", "SHARD_IDS": "0-9999"})
    assert settings.shard_ids == tuple(range(10_000))
