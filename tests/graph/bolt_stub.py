"""A Bolt server on 127.0.0.1 that answers the neo4j driver the way Memgraph does, for tests.

Only what the driver sends to one server: the handshake (Memgraph's versions: 5.2, 4.3, 4.1, 4.0),
PackStream, HELLO, LOGON, LOGOFF, BEGIN, RUN, PULL, DISCARD, COMMIT, ROLLBACK, RESET and GOODBYE, with
Bolt's READY / STREAMING / TX_READY / TX_STREAMING / FAILED states. Like Memgraph it refuses index,
constraint and snapshot statements inside an explicit transaction, and it can fail the first N explicit
transactions at RUN, PULL or COMMIT with an error of one's choice (Memgraph's write conflict by default),
counting every attempt. Every socket has a timeout, so nothing here waits forever.
"""

import contextlib
import re
import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TRANSIENT = "Memgraph.TransientError.MemgraphError.MemgraphError"
CLIENT_ERROR = "Memgraph.ClientError.MemgraphError.MemgraphError"
CONFLICT = (
    "Cannot resolve conflicting transactions. You can retry this transaction when the conflicting "
    "transaction is finished"
)
SUPPORTED = ((5, 2), (4, 3), (4, 1), (4, 0))  # Memgraph's Bolt versions, newest first
SOCKET_TIMEOUT_S = 10.0
# What Memgraph answers (a ClientError) to these statements inside an explicit transaction.
_REFUSED_IN_TRANSACTION = (
    (r"(CREATE|DROP)\s+(\w+\s+)?INDEX", "Index manipulation not allowed in multicommand transactions."),
    (r"(CREATE|DROP)\s+CONSTRAINT", "Constraint manipulation not allowed in multicommand transactions."),
    (r"CREATE\s+SNAPSHOT", "Snapshot cannot be created in multicommand transactions."),
    (r"SHOW", "Info reporting not allowed in multicommand transactions."),
)

# Message tags.
HELLO, GOODBYE, RESET, RUN, BEGIN, COMMIT, ROLLBACK = 0x01, 0x02, 0x0F, 0x10, 0x11, 0x12, 0x13
DISCARD, PULL, LOGON, LOGOFF = 0x2F, 0x3F, 0x6A, 0x6B
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F


@dataclass(frozen=True)
class Structure:
    """A PackStream structure: a Node (0x4E), a Relationship (0x52), a message..."""

    tag: int
    fields: tuple[Any, ...]


def node(node_id: int, labels: list[str], properties: dict[str, Any]) -> Structure:
    # Bolt 5 adds the element id, which Memgraph sends as the integer id in text.
    return Structure(0x4E, (node_id, labels, properties, str(node_id)))


def relationship(rel_id: int, start: int, end: int, rel_type: str, properties: dict[str, Any]) -> Structure:
    return Structure(0x52, (rel_id, start, end, rel_type, properties, str(rel_id), str(start), str(end)))


@dataclass
class Fault:
    """Fail the first ``times`` explicit transactions at ``at`` (RUN, PULL or COMMIT)."""

    at: str = "RUN"
    times: int = 1
    code: str = TRANSIENT
    message: str = CONFLICT


class Failure(Exception):
    """Raised by an ``answer`` function: the statement is answered with this FAILURE."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Run:
    query: str
    params: dict[str, Any]
    in_transaction: bool


Answer = Callable[[str, dict[str, Any]], tuple[list[str], list[list[Any]]]]


def one(query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    return ["n"], [[1]]


@dataclass
class BoltStub:
    """``with BoltStub(...) as stub:`` serves on ``stub.port`` until the block ends."""

    answer: Answer = one
    fault: Fault | None = None
    transactions: int = 0  # BEGINs: one per attempt of a managed transaction
    commits: int = 0
    rollbacks: int = 0
    resets: int = 0
    runs: list[Run] = field(default_factory=list)
    logons: list[dict[str, Any]] = field(default_factory=list)  # credentials left out
    versions: list[tuple[int, int]] = field(default_factory=list)  # negotiated, one per connection
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._connections: list[socket.socket] = []

    def __enter__(self) -> "BoltStub":
        self._start(self._accept)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(OSError):  # already closed by the driver
                    conn.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(SOCKET_TIMEOUT_S)
        self._listener.close()

    def _start(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(SOCKET_TIMEOUT_S)
            with self._lock:
                self._connections.append(conn)
            self._start(self._serve, conn)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                if self._handshake(conn):
                    _Session(self, conn).loop()
            except (OSError, EOFError):
                pass  # the driver went away, or the test ended

    def _handshake(self, conn: socket.socket) -> bool:
        hello = _recv_exact(conn, 20)
        if hello[:4] != b"\x60\x60\xb0\x17":
            return False
        offered = []
        for i in range(4, 20, 4):
            _, span, minor, major = hello[i : i + 4]
            offered += [(major, m) for m in range(minor, max(minor - span, 0) - 1, -1)]
        # The client's preference order; unknown proposals (e.g. the 0xFF manifest) are skipped.
        chosen = next((v for v in offered if v in SUPPORTED), None)
        if chosen is None:
            conn.sendall(b"\x00\x00\x00\x00")
            return False
        conn.sendall(bytes((0, 0, chosen[1], chosen[0])))
        with self._lock:
            self.versions.append(chosen)
        return True


class _Session:
    """One connection's state machine."""

    def __init__(self, stub: BoltStub, conn: socket.socket) -> None:
        self.stub, self.conn = stub, conn
        self.state = "READY"
        self.transaction = 0  # the number of the open explicit transaction, 0 outside one
        self.pending: list[list[Any]] | None = None

    def loop(self) -> None:
        while True:
            message = _unpack_message(_read_message(self.conn))
            if message.tag == GOODBYE:
                return
            if message.tag == RESET:
                with self.stub._lock:
                    self.stub.resets += 1
                self.state, self.transaction, self.pending = "READY", 0, None
                self.send(SUCCESS, {})
            elif self.state == "FAILED":
                self.send(IGNORED)
            elif not self.handle(message.tag, message.fields):
                return  # a protocol violation: Memgraph closes the connection too

    def handle(self, tag: int, fields: tuple[Any, ...]) -> bool:
        stub, in_tx = self.stub, self.state.startswith("TX")
        if tag == HELLO:
            server = "Neo4j/v5.11.0 compatible graph database server - Memgraph"
            self.send(SUCCESS, {"server": server, "connection_id": "bolt-1"})
        elif tag == LOGON:
            with stub._lock:
                stub.logons.append({k: v for k, v in fields[0].items() if k != "credentials"})
            self.send(SUCCESS, {})
        elif tag == LOGOFF:
            self.send(SUCCESS, {})
        elif tag == BEGIN and self.state == "READY":
            with stub._lock:
                stub.transactions += 1
                self.transaction = stub.transactions
            self.state = "TX_READY"
            self.send(SUCCESS, {})
        elif tag == RUN and self.state in ("READY", "TX_READY"):
            query, params = fields[0], fields[1]
            with stub._lock:
                stub.runs.append(Run(query, params, in_tx))
            try:
                for pattern, refusal in _REFUSED_IN_TRANSACTION if in_tx else ():
                    if re.match(rf"\s*{pattern}\b", query, re.IGNORECASE):
                        raise Failure(CLIENT_ERROR, refusal)
                self.maybe_fail("RUN")
                columns, self.pending = stub.answer(query, params)
            except Failure as exc:
                return self.fail(exc)
            self.state = "TX_STREAMING" if in_tx else "STREAMING"
            self.send(SUCCESS, {"fields": columns, "t_first": 0, **({"qid": 0} if in_tx else {})})
        elif tag in (PULL, DISCARD) and self.pending is not None:
            try:
                self.maybe_fail("PULL")
            except Failure as exc:
                return self.fail(exc)
            n = fields[0].get("n", -1)
            batch = self.pending if n < 0 else self.pending[:n]
            self.pending = self.pending[len(batch) :]
            if tag == PULL:
                for row in batch:
                    self.send(RECORD, row)
            has_more = bool(self.pending) and tag == PULL
            if not has_more:
                self.pending = None
                self.state = "TX_READY" if in_tx else "READY"
            self.send(SUCCESS, {"has_more": True} if has_more else {"has_more": False, "type": "rw"})
        elif tag == COMMIT and self.state == "TX_READY":
            try:
                self.maybe_fail("COMMIT")
            except Failure as exc:
                return self.fail(exc)
            with stub._lock:
                stub.commits += 1
            self.state, self.transaction = "READY", 0
            self.send(SUCCESS, {})
        elif tag == ROLLBACK and self.state == "TX_READY":
            with stub._lock:
                stub.rollbacks += 1
            self.state, self.transaction = "READY", 0
            self.send(SUCCESS, {})
        else:
            return False
        return True

    def maybe_fail(self, at: str) -> None:
        fault = self.stub.fault
        if fault and fault.at == at and 0 < self.transaction <= fault.times:
            raise Failure(fault.code, fault.message)

    def fail(self, exc: Failure) -> bool:
        # The transaction is over (Memgraph aborts it); everything but RESET is IGNORED until then.
        self.state, self.transaction, self.pending = "FAILED", 0, None
        self.send(FAILURE, {"code": exc.code, "message": exc.message})
        return True

    def send(self, tag: int, *fields: Any) -> None:
        body = _pack(Structure(tag, fields))
        parts = (body[i : i + 65535] for i in range(0, len(body), 65535))  # chunks of at most 64 KiB
        self.conn.sendall(b"".join(struct.pack(">H", len(part)) + part for part in parts) + b"\x00\x00")


def _recv_exact(conn: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        part = conn.recv(size - len(data))
        if not part:
            raise EOFError
        data += part
    return bytes(data)


def _read_message(conn: socket.socket) -> bytes:
    data = bytearray()
    while True:
        (size,) = struct.unpack(">H", _recv_exact(conn, 2))
        if size == 0:
            if data:  # an empty chunk ends a message; alone, it is a keep-alive NOOP
                return bytes(data)
            continue
        data += _recv_exact(conn, size)


# PackStream: https://neo4j.com/docs/bolt/current/packstream/


def _pack(value: Any) -> bytes:
    if value is None:
        return b"\xc0"
    if value is True or value is False:
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        if -16 <= value < 128:
            return struct.pack(">b", value)
        for marker, fmt, low in ((0xC8, ">b", -(2**7)), (0xC9, ">h", -(2**15)), (0xCA, ">i", -(2**31))):
            if low <= value < -low:
                return bytes((marker,)) + struct.pack(fmt, value)
        return b"\xcb" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"\xc1" + struct.pack(">d", value)
    if isinstance(value, str):
        data = value.encode()
        return _header(len(data), 0x80, 0xD0) + data
    if isinstance(value, bytes):
        return _header(len(value), None, 0xCC) + value
    if isinstance(value, list | tuple):
        return _header(len(value), 0x90, 0xD4) + b"".join(_pack(v) for v in value)
    if isinstance(value, dict):
        return _header(len(value), 0xA0, 0xD8) + b"".join(_pack(k) + _pack(v) for k, v in value.items())
    if isinstance(value, Structure):
        return bytes((0xB0 + len(value.fields), value.tag)) + b"".join(_pack(v) for v in value.fields)
    raise TypeError(f"cannot pack {value!r}")


def _header(size: int, tiny: int | None, marker: int) -> bytes:
    """A size header: tiny (size in the marker's low nibble) below 16, else 8, 16 or 32 bits."""
    if tiny is not None and size < 16:
        return bytes((tiny + size,))
    for offset, fmt in ((0, ">B"), (1, ">H"), (2, ">I")):
        if size < 2 ** (8 * struct.calcsize(fmt)):
            return bytes((marker + offset,)) + struct.pack(fmt, size)
    raise ValueError(size)


def _unpack_message(data: bytes) -> Structure:
    value, end = _unpack(data, 0)
    if not isinstance(value, Structure) or end != len(data):
        raise EOFError("not a Bolt message")
    return value


def _unpack(data: bytes, at: int) -> tuple[Any, int]:
    marker = data[at]
    at += 1
    high, low = marker & 0xF0, marker & 0x0F
    if marker < 0x80 or marker >= 0xF0:  # tiny int
        return struct.unpack(">b", bytes((marker,)))[0], at
    if high == 0x80:
        return data[at : at + low].decode(), at + low
    if high == 0x90:
        return _unpack_list(data, at, low)
    if high == 0xA0:
        return _unpack_map(data, at, low)
    if high == 0xB0:
        tag = data[at]
        fields, at = _unpack_list(data, at + 1, low)
        return Structure(tag, tuple(fields)), at
    if marker in (0xC0, 0xC2, 0xC3):
        return {0xC0: None, 0xC2: False, 0xC3: True}[marker], at
    if marker == 0xC1:
        return struct.unpack_from(">d", data, at)[0], at + 8
    ints = {0xC8: ">b", 0xC9: ">h", 0xCA: ">i", 0xCB: ">q"}
    if marker in ints:
        fmt = ints[marker]
        return struct.unpack_from(fmt, data, at)[0], at + struct.calcsize(fmt)
    sized = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xD0: ">B", 0xD1: ">H", 0xD2: ">I"}
    sized |= {0xD4: ">B", 0xD5: ">H", 0xD6: ">I", 0xD8: ">B", 0xD9: ">H", 0xDA: ">I"}
    if marker in sized:
        fmt = sized[marker]
        size = struct.unpack_from(fmt, data, at)[0]
        at += struct.calcsize(fmt)
        if marker <= 0xCE:
            return bytes(data[at : at + size]), at + size
        if marker <= 0xD2:
            return data[at : at + size].decode(), at + size
        if marker <= 0xD6:
            return _unpack_list(data, at, size)
        return _unpack_map(data, at, size)
    raise EOFError(f"unknown PackStream marker 0x{marker:02X}")


def _unpack_list(data: bytes, at: int, size: int) -> tuple[list[Any], int]:
    items = []
    for _ in range(size):
        item, at = _unpack(data, at)
        items.append(item)
    return items, at


def _unpack_map(data: bytes, at: int, size: int) -> tuple[dict[str, Any], int]:
    items = {}
    for _ in range(size):
        key, at = _unpack(data, at)
        items[key], at = _unpack(data, at)
    return items, at
