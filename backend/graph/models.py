"""The graph schema as GQLAlchemy OGM classes: the one definition of labels, relationship types, properties.

Declared without ``db=`` on purpose: GQLAlchemy creates indexes when a class body runs if a field names a
database, which is how the demo touched the database at import. Indexes live in ``schema.py`` and are
created when a backend starts.
"""

from gqlalchemy import Node, Relationship


class User(Node):
    """A Twitch account. Identity is ``login`` (lowercase); ``name`` is the display name, or the login.

    A viewer's profile (written by day processing, backend/pipeline/day.py; definitions in
    backend/profiles/core.py): ``profile_day`` is the last processed day the viewer was seen (ISO date);
    ``workday`` and ``weekend`` are the 24-hour schedules (24 numbers in a string, minutes per local hour),
    valid for the workday and weekend numbers ``workday_n`` and ``weekend_n``; the heatmap is the parallel
    lists ``heatmap_dates`` (ISO dates) and ``heatmap_minutes``.
    """

    login: str
    name: str | None = None
    profile_day: str | None = None
    workday: str | None = None
    workday_n: int | None = None
    weekend: str | None = None
    weekend_n: int | None = None
    heatmap_dates: list[str] | None = None
    heatmap_minutes: list[float] | None = None


class Stream(User):
    """A broadcaster: the same node as its User, with the Stream label and channel properties."""

    id: str | None = None  # Twitch user id of the broadcaster
    url: str | None = None
    followers: int | None = None
    createdAt: str | None = None
    totalViewCount: int | None = None
    description: str | None = None
    community: int | None = None  # the default atlas's community (derived: backend/atlas/stored.py)


class Language(Node):
    name: str


class Game(Node):
    name: str


class Team(Node):
    name: str


class Speaks(Relationship, type="SPEAKS"):
    """(:User:Stream)-[:SPEAKS]->(:Language)"""


class Plays(Relationship, type="PLAYS"):
    """(:User:Stream)-[:PLAYS]->(:Game)"""


class IsPartOf(Relationship, type="IS_PART_OF"):
    """(:User:Stream)-[:IS_PART_OF]->(:Team)"""


class Vip(Relationship, type="VIP"):
    """(:User)-[:VIP]->(:User:Stream): the streamer gave the user the VIP badge."""


class Moderator(Relationship, type="MODERATOR"):
    """(:User)-[:MODERATOR]->(:User:Stream)"""


class Chatter(Relationship, type="CHATTER"):
    """(:User)-[:CHATTER]->(:User:Stream): the user was seen in the streamer's chat."""


class Watched(Relationship, type="WATCHED"):
    """(:User)-[:WATCHED]->(:User:Stream) and (:User)-[:WATCHED]->(:Game): a viewer's all-time ``minutes``
    and recent ``score`` (an EMA valid for day number ``score_day``, decayed lazily; see profiles/core.py).

    Personal data: not one of the explorer's relationship types, only the operator's routes read it.
    """

    minutes: float
    score: float
    score_day: int


class SharesAudience(Relationship, type="SHARES_AUDIENCE"):
    """(:Stream)-[:SHARES_AUDIENCE]->(:Stream): the default atlas's link (derived from CHATTER, replaced
    per graph version; definitions in backend/atlas/audiences.py)."""

    shared: int
    jaccard: float
    share_ab: float
    share_ba: float
    lift: float


class Day(Node):
    """A processed local day: its counts, each stage's seconds, the verification and the sanity."""

    date: str
    viewers: int | None = None
    channels: int | None = None
    windows: int | None = None
    presences: int | None = None
    bots_banned: int | None = None
    source: str | None = None
    sanity: str | None = None  # "ok" or "failed"
    stage_names: list[str] | None = None
    stage_seconds: list[float] | None = None
    processed_at: str | None = None
    verify_viewer: str | None = None
    verify_windows: int | None = None
    verify_detail: str | None = None


class Banned(Node):
    """The ban list: a login day processing skips (a bot), with why and since which day."""

    login: str
    reason: str | None = None
    since: str | None = None


class DoNotTrack(Node):
    """A forgotten person: the keyed hash of their login (never the login), skipped at ingest."""

    hash: str
    since: str | None = None


def label(model: type[Node]) -> str:
    """The model's own label (a Stream node carries User too)."""
    return model.__name__


NODE_LABELS: tuple[str, ...] = tuple(
    label(m) for m in (User, Stream, Language, Game, Team, Day, Banned, DoNotTrack)
)
# The explorer's relationship types (public); WATCHED holds personal data and stays out of them.
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(
    r.type for r in (Speaks, Plays, IsPartOf, Vip, Moderator, Chatter)
)
PROFILE_RELATIONSHIP_TYPES: tuple[str, ...] = (Watched.type,)
# Relationships the app derives from the others and replaces per graph version (backend/atlas/stored.py):
# left out of the counts, the scores and the graph's version.
SHARES_AUDIENCE: str = SharesAudience.type
DERIVED_TYPES: tuple[str, ...] = (SHARES_AUDIENCE,)
# The relationship property MAGE's community_detection weighs by (1.0 where absent): graphs made by
# others (its test cases) carry it; ours do not.
MAGE_WEIGHT = "weight"
