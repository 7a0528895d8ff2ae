"""The benchmark harness keeps working: its quickest run prints a figure of each kind for every route.

Only the shape of the figures is checked, never their values (a shared, noisy machine): each route measured on
our mock and on the floor app, positive req/s and latencies, a ratio to the floor; cold start, memory, reset and
the plugin's per-test overhead present. The wrk glue (Lua script, output line) is checked on its own, so the run
may use the httpx loader and need no wrk.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


@pytest.fixture(scope="module")
def benchlib() -> Iterator[Any]:
    """The harness's package (benchmarks/ is a folder of scripts, not an installed package)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import benchlib
        import benchlib.load
        import benchlib.routes

        yield benchlib
    finally:
        sys.path.remove(str(BENCHMARKS))


def number(value: Any) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value >= 0


def positive(value: Any) -> bool:
    return number(value) and value > 0


def test_quickest_run_measures_every_route(tmp_path: Path, benchlib: Any) -> None:
    out = tmp_path / "figures.json"
    cmd = [sys.executable, str(BENCHMARKS / "compare.py"), "--quick", "--loader", "python", "--seconds", "0.1"]
    cmd += ["--connections", "4", "--plugin-tests", "2", "--json", str(out)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads(out.read_text())

    assert list(doc["routes"]) == list(benchlib.routes.BY_NAME)
    for name, route in doc["routes"].items():
        assert set(route["servers"]) == {"ours", "floor"}, name
        for server, figures in route["servers"].items():
            assert positive(figures["rps"]) and positive(figures["p50_ms"]), (name, server, figures)
            assert figures["p99_ms"] >= figures["p50_ms"], (name, server, figures)
            assert figures["errors"] == 0, (name, server, figures)
            assert number(figures["cpu_us_per_request"]), (name, server, figures)
        assert positive(route["servers"]["ours"]["ratio_to_floor"]), name
        assert route["servers"]["ours"]["cpu_ratio_to_floor"] is None or positive(
            route["servers"]["ours"]["cpu_ratio_to_floor"]
        ), name
        assert name in done.stdout  # the table lists it
    for server in ("ours", "floor"):
        cold = doc["cold_start"][server]
        assert positive(cold["median_s"]) and number(cold["cpu_s"]) and positive(cold["rss_after_start_mb"]), cold
    assert doc["rss_mb"] and all(positive(v) for v in doc["rss_mb"].values())
    assert {"defaults", "throughput server, --orders-per-shop 200"} <= set(doc["reset"])
    assert all(positive(r["median_ms"]) and number(r["cpu_ms"]) for r in doc["reset"].values())
    plugin = doc["plugin"]
    for kind in ("tokopedia_mock", "tokopedia_mock_server", "tokopedia_mock_search"):
        assert math.isfinite(plugin[f"{kind}_per_test_ms"]) and math.isfinite(plugin[f"{kind}_per_test_cpu_ms"])
        assert math.isfinite(plugin[f"{kind}_first_test_ms"])  # a difference of two timings: any sign
    assert any("Prism skipped" in note for note in doc["notes"])


def test_wrk_script_sends_the_exact_request(benchlib: Any) -> None:
    load, routes = benchlib.load, benchlib.routes
    request = routes.Request(
        "POST",
        "/p/1",
        (("page_size", "20"), ("sign", "ab")),
        b'{"q":"\\"x\\" \xc3\xa9"}',
        (("x-tts-access-token", "T"),),
    )
    script = load.lua_script(request)
    assert 'wrk.method = "POST"' in script
    assert 'wrk.path = "/p/1?page_size=20&sign=ab"' in script
    assert 'wrk.body = "{\\034q\\034:\\034\\092\\034x\\092\\034 \\195\\169\\034}"' in script
    assert 'wrk.headers["x-tts-access-token"] = "T"' in script
    assert "latency:percentile(99)" in script


def test_wrk_output_line_is_read(benchlib: Any) -> None:
    load = benchlib.load
    out = "Running 5s test\n  1 threads and 32 connections\n"
    out += "BENCH requests=1000 duration_us=2000000 p50_us=1500 p99_us=9000 errors=3\n"
    result = load.parse_wrk(out)
    assert (result.requests, result.rps, result.p50_ms, result.p99_ms, result.errors) == (1000, 500.0, 1.5, 9.0, 3)
    with pytest.raises(ValueError, match="no BENCH line"):
        load.parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_in_process_benchmark_measures_each_route_as_a_success() -> None:
    """benchmarks/inprocess.py: every route answered as a success (it refuses to time an error), one figure each."""
    cmd = [sys.executable, str(BENCHMARKS / "inprocess.py"), "--requests", "20", "--reps", "1"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = {line.split()[0]: float(line.split()[1]) for line in done.stdout.splitlines()[1:] if line.strip()}
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from benchlib.routes import BY_NAME
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert list(figures) == list(BY_NAME) and all(positive(f) for f in figures.values())
