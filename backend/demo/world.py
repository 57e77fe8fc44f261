"""Synthetic Twitch world for ``twitchgraph demo-data``: the five CSVs of the demo's import format.

The world is shaped so the analytics have something to find: power-law channel sizes, teams that mostly
share a language, chatters who live in a (language, game cluster) community and wander out of it now and
then, chat bots that moderate hundreds of channels, streamers who chat in, moderate and hold VIP badges in
each other's channels, and a few rows of the garbage real exports carry.

Everything is drawn from one ``numpy.random.default_rng(seed)`` stream, in a fixed order and without
iterating sets, so one seed always gives the same bytes. The heavy parts (a million chatter rows) are
vectorised.

Planted garbage is self-contained: dropping exactly the malformed rows counted in :class:`DemoSummary`
leaves a world in which every row is valid, no row repeats and every ``user_id`` has its streamer row.

A share of the chatter rows can be held back into ``live/chatters.csv``, an import-shaped folder for
``twitchgraph serve --replay``: loading the folder, then replaying ``live/``, gives the graph of the whole
world. Which rows, and their order there, come from a second stream seeded from the same seed, so the
rest of the world is the same bytes whatever the share.

:func:`demo_world` gives the same world's valid rows without writing them, and :meth:`DemoWorld.read` reads
them back from a folder: the sample windows of ``twitchgraph demo-samples`` are of that world.
"""

import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from backend.demo.vocabulary import (
    BOTS,
    CLUSTERS,
    DESCRIPTION_EMPTY_SHARE,
    DESCRIPTION_NEWLINE_SHARE,
    DESCRIPTIONS,
    GAME_BOOSTS,
    GAMES,
    IRL,
    LANG_CODES,
    LANGUAGES,
    LOCAL_DISPLAY_NAMES,
    LOCAL_LOGIN_WORDS,
    LOCAL_WORD_SHARE,
    LOGIN_PREFIXES,
    LOGIN_STYLE_WEIGHTS,
    LOGIN_SUFFIXES,
    LOGIN_WORDS,
    MONTHS,
    THUMBNAIL_URL,
    USER_ID_ANCHORS,
)
from contracts.identity import LOGIN_RE
from contracts.import_csv import HEADERS, read_folder

__all__ = [
    "DEFAULT_CHATTERS",
    "DEFAULT_LIVE_SHARE",
    "DEFAULT_SEED",
    "DEFAULT_STREAMERS",
    "LIVE_FOLDER",
    "DemoSummary",
    "DemoWorld",
    "demo_world",
    "write_demo_data",
]

# Defaults of `twitchgraph demo-data`: big enough for the analytics to show structure, small enough to
# load in seconds.
DEFAULT_STREAMERS = 1000
DEFAULT_CHATTERS = 50_000
DEFAULT_SEED = 0
# What `twitchgraph demo-data` holds back for `make run`'s replay: enough rows for minutes of arrivals,
# few enough that the loaded graph is already most of the world.
DEFAULT_LIVE_SHARE = 0.2
LIVE_FOLDER = "live"
LIVE_STREAM = 1  # the held-back rows' random stream: (seed, LIVE_STREAM), apart from the world's
# The pairs a DemoWorld keeps: who holds a badge and who chats where (teams play no part in the samples).
WORLD_LINKS = ("vips.csv", "moderators.csv", "chatters.csv")


# Garbage: about 0.1% of a file's rows, at least one of each kind once the file has this many clean rows,
# so even a 50-streamer world exercises the loader's error paths.
MALFORMED_RATE = 0.001
MIN_ROWS_FOR_MALFORMED = 20
MALFORMED_KINDS: Mapping[str, tuple[str, ...]] = {
    "streamers.csv": ("bad_followers", "duplicate"),
    "teams.csv": ("orphan_user_id", "duplicate"),
    "vips.csv": ("orphan_user_id", "spreadsheet_date", "duplicate"),
    "moderators.csv": ("orphan_user_id", "bad_char", "duplicate"),
    "chatters.csv": (
        "spreadsheet_number",
        "spreadsheet_date",
        "too_long",
        "bad_char",
        "orphan_user_id",
        "duplicate",
    ),
}

# Channel sizes: lognormal followers (median ~10k, sigma 2 puts roughly a third of all followers in the
# top 1% of channels), views a noisy multiple of followers, and some zeros since Helix deprecated it.
FOLLOWERS_LOG_MEDIAN = 9.2
FOLLOWERS_LOG_SIGMA = 2.0
MAX_FOLLOWERS = 25_000_000
VIEWS_PER_FOLLOWER_LOG = (3.3, 0.9)
ZERO_VIEW_COUNT_SHARE = 0.02
NO_GAME_SHARE = 0.03

# Chat: a chatter's channel count is Zipf-distributed (median 1, mean ~3, a long tail). Chat participation
# grows slower than follower counts, so channels attract chatters by followers**0.8, not linearly.
CHAT_DEGREE_ZIPF = 2.05
MAX_CHAT_DEGREE = 150
VISIT_ROUNDS = 4
AUDIENCE_EXPONENT = 0.8
HOME_COMMUNITY_SHARE = 0.72
HOME_LANGUAGE_SHARE = 0.16  # the rest of the slots go anywhere, weighted by audience
STREAMER_CHATTER_SHARE = 0.3
TEAMMATE_CHAT_SHARE = 0.5
BOT_CHAT_SHARE = 0.6

# Badges: "a few" per channel, growing with the log of its size; most from the channel's own chatters.
MODS_PER_CHANNEL = (0.6, 0.7)  # Poisson mean = a + b * log10(followers + 1)
VIPS_PER_CHANNEL = (0.3, 0.6)
BADGE_FROM_CHAT_SHARE = 0.85

# Teams: ~15% of channels (bigger ones more often), heavy-tailed sizes, mostly one language.
TEAM_MEMBER_SHARE = (0.08, 0.14)  # membership probability = a + b * follower percentile
TEAM_SIZE_ZIPF = 1.7
MAX_TEAM_SIZE = 60
TEAM_FOREIGN_SHARE = 0.08
SECOND_TEAM_SHARE = 0.08

# Channels were created between these dates (see USER_ID_ANCHORS for their ids).
FIRST_ACCOUNT, LAST_ACCOUNT = np.datetime64("2008-01-01", "us"), np.datetime64("2025-06-01", "us")


Columns = list[np.ndarray]


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`write_demo_data` wrote.

    ``rows`` counts data rows per file (header excluded, planted rows included); ``malformed`` counts the
    planted rows: invalid values, orphan ``user_id`` s and repeats of an earlier row. ``duplicates`` counts
    the repeats among them: ``twitchgraph load`` merges those and rejects the rest (``rejected``), so a
    file loads ``rows - malformed`` rows. ``live_rows`` counts the chatter rows held back into
    ``live/chatters.csv`` (all valid, none of them in ``chatters.csv``).
    """

    outdir: Path
    rows: Mapping[str, int]
    malformed: Mapping[str, int]
    duplicates: Mapping[str, int] = field(default_factory=dict)
    live_rows: int = 0

    @property
    def total_rows(self) -> int:
        """Data rows over all five files."""
        return sum(self.rows.values())

    @property
    def rejected(self) -> dict[str, int]:
        """Per file, the planted rows ``twitchgraph load`` rejects: the malformed ones but the repeats."""
        return {name: self.malformed[name] - self.duplicates.get(name, 0) for name in self.malformed}

    def __str__(self) -> str:
        lines = [
            f"{name:<15} {self.rows[name]:>10,} rows  {self.malformed[name]:>5,} malformed"
            for name in HEADERS
        ]
        if self.live_rows:
            lines.append(f"{LIVE_FOLDER + '/chatters.csv':<17} {self.live_rows:>8,} rows  held back")
        return "\n".join([f"demo data in {self.outdir}", *lines])


@dataclass(frozen=True)
class DemoWorld:
    """A world's valid content as the demo's sample windows use it: its channels (by login), and its VIP,
    moderator and chatter pairs ``(channel login, login)``, sorted and distinct.

    Built by :func:`demo_world` (generated, as ``demo-data`` would write it) or :meth:`read` (an import
    folder, its ``live/chatters.csv`` included); both give the same value for the same world.
    """

    logins: list[str]
    user_ids: list[str]
    games: list[str | None]
    languages: list[str | None]
    followers: np.ndarray  # int64, -1 where unknown
    links: Mapping[str, list[tuple[str, str]]]  # "vips.csv", "moderators.csv", "chatters.csv"

    @classmethod
    def of(
        cls,
        *,
        logins: list[str],
        user_ids: list[str],
        games: list[str | None],
        languages: list[str | None],
        followers: Sequence[int | None],
        links: Mapping[str, Sequence[tuple[str, str]]],
    ) -> "DemoWorld":
        """The world of these rows, channels and pairs put in their canonical order (by login: a file may
        hold a channel's row twice, and the first one sets its place)."""
        order = sorted(range(len(logins)), key=logins.__getitem__)
        return cls(
            logins=[logins[i] for i in order],
            user_ids=[user_ids[i] for i in order],
            games=[games[i] for i in order],
            languages=[languages[i] for i in order],
            followers=np.array([-1 if followers[i] is None else followers[i] for i in order], dtype=np.int64),
            links={name: sorted(set(links.get(name, ()))) for name in WORLD_LINKS},
        )

    @classmethod
    def read(cls, folder: Path) -> "DemoWorld":
        """The valid rows of an import folder and of its ``live/chatters.csv`` if any (rows the loader
        would reject are left out, as it leaves them out).

        :raise FolderError: the folder cannot be imported (a file missing, a wrong header).
        """
        content = read_folder(folder)
        links = {name: list(content.links.get(name, ())) for name in WORLD_LINKS}
        live = folder / LIVE_FOLDER / "chatters.csv"
        if live.is_file():
            login_of = {row.user_id: row.login for row in content.streamers}
            with live.open(encoding="utf-8-sig", newline="") as handle:
                rows = csv.reader(handle)
                next(rows, None)
                links["chatters.csv"] += [
                    (login_of[row[0].strip()], row[1].strip().lower())
                    for row in rows
                    if len(row) == 2 and row[0].strip() in login_of and LOGIN_RE.fullmatch(row[1].strip())
                ]
        return cls.of(
            logins=[row.login for row in content.streamers],
            user_ids=[row.user_id for row in content.streamers],
            games=[row.game for row in content.streamers],
            languages=[row.language for row in content.streamers],
            followers=[row.followers for row in content.streamers],
            links=links,
        )


@dataclass(frozen=True)
class _World:
    """Who exists: streamers (accounts 0..S-1), then bots, then viewers; all keyed by account index."""

    lang: np.ndarray  # per streamer: index into LANGUAGES
    game: np.ndarray  # per streamer: index into GAMES, -1 for no game
    community: np.ndarray  # per streamer: lang * len(CLUSTERS) + game cluster
    followers: np.ndarray  # per streamer, descending (like Helix /streams, biggest first)
    user_id: np.ndarray  # per streamer
    created_at: np.ndarray  # per streamer, datetime64[us]
    logins: np.ndarray  # per account, object array of str
    camel: list[str]  # per streamer: the login with its words capitalised
    viewer_community: np.ndarray  # per viewer: home community

    @property
    def n_streamers(self) -> int:
        return len(self.lang)

    @property
    def n_accounts(self) -> int:
        return len(self.logins)


def write_demo_data(
    outdir: Path,
    *,
    streamers: int = DEFAULT_STREAMERS,
    chatters: int = DEFAULT_CHATTERS,
    seed: int = DEFAULT_SEED,
    live_share: float = 0.0,
    progress: Callable[[str], None] | None = None,
) -> DemoSummary:
    """Write a synthetic Twitch world as the five import CSVs into ``outdir`` (created if missing).

    Parameters
    ----------
    outdir : Path
        Folder for streamers.csv, teams.csv, vips.csv, moderators.csv and chatters.csv; existing files of
        those names are overwritten, other files are left alone.
    streamers : int, default DEFAULT_STREAMERS
        Channels, one streamers.csv row each (plus planted garbage).
    chatters : int, default DEFAULT_CHATTERS
        Viewer accounts. Each chats in at least one channel, about three on average, so chatters.csv has
        roughly ``3 * chatters`` rows; streamers and bots chat on top of them.
    seed : int, default DEFAULT_SEED
        Seed of the one random stream; the same arguments always give the same bytes.
    live_share : float, default 0
        Share of the clean chatter rows written to ``outdir/live/chatters.csv`` in a random order instead
        of to ``chatters.csv``; 0 writes no live folder (and removes the file a former run left there).
    progress : callable, optional
        Called with a one-line message before generating and after each file is written.

    Returns
    -------
    DemoSummary
        Rows written and deliberately malformed rows, per file.

    Raises
    ------
    ValueError
        If ``streamers`` < 1, ``chatters`` < 0, ``seed`` < 0, or any of them is not an integer; if
        ``live_share`` is not between 0 and 1.
    """
    _check_arguments(streamers, chatters, seed)
    if not 0 <= live_share <= 1:
        raise ValueError(f"live_share must be between 0 and 1, got {live_share}")
    report = progress or _ignore
    report(f"generating {streamers:,} streamers and {chatters:,} chatters (seed {seed})")
    rng = np.random.default_rng(seed)
    world, tables = _clean_tables(rng, streamers, chatters)
    tables["chatters.csv"], live = _hold_back(tables["chatters.csv"], seed, live_share)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    malformed: dict[str, int] = {}
    duplicates: dict[str, int] = {}
    for name, clean in tables.items():
        columns, planted = _plant_malformed(rng, world, name, clean)
        malformed[name], duplicates[name] = sum(planted.values()), planted.get("duplicate", 0)
        rows[name] = _write_csv(outdir / name, HEADERS[name], columns)
        report(f"wrote {name}: {rows[name]:,} rows ({malformed[name]} malformed)")
    live_rows = _write_live(outdir / LIVE_FOLDER / "chatters.csv", live)
    if live_rows:
        report(f"wrote {LIVE_FOLDER}/chatters.csv: {live_rows:,} rows held back for a live replay")
    return DemoSummary(
        outdir=outdir, rows=rows, malformed=malformed, duplicates=duplicates, live_rows=live_rows
    )


def demo_world(
    *, streamers: int = DEFAULT_STREAMERS, chatters: int = DEFAULT_CHATTERS, seed: int = DEFAULT_SEED
) -> DemoWorld:
    """The world :func:`write_demo_data` writes for these arguments, without writing it: its valid rows,
    the held-back live share included (what ``DemoWorld.read`` finds in the folder it wrote).

    :raise ValueError: as :func:`write_demo_data`.
    """
    _check_arguments(streamers, chatters, seed)
    _world, tables = _clean_tables(np.random.default_rng(seed), streamers, chatters)
    columns = tables["streamers.csv"]
    user_ids, logins = columns[1].tolist(), columns[2].tolist()
    login_of = dict(zip(user_ids, logins, strict=True))
    links = {
        name: [
            (login_of[user_id], login)
            for user_id, login in zip(tables[name][0].tolist(), tables[name][1].tolist(), strict=True)
        ]
        for name in WORLD_LINKS
    }
    return DemoWorld.of(
        logins=logins,
        user_ids=user_ids,
        games=[game or None for game in columns[4].tolist()],
        languages=[language or None for language in columns[5].tolist()],
        followers=[int(f) for f in columns[7].tolist()],
        links=links,
    )


def _clean_tables(
    rng: np.random.Generator, streamers: int, chatters: int
) -> tuple[_World, dict[str, Columns]]:
    """The world and its five tables, every row valid and distinct (garbage is planted afterwards)."""
    world = _make_world(rng, streamers, chatters)
    teams = _team_pairs(rng, world)
    bot_mods = _bot_moderator_pairs(rng, world)
    chat = _chatter_pairs(rng, world, teams, bot_mods)
    mods = _unique_pairs(
        rng, *_concat(bot_mods, _badge_pairs(rng, world, chat, MODS_PER_CHANNEL)), world.n_accounts
    )
    tables = {
        "streamers.csv": _streamers_table(rng, world),
        "teams.csv": _teams_table(rng, world, teams),
        "vips.csv": _vips_table(rng, world, chat, mods),
        "moderators.csv": _pairs_table(world, mods),
        "chatters.csv": _pairs_table(world, chat),
    }
    return world, tables


def _ignore(_message: str) -> None:
    pass


def _check_arguments(streamers: int, chatters: int, seed: int) -> None:
    for name, value in (("streamers", streamers), ("chatters", chatters), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise ValueError(f"{name} must be an integer, got {value!r}")
    if streamers < 1:
        raise ValueError(f"streamers must be at least 1, got {streamers}")
    if chatters < 0:
        raise ValueError(f"chatters must be 0 or more, got {chatters}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")


# --- the world -------------------------------------------------------------------------------------------


def _make_world(rng: np.random.Generator, n_streamers: int, n_viewers: int) -> _World:
    followers = _followers(rng, n_streamers)
    lang = rng.choice(len(LANGUAGES), size=n_streamers, p=_normalised([w for _, w in LANGUAGES]))
    game = _games(rng, lang)
    cluster_of_game = np.array([CLUSTERS.index(cluster) for _, _, cluster in GAMES])
    community = lang * len(CLUSTERS) + np.where(game >= 0, cluster_of_game[game], IRL)
    # Viewers pick a home community in proportion to its audience, so big scenes have big crowds.
    weights = np.bincount(community, weights=_audience(followers), minlength=len(LANGUAGES) * len(CLUSTERS))
    viewer_community = rng.choice(len(weights), size=n_viewers, p=weights / weights.sum())
    account_lang = np.concatenate([lang, viewer_community // len(CLUSTERS)])
    bot_logins = [login for login, _, _ in BOTS]
    logins, camel = _logins(rng, account_lang, reserved=bot_logins, camel_for=n_streamers)
    all_logins = np.array([*logins[:n_streamers], *bot_logins, *logins[n_streamers:]], dtype=object)
    created_at = _created_at(rng, n_streamers)
    return _World(
        lang=lang,
        game=game,
        community=community,
        followers=followers,
        user_id=_user_ids(rng, created_at),
        created_at=created_at,
        logins=all_logins,
        camel=camel,
        viewer_community=viewer_community,
    )


def _followers(rng: np.random.Generator, n: int) -> np.ndarray:
    followers = np.minimum(
        np.floor(rng.lognormal(FOLLOWERS_LOG_MEDIAN, FOLLOWERS_LOG_SIGMA, n)), MAX_FOLLOWERS
    )
    # Rows come ordered like Helix /streams (by viewers): mostly, not strictly, by followers.
    rank_key = np.log1p(followers) + rng.normal(0.0, 0.7, n)
    return followers[np.argsort(-rank_key, kind="stable")].astype(np.int64)


def _audience(followers: np.ndarray) -> np.ndarray:
    return (followers + 1.0) ** AUDIENCE_EXPONENT


def _games(rng: np.random.Generator, lang: np.ndarray) -> np.ndarray:
    base = np.array([weight for _, weight, _ in GAMES], dtype=float)
    game_index = {name: i for i, (name, _, _) in enumerate(GAMES)}
    game = np.empty(len(lang), dtype=np.int64)
    for li, code in enumerate(LANG_CODES):
        weights = base.copy()
        for name, boost in GAME_BOOSTS.get(code, {}).items():
            weights[game_index[name]] *= boost
        where = np.flatnonzero(lang == li)
        game[where] = rng.choice(len(GAMES), size=len(where), p=weights / weights.sum())
    game[rng.random(len(lang)) < NO_GAME_SHARE] = -1
    return game


def _created_at(rng: np.random.Generator, n: int) -> np.ndarray:
    # Skewed towards recent years, as most live channels are; microseconds like the demo's timestamps.
    span = (LAST_ACCOUNT - FIRST_ACCOUNT).astype(np.int64)
    offsets = (rng.beta(2.2, 1.6, n) * span).astype(np.int64)
    return FIRST_ACCOUNT + offsets.astype("timedelta64[us]")


def _user_ids(rng: np.random.Generator, created: np.ndarray) -> np.ndarray:
    anchor_times = np.array([np.datetime64(day, "us") for day, _ in USER_ID_ANCHORS]).astype(np.int64)
    anchor_ids = np.array([user_id for _, user_id in USER_ID_ANCHORS])
    ids = np.interp(created.astype(np.int64), anchor_times, anchor_ids).astype(np.int64)
    ids = ids + rng.integers(0, 5000, len(ids))
    return _make_distinct(ids)


def _make_distinct(values: np.ndarray) -> np.ndarray:
    """Nudge the fewest values upwards so that all are distinct, keeping their order."""
    order = np.argsort(values, kind="stable")
    steps = np.arange(len(values))
    distinct = np.empty_like(values)
    distinct[order] = np.maximum.accumulate(values[order] - steps) + steps
    return distinct


def _normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


# --- names -----------------------------------------------------------------------------------------------


def _logins(
    rng: np.random.Generator, lang: np.ndarray, *, reserved: Sequence[str], camel_for: int
) -> tuple[list[str], list[str]]:
    """Unique lowercase logins ``[a-z0-9_]{4,25}``, and capitalised twins for the first ``camel_for``."""
    n = len(lang)
    local_words = [LOCAL_LOGIN_WORDS.get(code, LOGIN_WORDS) for code in LANG_CODES]
    style = rng.choice(len(LOGIN_STYLE_WEIGHTS), size=n, p=_normalised(LOGIN_STYLE_WEIGHTS)).tolist()
    draws = rng.random((n, 4)).tolist()
    digits = rng.integers(0, 10_000, n).tolist()
    languages = lang.tolist()
    logins: list[str] = []
    camels: list[str] = []
    taken = set(reserved)
    for i, (local_draw, first_pick, second_pick, affix_pick) in enumerate(draws):
        # Outside English, a login often starts with a word of the account's own language.
        first_words = local_words[languages[i]] if local_draw < LOCAL_WORD_SHARE else LOGIN_WORDS
        w1 = first_words[int(first_pick * len(first_words))].capitalize()
        w2 = LOGIN_WORDS[int(second_pick * len(LOGIN_WORDS))].capitalize()
        camel = _login_style(style[i], w1, w2, digits[i], affix_pick)
        if len(camel) < 4:
            camel += str(digits[i]).zfill(4)[: 4 - len(camel)]
        camel = _unique_login(rng, camel[:25], taken)
        taken.add(camel.lower())
        logins.append(camel.lower())
        if i < camel_for:
            camels.append(camel)
    return logins, camels


def _login_style(style: int, w1: str, w2: str, digits: int, pick: float) -> str:
    match style:
        case 0:
            return w1 + w2
        case 1:
            return f"{w1}_{w2}"
        case 2:
            return f"{w1}{digits % 10 ** (2 + digits % 3)}"
        case 3:
            return f"{w1}{w2}{digits % 1000}"
        case 4:
            return w1 + LOGIN_SUFFIXES[int(pick * len(LOGIN_SUFFIXES))]
        case 5:
            return LOGIN_PREFIXES[int(pick * len(LOGIN_PREFIXES))] + w1 + w2
        case _:
            return f"{w1}_{digits}"


def _unique_login(rng: np.random.Generator, camel: str, taken: set[str]) -> str:
    candidate = camel
    while candidate.lower() in taken:
        suffix = str(rng.integers(0, 100_000))
        candidate = camel[: 25 - len(suffix)] + suffix
    return candidate


def _display_names(rng: np.random.Generator, world: _World) -> list[str]:
    """Mostly the login with capitals; for Korean, Japanese, Chinese and Cyrillic channels often local."""
    n = world.n_streamers
    draws = rng.random((n, 7))
    names: list[str] = []
    taken: set[str] = set()
    for i, camel in enumerate(world.camel):
        local = LOCAL_DISPLAY_NAMES.get(LANG_CODES[world.lang[i]])
        name = ""
        if local is not None and draws[i, 0] < local[0]:
            _, parts, low, high = local
            count = low + int(draws[i, 1] * (high - low + 1))
            name = "".join(parts[int(d * len(parts))] for d in draws[i, 2 : 2 + count])
        # Display names stay unique, so a name on screen always points at one channel.
        if not name or name in taken:
            name = _ascii_display_name(camel, draws[i, 6])
        taken.add(name)
        names.append(name)
    return names


def _ascii_display_name(camel: str, style: float) -> str:
    # Twitch display names are the login with any capitalisation the streamer likes.
    if style < 0.4:
        return camel.lower()
    if style < 0.65:
        return camel.lower().capitalize()
    return camel if style < 0.95 else camel.upper()


def _descriptions(
    rng: np.random.Generator, world: _World, names: Sequence[str], games: np.ndarray
) -> list[str]:
    n = world.n_streamers
    draws = rng.random((n, 7))
    descriptions: list[str] = []
    for i in range(n):
        if draws[i, 0] < DESCRIPTION_EMPTY_SHARE:
            descriptions.append("")
            continue
        # Non-English channels often describe themselves in English anyway.
        code = "en" if draws[i, 1] < 0.25 else LANG_CODES[world.lang[i]]
        pool = DESCRIPTIONS.get(code, DESCRIPTIONS["en"])
        count = 1 + int(draws[i, 2] * 3)
        picks = dict.fromkeys(pool[int(d * len(pool))] for d in draws[i, 3 : 3 + count])
        separator = "\n" if draws[i, 6] < DESCRIPTION_NEWLINE_SHARE else " "
        text = separator.join(picks).format(game=games[i] or "games", name=names[i], login=world.logins[i])
        descriptions.append(text)
    return descriptions


# --- who is where ----------------------------------------------------------------------------------------


class _ChannelSampler:
    """Draws channels by audience weight: in a home community, its language, or anywhere.

    Streamers are sorted by community, so a community and a language are each one contiguous block of the
    cumulative weights, and a draw is a uniform number in the block's range plus a binary search.
    """

    def __init__(self, world: _World) -> None:
        self.order = np.argsort(world.community, kind="stable")
        self.community_keys = world.community[self.order]
        self.language_keys = self.community_keys // len(CLUSTERS)
        self.cumulative = np.cumsum(_audience(world.followers)[self.order])
        self.bounds = np.concatenate([[0.0], self.cumulative])

    def draw(self, rng: np.random.Generator, community: np.ndarray) -> np.ndarray:
        n = len(community)
        where = rng.random(n)
        start = np.zeros(n, dtype=np.int64)
        end = np.full(n, len(self.order), dtype=np.int64)
        home = where < HOME_COMMUNITY_SHARE
        start[home] = np.searchsorted(self.community_keys, community[home], side="left")
        end[home] = np.searchsorted(self.community_keys, community[home], side="right")
        language = ~home & (where < HOME_COMMUNITY_SHARE + HOME_LANGUAGE_SHARE)
        language_of = community[language] // len(CLUSTERS)
        start[language] = np.searchsorted(self.language_keys, language_of, side="left")
        end[language] = np.searchsorted(self.language_keys, language_of, side="right")
        low, high = self.bounds[start], self.bounds[end]
        position = np.searchsorted(self.cumulative, low + rng.random(n) * (high - low), side="right")
        return self.order[np.clip(position, start, end - 1)]


def _team_pairs(rng: np.random.Generator, world: _World) -> tuple[np.ndarray, np.ndarray]:
    """(team, streamer) memberships: teams grow inside one language, a few members come from elsewhere."""
    n = world.n_streamers
    percentile = np.argsort(np.argsort(world.followers, kind="stable"), kind="stable") / n
    low, slope = TEAM_MEMBER_SHARE
    members = np.flatnonzero(rng.random(n) < low + slope * percentile)
    team_of = np.empty(len(members), dtype=np.int64)
    sizes: list[int] = []
    for li in range(len(LANGUAGES)):
        group = rng.permutation(np.flatnonzero(world.lang[members] == li))
        done = 0
        while done < len(group):
            size = min(len(group) - done, 1 + int(rng.zipf(TEAM_SIZE_ZIPF)), MAX_TEAM_SIZE)
            team_of[group[done : done + size]] = len(sizes)
            sizes.append(size)
            done += size
    if not sizes:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    foreign = np.flatnonzero(rng.random(len(members)) < TEAM_FOREIGN_SHARE)
    team_of[foreign] = rng.choice(len(sizes), size=len(foreign), p=_normalised(sizes))
    second = np.flatnonzero(rng.random(len(members)) < SECOND_TEAM_SHARE)
    teams = np.concatenate([team_of, rng.integers(0, len(sizes), len(second))])
    streamers = np.concatenate([members, members[second]])
    key = _sorted_unique(teams * n + streamers)
    return key // n, key % n


def _bot_moderator_pairs(rng: np.random.Generator, world: _World) -> tuple[np.ndarray, np.ndarray]:
    """(channel, account) for the bots, each moderating its share of channels (per language)."""
    channels: list[np.ndarray] = []
    accounts: list[np.ndarray] = []
    for b, (_, share, overrides) in enumerate(BOTS):
        by_language = np.array([overrides.get(code, share) for code in LANG_CODES])
        where = np.flatnonzero(rng.random(world.n_streamers) < by_language[world.lang])
        channels.append(where)
        accounts.append(np.full(len(where), world.n_streamers + b))
    return np.concatenate(channels), np.concatenate(accounts)


def _chatter_pairs(
    rng: np.random.Generator,
    world: _World,
    teams: tuple[np.ndarray, np.ndarray],
    bot_mods: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """(channel, account) chat presence, grouped by channel: viewers, streamers visiting, bots."""
    sampler = _ChannelSampler(world)
    first_viewer = world.n_streamers + len(BOTS)
    viewers = np.arange(first_viewer, world.n_accounts)
    viewer_pairs = _visits(rng, world, sampler, viewers, world.viewer_community)
    chatty = np.flatnonzero(rng.random(world.n_streamers) < STREAMER_CHATTER_SHARE)
    streamer_pairs = _visits(rng, world, sampler, chatty, world.community[chatty])
    mates, mate_channels = _teammate_visits(rng, teams)
    bots_chat = rng.random(len(bot_mods[0])) < BOT_CHAT_SHARE
    channel, account = _concat(
        viewer_pairs, streamer_pairs, (mate_channels, mates), (bot_mods[0][bots_chat], bot_mods[1][bots_chat])
    )
    elsewhere = channel != account  # a streamer's account index is its channel index
    return _unique_pairs(rng, channel[elsewhere], account[elsewhere], world.n_accounts)


def _visits(
    rng: np.random.Generator, world: _World, sampler: _ChannelSampler, accounts: np.ndarray, home: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(channel, account): each account chats in a heavy-tailed number of distinct channels.

    Popular channels get drawn twice for the same chatter; redrawing the repeats a few times keeps the
    distinct count close to the drawn one instead of shrinking it most in small worlds.
    """
    n, n_channels = len(accounts), world.n_streamers
    wanted = np.minimum(rng.zipf(CHAT_DEGREE_ZIPF, n), min(MAX_CHAT_DEGREE, n_channels))
    keys = np.empty(0, dtype=np.int64)
    missing = wanted
    for _ in range(VISIT_ROUNDS):
        who = np.repeat(np.arange(n), missing)
        if len(who) == 0:
            break
        channel = sampler.draw(rng, home[who])
        fresh = channel != accounts[who]
        keys = _sorted_unique(np.concatenate([keys, who[fresh] * n_channels + channel[fresh]]))
        missing = wanted - np.bincount(keys // n_channels, minlength=n)
    return keys % n_channels, accounts[keys // n_channels]


def _teammate_visits(
    rng: np.random.Generator, teams: tuple[np.ndarray, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """(visitor, channel): team members drop by a teammate's chat."""
    team, member = teams
    order = np.argsort(team, kind="stable")
    team, member = team[order], member[order]
    start = np.searchsorted(team, team, side="left")
    size = np.searchsorted(team, team, side="right") - start
    visit = np.flatnonzero((rng.random(len(team)) < TEAMMATE_CHAT_SHARE) & (size > 1))
    mate = start[visit] + (rng.random(len(visit)) * size[visit]).astype(np.int64)
    return member[visit], member[mate]


def _badge_pairs(
    rng: np.random.Generator,
    world: _World,
    chat: tuple[np.ndarray, np.ndarray],
    per_channel: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """(channel, account) for human moderators or VIPs: mostly its chatters, else streamer friends."""
    base, slope = per_channel
    count = rng.poisson(base + slope * np.log10(world.followers + 1.0))
    channel = np.repeat(np.arange(world.n_streamers), count)
    chat_channel, chat_account = chat
    start = np.searchsorted(chat_channel, channel, side="left")
    size = np.searchsorted(chat_channel, channel, side="right") - start
    from_chat = (rng.random(len(channel)) < BADGE_FROM_CHAT_SHARE) & (size > 0)
    pick = start + (rng.random(len(channel)) * size).astype(np.int64)
    account = np.empty(len(channel), dtype=np.int64)
    account[from_chat] = chat_account[pick[from_chat]]
    account[~from_chat] = _ChannelSampler(world).draw(rng, world.community[channel[~from_chat]])
    elsewhere = account != channel
    return channel[elsewhere], account[elsewhere]


def _unique_pairs(
    rng: np.random.Generator, channel: np.ndarray, account: np.ndarray, n_accounts: int
) -> tuple[np.ndarray, np.ndarray]:
    """Drop repeated pairs; rows come grouped by channel, accounts shuffled within a channel."""
    rank = rng.permutation(n_accounts)
    keys = _sorted_unique(channel.astype(np.int64) * n_accounts + rank[account])
    return keys // n_accounts, np.argsort(rank)[keys % n_accounts]


def _sorted_unique(keys: np.ndarray) -> np.ndarray:
    # np.unique hashes first in numpy >= 2.3, which is several times slower than a sort on int keys.
    keys = np.sort(keys)
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys


def _concat(*pairs: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    return np.concatenate([c for c, _ in pairs]), np.concatenate([a for _, a in pairs])


# --- tables ----------------------------------------------------------------------------------------------


def _streamers_table(rng: np.random.Generator, world: _World) -> Columns:
    n = world.n_streamers
    logins = world.logins[:n]
    names = _display_names(rng, world)
    games = np.array([name for name, _, _ in GAMES] + [""], dtype=object)[world.game]  # -1 picks ""
    views = np.floor(world.followers * rng.lognormal(*VIEWS_PER_FOLLOWER_LOG, n)).astype(np.int64)
    views[rng.random(n) < ZERO_VIEW_COUNT_SHARE] = 0
    stream_ids = _make_distinct(rng.integers(39_000_000_000, 42_000_000_000, n))
    created = np.char.replace(np.datetime_as_string(world.created_at, unit="us"), "T", " ")
    columns = (
        stream_ids.astype(str),
        world.user_id.astype(str),
        logins,
        names,
        games,
        np.array(LANG_CODES, dtype=object)[world.lang],
        [THUMBNAIL_URL.format(login=login) for login in logins],
        world.followers.astype(str),
        _descriptions(rng, world, names, games),
        views.astype(str),
        created,
    )
    return [np.array(column, dtype=object) for column in columns]


def _teams_table(rng: np.random.Generator, world: _World, teams: tuple[np.ndarray, np.ndarray]) -> Columns:
    team, streamer = teams
    names = np.array(_team_names(rng, int(team.max()) + 1 if len(team) else 0), dtype=object)
    order = np.lexsort((team, streamer))
    return [world.user_id[streamer[order]].astype(str).astype(object), names[team[order]]]


def _team_names(rng: np.random.Generator, n: int) -> list[str]:
    patterns = (
        "{a}{b}",
        "team{a}",
        "{a}gaming",
        "{a}esports",
        "{a}crew",
        "{a}family",
        "the{a}{b}",
        "{a}collective",
    )
    draws = rng.random((n, 3))
    names: list[str] = []
    taken: set[str] = set()
    for pattern, a, b in draws:
        name = patterns[int(pattern * len(patterns))].format(
            a=LOGIN_WORDS[int(a * len(LOGIN_WORDS))], b=LOGIN_WORDS[int(b * len(LOGIN_WORDS))]
        )
        while name in taken:
            name += str(rng.integers(0, 10))
        taken.add(name)
        names.append(name)
    return names


def _vips_table(
    rng: np.random.Generator,
    world: _World,
    chat: tuple[np.ndarray, np.ndarray],
    mods: tuple[np.ndarray, np.ndarray],
) -> Columns:
    channel, account = _badge_pairs(rng, world, chat, VIPS_PER_CHANNEL)
    # Twitch takes the VIP badge away from a moderator, so nobody holds both in one channel.
    not_mod = ~np.isin(channel * world.n_accounts + account, mods[0] * world.n_accounts + mods[1])
    return _pairs_table(world, _unique_pairs(rng, channel[not_mod], account[not_mod], world.n_accounts))


def _pairs_table(world: _World, pairs: tuple[np.ndarray, np.ndarray]) -> Columns:
    channel, account = pairs
    return [world.user_id.astype(str).astype(object)[channel], world.logins[account]]


# --- garbage ---------------------------------------------------------------------------------------------


def _plant_malformed(
    rng: np.random.Generator, world: _World, name: str, clean: Columns
) -> tuple[Columns, dict[str, int]]:
    """Insert the file's kinds of garbage at random places; returns the columns and the rows planted of
    each kind."""
    n = len(clean[0])
    if n < MIN_ROWS_FOR_MALFORMED:
        return clean, {}
    kinds = MALFORMED_KINDS[name]
    per_kind = max(1, round(MALFORMED_RATE * n / len(kinds)))
    bad: list[list[str]] = []
    planted: dict[str, int] = {}
    for kind in kinds:
        rows = _MALFORMED_ROWS[kind](rng, world, clean, per_kind)
        planted[kind] = len(rows)
        bad.extend(rows)
    bad = [bad[i] for i in rng.permutation(len(bad))]
    at = np.sort(rng.integers(0, n + 1, len(bad)))
    columns = [
        np.insert(column, at, np.array([row[j] for row in bad], dtype=object))
        for j, column in enumerate(clean)
    ]
    return columns, planted


def _duplicates(rng: np.random.Generator, _world: _World, clean: Columns, k: int) -> list[list[str]]:
    rows = rng.choice(len(clean[0]), size=min(k, len(clean[0])), replace=False)
    return [[column[i] for column in clean] for i in rows]


def _orphans(rng: np.random.Generator, world: _World, clean: Columns, k: int) -> list[list[str]]:
    """Rows of a channel missing from streamers.csv (banned or renamed since), a few such channels."""
    ghosts = _ghost_ids(rng, world, max(1, k // 10))
    picks = rng.integers(0, len(clean[0]), k)
    return [[str(ghosts[rng.integers(0, len(ghosts))]), clean[1][i]] for i in picks]


def _ghost_ids(rng: np.random.Generator, world: _World, k: int) -> np.ndarray:
    # Below the ids of bad_followers rows, so an orphan never finds a streamer row, not even a broken one.
    ghosts = np.empty(0, dtype=np.int64)
    while len(ghosts) < k:
        more = rng.integers(10_000_000, 1_200_000_000, k)
        ghosts = np.concatenate([ghosts, more[~np.isin(more, world.user_id) & ~np.isin(more, ghosts)]])
    return ghosts[:k]


def _login_rows(make: Callable[[np.random.Generator], str]) -> Callable[..., list[list[str]]]:
    def rows(rng: np.random.Generator, _world: _World, clean: Columns, k: int) -> list[list[str]]:
        return [[clean[0][rng.integers(0, len(clean[0]))], make(rng)] for _ in range(k)]

    return rows


def _spreadsheet_number(rng: np.random.Generator) -> str:
    # An all-digit login after a spreadsheet took it for a number.
    return f"{rng.integers(1, 10)}.{rng.integers(0, 100):02d}E+{rng.integers(11, 16)}"


def _spreadsheet_date(rng: np.random.Generator) -> str:
    # A login like "sep24" after a spreadsheet took it for a date.
    return f"{rng.integers(1, 29)}-{MONTHS[rng.integers(0, 12)]}"


def _too_long(rng: np.random.Generator) -> str:
    words = "".join(LOGIN_WORDS[i] for i in rng.integers(0, len(LOGIN_WORDS), 16))  # >= 32 characters
    return words[: rng.integers(26, 31)]


def _bad_char(rng: np.random.Generator) -> str:
    first, second = (LOGIN_WORDS[i] for i in rng.integers(0, len(LOGIN_WORDS), 2))
    return f"{first}{'-' if rng.random() < 0.5 else ' '}{second}"


def _bad_followers(rng: np.random.Generator, world: _World, clean: Columns, k: int) -> list[list[str]]:
    """Extra channels, referenced by no other file, whose follower count a scraper failed to read."""
    values = ("N/A", "1.2k", "12,345", "", "unknown", "-")
    taken = set(world.logins)
    user_ids = _make_distinct(rng.integers(1_250_000_000, 1_300_000_000, k))
    rows = []
    for user_id in user_ids:
        source = rng.integers(0, len(clean[0]))
        row = [column[source] for column in clean]
        login = row[2][:18] + f"_{rng.integers(0, 1_000_000)}"
        while login in taken:
            login = row[2][:18] + f"_{rng.integers(0, 1_000_000)}"
        taken.add(login)
        row[0] = str(rng.integers(42_000_000_000, 43_000_000_000))
        row[1], row[2], row[3] = str(user_id), login, login
        row[6] = THUMBNAIL_URL.format(login=login)
        row[7] = values[rng.integers(0, len(values))]
        rows.append(row)
    return rows


_MALFORMED_ROWS: Mapping[str, Callable[..., list[list[str]]]] = {
    "duplicate": _duplicates,
    "orphan_user_id": _orphans,
    "spreadsheet_number": _login_rows(_spreadsheet_number),
    "spreadsheet_date": _login_rows(_spreadsheet_date),
    "too_long": _login_rows(_too_long),
    "bad_char": _login_rows(_bad_char),
    "bad_followers": _bad_followers,
}


# --- the live share --------------------------------------------------------------------------------------


def _hold_back(clean: Columns, seed: int, share: float) -> tuple[Columns, Columns]:
    """(kept, held back): ``share`` of the rows, drawn from their own stream, in a random order (a replay
    then moves many channels at once); the kept rows stay in their order."""
    n = len(clean[0])
    held = np.random.default_rng([seed, LIVE_STREAM]).permutation(n)[: round(share * n)]
    kept = np.ones(n, dtype=bool)
    kept[held] = False
    return [column[kept] for column in clean], [column[held] for column in clean]


def _write_live(path: Path, columns: Columns) -> int:
    """Write the held-back rows to ``path``, or remove a former run's file there when there are none (a
    replay of it would add rows the folder now holds itself)."""
    if not len(columns[0]):
        path.unlink(missing_ok=True)
        if path.parent.is_dir() and not any(path.parent.iterdir()):
            path.parent.rmdir()
        return 0
    path.parent.mkdir(exist_ok=True)
    return _write_csv(path, HEADERS["chatters.csv"], columns)


def _write_csv(path: Path, header: Sequence[str], columns: Columns) -> int:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)  # the excel dialect: RFC 4180 quoting and CRLF line ends
        writer.writerow(header)
        writer.writerows(zip(*(column.tolist() for column in columns), strict=True))
    return len(columns[0])
