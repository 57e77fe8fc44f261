"""Run every benchmark in turn: ``python -m bench [--quick] [--only NAME]`` (what ``make bench`` runs).

A benchmark is a module of this package with ``main(argv)`` that takes ``--quick``; modules are found, not
listed, so a new one runs without an edit here. Figures go to stdout, one per line as
``bench <name>: <value> <unit>``; headers and progress go to stderr. A failing benchmark does not stop the
others, but makes the exit status 1.
"""

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def benchmark_names() -> list[str]:
    """Module names under bench/, without importing them (``--only`` choices cost nothing)."""
    return sorted(
        m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if not m.name.startswith("_")
    )


def main(argv: list[str] | None = None) -> int:
    names = benchmark_names()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for the smoke test")
    parser.add_argument("--only", choices=names, metavar="NAME", help=f"run one of: {', '.join(names)}")
    args = parser.parse_args(argv)
    failed = [name for name in ([args.only] if args.only else names) if not _run(name, args.quick)]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _run(name: str, quick: bool) -> bool:
    print(f"== bench.{name}{' (quick)' if quick else ''}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        status = importlib.import_module(f"bench.{name}").main(["--quick"] if quick else [])
    except Exception:
        traceback.print_exc()
        return False
    finally:
        sys.stdout.flush()
    if status:  # a main() that reports failure by its return value, as a script's exit status would
        print(f"== bench.{name} failed with status {status}", file=sys.stderr, flush=True)
        return False
    print(f"== bench.{name} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return True


if __name__ == "__main__":
    sys.exit(main())
