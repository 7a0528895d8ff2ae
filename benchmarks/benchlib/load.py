"""Drive one request at a server for a while and report req/s, p50 and p99.

`wrk` (Debian package `wrk`) is the load generator: a generated Lua script sets the method, target, headers and
body, and its `done` hook prints one machine-readable line. Without wrk, `python_load` (httpx, asyncio, the same
number of keep-alive connections) stands in: its figures work for a smoke test but are not comparable with wrk's.
"""

from __future__ import annotations

import asyncio
import math
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from benchlib.routes import Request
from benchlib.servers import Pinning

_LINE = re.compile(r"^BENCH (.*)$", re.M)


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # connection errors, timeouts and non-2xx/3xx answers
    server_cpu_s: float | None = None  # CPU time the server used during the run (set by the caller)

    @property
    def cpu_us_per_request(self) -> float | None:
        if self.server_cpu_s is None or not self.requests:
            return None
        return self.server_cpu_s / self.requests * 1e6

    def to_json(self) -> dict[str, float | int | None]:
        return {**asdict(self), "cpu_us_per_request": self.cpu_us_per_request}


def lua_string(value: str | bytes) -> str:
    """A Lua string literal holding exactly these bytes (decimal escapes for anything not plain printable ASCII)."""
    raw = value.encode() if isinstance(value, str) else value
    out = []
    for b in raw:
        if 0x20 <= b < 0x7F and b not in (0x22, 0x5C):
            out.append(chr(b))
        else:
            out.append(f"\\{b:03d}")
    return '"' + "".join(out) + '"'


def lua_script(request: Request) -> str:
    lines = [
        f"wrk.method = {lua_string(request.method)}",
        f"wrk.path = {lua_string(request.target)}",
        f"wrk.body = {lua_string(request.body)}" if request.body else "wrk.body = nil",
    ]
    lines += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in request.headers]
    lines.append(
        "done = function(summary, latency, requests)\n"
        "  local e = summary.errors\n"
        '  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\\n",\n'
        "    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),\n"
        "    e.connect + e.read + e.write + e.status + e.timeout))\n"
        "end"
    )
    return "\n".join(lines) + "\n"


def parse_wrk(output: str) -> Result:
    """The figures from the line the Lua `done` hook printed."""
    m = _LINE.search(output)
    if m is None:
        raise ValueError(f"no BENCH line in wrk's output:\n{output[-500:]}")
    fields = dict(kv.split("=", 1) for kv in m.group(1).split())
    requests, seconds = int(fields["requests"]), int(fields["duration_us"]) / 1e6
    return Result(
        requests=requests,
        seconds=seconds,
        rps=requests / seconds if seconds else 0.0,
        p50_ms=int(fields["p50_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000,
        errors=int(fields["errors"]),
    )


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(base_url: str, request: Request, seconds: float, connections: int, pinning: Pinning) -> Result:
    duration = max(1, math.ceil(seconds))  # wrk counts whole seconds
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "request.lua"
        script.write_text(lua_script(request))
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base_url]
        out = subprocess.run(pinning.load_cmd(cmd), capture_output=True, text=True, check=True, timeout=duration + 60)
    return parse_wrk(out.stdout)


def python_load(base_url: str, request: Request, seconds: float, connections: int) -> Result:
    """`connections` keep-alive connections, each sending the request again as soon as its answer is in."""
    return asyncio.run(_python_load(base_url, request, seconds, connections))


async def _python_load(base_url: str, request: Request, seconds: float, connections: int) -> Result:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    url = base_url + request.target
    headers = dict(request.headers)
    async with httpx.AsyncClient(limits=limits, timeout=10.0) as http:
        started = time.perf_counter()
        deadline = started + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    r = await http.request(request.method, url, content=request.body or None, headers=headers)
                    ok = r.status_code < 400
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t)
                errors += not ok

        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - started
    if not latencies:
        return Result(0, elapsed, 0.0, 0.0, 0.0, errors)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else latencies * 99
    return Result(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=cuts[49] * 1000,
        p99_ms=cuts[98] * 1000,
        errors=errors,
    )


def run(loader: str, base_url: str, request: Request, seconds: float, connections: int, pinning: Pinning) -> Result:
    if loader == "wrk":
        return wrk(base_url, request, seconds, connections, pinning)
    return python_load(base_url, request, seconds, connections)
