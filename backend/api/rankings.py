"""The demo's top-N routes: parallel lists of names and counts.

The rankings of people (VIPs, moderators) and of channels by distinct chatters leave bots out unless
``include_bots=1``, by the atlas's rule (``backend.atlas.audiences.bot_logins``): the known chat bots, the
logins day processing banned, and accounts chatting in ATLAS_BOT_CHANNELS channels or more. The answer
cache keys on the query string, so each choice is kept on its own.
"""

from collections.abc import Callable
from typing import NamedTuple

from flask import Blueprint, Response, jsonify

from backend.api.caching import cached
from backend.api.params import parse_count, parse_flag
from backend.db import get_atlas, get_store
from backend.graph import reads

bp = Blueprint("rankings", __name__)


class Ranking(NamedTuple):
    """One top-N route: the ranking kind it reads (reads.RANKING_STATEMENTS) and its two lists' keys."""

    kind: str
    names_key: str
    values_key: str  # also the field of each item of the values list, as in the demo

    @property
    def people(self) -> bool:
        """Whether it counts people: bots are left out unless include_bots=1."""
        return self.kind in reads.PEOPLE_RANKINGS


# route -> ranking; /openapi.json and the front end's frontend/src/api/rankings.js follow this list (the
# first is generated from it, the second is checked against it by tests/api/test_rankings_contract.py).
RANKINGS = {
    "top-games": Ranking("games", "games", "players"),
    "top-teams": Ranking("teams", "teams", "members"),
    "top-vips": Ranking("vips", "vips", "streamers"),
    "top-moderators": Ranking("moderators", "moderators", "streamers"),
    "top-streamers-by-views": Ranking("streamers_by_views", "streamers", "views"),
    "top-streamers-by-followers": Ranking("streamers_by_followers", "streamers", "followers"),
    "top-streamers-by-chatters": Ranking("streamers_by_chatters", "streamers", "chatters"),
}


def _ranking_view(route: str) -> Callable[[str], Response]:
    ranking = RANKINGS[route]

    def view(n: str) -> Response:
        count = parse_count(n, "n")
        store = get_store()
        bots: frozenset[str] = frozenset()
        if ranking.people and not parse_flag("include_bots"):
            bots = get_atlas().bots(store)
        rows = reads.ranking(store, ranking.kind, count, bots=bots)
        return jsonify(
            {
                ranking.names_key: [{"name": name} for name, _ in rows],
                ranking.values_key: [{ranking.values_key: value} for _, value in rows],
            }
        )

    view.__doc__ = (
        f"Top n by {ranking.values_key}: {ranking.names_key} and {ranking.values_key} as parallel lists."
    )
    return view


for _route in RANKINGS:
    bp.add_url_rule(f"/{_route}/<n>", endpoint=_route, view_func=cached()(_ranking_view(_route)))
