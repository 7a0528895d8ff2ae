"""Time to ready: how long a user waits before the mock answers, on the CLI and through the pytest fixtures.

- CLI: from spawning `tokopedia-mock serve --port 0` until GET /_mock/health answers (a fresh process each run).
- In-process, cold: a fresh interpreter until the first answer through `TokopediaMock.in_process` (what the first
  test of a session pays: imports, schemas, seed).
- In-process, per test: what the `tokopedia_mock` fixture pays for each further test (a fresh mock from the seed).
- Live, per test: what `tokopedia_mock_server` pays for each test (a fresh mock swapped into the running server),
  and the session's one-off server start.

Prints numbers; asserts nothing. Usage: python benchmarks/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

COLD_IN_PROCESS = """
import time
started = time.perf_counter()
from mockserver.harness import TokopediaMock
from mockserver.settings import Settings
mock = TokopediaMock.in_process(Settings())
assert mock.http_client().get("/_mock/health").status_code == 200
print(time.perf_counter() - started)
"""


def cli_once() -> float:
    exe = shutil.which("tokopedia-mock") or sys.exit("tokopedia-mock is not installed (pip install -e .)")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [exe, "serve", "--port", "0", "--no-access-log", "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base_url = ""
        while not base_url:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError("tokopedia-mock exited before printing its base URL")
            if m := re.search(r"base URL \(API and auth host\): (\S+)", line):
                base_url = m.group(1)
        while True:
            try:
                if httpx.get(f"{base_url}/_mock/health", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.002)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def cold_in_process_once() -> float:
    out = subprocess.run([sys.executable, "-c", COLD_IN_PROCESS], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def warm_numbers(runs: int) -> dict[str, list[float]]:
    from mockserver.schemas import SchemaRegistry
    from mockserver.settings import Settings
    from mockserver.testing import LiveServer
    from mockserver.testkit.handle import TokopediaMock, fresh_clock

    registry = SchemaRegistry()
    settings = Settings(validate_responses=True)
    TokopediaMock.in_process(settings, registry)  # warm the imports, as the session's first test did

    def in_process_test() -> None:
        mock = TokopediaMock.in_process(fresh_clock(settings), registry)
        mock.http_client().get("/_mock/health")
        mock.close()

    server_start: list[float] = []
    server = LiveServer(settings, registry=registry)
    server_start.append(timed(server.start))
    with httpx.Client(base_url=server.base_url) as http:

        def live_test() -> None:
            server.swap(fresh_clock(settings))
            http.get("/_mock/health")

        live = [timed(live_test) for _ in range(runs)]
    server.stop()
    return {
        "in-process, per test (fresh mock + first answer)": [timed(in_process_test) for _ in range(runs)],
        "live server, one-off start per session (warm imports)": server_start,
        "live server, per test (swap in a fresh mock + first answer)": live,
    }


def show(label: str, samples: list[float]) -> None:
    ms = sorted(s * 1000 for s in samples)
    print(f"{label:62} median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f}   max {ms[-1]:7.1f}   n={len(ms)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    show("CLI: spawn `tokopedia-mock serve` until /_mock/health answers", [cli_once() for _ in range(args.runs)])
    show(
        "in-process, cold (new interpreter until the first answer)", [cold_in_process_once() for _ in range(args.runs)]
    )
    for label, samples in warm_numbers(max(args.runs, 20)).items():
        show(label, samples)


if __name__ == "__main__":
    main()
