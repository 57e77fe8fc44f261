"""The atlas and the channel cards, built from the audiences and their overlap (no database here).

The atlas keeps the ``limit`` channels with the biggest audiences and links every pair of them sharing at
least ``min_shared`` viewers; Louvain communities on those links (MAGE's ``community_detection``
semantics; the best of a few seeded runs, since one run can stop at a worse local optimum), the
partition's modularity on the same links, and a two-level layout that keeps communities apart.
"""

from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from backend.algorithms import Overlap, communities, community_layout, modularity
from backend.atlas.audiences import Audiences

__all__ = ["METRICS", "WEIGHTS", "AtlasMap", "AtlasOptions", "OverlapIndex", "build_atlas"]

METRICS = ("shared", "jaccard", "share", "lift")
WEIGHTS = ("shared", "jaccard", "lift")
MAX_DEFAULT_LINKS = 20_000  # without min_shared, the lowest threshold that keeps at most this many
LOUVAIN_SEEDS = (0, 1, 2, 3, 4)
LABEL_CHANNELS = 2  # a community is named by its biggest channels and its top game
TOP_FACETS = 3
BRIDGES = 10


class OverlapIndex:
    """The overlap of one set of audiences, with each channel's partners at hand for the cards."""

    def __init__(self, audiences: Audiences, overlap: Overlap) -> None:
        self.audiences = audiences
        self.overlap = overlap
        n = len(audiences.channels)
        both = (
            np.concatenate((overlap.first, overlap.second)),
            np.concatenate((overlap.second, overlap.first)),
        )
        self._partners = sp.csr_array((np.concatenate((overlap.shared, overlap.shared)), both), shape=(n, n))

    def channels_in_common(self, channel: int, metric: str, limit: int) -> list[dict[str, Any]]:
        """The channels sharing viewers with ``channel``, by ``metric`` descending, then login."""
        start, end = self._partners.indptr[channel], self._partners.indptr[channel + 1]
        others = self._partners.indices[start:end]
        shared = self._partners.data[start:end].astype(np.float64)
        audience = self.overlap.audience
        a, b = float(audience[channel]), audience[others].astype(np.float64)
        values = {
            "shared": shared,
            "jaccard": shared / (a + b - shared),
            "share": shared / a,
            "lift": shared * self.overlap.viewers / (a * b),
        }
        logins = self.audiences.channels.logins
        order = sorted(range(others.size), key=lambda k: (-values[metric][k], logins[others[k]]))[:limit]
        return [self._row(int(others[k]), {name: v[k] for name, v in values.items()}) for k in order]

    def _row(self, channel: int, values: dict[str, float]) -> dict[str, Any]:
        channels = self.audiences.channels
        return {
            "login": channels.logins[channel],
            "name": channels.names[channel],
            "shared": int(values["shared"]),
            "jaccard": float(values["jaccard"]),
            "share": float(values["share"]),
            "lift": float(values["lift"]),
        }


@dataclass(frozen=True)
class AtlasOptions:
    """Which atlas: the ``limit`` biggest channels, links from ``min_shared`` shared viewers (None: the
    lowest threshold keeping at most MAX_DEFAULT_LINKS), communities weighted by ``weight``."""

    limit: int = 2000
    min_shared: int | None = None
    weight: str = "shared"


@dataclass(frozen=True)
class AtlasMap:
    """One atlas: its channels (indices into the audiences' channels), links, partition and map."""

    index: OverlapIndex
    min_shared: int
    nodes: np.ndarray  # channel indices, biggest audience first
    first: np.ndarray  # link ends, positions in ``nodes``
    second: np.ndarray
    shared: np.ndarray
    jaccard: np.ndarray
    weight: np.ndarray
    membership: np.ndarray  # community per position in ``nodes``, -1 without links
    modularity: float
    xy: np.ndarray

    def answer(self) -> dict[str, Any]:
        """The /atlas body."""
        channels, audience = self.index.audiences.channels, self.index.overlap.audience
        login = [channels.logins[c] for c in self.nodes]
        nodes = [
            {
                "login": login[i],
                "name": channels.names[c],
                "audience": int(audience[c]),
                "community": int(self.membership[i]),
                "x": round(float(self.xy[i, 0]), 5),
                "y": round(float(self.xy[i, 1]), 5),
                "game": channels.games[c],
                "language": channels.languages[c],
            }
            for i, c in enumerate(self.nodes.tolist())
        ]
        links = [
            {"source": login[a], "target": login[b], "shared": s, "jaccard": j, "weight": w}
            for a, b, s, j, w in zip(
                self.first.tolist(),
                self.second.tolist(),
                self.shared.tolist(),
                self.jaccard.tolist(),
                self.weight.tolist(),
                strict=True,
            )
        ]
        return {
            "nodes": nodes,
            "links": links,
            "communities": [self._summary(c) for c in range(self.community_count)],
            "modularity": None if np.isnan(self.modularity) else float(self.modularity),
            "min_shared": self.min_shared,
        }

    @property
    def community_count(self) -> int:
        return int(self.membership.max(initial=-1)) + 1

    def community(self, community: int) -> dict[str, Any]:
        """The /communities/<id> body: the summary, every channel, and the bridges to other communities."""
        members = np.flatnonzero(self.membership == community)
        channels, audience = self.index.audiences.channels, self.index.overlap.audience
        return {
            **self._summary(community),
            "channels": [
                {
                    "login": channels.logins[c],
                    "name": channels.names[c],
                    "audience": int(audience[c]),
                    "game": channels.games[c],
                    "language": channels.languages[c],
                }
                for c in self.nodes[members].tolist()
            ],
            "bridges": self._bridges(community),
        }

    def _summary(self, community: int) -> dict[str, Any]:
        channels = self.index.audiences.channels
        members = self.nodes[self.membership == community].tolist()  # biggest audience first
        games = Counter(channels.games[c] for c in members if channels.games[c])
        languages = Counter(channels.languages[c] for c in members if channels.languages[c])
        top_games = _top(games)
        names = [channels.names[c] for c in members[:LABEL_CHANNELS]]
        label = ", ".join(names) + (f" · {top_games[0]['name']}" if top_games else "")
        return {
            "id": community,
            "size": len(members),
            "label": label,
            "top_games": top_games,
            "languages": _top(languages),
        }

    def _bridges(self, community: int) -> list[dict[str, Any]]:
        """Members with the most link weight to other communities, and which communities those are."""
        inside = self.membership == community
        ends = np.concatenate((self.first, self.second)), np.concatenate((self.second, self.first))
        weight = np.concatenate((self.weight, self.weight))
        across = inside[ends[0]] & ~inside[ends[1]]
        totals: dict[int, float] = {}
        reaches: dict[int, set[int]] = {}
        for own, other, w in zip(
            ends[0][across].tolist(), ends[1][across].tolist(), weight[across].tolist(), strict=True
        ):
            totals[own] = totals.get(own, 0.0) + w
            reaches.setdefault(own, set()).add(int(self.membership[other]))
        channels = self.index.audiences.channels
        best = sorted(totals, key=lambda i: (-totals[i], channels.logins[self.nodes[i]]))[:BRIDGES]
        return [
            {
                "login": channels.logins[self.nodes[i]],
                "name": channels.names[self.nodes[i]],
                "weight": totals[i],
                "communities": sorted(reaches[i]),
            }
            for i in best
        ]


def build_atlas(index: OverlapIndex, options: AtlasOptions) -> AtlasMap:
    """The atlas of ``options`` over ``index``'s overlap."""
    overlap, logins = index.overlap, index.audiences.channels.logins
    with_audience = np.flatnonzero(overlap.audience > 0)
    order = sorted(with_audience.tolist(), key=lambda c: (-int(overlap.audience[c]), logins[c]))
    nodes = np.array(order[: options.limit], dtype=np.int64)
    position = np.full(overlap.audience.size, -1, dtype=np.int64)
    position[nodes] = np.arange(nodes.size)
    kept = (position[overlap.first] >= 0) & (position[overlap.second] >= 0)
    min_shared = options.min_shared or _default_threshold(overlap.shared[kept])
    kept &= overlap.shared >= min_shared
    weights = {"shared": overlap.shared, "jaccard": overlap.jaccard, "lift": overlap.lift}
    first, second = position[overlap.first[kept]], position[overlap.second[kept]]
    weight = weights[options.weight][kept].astype(np.float64)
    membership, quality = _best_partition(nodes.size, first, second, weight)
    return AtlasMap(
        index=index,
        min_shared=int(min_shared),
        nodes=nodes,
        first=first,
        second=second,
        shared=overlap.shared[kept],
        jaccard=overlap.jaccard[kept],
        weight=weight,
        membership=membership,
        modularity=quality,
        xy=community_layout(nodes.size, first, second, weight, membership),
    )


def _default_threshold(shared: np.ndarray) -> int:
    """The lowest ``min_shared`` that keeps at most MAX_DEFAULT_LINKS links (1 when all fit)."""
    if shared.size <= MAX_DEFAULT_LINKS:
        return 1
    return int(np.sort(shared)[::-1][MAX_DEFAULT_LINKS]) + 1


def _best_partition(
    n: int, first: np.ndarray, second: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, float]:
    """The partition of the highest modularity among LOUVAIN_SEEDS runs, and that modularity."""
    best: tuple[np.ndarray, float] | None = None
    for seed in LOUVAIN_SEEDS:
        membership = communities(n, first, second, weight, seed=seed)
        quality = modularity(n, first, second, weight, membership)
        if best is None or quality > best[1] or np.isnan(best[1]):
            best = (membership, quality)
    assert best is not None
    return best


def _top(counts: Counter[str]) -> list[dict[str, Any]]:
    return [
        {"name": name, "channels": count}
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_FACETS]
    ]
