"""ChatWindow: chatters, badges, membership that outlives a window, observed seconds."""

from collector.window import ChatWindow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_chat_badges_and_membership_are_gathered() -> None:
    clock = Clock()
    window = ChatWindow(clock)
    window.joined("chan")
    window.names("chan", ["lurker", "talker"])
    window.chat("chan", "talker", frozenset({"vip"}))
    window.chat("chan", "mod", frozenset({"moderator", "subscriber"}))
    window.member_join("chan", "late")
    clock.now += 300
    seen = window.rotate().channels["chan"]
    assert seen.chatters == {"talker", "mod"}
    assert seen.lurkers == {"lurker", "late"}  # chatters are not lurkers too
    assert seen.vips == {"talker"} and seen.moderators == {"mod"}
    assert seen.messages == 2 and seen.observed_s == 300


def test_lurkers_present_at_a_window_start_are_seen_in_it() -> None:
    clock = Clock()
    window = ChatWindow(clock)
    window.joined("chan")
    window.names("chan", ["stayer", "leaver"])
    clock.now += 10
    window.rotate()
    window.member_part("chan", "leaver")
    clock.now += 10
    second = window.rotate().channels["chan"]
    assert second.lurkers == {"stayer", "leaver"}  # the leaver was there when the window began
    clock.now += 10
    assert window.rotate().channels["chan"].lurkers == {"stayer"}


def test_observed_seconds_stop_while_disconnected() -> None:
    clock = Clock()
    window = ChatWindow(clock)
    window.rotate()  # the window starts at 1000
    clock.now += 20
    window.joined("chan")
    clock.now += 10
    window.left("chan")  # connection lost
    clock.now += 15
    window.joined("chan")
    clock.now += 5
    assert window.rotate().channels["chan"].observed_s == 15


def test_rotate_hands_over_and_starts_empty() -> None:
    clock = Clock()
    window = ChatWindow(clock)
    window.chat("a", "x", frozenset())
    first = window.rotate(at=1060.0)
    assert (first.start, first.end) == (1000.0, 1060.0)
    second = window.rotate(at=1120.0)
    assert second.start == 1060.0 and second.channels == {}
