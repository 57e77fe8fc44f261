"""The writer alone, on each backend: the loader's writes, idempotent; poison as dead letters."""

from pathlib import Path

from backend.graph.store import GraphStore
from backend.loader.importer import import_folder
from backend.stream.writer import RawMessage, StreamWriter
from contracts.import_csv import read_folder
from contracts.stream import ChatterEvent, encode
from tests.conftest import TINY
from tests.stream.conftest import duplicated_edges, signature


def message(user_id: str, login: str, kind: str = "chatter", streamer: str | None = None) -> RawMessage:
    return user_id.encode(), encode(ChatterEvent(user_id, login, kind, None, streamer))


def edges_to(store: GraphStore, login: str) -> list[tuple[str, str]]:
    rows = store.ro_query(
        "MATCH (u)-[r]->(s:Stream {login: $login}) RETURN u.login, type(r) ORDER BY u.login, type(r)",
        {"login": login},
    ).rows
    return [tuple(row) for row in rows]


def test_a_batch_writes_every_kind_and_again_changes_nothing(store: GraphStore, base_folder: Path) -> None:
    import_folder(store, read_folder(base_folder))
    writer = StreamWriter(store)
    batch = [
        message("1001", "Newcomer"),
        message("1001", "newcomer"),  # the same person: one edge
        message("1002", "alpha"),  # a streamer chatting elsewhere
        message("1001", "newcomer", "vip"),
        message("1005", "nightbot", "moderator"),
    ]
    result = writer.write(batch)
    assert result.written == {"CHATTER": 3, "VIP": 1, "MODERATOR": 1}
    # Two new users' three edges, and alpha's first in bravo's chat.
    assert (result.new_users, result.created_edges, result.dead_letters) == (2, 4, [])
    assert edges_to(store, "alpha") == [("newcomer", "CHATTER"), ("newcomer", "VIP")]
    before = signature(store)
    for again in (batch, batch[::-1]):  # redelivered, in any order, by a writer with or without a cache
        for each in (writer, StreamWriter(store)):
            repeated = each.write(again)
            assert (repeated.new_users, repeated.created_edges, repeated.created) == (0, 0, set())
            assert signature(store) == before


def test_written_messages_name_their_channel_by_login_and_say_which_edges_are_new(
    store: GraphStore, base_folder: Path
) -> None:
    import_folder(store, read_folder(base_folder))
    writer = StreamWriter(store)
    writer.write([message("1001", "regular")])
    for each in (writer, StreamWriter(store)):  # the logins from the cache, and from the graph
        result = each.write(
            [
                message("1001", "regular"),  # the demo's format: the broadcaster by id only
                message("1001", "first_timer", streamer="someone_else"),  # a known id: the graph's login
                message("1002", "regular"),
                message("4243", "founder", streamer="NewChannel"),
            ]
        )
        assert [(e.streamer_login, e.chatter_login) for e in result.events] == [
            ("alpha", "regular"),
            ("alpha", "first_timer"),
            ("bravo", "regular"),
            ("newchannel", "founder"),
        ]
        if each is writer:
            assert result.created == {
                ("1001", "first_timer"),
                ("1002", "regular"),
                ("4243", "founder"),
            }
        else:
            assert result.created == set()


def test_poison_and_unknown_broadcasters_are_dead_letters(store: GraphStore, base_folder: Path) -> None:
    import_folder(store, read_folder(base_folder))
    batch = [
        (b"1001", b"not json"),
        message("1001", "fine"),
        message("4242", "lost"),
        message("4243", "found", streamer="NewChannel"),
        message("4243", "also_found"),  # named by the message above, in the same batch
    ]
    result = StreamWriter(store).write(batch)
    assert [(d.key, d.reason) for d in result.dead_letters] == [
        (b"1001", "not JSON: Expecting value: line 1 column 1 (char 0)"),
        (b"4242", "unknown broadcaster user_id 4242 and no streamer_login"),
    ]
    assert result.written == {"CHATTER": 3} and result.new_streamers == 1
    channel = store.ro_query("MATCH (s:Stream {login: 'newchannel'}) RETURN s.id, s.name").rows
    assert channel == [("4243", "newchannel")]
    assert edges_to(store, "newchannel") == [("also_found", "CHATTER"), ("found", "CHATTER")]


def test_cached_ids_are_checked_after_the_graph_was_replaced(store: GraphStore, base_folder: Path) -> None:
    content = read_folder(TINY)
    import_folder(store, content)
    writer = StreamWriter(store)
    writer.write([message("1001", "viewer_one"), message("1002", "viewer_two")])
    # Replaced under the writer: emptied and loaded again, so the old internal ids now name other nodes.
    store.clear()
    store.query("UNWIND range(1, 40) AS i CREATE (:User {login: 'filler' + toString(i)})")
    import_folder(store, content)
    expected = signature(store)
    writer.write([message("1001", "viewer_one"), message("1002", "viewer_two")])
    assert signature(store) == expected  # both edges exist already: nothing changes, nothing misplaced
    assert duplicated_edges(store) == []
