"""The Helix client against the fake Helix over loopback: pages, rate limits, retries, tokens, credentials."""

import pytest

from collector.fakes import FakeHelix, FakeUser, World
from collector.helix import CredentialsError, HelixClient, HelixError
from tests.collector.conftest import LANGUAGE, Sleeps, config_for, helix_for


@pytest.fixture
def client(helix_server: FakeHelix) -> HelixClient:
    return helix_for(config_for(helix_server))


def test_pages_follow_the_cursor_without_repeats(client: HelixClient, world: World) -> None:
    logins = [s["user_login"] for s in client.paginate("/streams", {}, limit=50, page_size=7)]
    assert logins == [c.login for c in world.channels[:50]]


def test_top_streams_of_a_language_come_by_viewers(client: HelixClient, world: World) -> None:
    expected = [c.login for c in world.channels if c.language == LANGUAGE][:12]
    assert [s["user_login"] for s in client.top_streams(LANGUAGE, 12)] == expected


def test_profiles_teams_followers_and_games(client: HelixClient, world: World) -> None:
    member = next(c for c in world.channels if c.teams)
    alone = next(c for c in world.channels if not c.teams)  # Twitch answers {"data": null}
    assert [t["team_name"] for t in client.channel_teams(member.user_id)] == list(member.teams)
    assert client.channel_teams(alone.user_id) == []
    assert client.follower_total(member.user_id) == member.followers
    [user] = client.users(ids=[member.user_id])
    assert (user["login"], user["description"]) == (member.login, member.description)
    assert client.games([member.game_id])[0]["name"] == member.game_name
    assert client.channels([member.user_id])[0]["broadcaster_login"] == member.login


def test_429_bursts_wait_for_the_reset_then_succeed(helix_server: FakeHelix) -> None:
    sleeps = Sleeps()
    client = helix_for(config_for(helix_server), sleep=sleeps)
    helix_server.fail("429", times=3)
    assert client.get("/streams")["data"]
    assert client.stats["rate_limited"] == 3
    assert len(sleeps.waits) == 3 and all(0 < wait <= 3 for wait in sleeps.waits)


def test_ratelimit_headers_make_the_client_wait_before_a_429(world: World) -> None:
    server = FakeHelix(world, bucket_size=4, bucket_window_s=1.0).start()
    try:
        client = HelixClient(config_for(server))
        for _ in range(6):
            client.get("/games", {"id": "1"})
        assert ("GET", "/helix/games", 429) not in server.log
        assert server.requests_to("/helix/games") == 6
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("5xx", {"status": 503}),
        ("5xx", {"status": 500}),
        ("malformed", {}),
        ("drop", {}),
        ("slow", {"delay_s": 1.5}),
    ],
)
def test_transient_failures_are_retried(helix_server: FakeHelix, kind: str, options: dict) -> None:
    sleeps = Sleeps()
    client = helix_for(config_for(helix_server, TWITCH_HTTP_TIMEOUT_S=0.5), sleep=sleeps)
    helix_server.fail(kind, times=2, path="/streams", **options)
    assert client.get("/streams")["data"]
    assert sleeps.waits == [0.5, 1.0]  # exponential backoff


def test_a_call_that_keeps_failing_raises_helix_error(helix_server: FakeHelix) -> None:
    client = helix_for(config_for(helix_server))
    helix_server.fail("5xx", times=10, path="/teams/channel")
    with pytest.raises(HelixError, match="gave up after 5 failures"):
        client.channel_teams("1")


def test_an_expired_token_is_renewed_once(helix_server: FakeHelix, client: HelixClient) -> None:
    client.get("/streams")
    helix_server.expire_tokens()
    assert client.get("/streams")["data"]
    assert client.token_fetches == 2 and len(helix_server.issued) == 2


def test_the_token_is_renewed_before_it_expires(world: World) -> None:
    server = FakeHelix(world, token_lifetime_s=100).start()
    now = [1_000_000.0]
    try:
        client = HelixClient(config_for(server), clock=lambda: now[0])
        client.get("/streams")
        now[0] += 95  # within the last tenth of its lifetime
        client.get("/streams")
        assert client.token_fetches == 2
        assert all(status == 200 for _, _, status in server.log)  # renewed before any 401
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("override", "said"),
    [
        ({"TWITCH_CLIENT_SECRET": "wrong-secret-123"}, "403 invalid client secret"),
        ({"TWITCH_CLIENT_ID": "nobody"}, "400 invalid client"),
    ],
)
def test_bad_app_credentials_are_said_plainly(helix_server: FakeHelix, override: dict, said: str) -> None:
    client = helix_for(config_for(helix_server, **override))
    with pytest.raises(CredentialsError) as caught:
        client.check_credentials()
    message = str(caught.value)
    assert said in message and "check TWITCH_CLIENT_ID and TWITCH_CLIENT_SECRET" in message
    assert "wrong-secret-123" not in message


def test_a_refused_user_token_is_said_plainly(helix_server: FakeHelix) -> None:
    client = helix_for(config_for(helix_server, TWITCH_USER_TOKEN="stale-user-token"))
    with pytest.raises(CredentialsError, match=r"Twitch refused TWITCH_USER_TOKEN .*invalid access token"):
        client.check_credentials()


def test_user_token_reads_only_where_twitch_lets_it(
    helix_server: FakeHelix, broadcaster: FakeUser, world: World
) -> None:
    client = helix_for(config_for(helix_server, TWITCH_USER_TOKEN=broadcaster.token))
    client.check_credentials()
    assert client.user is not None and client.user.login == broadcaster.login
    own = world.by_login[broadcaster.login]
    moderated = world.by_login[next(iter(broadcaster.moderates))]
    other = next(c for c in world.channels if c.login not in {own.login, moderated.login})
    assert sorted(client.chatters(own.user_id) or []) == sorted(login for login, _ in own.roster)
    assert sorted(client.chatters(moderated.user_id) or []) == sorted(login for login, _ in moderated.roster)
    assert client.chatters(other.user_id) is None  # 403: not a moderator there
    assert sorted(client.vips(own.user_id) or []) == sorted(own.vips)
    assert sorted(client.moderators(own.user_id) or []) == sorted(own.moderators)
    assert client.vips(moderated.user_id) is None  # only the broadcaster may list VIPs


def test_without_user_token_helix_lists_are_skipped(client: HelixClient, world: World) -> None:
    client.check_credentials()
    channel = world.channels[0]
    assert client.chatters(channel.user_id) is None and client.vips(channel.user_id) is None
