"""Fake Twitch servers on loopback (Helix over HTTP, chat over IRC) that serve a demo world."""

from collector.fakes.helix import FakeHelix
from collector.fakes.irc import FakeIrc
from collector.fakes.twitch import FakeTwitch
from collector.fakes.world import FakeChannel, FakeUser, World

__all__ = ["FakeChannel", "FakeHelix", "FakeIrc", "FakeTwitch", "FakeUser", "World"]
