"""Every Cypher statement of the project, parameterised, runnable unchanged on FalkorDB and Memgraph.

User input only ever arrives as ``$parameters``. Labels and relationship types are written out here and
checked against models.py by tests/graph/test_queries.py. Backend differences live in dialects.py.
"""

from backend.graph.models import MAGE_WEIGHT, RELATIONSHIP_TYPES, SHARES_AUDIENCE

# --- import ------------------------------------------------------------------------------------------

MERGE_NAMED_NODES = {
    "Language": "UNWIND $names AS name MERGE (:Language {name: name})",
    "Game": "UNWIND $names AS name MERGE (:Game {name: name})",
    "Team": "UNWIND $names AS name MERGE (:Team {name: name})",
}

MERGE_STREAMS = """
UNWIND $rows AS row
MERGE (s:User {login: row.login})
SET s:Stream, s.id = row.id, s.name = row.name, s.url = row.url, s.followers = row.followers,
    s.createdAt = row.created_at, s.totalViewCount = row.view_count, s.description = row.description
"""

USER_IDS = "UNWIND $logins AS login MATCH (u:User {login: login}) RETURN login, id(u) AS node"
# For the logins USER_IDS just did not find: a CREATE costs a third of a MERGE that has to create, and
# the uniqueness constraint on User.login turns a concurrent writer into an error, never a duplicate.
# A chatter's display name is unknown, so it starts as the login; a streamer row sets the real one.
CREATE_USERS = (
    "UNWIND $logins AS login CREATE (u:User {login: login, name: login}) RETURN login, id(u) AS node"
)

# One statement per relationship type: a type cannot be a parameter. Endpoints come as internal ids
# looked up just before, which makes the batch a pair of id seeks per row.
MERGE_EDGES_BY_ID = {
    rel_type: (
        "UNWIND $pairs AS pair MATCH (a) WHERE id(a) = pair[0] MATCH (b) WHERE id(b) = pair[1] "
        f"MERGE (a)-[:{rel_type}]->(b)"
    )
    for rel_type in RELATIONSHIP_TYPES
}
# Edges from users created by this import, which cannot exist yet: no MERGE needed. Grouped by the
# streamer, [streamer id, [user ids]], which halves the parameter text and the streamer seeks.
CREATE_EDGES_TO_STREAMER = {
    rel_type: (
        "UNWIND $groups AS group MATCH (b) WHERE id(b) = group[0] "
        f"UNWIND group[1] AS source MATCH (a) WHERE id(a) = source CREATE (a)-[:{rel_type}]->(b)"
    )
    for rel_type in RELATIONSHIP_TYPES
}

# A streamer row states the channel's current language, game and teams: edges to others go.
DROP_STALE_LANGUAGE = """
UNWIND $rows AS row
MATCH (:User {login: row.login})-[r:SPEAKS]->(l:Language)
WHERE row.language IS NULL OR l.name <> row.language
DELETE r
"""
DROP_STALE_GAME = """
UNWIND $rows AS row
MATCH (:User {login: row.login})-[r:PLAYS]->(g:Game)
WHERE row.game IS NULL OR g.name <> row.game
DELETE r
"""
DROP_STALE_TEAMS = """
UNWIND $rows AS row
MATCH (:User {login: row.login})-[r:IS_PART_OF]->(t:Team)
WHERE NOT t.name IN row.teams
DELETE r
"""
# One statement per label: a label OR-ed in WHERE makes FalkorDB scan every node, users included.
DELETE_ORPHAN_NAMED_NODES = {
    "Language": "MATCH (n:Language) WHERE NOT (n)--() DELETE n",
    "Game": "MATCH (n:Game) WHERE NOT (n)--() DELETE n",
    "Team": "MATCH (n:Team) WHERE NOT (n)--() DELETE n",
}

NAMED_NODE_IDS = {
    "Language": "UNWIND $names AS name MATCH (n:Language {name: name}) RETURN name, id(n) AS node",
    "Game": "UNWIND $names AS name MATCH (n:Game {name: name}) RETURN name, id(n) AS node",
    "Team": "UNWIND $names AS name MATCH (n:Team {name: name}) RETURN name, id(n) AS node",
}

# --- live stream (backend/stream) ---------------------------------------------------------------------

# Stream nodes by the broadcaster's Twitch user id (the import's streamers.csv user_id), with their login
# (live events name a channel by it); the lowest node wins should two streamers ever share an id, so
# every batch picks the same one.
STREAM_IDS = """
UNWIND $ids AS i MATCH (s:Stream {id: i}) WITH i, min(id(s)) AS node
MATCH (s) WHERE id(s) = node RETURN i, node, s.login AS login
"""
# How many cached [Twitch user id, internal id] pairs still name the same streamer: internal ids of
# deleted nodes are reused, so a cache is checked before its ids address edges. The label is tested
# after the seek by id: in the MATCH, it makes FalkorDB scan the property's index instead (3x slower).
STREAMS_STILL_AT = """
UNWIND $pairs AS pair MATCH (s) WHERE id(s) = pair[1]
WITH s, pair WHERE s:Stream AND s.id = pair[0] RETURN count(s) AS n
"""
# The same for cached [login, internal id] pairs of users.
USERS_STILL_AT = """
UNWIND $pairs AS pair MATCH (u) WHERE id(u) = pair[1]
WITH u, pair WHERE u:User AND u.login = pair[0] RETURN count(u) AS n
"""
# MERGE_EDGES_BY_ID that also says which of its [viewer id, streamer id] pairs had no edge before: the
# edge is looked for between two bound nodes (a lookup in the adjacency, as the MERGE's own), so live
# views can tell a first-time chatter from a regular.
MERGE_EDGES_BY_ID_CREATED = {
    rel_type: (
        "UNWIND $pairs AS pair MATCH (a) WHERE id(a) = pair[0] MATCH (b) WHERE id(b) = pair[1] "
        f"OPTIONAL MATCH (a)-[old:{rel_type}]->(b) WITH a, b, pair, count(old) AS before "
        f"MERGE (a)-[:{rel_type}]->(b) "
        "WITH pair, before WHERE before = 0 RETURN pair[0] AS viewer, pair[1] AS streamer"
    )
    for rel_type in RELATIONSHIP_TYPES
}

# --- Memgraph's Kafka stream (memgraph/query_modules/twitchgraph_stream.py) -----------------------------
# What Memgraph's transformation emits for a batch: the outcome of backend/stream/writer.py in statements
# that need no lookup first (a transformation cannot read the graph), all run in the batch's transaction.
# The module holds a copy of this text (the image has no backend package); tests/memgraph checks they are
# equal. rows: {id, login}, the first streamer_login of each broadcaster in the batch. A channel is MERGEd
# only when no Stream has the id yet, as the writer does after its STREAM_IDS lookup.
STREAM_MERGE_CHANNELS = """
UNWIND $rows AS row
OPTIONAL MATCH (known:Stream {id: row.id})
WITH row, known WHERE known IS NULL
MERGE (s:User {login: row.login})
ON CREATE SET s.name = row.login
SET s:Stream, s.id = coalesce(s.id, row.id)
"""
# rows: [broadcaster's Twitch user id, login], distinct. The MATCH on the Stream guards the rest: for a
# broadcaster the graph does not know, nothing is written, not even the user. The lowest node wins should
# two streamers share an id, as in STREAM_IDS. A user is created as CREATE_USERS would (name = login).
STREAM_MERGE_EDGES = {
    rel_type: (
        "UNWIND $rows AS row MATCH (s:Stream {id: row[0]}) "
        "WITH row[0] AS channel, row[1] AS login, min(id(s)) AS node "
        "MATCH (s) WHERE id(s) = node MERGE (u:User {login: login}) ON CREATE SET u.name = login "
        f"MERGE (u)-[:{rel_type}]->(s)"
    )
    for rel_type in ("CHATTER", "MODERATOR", "VIP")
}

# --- counts and rankings -----------------------------------------------------------------------------

COUNT_NODES = "MATCH (n) RETURN count(n) AS nodes"
# Derived relationships (models.DERIVED_TYPES) are not the graph's own: left out of counts and scores.
NOT_DERIVED = f"type(r) <> '{SHARES_AUDIENCE}'"
COUNT_EDGES = f"MATCH ()-[r]->() WHERE {NOT_DERIVED} RETURN count(r) AS edges"
# Memgraph's version: counts plus the highest ids (never reused) change with any topology change.
VERSIONED_EDGES = f"MATCH ()-[r]->() WHERE {NOT_DERIVED} RETURN count(r) AS c, max(id(r)) AS m"

# Ties are broken by name so that a ranking is the same on every backend and every call.
TOP_GAMES = """
MATCH (s:Stream)-[:PLAYS]->(g:Game)
RETURN g.name AS name, count(DISTINCT s) AS value ORDER BY value DESC, name ASC LIMIT $n
"""
TOP_TEAMS = """
MATCH (s:Stream)-[:IS_PART_OF]->(t:Team)
RETURN t.name AS name, count(DISTINCT s) AS value ORDER BY value DESC, name ASC LIMIT $n
"""
# The rankings of people take $bots, the logins left out (empty: everyone counts), as a parameter.
TOP_VIPS = """
MATCH (u:User)-[:VIP]->(s:Stream) WHERE NOT u.login IN $bots
RETURN u.name AS name, count(DISTINCT s) AS value ORDER BY value DESC, name ASC LIMIT $n
"""
TOP_MODERATORS = """
MATCH (u:User)-[:MODERATOR]->(s:Stream) WHERE NOT u.login IN $bots
RETURN u.name AS name, count(DISTINCT s) AS value ORDER BY value DESC, name ASC LIMIT $n
"""
# A channel's audience as the atlas counts it: its distinct chatters, the bots in $bots left out.
TOP_STREAMERS_BY_CHATTERS = """
MATCH (u:User)-[:CHATTER]->(s:Stream) WHERE NOT u.login IN $bots
RETURN s.name AS name, count(DISTINCT u) AS value ORDER BY value DESC, name ASC LIMIT $n
"""
# The accounts chatting in at least $channels channels: the atlas's third kind of bot.
BUSY_CHATTERS = """
MATCH (u:User)-[:CHATTER]->(s:Stream)
WITH u, count(DISTINCT s) AS channels WHERE channels >= $channels
RETURN u.login AS login
"""
TOP_STREAMERS_BY_VIEWS = """
MATCH (s:Stream) WHERE s.totalViewCount IS NOT NULL
RETURN s.name AS name, s.totalViewCount AS value ORDER BY value DESC, name ASC LIMIT $n
"""
TOP_STREAMERS_BY_FOLLOWERS = """
MATCH (s:Stream) WHERE s.followers IS NOT NULL
RETURN s.name AS name, s.followers AS value ORDER BY value DESC, name ASC LIMIT $n
"""

# --- streamers ---------------------------------------------------------------------------------------

STREAMER_BY_LOGIN = """
MATCH (s:User {login: $login}) WHERE s:Stream
RETURN s.login AS login, s.id AS id, s.name AS name
"""
# Display names are not unique on Twitch; the lowest login wins so the answer is stable.
STREAMER_BY_DISPLAY_NAME = """
MATCH (s:Stream) WHERE toLower(s.name) = $name
RETURN s.login AS login, s.id AS id, s.name AS name ORDER BY login LIMIT 1
"""
STREAMER_ATTRIBUTES = """
MATCH (s:User {login: $login})-[r:SPEAKS|PLAYS|IS_PART_OF]->(n)
RETURN type(r) AS type, n.name AS name ORDER BY type, name
"""
LANGUAGE_NAME = "MATCH (l:Language) WHERE toLower(l.name) = $language RETURN l.name AS name"
GAME_NAME = "MATCH (g:Game) WHERE toLower(g.name) = $game RETURN g.name AS name"
STREAMERS_BY_LANGUAGE_AND_GAME = """
MATCH (l:Language {name: $language})<-[:SPEAKS]-(s:Stream)-[:PLAYS]->(g:Game {name: $game})
RETURN s.id AS id, s.name AS name, s.followers AS followers ORDER BY name, id
"""

STREAMER_NAMES = "MATCH (s:Stream) RETURN s.name AS title ORDER BY title"
GAME_NAMES = "MATCH (g:Game) RETURN g.name AS title ORDER BY title"
LANGUAGE_NAMES = "MATCH (l:Language) RETURN l.name AS title ORDER BY title"

# --- algorithms --------------------------------------------------------------------------------------

NODE_IDS = "MATCH (n) RETURN id(n) AS node"
USER_NODE_IDS = "MATCH (n:User) RETURN id(n) AS node"
EDGE_ENDPOINTS = f"MATCH (a)-[r]->(b) WHERE {NOT_DERIVED} RETURN id(a) AS source, id(b) AS target"
WEIGHTED_EDGE_ENDPOINTS = (
    f"MATCH (a)-[r]->(b) RETURN id(a) AS source, id(b) AS target, coalesce(r.{MAGE_WEIGHT}, 1.0) AS weight"
)
# The ranked nodes (users, some of them streamers): name, and whether the person streams.
RANKED_NODES_BY_ID = (
    "UNWIND $ids AS i MATCH (n) WHERE id(n) = i "
    "RETURN id(n) AS node, n.name AS name, 'Stream' IN labels(n) AS streamer"
)

# --- audiences (the atlas) ---------------------------------------------------------------------------

# Every channel with what the map shows of it; a channel plays one game and speaks one language in the
# demo's schema, and the first by name stands for it otherwise.
ATLAS_CHANNELS = """
MATCH (s:Stream)
OPTIONAL MATCH (s)-[:PLAYS]->(g:Game)
OPTIONAL MATCH (s)-[:SPEAKS]->(l:Language)
WITH s, min(g.name) AS game, min(l.name) AS language
RETURN id(s) AS node, s.login AS login, s.name AS name, game, language
"""
# One row per channel with its viewers as a list: about five times faster to read out of FalkorDB than a
# row per presence (bench/atlas.py).
CHATTER_AUDIENCES = "MATCH (u:User)-[:CHATTER]->(s:Stream) RETURN id(s) AS channel, collect(id(u)) AS viewers"
# The default atlas stored for Cypher users, replaced as a whole per graph version (derived writes).
DELETE_SHARES_AUDIENCE = f"""
MATCH ()-[r:{SHARES_AUDIENCE}]->() WITH r LIMIT $limit DELETE r RETURN count(r) AS deleted
"""
CLEAR_COMMUNITIES = "MATCH (s:Stream) WHERE s.community IS NOT NULL SET s.community = NULL"
# rows: [id a, id b, shared, jaccard, share_ab, share_ba, lift], a before b in the atlas's order
CREATE_SHARES_AUDIENCE = f"""
UNWIND $rows AS r
MATCH (a) WHERE id(a) = r[0]
MATCH (b) WHERE id(b) = r[1]
CREATE (a)-[:{SHARES_AUDIENCE} {{
    shared: r[2], jaccard: r[3], share_ab: r[4], share_ba: r[5], lift: r[6]
}}]->(b)
"""
SET_COMMUNITIES = "UNWIND $rows AS r MATCH (s) WHERE id(s) = r[0] SET s.community = r[1]"

# --- explorer ----------------------------------------------------------------------------------------

# The node a neighbourhood is asked for: a person by login, or a named node by its exact stored name.
# Internal ids link these lookups to the neighbour reads within one request only; they never leave the API.
EXPLORER_NODE_COLUMNS = (
    "id(n) AS node, labels(n) AS labels, n.login AS login, n.name AS name, n.followers AS followers, "
    "n.totalViewCount AS views, n.url AS url, n.description AS description, n.createdAt AS created_at"
)
EXPLORER_USER_BY_LOGIN = f"MATCH (n:User {{login: $key}}) RETURN {EXPLORER_NODE_COLUMNS}"
EXPLORER_NAMED_NODE = {
    "Language": f"MATCH (n:Language {{name: $key}}) RETURN {EXPLORER_NODE_COLUMNS}",
    "Game": f"MATCH (n:Game {{name: $key}}) RETURN {EXPLORER_NODE_COLUMNS}",
    "Team": f"MATCH (n:Team {{name: $key}}) RETURN {EXPLORER_NODE_COLUMNS}",
}
# A hand-typed link may not match the stored case; the lowest name wins so the answer is stable.
EXPLORER_NAMED_NODE_ANY_CASE = {
    label: (
        f"MATCH (n:{label}) WHERE toLower(n.name) = $key RETURN {EXPLORER_NODE_COLUMNS} ORDER BY name LIMIT 1"
    )
    for label in ("Language", "Game", "Team")
}

# How many neighbours a node has per relationship type and direction ('out': the node is the start).
NEIGHBOUR_COUNTS_OUT = "MATCH (n)-[r]->(m) WHERE id(n) = $node RETURN type(r) AS type, count(m) AS total"
NEIGHBOUR_COUNTS_IN = "MATCH (n)<-[r]-(m) WHERE id(n) = $node RETURN type(r) AS type, count(m) AS total"

# One page of one (type, direction) group. A type cannot be a parameter, so there is one statement per
# type from the models' list. Biggest channels first, then by login or name: the same page on every call.
# A channel's chatters come in another order (CHATTERS_PAGE).
NEIGHBOUR_PAGE = {
    (rel_type, direction): (
        f"MATCH (n){pattern}(m) WHERE id(n) = $node "
        "RETURN labels(m) AS labels, m.login AS login, m.name AS name, m.followers AS followers "
        "ORDER BY coalesce(m.followers, -1) DESC, coalesce(m.login, m.name) ASC SKIP $skip LIMIT $limit"
    )
    for rel_type in RELATIONSHIP_TYPES
    for direction, pattern in (("out", f"-[:{rel_type}]->"), ("in", f"<-[:{rel_type}]-"))
}
# A channel's chatters, the audience that matters first: who chats in the most other channels, then by
# login (unique: the order is total, so the pages neither overlap nor skip anyone).
CHATTERS_PAGE = """
MATCH (n)<-[:CHATTER]-(m) WHERE id(n) = $node
OPTIONAL MATCH (m)-[:CHATTER]->(other) WHERE other <> n
WITH m, count(DISTINCT other) AS channels
ORDER BY channels DESC, coalesce(m.login, m.name) ASC SKIP $skip LIMIT $limit
RETURN labels(m) AS labels, m.login AS login, m.name AS name, m.followers AS followers
"""
NEIGHBOUR_PAGE[("CHATTER", "in")] = CHATTERS_PAGE

# Streamers whose login or display name contains $text (lowercase): prefix matches first, then the
# biggest channels.
SEARCH_STREAMERS = """
MATCH (s:Stream) WHERE s.login CONTAINS $text OR toLower(s.name) CONTAINS $text
WITH s, CASE WHEN s.login STARTS WITH $text OR toLower(s.name) STARTS WITH $text THEN 0 ELSE 1 END AS rank
RETURN s.login AS login, s.name AS name, s.followers AS followers
ORDER BY rank ASC, coalesce(s.followers, -1) DESC, login ASC LIMIT $limit
"""

# --- profiles and pipeline ---------------------------------------------------------------------------
# Day processing (backend/pipeline/day.py) and the viewer routes. Every write of a day is guarded by the
# day it is for, so running a day again, after a crash or not, never counts anything twice.

# Channels of the day's samples, and of stream messages for a broadcaster the graph does not know yet:
# the Stream node of a broadcaster, created with its login as name when no import has named it.
MERGE_CHANNELS = """
UNWIND $rows AS row
MERGE (s:User {login: row.login})
ON CREATE SET s.name = row.login
SET s:Stream, s.id = coalesce(s.id, row.id)
RETURN row.login AS login, id(s) AS node
"""

# The stored state of the viewers seen today (internal ids), read before the day's update.
WATCHED_STATE = """
UNWIND $ids AS i
MATCH (u)-[w:WATCHED]->(t) WHERE id(u) = i
RETURN i AS viewer, id(t) AS target, w.minutes AS minutes, w.score AS score, w.score_day AS score_day
"""
SCHEDULE_STATE = {
    "workday": (
        "UNWIND $ids AS i MATCH (u) WHERE id(u) = i "
        "RETURN i AS viewer, u.workday AS hours, u.workday_n AS n, u.profile_day AS profile_day"
    ),
    "weekend": (
        "UNWIND $ids AS i MATCH (u) WHERE id(u) = i "
        "RETURN i AS viewer, u.weekend AS hours, u.weekend_n AS n, u.profile_day AS profile_day"
    ),
}
# rows: [viewer id, target id, all-time minutes, score], all valid for day number $n.
CREATE_WATCHED = """
UNWIND $rows AS r
MATCH (a) WHERE id(a) = r[0]
MATCH (b) WHERE id(b) = r[1]
CREATE (a)-[:WATCHED {minutes: r[2], score: r[3], score_day: $n}]->(b)
"""
UPDATE_WATCHED = """
UNWIND $rows AS r
MATCH (a)-[w:WATCHED]->(b) WHERE id(a) = r[0] AND id(b) = r[1] AND w.score_day < $n
SET w.minutes = r[2], w.score = r[3], w.score_day = $n
"""
# rows: [viewer id, the schedule's 24 numbers, the day's minutes]; one statement per kind of day.
UPDATE_PROFILE = {
    kind: (
        "UNWIND $rows AS r MATCH (u) WHERE id(u) = r[0] AND (u.profile_day IS NULL OR u.profile_day < $day) "
        f"SET u.{kind} = r[1], u.{kind}_n = $n, u.heatmap_dates = coalesce(u.heatmap_dates, []) + [$day], "
        "u.heatmap_minutes = coalesce(u.heatmap_minutes, []) + [r[2]], u.profile_day = $day"
    )
    for kind in ("workday", "weekend")
}

DAY_STATUS = "MATCH (d:Day {date: $date}) RETURN d.date AS date, d.sanity AS sanity"
LAST_DAY = "MATCH (d:Day) RETURN d.date AS date ORDER BY date DESC LIMIT 1"
MERGE_DAY = """
MERGE (d:Day {date: $date})
SET d.viewers = $viewers, d.channels = $channels, d.windows = $windows, d.presences = $presences,
    d.bots_banned = $bots_banned, d.source = $source, d.sanity = $sanity, d.stage_names = $stage_names,
    d.stage_seconds = $stage_seconds, d.processed_at = $processed_at, d.verify_viewer = $verify_viewer,
    d.verify_windows = $verify_windows, d.verify_detail = $verify_detail
"""
DAYS = """
MATCH (d:Day)
RETURN d.date AS date, d.viewers AS viewers, d.channels AS channels, d.windows AS windows,
       d.presences AS presences, d.bots_banned AS bots_banned, d.sanity AS sanity,
       d.stage_names AS stage_names, d.stage_seconds AS stage_seconds, d.processed_at AS processed_at
ORDER BY date
"""

BANNED_LOGINS = "MATCH (b:Banned) RETURN b.login AS login"
MERGE_BANNED = """
UNWIND $rows AS row
MERGE (b:Banned {login: row.login})
ON CREATE SET b.reason = row.reason, b.since = $day
"""
DO_NOT_TRACK = "MATCH (n:DoNotTrack) RETURN n.hash AS hash"
MERGE_DO_NOT_TRACK = "MERGE (n:DoNotTrack {hash: $hash}) ON CREATE SET n.since = $since"

# Erasing what profiling wrote about people (bots when banned, anyone on request).
HEATMAP_DATES = "UNWIND $logins AS login MATCH (u:User {login: login}) RETURN login, u.heatmap_dates AS dates"
DELETE_PROFILE_EDGES = """
UNWIND $logins AS login
MATCH (u:User {login: login})-[r:WATCHED|CHATTER]->()
DELETE r
"""
CLEAR_PROFILE = """
UNWIND $logins AS login
MATCH (u:User {login: login})
SET u.profile_day = NULL, u.workday = NULL, u.workday_n = NULL, u.weekend = NULL, u.weekend_n = NULL,
    u.heatmap_dates = NULL, u.heatmap_minutes = NULL
"""
DELETE_BARE_USERS = """
UNWIND $logins AS login
MATCH (u:User {login: login}) WHERE NOT u:Stream AND NOT (u)--()
DELETE u
"""
FORGET_USER = "MATCH (u:User {login: $login}) DETACH DELETE u"
FORGET_BANNED = "MATCH (b:Banned {login: $login}) DELETE b"
FORGET_VERIFICATION = """
MATCH (d:Day {verify_viewer: $login})
SET d.verify_viewer = NULL, d.verify_windows = NULL, d.verify_detail = 'erased on request'
"""
USER_EXISTS = "MATCH (u:User {login: $login}) RETURN count(u) AS n"

# The viewer routes.
VIEWER_PROFILE = """
MATCH (u:User {login: $login})
RETURN u.login AS login, u.profile_day AS profile_day, u.workday AS workday, u.workday_n AS workday_n,
       u.weekend AS weekend, u.weekend_n AS weekend_n, u.heatmap_dates AS heatmap_dates,
       u.heatmap_minutes AS heatmap_minutes
"""
# The operator's autocomplete: logins with a profile between $low (the typed prefix) and $high (the
# prefix followed by a character above every login's), a range the login index answers.
PROFILED_LOGINS = """
MATCH (u:User) WHERE u.login >= $low AND u.login < $high AND u.profile_day IS NOT NULL
RETURN u.login AS login ORDER BY login ASC LIMIT $limit
"""
VIEWER_WATCHED = """
MATCH (u:User {login: $login})-[w:WATCHED]->(t)
RETURN labels(t) AS labels, t.login AS login, t.name AS name, w.minutes AS minutes, w.score AS score,
       w.score_day AS score_day
"""

# --- bulk import (backend/loader/bulk_import.py) --------------------------------------------------------
# Whether the graph holds any node: an empty graph is built by GRAPH.BULK instead of MERGE statements.
ANY_NODE = "MATCH (n) RETURN id(n) AS node LIMIT 1"
# FalkorDB only: indexes and constraints created on a populated graph are built in the background; the
# bulk import waits until each one says OPERATIONAL (or FAILED).
INDEX_STATES = "CALL db.indexes() YIELD label, status RETURN label, status"
CONSTRAINT_STATES = "CALL db.constraints() YIELD label, status RETURN label, status"
# The graph's catalogue, in the order of its ids: a bulk build creates it again in that order first.
LABELS = "CALL db.labels() YIELD label RETURN label"
RELATIONSHIP_TYPES_IN_USE = "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"
PROPERTY_KEYS = "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey"
