"""`python -m bench --quick` runs each benchmark and prints well-formed figures (no timing asserted)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIGURE = re.compile(r"^bench [A-Za-z0-9_]+: [0-9.e+-]+ \S+$")
TIMEOUT_S = 180  # about 20 s each here; the limit only stops a hung run

EXPECTED = {
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
    "algorithms": {  # --quick sizes: a tenth of the real ones
        "pagerank_100K_edges_ours",
        "pagerank_100K_edges_networkx",
        "pagerank_100K_edges_speedup",
        "betweenness_3K_ours",
        "betweenness_3K_networkx_extrapolated",
    },
}


@pytest.mark.parametrize("benchmark", sorted(EXPECTED))
def test_bench_quick_prints_only_well_formed_figures(benchmark: str) -> None:
    command = [sys.executable, "-m", "bench", "--quick", "--only", benchmark]
    finished = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_S)
    assert finished.returncode == 0, finished.stderr
    lines = finished.stdout.splitlines()
    assert [line for line in lines if not FIGURE.match(line)] == []
    names = {line.split(":")[0].removeprefix("bench ") for line in lines}
    assert EXPECTED[benchmark] <= names
