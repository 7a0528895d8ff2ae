"""What a user waits for outside the hot path: cold start, `POST /_mock/reset`, the pytest plugin per test."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchlib.servers import Server


def cold_starts(start: Callable[[], Server], runs: int) -> dict[str, Any]:
    """Process start to first answer, `runs` fresh processes; each is stopped before the next starts."""
    seconds, cpu, rss = [], [], []
    for _ in range(runs):
        server = start()
        try:
            seconds.append(server.ready_seconds)
            cpu.append(server.ready_cpu_seconds)
            rss.append(server.rss_mb())
        finally:
            server.stop()
    return {
        "median_s": statistics.median(seconds),
        "runs_s": seconds,
        "cpu_s": statistics.median(cpu),
        "rss_after_start_mb": statistics.median(rss),
    }


def resets(server: Server, runs: int) -> dict[str, Any]:
    """`POST /_mock/reset`, timed at the client (one keep-alive connection; the round trip is ~0.2 ms of it), and the
    server's CPU time per reset."""
    times = []
    with httpx.Client(base_url=server.base_url, timeout=60.0) as http:
        http.get("/_mock/health")
        cpu_before = server.cpu_seconds()
        for _ in range(runs):
            t = time.perf_counter()
            r = http.post("/_mock/reset")
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"POST /_mock/reset answered {r.status_code}: {r.text[:200]}")
        cpu_ms = (server.cpu_seconds() - cpu_before) / runs * 1000
    return {
        "median_ms": statistics.median(times),
        "min_ms": min(times),
        "max_ms": max(times),
        "runs": runs,
        "cpu_ms": cpu_ms,
    }


_FILES = {
    "plain": "def test_{i}():\n    assert {i} + 1 == {j}\n",
    "tokopedia_mock": "def test_{i}(tokopedia_mock):\n    assert tokopedia_mock.shop().authorized\n",
    "tokopedia_mock_server": (
        "def test_{i}(tokopedia_mock_server):\n    assert tokopedia_mock_server.shop().authorized\n"
    ),
    # A test as users write them: one signed call that reads the shop's seeded orders (its world gets built).
    "tokopedia_mock_search": (
        "def test_{i}(tokopedia_mock):\n"
        "    r = tokopedia_mock.client().post('/order/202309/orders/search', query={{'page_size': 20}}, json={{}})\n"
        "    assert r.json()['code'] == 0 and r.json()['data']['orders']\n"
    ),
}


#: The fixtures measured, each over the plain tests.
KINDS = ("tokopedia_mock", "tokopedia_mock_server", "tokopedia_mock_search")

#: Records each test's wall and CPU time (all threads of the process: the live server's included), setup to teardown.
_RECORDER = """
import json, os, time
import pytest

_times = {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        return (yield)
    finally:
        _times[item.nodeid] = (time.perf_counter() - wall, time.process_time() - cpu)


def pytest_sessionfinish(session):
    with open(os.environ["BENCH_TIMES"], "w") as f:
        json.dump(_times, f)
"""


def plugin_overhead(tests: int) -> dict[str, Any]:
    """N trivial tests with each fixture vs N plain tests, in one pytest process (plain tests first).

    Per test: the median wall (and CPU) time from setup to teardown minus the plain tests' median, leaving out the
    first test of each kind: it pays the one-off costs (importing the mock, compiling the schemas, starting the live
    server), reported on their own.
    """
    out: dict[str, Any] = {"tests": tests}
    with tempfile.TemporaryDirectory(prefix="tokopedia-mock-bench-") as tmp:
        root = Path(tmp)
        (root / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
        (root / "conftest.py").write_text(_RECORDER)
        files = []
        for kind, template in _FILES.items():
            source = "\n\n".join(template.format(i=i, j=i + 1) for i in range(tests))
            (root / f"test_{kind}.py").write_text(source)
            files.append(f"test_{kind}.py")
        times_file = root / "times.json"
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", *files],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "BENCH_TIMES": str(times_file)},
        )
        out["wall_s"] = time.perf_counter() - t
        if done.returncode != 0:
            raise RuntimeError(f"pytest on the trivial tests failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        recorded: dict[str, list[float]] = json.loads(times_file.read_text())
    per_kind: dict[str, list[tuple[float, float]]] = {kind: [] for kind in _FILES}
    for nodeid, (wall, cpu) in recorded.items():  # in run order
        per_kind[nodeid.split("::")[0].removeprefix("test_").removesuffix(".py")].append((wall, cpu))
    plain_wall = statistics.median(w for w, _ in per_kind["plain"])
    plain_cpu = statistics.median(c for _, c in per_kind["plain"])
    out["plain_per_test_ms"] = plain_wall * 1000
    for kind in KINDS:
        times = per_kind[kind]
        rest = times[1:] or times
        out[f"{kind}_per_test_ms"] = (statistics.median(w for w, _ in rest) - plain_wall) * 1000
        out[f"{kind}_per_test_cpu_ms"] = (statistics.median(c for _, c in rest) - plain_cpu) * 1000
        out[f"{kind}_first_test_ms"] = (times[0][0] - plain_wall) * 1000
    return out
