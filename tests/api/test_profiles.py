"""The viewer routes (operator only) and the pipeline routes (public) on a processed little world."""

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient

from backend.app import create_app
from backend.config import load_settings
from backend.demo.samples import write_demo_samples
from backend.graph.store import GraphStore
from backend.pipeline.day import STAGES
from tests.conftest import changed_settings
from tests.pipeline.conftest import DAYS, START, TIMEZONE, process_all

TOKEN = "operator-secret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def world_app(backend: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One app over two processed days of the little world (the tests only read)."""
    config = {
        **backend,
        "GRAPH_NAME": "api_profiles",
        "OPERATOR_TOKEN": TOKEN,
        "TIMEZONE": TIMEZONE,
        "SAMPLE_RETENTION_DAYS": 0,
        "ARCHIVE_RETENTION_DAYS": 0,
    }
    app = create_app({"TESTING": True, **config})
    store: GraphStore = app.extensions["twitchgraph"].get()
    store.clear()
    samples = tmp_path_factory.mktemp("api-samples")
    write_demo_samples(samples, days=DAYS, channels=12, viewers=600, seed=5, start=START, timezone=TIMEZONE)
    import shutil

    shutil.rmtree(load_settings(config).data_dir / "profiles" / "api_profiles", ignore_errors=True)
    process_all(store, config, samples, days=2)
    yield app
    store.clear()


@pytest.fixture
def api(world_app: Any) -> FlaskClient:
    return world_app.test_client()


def busy_viewer(api: FlaskClient) -> str:
    store = api.application.extensions["twitchgraph"].get()
    return store.ro_query(
        "MATCH (u:User)-[w:WATCHED]->(:Stream) "
        "RETURN u.login AS l, sum(w.minutes) AS m ORDER BY m DESC, l LIMIT 1"
    ).first()[0]


def test_viewer_page_has_every_panel(api: FlaskClient) -> None:
    login = busy_viewer(api)
    response = api.get(f"/viewers/{login.upper()}", headers=AUTH)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == [
        "login", "last_analysed", "recent_channels", "recent_games", "all_time_channels", "all_time_games",
        "workday_schedule", "weekend_schedule", "heatmap", "days", "timezone",
    ]  # fmt: skip
    assert body["timezone"] == TIMEZONE
    assert body["login"] == login and body["last_analysed"] == "2026-05-08"
    assert len(body["workday_schedule"]) == 24 and len(body["weekend_schedule"]) == 24
    assert body["days"] == [h["date"] for h in body["heatmap"]]
    minutes = [c["minutes"] for c in body["all_time_channels"]]
    assert minutes == sorted(minutes, reverse=True) and len(minutes) <= 10
    assert 0 < sum(c["score_pct"] for c in body["recent_channels"]) <= 100.001
    day = api.get(f"/viewers/{login}/day/{body['days'][0]}", headers=AUTH).get_json()
    assert day["login"] == login and day["date"] == body["days"][0]
    assert [w["start"] for w in day["windows"]] == sorted(w["start"] for w in day["windows"])
    assert sum(w["minutes"] for w in day["windows"]) == body["heatmap"][0]["minutes"]


@pytest.mark.parametrize("path", ["/viewers/someone", "/viewers/someone/day/2026-05-07"])
@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"])
def test_viewer_routes_need_the_operator_token(api: FlaskClient, path: str, header: str | None) -> None:
    response = api.get(path, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401 and response.get_json()["error"]


def test_viewer_routes_are_disabled_without_a_configured_token(world_app: Any) -> None:
    with changed_settings(world_app, operator_token=""):
        response = world_app.test_client().get("/viewers/someone", headers=AUTH)
    assert response.status_code == 403
    assert response.get_json() == {
        "error": "viewer pages are disabled: set TWITCHGRAPH_OPERATOR_TOKEN",
        "status": 403,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/viewers/nobody_here",
        "/viewers/nightbot",  # banned: no profile
        "/viewers/x' OR 1=1 //",
        "/viewers/a%7D)%20DETACH%20DELETE%20n%20//",
        "/viewers/nobody_here/day/2026-05-07",
        f"/viewers/{'a' * 200}",
    ],
)
def test_unknown_viewers_and_injection_attempts_are_404(api: FlaskClient, path: str) -> None:
    before = api.get("/nodes").get_json()
    response = api.get(path, headers=AUTH)
    assert response.status_code == 404 and response.get_json()["status"] == 404
    assert api.get("/nodes").get_json() == before


@pytest.mark.parametrize("date", ["2026-13-01", "yesterday", "2026-5-7", "2026-05-07T00:00"])
def test_a_bad_date_is_400(api: FlaskClient, date: str) -> None:
    response = api.get(f"/viewers/{busy_viewer(api)}/day/{date}", headers=AUTH)
    assert response.status_code == 400 and "YYYY-MM-DD" in response.get_json()["error"]


def test_a_day_without_a_record_of_the_viewer_is_404(api: FlaskClient) -> None:
    assert api.get(f"/viewers/{busy_viewer(api)}/day/2026-01-01", headers=AUTH).status_code == 404


def test_pipeline_routes_are_public(api: FlaskClient) -> None:
    days = api.get("/pipeline/days").get_json()["days"]
    assert [d["date"] for d in days] == [str(START), "2026-05-08"]
    assert list(days[0]["stages"]) == list(STAGES)
    assert days[0]["bots_banned"] >= 3 and days[0]["windows"] == 288
    health = api.get("/pipeline/health").get_json()
    assert health == {
        "sanity": "ok",
        "last_day": "2026-05-08",
        "viewers_last_day": days[1]["viewers"],
        "viewers_change": None,  # compared with the same weekday a week earlier: not processed
        "compared_with": "2026-05-01",
        "days": [{"date": str(START), "sanity": "ok"}, {"date": "2026-05-08", "sanity": "ok"}],
    }


def test_pseudonymised_viewers_are_found_by_their_real_login(world_app: Any) -> None:
    from contracts.identity import pseudonym

    store = world_app.extensions["twitchgraph"].get()
    login = busy_viewer(world_app.test_client())
    store.query("MATCH (u:User {login: $l}) SET u.login = $p", {"l": login, "p": pseudonym(login, "k")})
    try:
        with changed_settings(world_app, pseudonymise_key="k"):
            client = world_app.test_client()
            assert client.get(f"/viewers/{login}", headers=AUTH).get_json()["login"] == pseudonym(login, "k")
            assert client.get(f"/viewers/{pseudonym(login, 'k')}", headers=AUTH).status_code == 200
    finally:
        store.query("MATCH (u:User {login: $p}) SET u.login = $l", {"l": login, "p": pseudonym(login, "k")})


def test_the_operator_check_says_whether_a_token_is_the_operators(world_app: Any) -> None:
    client = world_app.test_client()
    assert client.get("/operator/check", headers=AUTH).get_json() == {"operator": True}
    wrong = client.get("/operator/check", headers={"Authorization": "Bearer wrong"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/operator/check").status_code == 401
    with changed_settings(world_app, operator_token=""):
        assert world_app.test_client().get("/operator/check", headers=AUTH).status_code == 403


def test_viewer_logins_by_prefix_are_the_profiled_ones_in_order(api: FlaskClient) -> None:
    store = api.application.extensions["twitchgraph"].get()
    profiled = sorted(
        row[0] for row in store.ro_query("MATCH (u:User) WHERE u.profile_day IS NOT NULL RETURN u.login").rows
    )
    login = busy_viewer(api)
    for prefix in (login[:1], login[:3], login.upper()[:2], login):
        expected = [other for other in profiled if other.startswith(prefix.lower())]
        body = api.get(f"/viewers?prefix={prefix}&limit=50", headers=AUTH).get_json()
        assert body == {"logins": expected[:50]} and login in body["logins"]
    assert len(api.get(f"/viewers?prefix={login[:1]}&limit=2", headers=AUTH).get_json()["logins"]) == 2
    # Channels and banned bots have no profile: never suggested.
    assert api.get("/viewers?prefix=nightbot", headers=AUTH).get_json() == {"logins": []}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "prefix must be 1 to 25 letters"),
        ("?prefix=", "prefix must be 1 to 25 letters"),
        ("?prefix=a'%20OR%201=1", "prefix must be 1 to 25 letters"),
        (f"?prefix={'a' * 26}", "prefix must be 1 to 25 letters"),
        ("?prefix=a&limit=51", "limit must be a whole number from 1 to 50, got '51'"),
        ("?prefix=a&limit=0", "limit must be a whole number from 1 to 50, got '0'"),
    ],
)
def test_viewer_logins_refuse_a_bad_prefix_or_limit(api: FlaskClient, query: str, message: str) -> None:
    response = api.get(f"/viewers{query}", headers=AUTH)
    assert response.status_code == 400 and message in response.get_json()["error"]


def test_viewer_logins_need_the_operator_token(api: FlaskClient) -> None:
    assert api.get("/viewers?prefix=a").status_code == 401
