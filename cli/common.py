"""What every command family shares: settings, the store, database errors as messages, dates, progress."""

import sys
from datetime import date
from typing import Any

import click

from backend.config import Settings, load_settings
from backend.graph.backends import open_store
from backend.graph.store import GraphStore, QueryTimeoutError, StoreError
from contracts.days import parse_day


def settings(overrides: dict[str, Any] | None = None) -> Settings:
    """The settings from the environment (and ``overrides``); a bad value is a one-line message."""
    try:
        return load_settings(overrides)
    except ValueError as exc:
        raise click.ClickException(f"configuration: {exc}") from None


def open_graph(config: Settings) -> GraphStore:
    """The configured graph store, or a message saying why it cannot be opened."""
    return guarded(lambda: open_store(config))


def guarded(action: Any) -> Any:
    """Run ``action``, turning database failures into messages for people."""
    try:
        return action()
    except QueryTimeoutError as exc:
        raise click.ClickException(
            f"{exc}: raise the limit with FALKORDB_TIMEOUT_S=SECONDS (0: none)"
        ) from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def parse_pairs(items: tuple[str, ...], option: str, form: str = "NAME=VALUE") -> dict[str, str]:
    """``NAME=VALUE`` items of a repeatable ``option`` as a dict; a malformed item is a usage error."""
    pairs: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not {form}", param_hint=option)
        pairs[name.strip()] = value
    return pairs


def say(message: str) -> None:
    """Progress for the person at the terminal (stderr, so stdout stays for results)."""
    click.echo(message, err=True)


def parse_date(text: str | None, option: str) -> date:
    """``text`` (YYYY-MM-DD) given to ``option``, or a usage error naming it."""
    if not text:
        raise click.UsageError(f"{option} YYYY-MM-DD is required")
    try:
        return parse_day(text)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=option) from None


def progress_bar(desc: str, total: int | None, unit: str, *, disable: bool | None = None) -> Any:
    """A tqdm bar on stderr (off when stderr is no terminal, unless ``disable`` says otherwise)."""
    from tqdm import tqdm

    hidden = not sys.stderr.isatty() if disable is None else disable
    return tqdm(total=total, unit=unit, unit_scale=True, desc=desc, file=sys.stderr, disable=hidden)
