"""The graph schema as GQLAlchemy OGM classes: the one definition of labels, relationship types, properties.

Declared without ``db=`` on purpose: GQLAlchemy creates indexes when a class body runs if a field names a
database, which is how the demo touched the database at import. Indexes live in ``schema.py`` and are
created when a backend starts.
"""

from gqlalchemy import Node, Relationship


class User(Node):
    """A Twitch account. Identity is ``login`` (lowercase); ``name`` is the display name, or the login."""

    login: str
    name: str | None = None


class Stream(User):
    """A broadcaster: the same node as its User, with the Stream label and channel properties."""

    id: str | None = None  # Twitch user id of the broadcaster
    url: str | None = None
    followers: int | None = None
    createdAt: str | None = None
    totalViewCount: int | None = None
    description: str | None = None


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


def label(model: type[Node]) -> str:
    """The model's own label (a Stream node carries User too)."""
    return model.__name__


NODE_LABELS: tuple[str, ...] = tuple(label(m) for m in (User, Stream, Language, Game, Team))
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(
    r.type for r in (Speaks, Plays, IsPartOf, Vip, Moderator, Chatter)
)
