"""How every benchmark prints: figures on stdout as ``bench <name>: <value> <unit>``, notes on stderr."""

import sys


def emit(name: str, value: float, unit: str) -> None:
    """One figure on its own line, in one number format for all of ``make bench``."""
    text = str(value) if isinstance(value, int) else (f"{value:.3g}" if abs(value) < 0.01 else f"{value:.2f}")
    print(f"bench {name}: {text} {unit}", flush=True)


def note(message: str) -> None:
    """Progress for the person watching; never parsed."""
    print(f"  {message}", file=sys.stderr, flush=True)
