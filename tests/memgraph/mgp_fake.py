"""A fake of Memgraph's ``mgp`` module: the part of the documented Python API a transformation uses.

Memgraph's transformation API (docs: data-streams/transformation-modules/python-api): a transformation is
a function decorated with ``@mgp.transformation``, taking ``mgp.Messages`` (and optionally
``mgp.TransCtx``), returning ``mgp.Record(query=str, parameters=mgp.Nullable[mgp.Map])`` or an iterable of
them that is not a generator. ``mgp.Messages`` has ``total_messages()`` and ``message_at(i)``; a
``mgp.Message`` has ``payload()`` (bytes), ``topic_name()``, ``key()`` (bytes), ``timestamp()`` and
``offset()``. ``mgp.Logger()`` writes to Memgraph's log.

The fake checks what Memgraph checks when it loads and runs a transformation (the signature, the shape of
the result), so a module that passes here is one Memgraph would accept. ``make_module`` builds the
module a test puts in ``sys.modules`` as ``mgp``.
"""

import inspect
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

# mgp's own type aliases (mgp.py): Nullable is Optional, Map a dict (or a vertex or edge, absent here).
Nullable = typing.Optional
Map = dict
Any = object
List = list
Number = int | float


class Record:
    """``mgp.Record(**fields)``: as a return annotation, the field types; as a value, the fields."""

    __slots__ = ("fields",)

    def __init__(self, **fields: object) -> None:
        self.fields = fields

    def __repr__(self) -> str:
        return f"Record({self.fields!r})"


class InvalidMessageError(Exception):
    """mgp raises it when a message is used outside the transformation that received it."""


@dataclass
class Message:
    """One Kafka message, as Memgraph hands it to a transformation."""

    _payload: bytes | None
    _topic: str = "chatters"
    _key: bytes | None = None
    _offset: int = 0
    _timestamp: int = 0
    _valid: bool = True

    def is_valid(self) -> bool:
        return self._valid

    def source_type(self) -> str:
        return "kafka"

    def payload(self) -> bytes:
        self._check()
        return self._payload if self._payload is not None else b""

    def topic_name(self) -> str:
        self._check()
        return self._topic

    def key(self) -> bytes:
        self._check()
        return self._key if self._key is not None else b""

    def timestamp(self) -> int:
        self._check()
        return self._timestamp

    def offset(self) -> int:
        self._check()
        return self._offset

    def _check(self) -> None:
        if not self._valid:
            raise InvalidMessageError("message used outside its transformation")


@dataclass
class Messages:
    """A batch of messages."""

    _messages: Sequence[Message]

    def is_valid(self) -> bool:
        return True

    def total_messages(self) -> int:
        return len(self._messages)

    def message_at(self, index: int) -> Message:
        if not 0 <= index < len(self._messages):
            raise IndexError("message index out of range")
        return self._messages[index]


class TransCtx:
    """The optional context argument (graph access is not faked: our module does not take it)."""


class Logger:
    """``mgp.Logger()``: every line is kept in ``LINES`` as (level, text)."""

    LINES: typing.ClassVar[list[tuple[str, str]]] = []

    def _log(self, level: str, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError("mgp.Logger takes a string")
        Logger.LINES.append((level, text))

    def info(self, text: str) -> None:
        self._log("info", text)

    def warning(self, text: str) -> None:
        self._log("warning", text)

    def error(self, text: str) -> None:
        self._log("error", text)

    def critical(self, text: str) -> None:
        self._log("critical", text)

    def debug(self, text: str) -> None:
        self._log("debug", text)

    def trace(self, text: str) -> None:
        self._log("trace", text)


TRANSFORMATIONS: dict[str, Callable[..., object]] = {}
RESULT_FIELDS = {"query": str, "parameters": Nullable[Map]}


def transformation(func: Callable[..., object]) -> Callable[..., object]:
    """``@mgp.transformation``: checks the signature as Memgraph does when it loads the module."""
    signature = inspect.signature(func)
    params = list(signature.parameters.values())
    if not 1 <= len(params) <= 2:
        raise ValueError("a transformation takes mgp.Messages and optionally mgp.TransCtx")
    kinds = sorted(p.annotation.__name__ for p in params if isinstance(p.annotation, type))
    if kinds not in (["Messages"], ["Messages", "TransCtx"]):
        raise ValueError(f"transformation arguments must be mgp.Messages [and mgp.TransCtx], got {kinds}")
    result = signature.return_annotation
    if not isinstance(result, Record) or result.fields != RESULT_FIELDS:
        raise ValueError("a transformation returns mgp.Record(query=str, parameters=mgp.Nullable[mgp.Map])")
    TRANSFORMATIONS[f"{func.__module__}.{func.__name__}"] = func
    return func


def run(func: Callable[..., object], messages: Iterable[Message]) -> list[tuple[str, dict | None]]:
    """Call a transformation as Memgraph does, check its result, and return (query, parameters) pairs."""
    batch = list(messages)
    args = [TransCtx() if p.annotation is TransCtx else Messages(batch) for p in _params(func)]
    result = func(*args)
    for message in batch:
        message._valid = False  # a message does not outlive its batch
    if isinstance(result, types.GeneratorType):
        raise ValueError("a transformation may return an iterable of records, but not a generator")
    records = [result] if isinstance(result, Record) else list(result)
    out: list[tuple[str, dict | None]] = []
    for record in records:
        if not isinstance(record, Record) or set(record.fields) != {"query", "parameters"}:
            raise ValueError(f"not a mgp.Record(query, parameters): {record!r}")
        query, parameters = record.fields["query"], record.fields["parameters"]
        if not isinstance(query, str) or not (parameters is None or isinstance(parameters, dict)):
            raise ValueError(f"query must be str and parameters a map or None: {record!r}")
        _check_value(parameters)
        out.append((query, parameters))
    return out


def _params(func: Callable[..., object]) -> list[inspect.Parameter]:
    return list(inspect.signature(func).parameters.values())


def _check_value(value: object) -> None:
    """Only values Memgraph converts to Cypher values: null, bool, int, float, str, lists, maps."""
    if value is None or isinstance(value, bool | int | float | str):
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"map keys must be strings: {key!r}")
            _check_value(item)
        return
    raise ValueError(f"{type(value).__name__} is not a Cypher value")


def make_module(*, with_logger: bool = True) -> types.ModuleType:
    """A fake ``mgp`` module to put in ``sys.modules`` (without ``Logger`` if asked: older releases)."""
    module = types.ModuleType("mgp")
    for name in (
        "Nullable",
        "Map",
        "Any",
        "List",
        "Number",
        "Record",
        "Message",
        "Messages",
        "TransCtx",
        "InvalidMessageError",
        "transformation",
    ):
        setattr(module, name, globals()[name])
    if with_logger:
        module.Logger = Logger
    Logger.LINES.clear()
    return module
