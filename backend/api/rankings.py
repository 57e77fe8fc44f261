"""The demo's top-N routes: parallel lists of names and counts."""

from flask import Blueprint, Response, jsonify

from backend.api.params import parse_count
from backend.db import get_store
from backend.graph import queries, reads

bp = Blueprint("rankings", __name__)

# route -> (statement, key of the names list, key and field of the values list)
RANKINGS = {
    "top-games": (queries.TOP_GAMES, "games", "players"),
    "top-teams": (queries.TOP_TEAMS, "teams", "members"),
    "top-vips": (queries.TOP_VIPS, "vips", "streamers"),
    "top-moderators": (queries.TOP_MODERATORS, "moderators", "streamers"),
    "top-streamers-by-views": (queries.TOP_STREAMERS_BY_VIEWS, "streamers", "views"),
    "top-streamers-by-followers": (queries.TOP_STREAMERS_BY_FOLLOWERS, "streamers", "followers"),
}


def _ranking_view(route: str):
    statement, names_key, values_key = RANKINGS[route]

    def view(n: str) -> Response:
        rows = reads.top(get_store(), statement, parse_count(n, "n"))
        return jsonify(
            {
                names_key: [{"name": name} for name, _ in rows],
                values_key: [{values_key: value} for _, value in rows],
            }
        )

    view.__doc__ = f"Top n by {values_key}: {names_key} and {values_key} as parallel lists."
    return view


for _route in RANKINGS:
    bp.add_url_rule(f"/{_route}/<n>", endpoint=_route, view_func=_ranking_view(_route))
