"""The rankings of people (VIPs, moderators) and of channels by distinct chatters on a demo world, checked
against counts made straight from the CSVs the graph was loaded from, bots left out by the atlas's rule
unless include_bots=1; and the answer cache keeping each choice apart."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from backend.api.rankings import RANKINGS
from backend.app import create_app
from backend.demo.world import write_demo_data
from backend.loader.importer import import_folder
from contracts.identity import KNOWN_BOTS
from contracts.import_csv import Folder, read_folder

BOT_CHANNELS = 12  # low enough that the demo world has accounts this busy (as tests/atlas does)
N = 1000  # the whole ranking: compared as a whole with the CSVs' counts


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Folder:
    folder = tmp_path_factory.mktemp("rankings") / "world"
    write_demo_data(folder, streamers=80, chatters=4000, seed=11)
    return read_folder(folder)


@pytest.fixture(scope="module")
def app(backend: dict[str, Any], world: Folder) -> Iterator[Flask]:
    settings = {**backend, "GRAPH_NAME": "rankings_world", "ATLAS_BOT_CHANNELS": BOT_CHANNELS}
    settings["TESTING"] = True
    app = create_app({**settings, "SCORES_DEBOUNCE_MS": 3_600_000})
    holder = app.extensions["twitchgraph"]
    holder.get().clear()
    import_folder(holder.get(), world)
    yield app
    holder.scores.stop()
    holder.get().clear()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _bots(world: Folder) -> set[str]:
    """The atlas's rule on the CSVs: the known chat bots and the accounts chatting in BOT_CHANNELS
    channels or more (nothing is banned: no day was processed)."""
    channels = Counter(login for _channel, login in world.links["chatters.csv"])
    return set(KNOWN_BOTS) | {login for login, n in channels.items() if n >= BOT_CHANNELS}


def _names(world: Folder) -> dict[str, str]:
    """login -> the name the graph shows: a streamer's display name, else the login."""
    return {row.login: row.name for row in world.streamers}


def _expected(world: Folder, file: str, *, by_channel: bool, include_bots: bool) -> Counter[str]:
    """Counts from the CSV ``file``: per person, the channels (by_channel False); per channel, the
    people (by_channel True); bots left out unless ``include_bots``."""
    bots = set() if include_bots else _bots(world)
    names = _names(world)
    pairs = {(channel, login) for channel, login in world.links[file] if login not in bots}
    keys = (channel if by_channel else login for channel, login in pairs)
    return Counter(names.get(key, key) for key in keys)


def _answered(client: FlaskClient, route: str, query: str = "") -> list[tuple[str, int]]:
    response = client.get(f"/{route}/{N}{query}")
    assert response.status_code == 200, response.get_json()
    body, ranking = response.get_json(), RANKINGS[route]
    names, values = body[ranking.names_key], body[ranking.values_key]
    return [(row["name"], value[ranking.values_key]) for row, value in zip(names, values, strict=True)]


CASES = [
    ("top-vips", "vips.csv", False),
    ("top-moderators", "moderators.csv", False),
    ("top-streamers-by-chatters", "chatters.csv", True),
]


@pytest.mark.parametrize(("route", "file", "by_channel"), CASES)
@pytest.mark.parametrize("include_bots", [False, True])
def test_people_rankings_equal_the_csv_counts(
    client: FlaskClient, world: Folder, route: str, file: str, by_channel: bool, include_bots: bool
) -> None:
    rows = _answered(client, route, "?include_bots=1" if include_bots else "")
    expected = _expected(world, file, by_channel=by_channel, include_bots=include_bots)
    assert dict(rows) == dict(expected) and len(rows) == len(expected)
    assert [value for _name, value in rows] == sorted(expected.values(), reverse=True)


def test_bots_are_left_out_by_default_and_counted_when_asked(client: FlaskClient, world: Folder) -> None:
    bots = _bots(world)
    assert bots - KNOWN_BOTS, "the demo world has busy accounts: the rule's third part is exercised"
    hidden = {name for name, _ in _answered(client, "top-moderators")}
    shown = {name for name, _ in _answered(client, "top-moderators", "?include_bots=1")}
    assert not hidden & bots
    assert shown & KNOWN_BOTS  # the demo's moderator bots (nightbot, streamelements, ...)
    assert _answered(client, "top-moderators", "?include_bots=0") == _answered(client, "top-moderators")


def test_the_answer_cache_keeps_each_choice_apart(client: FlaskClient) -> None:
    # Asked alternately, each answer is served from the cache, and each stays its own.
    without = client.get("/top-moderators/5")
    with_bots = client.get("/top-moderators/5?include_bots=1")
    assert without.get_json() != with_bots.get_json()
    for _ in range(2):
        assert client.get("/top-moderators/5").get_json() == without.get_json()
        assert client.get("/top-moderators/5?include_bots=1").get_json() == with_bots.get_json()
    assert without.headers["ETag"] != with_bots.headers["ETag"]


@pytest.mark.parametrize("value", ["2", "yes", ""])
def test_a_bad_include_bots_is_400(client: FlaskClient, value: str) -> None:
    response = client.get(f"/top-vips/5?include_bots={value}")
    assert response.status_code == 400
    assert response.get_json()["error"] == f"include_bots must be 1 or 0, got {value!r}"


def test_the_bot_list_goes_in_as_a_parameter(app: Flask) -> None:
    # A login that would break a statement formatted into the text is only ever a value.
    store = app.extensions["twitchgraph"].get()
    from backend.graph import reads

    rows = reads.ranking(store, "moderators", 3, bots=["x' OR 1=1 //", '"])', "nightbot"])
    assert rows and "nightbot" not in {name for name, _ in rows}
