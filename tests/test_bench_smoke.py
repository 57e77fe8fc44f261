"""`python -m bench --quick` runs each benchmark and prints well-formed figures (no timing asserted).

The runs see a PATH without the optional tools (``OPTIONAL_TOOLS``), as on a fresh machine: a benchmark must
skip what needs them with a note (or fall back, as the API benchmark does without wrk), never fail. More
runs, where 7z or wrk is installed, cover what they measure.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURE = re.compile(r"^bench [A-Za-z0-9_]+: [0-9.e+-]+ \S+$")
TIMEOUT_S = 180  # about 20 s each here (api_latency: 40 s); the limit only stops a hung run
# Tools a benchmark may use but `make test` does not install (the README's benchmark section names them).
OPTIONAL_TOOLS = ("7z", "7za", "7zr", "wrk")

EXPECTED = {
    "atlas": {
        "atlas_presences",
        "atlas_total_seconds",
        "atlas_total_goal",
        "atlas_peak_rss",
        "atlas_planted_adjusted_rand",
        "atlas_modularity",
        "atlas_sets_all_pairs_estimated",
        "atlas_sets_over_ours",
        "atlas_join_cypher_seconds",
        "atlas_cypher_over_ours",
    },
    "import_speed": {
        "import_chatter_rows",
        "import_rows_per_s",
        "import_wall",
        "import_validation_share",
        "import_database_share",
        "import_second_rows_per_s",
        "import_peak_rss",
        "import_server_rss",
        "import_per_row_rows_per_s",
        "import_speedup_vs_per_row",
    },
    "api_latency": {
        "api_page_rank_cold",
        "api_page_rank_warm_median",
        "api_betweenness_cold",
        "api_betweenness_warm_median",
        "api_top_p50",
        "api_top_p99",
        "api_top_throughput",
        "api_top_errors",
        "api_streamer_p50",
        "api_streamer_p99",
        "api_streamer_throughput",
        "api_streamer_errors",
        "api_events_streams_open_after",
        "api_top_without_streams_p99",
        "api_top_with_streams_p99",
        "api_top_p99_with_over_without_streams",
        "api_top_p99_goal",
        "api_page_rank_after_change",
        "api_page_rank_after_change_goal",
        "api_scores_current_after_change",
        "api_top_throughput_goal",
        "api_streamer_p99_goal",
        "api_overlap_p99",
        "api_atlas_p99",
        "api_top_threads_2_p99",
        "api_top_threads_2_throughput",
        "api_top_threads_8_p99",
        "api_top_threads_8_throughput",
    },
    "sampler": {
        "sampler_throughput_20x2000",
        "sampler_windows_per_s_20x2000",
        "sampler_window_write_20x2000",
        "sampler_sample_file_20x2000",
        "sampler_peak_rss_20x2000",
        "sampler_baseline_rss_20x2000",
    },
    "profiling": {  # --quick: a day of 20 channels and 20,000 accounts
        "profiling_day_distinct_viewers",
        "profiling_raw_size",
        "profiling_archive_size",
        "profiling_archive_time",
        "profiling_day_wall",
        "profiling_day_peak_rss",
        "profiling_refresh_rate",
    },
    "stream": {  # --quick: 50,000 messages
        "stream_messages",
        "stream_rate_batch_1000",
        "stream_rate_batch_10000",
        "stream_peak_rss_batch_1000",
        "stream_per_message_rate",
        "stream_speedup_vs_per_message",
        "stream_latency_p50",
        "stream_latency_p99",
    },
    "algorithms": {  # --quick sizes: a tenth of the real ones
        "pagerank_100K_edges_ours",
        "pagerank_100K_edges_networkx",
        "pagerank_100K_edges_speedup",
        "betweenness_3K_ours",
        "betweenness_3K_networkx_extrapolated",
    },
}


@pytest.mark.parametrize("benchmark", sorted(EXPECTED))
def test_bench_quick_prints_only_well_formed_figures(benchmark: str, tmp_path: Path) -> None:
    names = _figure_names(benchmark, _path_without(OPTIONAL_TOOLS, tmp_path / "bin"))
    assert EXPECTED[benchmark] <= names


@pytest.mark.skipif(shutil.which("7z") is None, reason="7z not installed (Debian package p7zip-full)")
def test_profiling_bench_compares_with_7z_where_installed() -> None:
    names = _figure_names("profiling", os.environ["PATH"])
    assert {"profiling_7z_size", "profiling_archive_size_vs_7z"} | EXPECTED["profiling"] <= names


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk not installed (make bench installs it)")
def test_api_bench_measures_with_wrk_where_installed() -> None:
    assert EXPECTED["api_latency"] <= _figure_names("api_latency", os.environ["PATH"])


def test_path_without_hides_only_the_named_tools(tmp_path: Path) -> None:
    path = _path_without(("python3",), tmp_path / "bin")
    assert shutil.which("python3", path=path) is None
    assert shutil.which("ls", path=path) is not None


def _figure_names(benchmark: str, path: str) -> set[str]:
    """The figures ``benchmark --quick`` prints, every line of its output checked for the figure format."""
    command = [sys.executable, "-m", "bench", "--quick", "--only", benchmark]
    environment = {**os.environ, "PATH": path}
    finished = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S, env=environment
    )
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert [line for line in lines if not FIGURE.match(line)] == []
    return {line.split(":")[0].removeprefix("bench ") for line in lines}


def _path_without(tools: tuple[str, ...], folder: Path) -> str:
    """A PATH of one folder linking every program of today's PATH except ``tools`` (first found wins)."""
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            link = folder / entry.name
            if entry.name not in tools and not os.path.lexists(link) and os.access(entry.path, os.X_OK):
                link.symlink_to(entry.path)
    return str(folder)
