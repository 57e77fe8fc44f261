"""``collect samples``: listen to the top channels' chat and write one sample file per window, until stopped.

Three threads: the chat reader (``collector.irc``) feeds a :class:`~collector.window.ChatWindow`; a
refresher asks Helix for the top streams at each window boundary and changes the channel list; the main
thread closes each window on its boundary and writes it. Helix trouble (429s, 5xx, expired tokens) only
delays the refresher, never a window's file; chat trouble only shortens a channel's ``observed_seconds``.

Windows are aligned on multiples of the window length since the Unix epoch (5m: :00, :05, ...). The window
that was running when the sampler started is not written (it was not observed from its start), nor is the
one running when it stops or is killed: every file on disk is a finished window. A lock file keeps a second
sampler out of the same folder.
"""

import fcntl
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from collector.helix import HelixClient, HelixError
from collector.irc import ChatReader
from collector.samples import ChannelMeta, build_sample, meta_from_channel, meta_from_stream
from collector.window import ChatWindow, WindowData
from contracts.durations import format_duration
from contracts.files import clean_temp_files
from contracts.samples import format_time, sample_name, write_sample

__all__ = ["FolderLockedError", "Sampler", "SamplerOptions"]

log = logging.getLogger(__name__)

LOCK_NAME = ".sampler.lock"
# A rotation later than this share of a window means the process was stopped or suspended meanwhile.
LATE_SHARE = 0.5


class FolderLockedError(RuntimeError):
    """Another sampler is writing to the folder."""


@dataclass(frozen=True)
class SamplerOptions:
    folder: Path
    language: str | None
    top: int
    every_s: int
    track: tuple[str, ...] = ()
    max_windows: int | None = None  # stop after writing this many (None: until stopped)


@dataclass
class _Channels:
    """The refresher's latest view of which channels to follow, shared with the main thread."""

    meta: dict[str, ChannelMeta] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    fetched_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sampler:
    """Runs the sampling loop; see the module docstring."""

    def __init__(
        self,
        options: SamplerOptions,
        helix: HelixClient,
        reader_factory: Callable[[ChatWindow], ChatReader],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.options = options
        self.helix = helix
        self.window = ChatWindow(clock)
        self.reader = reader_factory(self.window)
        self.clock = clock
        self.channels = _Channels()
        self.written: list[Path] = []
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask the loop to stop; the unfinished window is not written."""
        self._stop.set()

    def run(self) -> list[Path]:
        """Sample until :meth:`stop` or ``max_windows``; returns the files written."""
        folder = self.options.folder
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder):
            removed = clean_temp_files(folder)
            if removed:
                log.info("removed %d unfinished temporary files of a previous run", removed)
            self._loop()
        return self.written

    def _loop(self) -> None:
        self.reader.set_channels(self.options.track)
        self.reader.start()
        refresher = threading.Thread(target=self._refresh_loop, name="helix-refresher", daemon=True)
        refresher.start()
        try:
            boundary = self._next_boundary(self.clock())
            log.info("sampling every %s; the first full window starts at %s", self._every, _hms(boundary))
            self._wait_until(boundary)
            self.window.rotate(at=boundary)  # what came before was not a full window
            for _ in range(self.options.max_windows or 10**12):
                if self._stop.is_set():
                    break
                boundary = self._close_next(boundary)
                if self.options.max_windows and len(self.written) >= self.options.max_windows:
                    break
        finally:
            self._stop.set()
            self.reader.stop()
            refresher.join(timeout=5)

    @property
    def _every(self) -> str:
        return format_duration(self.options.every_s)

    def _next_boundary(self, now: float) -> float:
        every = self.options.every_s
        return (math.floor(now / every) + 1) * every

    def _wait_until(self, moment: float) -> None:
        # Event.wait may return a little early; loop until the clock says so (bounded by the stop event).
        for _ in range(10_000):
            left = moment - self.clock()
            if left <= 0 or self._stop.wait(left):
                return

    def _close_next(self, start: float) -> float:
        """Wait for the window starting at ``start`` to end, write it; returns the next window's start."""
        end = start + self.options.every_s
        self._wait_until(end)
        if self._stop.is_set():
            log.info("stopped; the window started at %s was not finished and is not written", _hms(start))
            return end
        data = self.window.rotate(at=end)
        late = self.clock() - end
        if late > LATE_SHARE * self.options.every_s:
            nxt = self._next_boundary(self.clock())
            log.warning(
                "window %s closed %.0f s late (process stopped or suspended?): its data spans several "
                "windows, so it is dropped; sampling resumes at %s",
                _hms(start),
                late,
                _hms(nxt),
            )
            self._wait_until(nxt)
            self.window.rotate(at=nxt)
            return nxt
        self._write(data)
        return end

    def _write(self, data: WindowData) -> None:
        with self.channels.lock:
            meta, order, fetched_at = (
                dict(self.channels.meta),
                list(self.channels.order),
                self.channels.fetched_at,
            )
        sample = build_sample(
            data,
            meta,
            every_s=self.options.every_s,
            language=self.options.language,
            top=self.options.top,
            tracked=self.options.track,
            metadata_at=fetched_at,
            wanted=order,
        )
        started = time.perf_counter()
        name = sample_name(data.start)
        try:
            path = write_sample(self.options.folder, sample, name)
        except FileExistsError:
            log.error("%s already exists (another writer?); left untouched", name)
            return
        except OSError as exc:
            log.error("could not write %s: %s", name, exc)
            return
        self.written.append(path)
        totals = sample["totals"]
        log.info(
            "window %s (%s): %d channels (%d observed), %d viewers, %d chatters, %d lurkers, "
            "%d messages -> %s in %.2f s",
            sample["window_start"],
            self._every,
            totals["channels"],
            totals["observed_channels"],
            totals["viewers"],
            totals["chatters"],
            totals["lurkers"],
            totals["messages"],
            path.name,
            time.perf_counter() - started,
        )

    # --- the refresher thread --------------------------------------------------------------------------

    def _refresh_loop(self) -> None:
        while not self._stop.is_set():
            self.refresh()
            self._stop.wait(max(0.0, self._next_boundary(self.clock()) - self.clock()))

    def refresh(self) -> None:
        """Ask Helix for the top streams and the tracked channels; on failure keep the previous list."""
        try:
            meta = self._fetch_meta()
        except HelixError as exc:
            log.warning("could not refresh the channel list (%s); keeping the previous one", exc)
            return
        order = list(dict.fromkeys([*meta, *self.options.track]))
        with self.channels.lock:
            self.channels.meta.update(meta)
            self.channels.order = order
            self.channels.fetched_at = self.clock()
        self.reader.set_channels(order)

    def _fetch_meta(self) -> dict[str, ChannelMeta]:
        opts = self.options
        streams = self.helix.top_streams(opts.language, opts.top) if opts.top else []
        meta = {m.login: m for m in map(meta_from_stream, streams)}
        missing = [login for login in opts.track if login not in meta]
        if missing:
            live = {m.login: m for m in map(meta_from_stream, self.helix.streams_of(missing))}
            meta.update(live)
            offline = [login for login in missing if login not in live]
            meta.update(self._offline(offline))
        return meta

    def _offline(self, logins: list[str]) -> dict[str, ChannelMeta]:
        if not logins:
            return {}
        known = {m.login: m.user_id for m in self.channels.meta.values() if m.user_id and m.login in logins}
        unknown = [login for login in logins if login not in known]
        if unknown:
            known.update({u["login"].lower(): u["id"] for u in self.helix.users(logins=unknown)})
        found = {m.login: m for m in map(meta_from_channel, self.helix.channels(known.values()))}
        return {login: found.get(login, ChannelMeta(login=login)) for login in logins}


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    path = folder / LOCK_NAME
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise FolderLockedError(
                f"another sampler (pid {handle.read().strip() or '?'}) is writing to {folder}"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _hms(timestamp: float) -> str:
    return format_time(int(timestamp))
