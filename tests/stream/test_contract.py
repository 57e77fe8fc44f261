"""The message format: what decodes, what is poison and why; the fast path agrees with the long way."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts import stream
from contracts.stream import ChatterEvent, PoisonMessage, dead_letter_value, decode, encode

VALID = [
    b'{"user_id":"1001","chatter_login":"Viewer_One"}',
    b'{"user_id": "1001", "chatter_login": "viewer_one"}',  # the demo's json.dumps spacing
    b' \n{ "user_id" :\t"1001" , "chatter_login" : "x" }\r\n',
    b'{"user_id":1001,"chatter_login":"viewer_one"}',  # a number, as the demo's producer may send
    b'{"chatter_login":"viewer_one","user_id":"1001"}',  # another key order
    b'{"user_id":"1001","chatter_login":"v","kind":"vip","at":"2026-05-09T07:35:12Z"}',
    b'{"user_id":"1001","chatter_login":"v","kind":"moderator","streamer_login":"Alpha"}',
    b'{"user_id":"1001","chatter_login":"\\u0076iewer"}',  # an escape: not the fast path's shape
    b'{"user_id":"12345678901234567890","chatter_login":"' + b"a" * 25 + b'"}',
]
POISON = {
    None: "empty message",
    b"not json": "not JSON",
    b"\xff\xfe": "not JSON",
    b"[1, 2]": "not a JSON object",
    b'{"chatter_login":"v"}': "user_id missing",
    b'{"user_id":"1001"}': "chatter_login missing",
    b'{"user_id":"12a","chatter_login":"v"}': "user_id missing or not a Twitch user id",
    b'{"user_id":"\xc2\xb2","chatter_login":"v"}': "not a Twitch user id",  # "²" passes str.isdigit
    b'{"user_id":"123456789012345678901","chatter_login":"v"}': "not a Twitch user id",
    b'{"user_id":true,"chatter_login":"v"}': "not a Twitch user id",
    b'{"user_id":"1001","chatter_login":"bad-login"}': "chatter_login missing or not a Twitch login",
    b'{"user_id":"1001","chatter_login":"' + b"a" * 26 + b'"}': "not a Twitch login",
    b'{"user_id":"1001","chatter_login":"v","kind":"owner"}': "kind must be one of",
    b'{"user_id":"1001","chatter_login":"v","streamer_login":"a b"}': "streamer_login is not",
    b'{"user_id":"1001","chatter_login":"v","at":"yesterday"}': "at is not an ISO 8601 time",
    b'{"user_id":"1001","chatter_login":"v","at":"2026-05-09T07:35:12"}': "at has no time zone",
    b'{"user_id":"1001","chatter_login":"v"}' + b" " * 5000: "over the 4096-byte limit",
}


@pytest.mark.parametrize("value", VALID)
def test_the_fast_path_decodes_as_the_long_way(value: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = decode(value)
    monkeypatch.setattr(stream, "_PLAIN_CHATTER", re.compile(b"(?!)"))  # matches nothing
    assert decode(value) == fast
    assert fast.user_id.isdigit() and fast.chatter_login == fast.chatter_login.lower()


@pytest.mark.parametrize(("value", "reason"), POISON.items())
def test_poison_says_why(value: bytes | None, reason: str) -> None:
    with pytest.raises(PoisonMessage, match=re.escape(reason)):
        decode(value)


def test_encode_then_decode_gives_the_event_back() -> None:
    event = ChatterEvent("42", "someone", "vip", datetime(2026, 5, 9, 7, 35, 12, tzinfo=UTC), "alpha")
    assert decode(encode(event)) == event
    assert json.loads(encode(ChatterEvent("42", "someone"))) == {"user_id": "42", "chatter_login": "someone"}
    assert event.key == b"42" and event.relationship == "VIP"


def test_a_dead_letter_keeps_the_reason_and_the_value_cut_to_the_limit() -> None:
    letter = json.loads(dead_letter_value(b"\xff" + b"x" * 10_000, "not JSON"))
    assert letter["reason"] == "not JSON"
    assert letter["value"].startswith("\ufffd") and len(letter["value"]) == stream.MAX_MESSAGE_BYTES


def test_docs_stream_md_repeats_the_contract() -> None:
    """docs/stream.md's format section is the contract's docstring, in Markdown."""
    doc = " ".join((Path(__file__).parents[2] / "docs" / "stream.md").read_text().split())
    contract = (stream.__doc__ or "").replace("``", "`").split("\n\n")[1:]
    assert contract and all(" ".join(part.split()) in doc for part in contract)
