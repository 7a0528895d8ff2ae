"""What a user waits for outside the hot path: cold start, `POST /_mock/reset`, the pytest plugin per test."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchlib.servers import Server


def cold_starts(start: Callable[[], Server], runs: int) -> dict[str, Any]:
    """Process start to first answer, `runs` fresh processes; each is stopped before the next starts."""
    seconds, rss = [], []
    for _ in range(runs):
        server = start()
        try:
            seconds.append(server.ready_seconds)
            rss.append(server.rss_mb())
        finally:
            server.stop()
    return {
        "median_s": statistics.median(seconds),
        "runs_s": seconds,
        "rss_after_start_mb": statistics.median(rss),
    }


def resets(base_url: str, runs: int) -> dict[str, Any]:
    """`POST /_mock/reset`, timed at the client (one keep-alive connection; the round trip is ~0.2 ms of it)."""
    times = []
    with httpx.Client(base_url=base_url, timeout=60.0) as http:
        http.get("/_mock/health")
        for _ in range(runs):
            t = time.perf_counter()
            r = http.post("/_mock/reset")
            times.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"POST /_mock/reset answered {r.status_code}: {r.text[:200]}")
    return {"median_ms": statistics.median(times), "min_ms": min(times), "max_ms": max(times), "runs": runs}


_FILES = {
    "plain": "def test_{i}():\n    assert {i} + 1 == {j}\n",
    "tokopedia_mock": "def test_{i}(tokopedia_mock):\n    assert tokopedia_mock.shop().authorized\n",
    "tokopedia_mock_server": (
        "def test_{i}(tokopedia_mock_server):\n    assert tokopedia_mock_server.shop().authorized\n"
    ),
}


def plugin_overhead(tests: int) -> dict[str, Any]:
    """N trivial tests with each fixture vs N plain tests, in one pytest process (plain tests first).

    Per test: the median of pytest's own per-test time (setup + call + teardown, from its JUnit XML) minus the plain
    tests' median, leaving out the first test of each kind: it pays the one-off costs (importing the mock, compiling
    the schemas, starting the live server), reported on their own.
    """
    out: dict[str, Any] = {"tests": tests}
    with tempfile.TemporaryDirectory(prefix="tokopedia-mock-bench-") as tmp:
        root = Path(tmp)
        (root / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
        files = []
        for kind, template in _FILES.items():
            source = "\n\n".join(template.format(i=i, j=i + 1) for i in range(tests))
            (root / f"test_{kind}.py").write_text(source)
            files.append(f"test_{kind}.py")
        junit = root / "junit.xml"
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", *files, f"--junitxml={junit}"],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        out["wall_s"] = time.perf_counter() - t
        if done.returncode != 0:
            raise RuntimeError(f"pytest on the trivial tests failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
        per_test: dict[str, list[float]] = {kind: [] for kind in _FILES}
        for case in ET.parse(junit).iter("testcase"):
            per_test[case.get("classname", "").removeprefix("test_")].append(float(case.get("time", "0")))
    plain = statistics.median(per_test["plain"])
    out["plain_per_test_ms"] = plain * 1000
    for kind in ("tokopedia_mock", "tokopedia_mock_server"):
        times = per_test[kind]
        rest = times[1:] or times
        out[f"{kind}_per_test_ms"] = (statistics.median(rest) - plain) * 1000
        out[f"{kind}_first_test_ms"] = (times[0] - plain) * 1000
    return out
