"""twitchgraph's viewer-profile update inside Memgraph (a MAGE Python query module).

Day processing sends the day's aggregates; these procedures read the stored state of the nodes they
touch, apply ``twitchgraph_profiles_core`` (backend/profiles/core.py, copied beside this file by
memgraph/Dockerfile) and write the result, guarded by the day like the embedded path:

    CALL twitchgraph_profiles.update_watched($rows, $n, $rate) YIELD created, updated
    CALL twitchgraph_profiles.update_schedules($rows, $kind, $day, $n, $rate) YIELD updated

``update_watched`` rows: [viewer id, target id, today's minutes]. ``update_schedules`` rows: [viewer id,
24 minutes per local hour, today's minutes]. Ids are internal ids, looked up by the caller just before.
"""

import mgp
import numpy as np

try:  # in the image: the core sits beside this module under its own name
    import twitchgraph_profiles_core as core
except ImportError:  # in the repository (tests)
    from backend.profiles import core

WATCHED = "WATCHED"


@mgp.write_proc
def update_watched(ctx: mgp.ProcCtx, rows: mgp.List[mgp.List[mgp.Any]], n: int, rate: float) -> mgp.Record(
    created=int, updated=int
):
    """The day's all-time minutes and recent scores of (viewer, target) pairs; new pairs are created."""
    edges, pending = [], []
    for viewer_id, target_id, _minutes in rows:
        viewer = ctx.graph.get_vertex_by_id(viewer_id)
        found = None
        for edge in viewer.out_edges:
            if edge.type.name == WATCHED and edge.to_vertex.id == target_id:
                found = edge
                break
        edges.append((viewer, target_id, found))
    old_minutes = np.array([_get(e, "minutes", 0.0) for _v, _t, e in edges], dtype=np.float64)
    old_scores = np.array([_get(e, "score", 0.0) for _v, _t, e in edges], dtype=np.float64)
    old_days = np.array([_get(e, "score_day", n) for _v, _t, e in edges], dtype=np.int64)
    today = np.array([row[2] for row in rows], dtype=np.float64)
    fresh = core.refresh_pairs(old_minutes, old_scores, old_days, today, n, rate)
    created = updated = 0
    for i, (viewer, target_id, edge) in enumerate(edges):
        if edge is not None and old_days[i] >= n:
            continue  # already updated for this day
        if edge is None:
            edge = ctx.graph.create_edge(viewer, ctx.graph.get_vertex_by_id(target_id), mgp.EdgeType(WATCHED))
            created += 1
        else:
            updated += 1
        pending.append(edge)
        edge.properties.set("minutes", float(fresh.minutes[i]))
        edge.properties.set("score", float(fresh.scores[i]))
        edge.properties.set("score_day", int(n))
    return mgp.Record(created=created, updated=updated)


@mgp.write_proc
def update_schedules(
    ctx: mgp.ProcCtx, rows: mgp.List[mgp.List[mgp.Any]], kind: str, day: str, n: int, rate: float
) -> mgp.Record(updated=int):
    """The day's workday or weekend schedule, heatmap entry and profile day of each viewer."""
    if kind not in ("workday", "weekend"):
        raise ValueError(f"kind must be workday or weekend, got {kind!r}")
    viewers = [ctx.graph.get_vertex_by_id(row[0]) for row in rows]
    days = [v.properties.get("profile_day") for v in viewers]
    pending = [i for i, last in enumerate(days) if last is None or last < day]
    if not pending:
        return mgp.Record(updated=0)
    old = core.decode_hours([viewers[i].properties.get(kind) for i in pending])
    old_n = np.array([viewers[i].properties.get(f"{kind}_n") or n for i in pending], dtype=np.int64)
    today = np.array([rows[i][1] for i in pending], dtype=np.float64)
    texts = core.encode_hours(core.refresh_schedules(old, old_n, today, n, rate))
    for i, text in zip(pending, texts, strict=True):
        props = viewers[i].properties
        props.set(kind, text)
        props.set(f"{kind}_n", int(n))
        props.set("heatmap_dates", [*(props.get("heatmap_dates") or []), day])
        props.set("heatmap_minutes", [*(props.get("heatmap_minutes") or []), float(rows[i][2])])
        props.set("profile_day", day)
    return mgp.Record(updated=len(pending))


def _get(edge, name, default):
    if edge is None:
        return default
    value = edge.properties.get(name)
    return default if value is None else value
