"""Settings from the environment and .env, durations, and secrets kept out of reprs and logs."""

import logging
from pathlib import Path

import pytest

from collector.config import ConfigError, RedactingFilter, Secret, load_config, read_env_file
from contracts.durations import format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h", 3600), ("1h30m", 5400), ("90", 90), (" 2M ", 120)],
)
def test_parse_duration_accepts_units(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "5x", "m5", "0s", "-5m", "5m 3s", "1.5h"])
def test_parse_duration_refuses_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(30, "30s"), (300, "5m"), (3600, "1h"), (5400, "1h30m"), (0, "0s")]
)
def test_format_duration_uses_the_largest_units(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


def test_defaults_point_at_twitch_with_tls() -> None:
    config = load_config(None, environ={})
    assert config.helix_url == "https://api.twitch.tv/helix"
    assert config.auth_url == "https://id.twitch.tv/oauth2"
    assert config.irc_url.startswith("ircs://irc.chat.twitch.tv:")
    assert config.joins_per_10s == 20


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# credentials\nexport TWITCH_CLIENT_ID=from-file\nTWITCH_CLIENT_SECRET='s3cret value'\n"
        'TWITCH_IRC_URL="irc://127.0.0.1:6667"  \nTWITCH_USER_TOKEN=oauth:abcd1234 # chat-style token\n'
        "UNRELATED=1\nnot a line\n"
    )
    assert read_env_file(env_file)["TWITCH_CLIENT_SECRET"] == "s3cret value"
    config = load_config(env_file, environ={"TWITCH_CLIENT_ID": "from-env"})
    assert config.client_id == "from-env"
    assert config.client_secret.reveal() == "s3cret value"
    assert config.irc_url == "irc://127.0.0.1:6667"
    assert config.user_token.reveal() == "abcd1234"  # the "oauth:" prefix of chat tools is dropped


@pytest.mark.parametrize(
    ("name", "value"),
    [("TWITCH_IRC_URL", "http://x"), ("TWITCH_HELIX_URL", "ftp://x"), ("TWITCH_IRC_JOINS_PER_10S", "lots")],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        load_config(None, environ={name: value})


def test_missing_credentials_say_where_to_put_them() -> None:
    with pytest.raises(ConfigError, match="TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET not set"):
        load_config(None, environ={}).require_app_credentials()


def test_secrets_never_show_in_repr_or_str() -> None:
    config = load_config(
        None, environ={"TWITCH_CLIENT_SECRET": "hunter2hunter2", "TWITCH_USER_TOKEN": "tok12345"}
    )
    for text in (repr(config), str(config), f"{config.client_secret}", repr(config.user_token)):
        assert "hunter2hunter2" not in text and "tok12345" not in text
    assert config.secrets() == ["hunter2hunter2", "tok12345"]


def test_redacting_filter_scrubs_secrets_from_records() -> None:
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "token %s in %s", ("hunter2hunter2", "url"), None
    )
    assert RedactingFilter(["hunter2hunter2"]).filter(record)
    assert record.getMessage() == "token *** in url"
    assert str(Secret("abc")) == "Secret('***')"
