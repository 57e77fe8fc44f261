"""MAGE's e2e cases as stored in mage_cases/, and small helpers to turn them into dense edge arrays."""

import json
from pathlib import Path
from typing import Any

import numpy as np

CASES_DIR = Path(__file__).parent / "mage_cases"


def load_cases(module: str) -> list[dict[str, Any]]:
    return json.loads((CASES_DIR / f"{module}.json").read_text())


def dense(case: dict[str, Any]) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Map the case's node ids to dense indices in order of first appearance (creation order)."""
    ids = list(
        dict.fromkeys([i for edge in case["edges"] for i in edge] + [r["node"] for r in case["expected"]])
    )
    index = {node: i for i, node in enumerate(ids)}
    sources, targets = as_edges([(index[s], index[t]) for s, t in case["edges"]])
    return ids, sources, targets


def as_edges(pairs: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    return array[:, 0], array[:, 1]
