"""What the reliability scripts share: a mock server in a subprocess, its memory, a /_mock/health prober, and the
judge of whether an answer is in its dialect's envelope.

The scripts start `tokopedia-mock serve` as a child process (the real server: uvicorn, httptools, our limits) on
a free port, so they can read its RSS from /proc, kill it with SIGKILL, and start it again. They print figures and
assert nothing; `tests/reliability/` runs a short version of each and asserts on the figures.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mockserver.legacy.schemas import LegacySchemas  # noqa: E402


# --- the server -------------------------------------------------------------------------------------------------
@dataclass
class Server:
    """`tokopedia-mock serve` in a child process; `base_url` once it listens."""

    args: Sequence[str] = ()
    env: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"
    process: subprocess.Popen[bytes] | None = None
    base_url: str = ""
    log: Path | None = None
    #: Run it under watched_serve.py: `loop` then holds the event loop's lag and busy time (after stop()).
    watch: bool = True
    loop: dict[str, float] = field(default_factory=dict)
    _watch_file: Path | None = None

    def start(self, timeout: float = 60.0) -> Server:
        ready = Path(tempfile.mkstemp(prefix="tokopedia-mock-ready-")[1])
        ready.unlink()
        self.log = Path(tempfile.mkstemp(prefix="tokopedia-mock-log-", suffix=".txt")[1])
        entry = [str(Path(__file__).with_name("watched_serve.py"))] if self.watch else ["-m", "mockserver"]
        command = [sys.executable, *entry, "serve", "--host", self.host, "--port", "0",
                   "--ready-file", str(ready), "--no-access-log", "--log-level", "warning", *self.args]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        if self.watch:
            self._watch_file = Path(tempfile.mkstemp(prefix="tokopedia-mock-watch-")[1])
            env["WATCH_FILE"] = str(self._watch_file)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        deadline = time.monotonic() + timeout
        while not ready.exists() or not ready.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the mock did not start:\n{self.output()}")
            time.sleep(0.05)
        self.base_url = ready.read_text().strip()
        ready.unlink(missing_ok=True)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def alive(self) -> bool:
        if self.process is None or self.process.poll() is not None:
            return False
        try:
            return httpx.get(self.base_url + "/_mock/health", timeout=10).json()["code"] == 0
        except (httpx.HTTPError, ValueError, KeyError):
            return False

    def rss_mb(self) -> float:
        return _status_kb(self.pid, "VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return _status_kb(self.pid, "VmHWM") / 1024

    def kill(self) -> None:
        """SIGKILL: no shutdown, no last snapshot."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM: uvicorn's graceful shutdown (durable state writes its last snapshot)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._watch_file is not None and self._watch_file.exists():
            text = self._watch_file.read_text()
            self.loop = json.loads(text) if text else {}
            self._watch_file.unlink(missing_ok=True)

    def loop_summary(self) -> str:
        """The event loop as watched from inside the server (after stop())."""
        if not self.loop:
            return "event loop: not watched"
        w = self.loop
        return (
            f"event loop (inside the server, {w['samples']} wake-ups): busy with the mock's own work at most "
            f"{w['busy_worst_ms']:.1f} ms at a time (p99 {w['busy_p99_ms']:.1f} ms); late at most "
            f"{w['lag_worst_ms']:.1f} ms (p99 {w['lag_p99_ms']:.1f} ms, the machine's scheduling included)"
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        if self.log is not None:
            self.log.unlink(missing_ok=True)


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


# --- /_mock/health under load -----------------------------------------------------------------------------------
class HealthProbe:
    """Asks /_mock/health every `interval` seconds on its own keep-alive connection while the load runs; `worst`
    is the slowest answer (a request that stalls the event loop shows here), `failures` the ones that did not come.

    It runs in a process of its own (`python harness.py probe URL INTERVAL`), so the load generator's own work (its
    GIL, hypothesis) does not show up as the server's delay."""

    def __init__(self, base_url: str, interval: float = 0.05) -> None:
        self.url = base_url + "/_mock/health"
        self.interval = interval
        self.times: list[float] = []
        self.failures = 0
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> HealthProbe:
        self._process = subprocess.Popen(
            [sys.executable, __file__, "probe", self.url, str(self.interval)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
        assert self._process.stdout is not None
        self._process.stdout.readline()  # "ready": probing has begun
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._process is not None
        out, _ = self._process.communicate("stop\n", timeout=60)
        result = json.loads(out.strip().splitlines()[-1])
        self.times, self.failures = result["times"], result["failures"]

    @property
    def worst_ms(self) -> float:
        return 1000 * max(self.times, default=0.0)

    def percentile_ms(self, p: float) -> float:
        if not self.times:
            return 0.0
        ordered = sorted(self.times)
        return 1000 * ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> str:
        return (
            f"/_mock/health under load: {len(self.times)} probes, worst {self.worst_ms:.1f} ms, "
            f"p99 {self.percentile_ms(99):.1f} ms, median {self.percentile_ms(50):.1f} ms, failed {self.failures}"
        )


def _probe(url: str, interval: float) -> None:
    import select

    times: list[float] = []
    failures = 0
    with httpx.Client(timeout=10) as http:
        http.get(url)
        print("ready", flush=True)
        while not select.select([sys.stdin], [], [], interval)[0]:
            started = time.perf_counter()
            try:
                ok = http.get(url).status_code == 200
            except httpx.HTTPError:
                ok = False
            if ok:
                times.append(time.perf_counter() - started)
            else:
                failures += 1
    print(json.dumps({"times": times, "failures": failures}))


# --- judging answers ------------------------------------------------------------------------------------------------
#: The legacy error codes the real API answers with HTTP 500 (reference: *_USC_*, *_API_*, *_GRPC_*).
LEGACY_BUSINESS_5XX = ("_USC_", "_API_", "_GRPC_")


@dataclass
class Verdict:
    #: "ok", "app-5xx" (a server error of the mock), "documented-5xx" (501 not implemented, a legacy business
    #: error the real API answers with HTTP 500), "non-envelope" (the app answered outside its dialect's shape),
    #: "server" (the HTTP server answered a request the app never saw), "no-answer" (the connection closed).
    kind: str
    status: int
    detail: str = ""


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _partner_envelope(value: Any, data_optional: bool = False) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("code"), int)
        and isinstance(value.get("message"), str)
        and isinstance(value.get("request_id"), str)
        and (data_optional or "data" in value)
    )


def _legacy_envelope(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    header = value.get("header")
    if isinstance(header, dict) and "process_time" in header and "messages" in header and "data" in value:
        return True
    if {"data", "status", "error_message"} <= value.keys():  # the webhook registry's shape
        return True
    return "access_token" in value or {"error", "error_description"} <= value.keys()  # POST /token (OAuth)


def judge(path: str, status: int, headers: httpx.Headers | dict[str, str], body: bytes, method: str = "GET") -> Verdict:
    """Whether one answer is what the app should give: its dialect's envelope for anything but files and pages."""
    kind = (headers.get("content-type") or "").split(";")[0].strip().lower()
    if method == "HEAD" and not body:  # no body by definition: only the status can be judged
        return Verdict("app-5xx" if status >= 500 and status != 501 else "ok", status)
    legacy = LegacySchemas.claims(path) and path != "/legacy/openapi.json"
    if kind == "text/plain" and status in (400, 408, 413, 414, 431, 505):
        return Verdict("server", status, body[:80].decode("latin-1"))  # uvicorn's or our server's own answer
    value = _json(body) if kind == "application/json" else None
    if legacy:
        fine = _legacy_envelope(value) or (status == 200 and kind == "text/html")  # the shipping label
    elif path.startswith(("/_mock/", "/api/v2/token/")) or path == "/_mock":
        fine = _partner_envelope(value, data_optional=path.startswith("/api/v2/token/"))
    elif path in ("/open/authorize", "/oauth/authorize"):
        fine = (300 <= status < 400 and "location" in {k.lower() for k in headers}) or _partner_envelope(value)
    elif path in ("/", "/docs") or path.startswith("/docs/assets/"):
        fine = status < 400 or _partner_envelope(value)
    elif path in ("/openapi.json", "/legacy/openapi.json"):
        fine = status == 200 and isinstance(value, dict) or _partner_envelope(value) or _legacy_envelope(value)
    elif path.startswith(("/img/", "/_mock_files/", "/files/")) and status == 200:
        fine = True
    elif path == "/redoc":
        fine = status in (307, 308) or _partner_envelope(value)
    else:
        fine = _partner_envelope(value) or (status == 200 and kind in ("application/pdf", "image/png"))
    if status >= 500:
        if status == 501 and fine:
            return Verdict("documented-5xx", status, "not implemented")
        if legacy and fine and isinstance(value, dict):
            code = str((value.get("header") or {}).get("error_code") or "")
            if any(part in code for part in LEGACY_BUSINESS_5XX):
                return Verdict("documented-5xx", status, code)
        return Verdict("app-5xx", status, body[:160].decode("utf-8", "replace"))
    if not fine:
        return Verdict("non-envelope", status, f"{kind}: {body[:120].decode('utf-8', 'replace')}")
    return Verdict("ok", status)


@dataclass
class Tally:
    """Counts of verdicts, and a few examples of each kind that is not ok."""

    counts: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def add(self, verdict: Verdict, label: str) -> None:
        self.counts[verdict.kind] = self.counts.get(verdict.kind, 0) + 1
        if verdict.kind not in ("ok", "documented-5xx", "server"):
            shown = self.examples.setdefault(verdict.kind, [])
            if len(shown) < 8:
                shown.append(f"{label} -> {verdict.status} {verdict.detail}")

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def of(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def lines(self) -> list[str]:
        out = [f"answers: {self.total}  " + "  ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))]
        for kind, shown in self.examples.items():
            out += [f"  {kind}: {line}" for line in shown]
        return out


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def timed() -> Iterator[list[float]]:
    box = [0.0]
    started = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - started


def control_token_headers(token: str) -> dict[str, str]:
    return {"x-mock-control-token": token} if token else {}


if __name__ == "__main__" and sys.argv[1:2] == ["probe"]:
    _probe(sys.argv[2], float(sys.argv[3]))
