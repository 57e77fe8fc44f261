"""What the graph explorer reads: any node's neighbours, grouped by relationship, and streamer search.

Nodes leave the API with stable ids built from what identifies them in the graph: ``Stream:<login>`` and
``User:<login>`` for people (the login is a person's identity), ``Game:<name>``, ``Language:<code>`` and
``Team:<name>`` for the rest. The database's internal ids are used only between two statements of one
request, never sent out: they change when a graph is reloaded.
"""

from dataclasses import dataclass
from typing import Any

from backend.graph import queries
from backend.graph.models import RELATIONSHIP_TYPES
from backend.graph.store import GraphStore

__all__ = ["KINDS", "NodeRef", "neighbourhood", "parse_node_ref", "search_streamers"]

# The prefixes a node id may carry; "User" and "Stream" both name a person by login.
KINDS = ("Stream", "User", "Game", "Language", "Team")
NAMED_KINDS = ("Game", "Language", "Team")
ATTRIBUTE_TYPES = ("SPEAKS", "PLAYS", "IS_PART_OF")
# The order of the groups: what a channel is (language, game, teams), who is in its audience (or, for a
# game, language or team, who streams it), then where its owner goes as VIP, moderator, chatter.
GROUP_ORDER = (
    *((t, "out") for t in ATTRIBUTE_TYPES),
    *((t, "in") for t in RELATIONSHIP_TYPES),
    *((t, "out") for t in RELATIONSHIP_TYPES if t not in ATTRIBUTE_TYPES),
)


@dataclass(frozen=True)
class NodeRef:
    """A node as the client names it: a kind from KINDS and its key (login or name)."""

    kind: str
    key: str


def parse_node_ref(text: str) -> NodeRef | None:
    """``Kind:key`` with a kind from KINDS, else None (the caller may then look for a streamer)."""
    kind, sep, key = text.partition(":")
    if sep and kind in KINDS and key.strip():
        return NodeRef(kind, key)
    return None


def node_id(labels: list[str], login: str | None, name: str | None) -> tuple[str, str]:
    """The stable id and display label of a node, from its labels and identifying property."""
    if "Stream" in labels:
        return f"Stream:{login}", "Stream"
    if "User" in labels:
        return f"User:{login}", "User"
    label = next((candidate for candidate in NAMED_KINDS if candidate in labels), labels[0] if labels else "")
    return f"{label}:{name}", label


def find_node(store: GraphStore, ref: NodeRef) -> dict[str, Any] | None:
    """The node ``ref`` names with its properties and internal id, or None.

    People are found by login (any case); games, languages and teams by their stored name, or failing
    that by the same name in any case.
    """
    if ref.kind in ("Stream", "User"):
        rows = store.ro_query(queries.EXPLORER_USER_BY_LOGIN, {"key": ref.key.strip().lower()}).dicts()
        if ref.kind == "Stream":
            rows = [row for row in rows if "Stream" in row["labels"]]
    else:
        rows = store.ro_query(queries.EXPLORER_NAMED_NODE[ref.kind], {"key": ref.key}).dicts()
        if not rows:
            key = ref.key.strip().lower()
            rows = store.ro_query(queries.EXPLORER_NAMED_NODE_ANY_CASE[ref.kind], {"key": key}).dicts()
    return rows[0] if rows else None


def neighbourhood(
    store: GraphStore, found: dict[str, Any], *, limit: int, page: int, rel_type: str | None = None
) -> dict[str, Any]:
    """The node ``found`` (from :func:`find_node`), its neighbour groups and the D3 nodes and links.

    A group is one relationship type in one direction ('out': the node is the start of the
    relationship), with the total number of neighbours and page ``page`` of ``limit`` of them, biggest
    channels first then by login or name; a channel's chatters by how many other channels they chat in
    (most first), then by login. ``rel_type`` keeps one type only.
    """
    internal = found["node"]
    center_id, center_label = node_id(found["labels"], found["login"], found["name"])
    center: dict[str, Any] = {"id": center_id, "label": center_label, "name": found["name"] or found["login"]}
    if found["login"] is not None:
        center["login"] = found["login"]
    if found["followers"] is not None:
        center["followers"] = int(found["followers"])
    details = {
        "login": found["login"],
        "followers": found["followers"],
        "views": found["views"],
        "url": found["url"],
        "description": found["description"],
        "created_at": found["created_at"],
    }
    totals: dict[tuple[str, str], int] = {}
    for direction, statement in (("out", queries.NEIGHBOUR_COUNTS_OUT), ("in", queries.NEIGHBOUR_COUNTS_IN)):
        for found_type, total in store.ro_query(statement, {"node": internal}).rows:
            if rel_type is None or found_type == rel_type:
                totals[(found_type, direction)] = int(total)

    groups: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {center_id: center}
    links: list[dict[str, str]] = []
    params = {"node": internal, "skip": (page - 1) * limit, "limit": limit}
    for group_type, direction in GROUP_ORDER:
        total = totals.get((group_type, direction), 0)
        if not total:
            continue
        members = []
        for labels, login, name, followers in store.ro_query(
            queries.NEIGHBOUR_PAGE[(group_type, direction)], params
        ).rows:
            member_id, member_label = node_id(labels, login, name)
            member = {"id": member_id, "label": member_label, "name": name or login}
            if login is not None:
                member["login"] = login
            if followers is not None:
                member["followers"] = int(followers)
            members.append(member)
            nodes.setdefault(member_id, member)
            source, target = (center_id, member_id) if direction == "out" else (member_id, center_id)
            links.append({"source": source, "target": target, "type": group_type})
        groups.append(
            {
                "type": group_type,
                "direction": direction,
                "total": total,
                "page": page,
                "limit": limit,
                "nodes": members,
            }
        )
    return {
        "node": {**center, **details},
        "groups": groups,
        "nodes": list(nodes.values()),
        "links": links,
    }


def search_streamers(store: GraphStore, text: str, limit: int) -> list[dict[str, Any]]:
    """Streamers whose login or display name contains ``text`` (any case), prefix matches first."""
    rows = store.ro_query(queries.SEARCH_STREAMERS, {"text": text.strip().lower(), "limit": limit}).rows
    return [
        {
            "id": f"Stream:{login}",
            "login": login,
            "name": name or login,
            "followers": None if followers is None else int(followers),
        }
        for login, name, followers in rows
    ]
