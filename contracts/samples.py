"""The sample window file format (docs/sample-format.md): one gzip-compressed JSON document per window.

Here are the format's names and times, its document's codec, and the listing of a folder's windows. A file
is written atomically (:mod:`contracts.files`): a new window is hard-linked to its name, so it never
replaces a finished window; an erasure rewrites an existing one on purpose. :func:`read_sample` checks what
a reader relies on.
"""

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from contracts.files import write_atomically

__all__ = [
    "CHANNEL_KEYS",
    "SAMPLE_FORMAT",
    "SAMPLE_VERSION",
    "SUFFIX",
    "SampleError",
    "format_time",
    "list_samples",
    "parse_time",
    "read_sample",
    "replace_sample",
    "sample_name",
    "sample_start",
    "write_sample",
]

SAMPLE_FORMAT = "twitchgraph.sample"
SAMPLE_VERSION = 1
SUFFIX = ".json.gz"
# A file's name: its window's start in UTC, ISO 8601 basic format, so that names sort in time order.
NAME_FORMAT = "%Y%m%dT%H%M%SZ"
# The document's times: UTC, ISO 8601 with ``Z`` (milliseconds only where the second is not whole).
TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# Level 6 is gzip's default; sample files are written once and read a few times.
GZIP_LEVEL = 6
CHANNEL_KEYS = (
    "login",
    "user_id",
    "live",
    "stream_id",
    "viewer_count",
    "title",
    "game_id",
    "game_name",
    "language",
    "started_at",
    "observed_seconds",
    "messages",
    "chatters",
    "lurkers",
    "vips",
    "moderators",
)


class SampleError(ValueError):
    """A file that is not a readable sample of a known version."""


def format_time(timestamp: float) -> str:
    """``2026-05-09T07:35:00Z``; ``2026-05-09T07:35:00.412Z`` when the second is not whole."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    text = moment.strftime(TIME_FORMAT)
    if moment.microsecond:
        text = text.removesuffix("Z") + f".{moment.microsecond // 1000:03d}Z"
    return text


def parse_time(text: str) -> int:
    """Unix seconds of a whole-second time such as ``window_start``.

    :raise ValueError: anything else.
    """
    return int(datetime.strptime(text, TIME_FORMAT).replace(tzinfo=UTC).timestamp())


def sample_name(window_start: float) -> str:
    """``20260509T073500Z.json.gz``: the window's start in UTC, so names sort by time."""
    return datetime.fromtimestamp(window_start, UTC).strftime(NAME_FORMAT) + SUFFIX


def sample_start(path: Path) -> int | None:
    """A sample file's window start (Unix seconds) from its name, None for a foreign name."""
    name = path.name
    if not name.endswith(SUFFIX):
        return None
    try:
        moment = datetime.strptime(name.removesuffix(SUFFIX), NAME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return int(moment.timestamp())


def write_sample(folder: Path, sample: dict[str, Any], name: str) -> Path:
    """Write ``sample`` as ``folder/name`` atomically; never replaces an existing file.

    :raise FileExistsError: a file of that name is already there (it is left untouched).
    """
    return write_atomically(folder / name, lambda temp: _write_gzip_json(temp, sample), replace=False)


def replace_sample(path: Path, sample: dict[str, Any]) -> None:
    """Rewrite an existing window file atomically (erasure rewrites history on purpose)."""
    write_atomically(path, lambda temp: _write_gzip_json(temp, sample))


def _write_gzip_json(path: Path, document: dict[str, Any]) -> None:
    """The document as gzip-compressed JSON (mtime 0: the bytes depend on the document alone)."""
    payload = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with (
        path.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=GZIP_LEVEL, mtime=0) as gz,
    ):
        gz.write(payload)


def read_sample(path: Path) -> dict[str, Any]:
    """The sample in ``path``, checked.

    :raise SampleError: not gzip, not JSON, another format or version, or a channel without its keys.
    """
    try:
        with gzip.open(path, "rb") as handle:
            sample = json.loads(handle.read().decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SampleError(f"{path}: not a readable sample ({exc})") from None
    if not isinstance(sample, dict) or sample.get("format") != SAMPLE_FORMAT:
        raise SampleError(f"{path}: not a {SAMPLE_FORMAT} file")
    if sample.get("version") != SAMPLE_VERSION:
        raise SampleError(
            f"{path}: sample version {sample.get('version')!r}, this reader knows {SAMPLE_VERSION}"
        )
    for channel in sample.get("channels", []):
        missing = [key for key in CHANNEL_KEYS if key not in channel]
        if missing:
            raise SampleError(f"{path}: channel {channel.get('login')!r} lacks {', '.join(missing)}")
    return sample


def list_samples(folder: Path) -> list[Path]:
    """Finished sample files of ``folder``, oldest window first."""
    return sorted(p for p in folder.glob("*" + SUFFIX) if not p.name.startswith("."))
