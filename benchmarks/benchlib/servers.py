"""Server processes under test: started pinned to one core, ready at their first HTTP answer, measured, stopped.

The three servers: our mock (`tokopedia-mock serve`, uvicorn, one worker), the floor app (`floor_app.py`, same
uvicorn settings) and Prism (`npx @stoplight/prism-cli mock`). Memory is the resident set of the whole process tree
(npx starts Prism as a child process).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PRISM_PACKAGE = "@stoplight/prism-cli@5"


@dataclass
class Pinning:
    """Which core the servers run on and which the load generator runs on (None: no pinning on this machine)."""

    server: int | None
    load: int | None

    @classmethod
    def detect(cls, enabled: bool = True) -> Pinning:
        cores = sorted(os.sched_getaffinity(0))
        if not enabled or len(cores) < 2 or shutil.which("taskset") is None:
            return cls(None, None)
        return cls(cores[0], cores[1])

    def server_cmd(self, cmd: list[str]) -> list[str]:
        return cmd if self.server is None else ["taskset", "-c", str(self.server), *cmd]

    def load_cmd(self, cmd: list[str]) -> list[str]:
        return cmd if self.load is None else ["taskset", "-c", str(self.load), *cmd]

    def describe(self) -> str:
        if self.server is None:
            return "not pinned (fewer than 2 cores or no taskset): figures are noisier"
        return f"server on core {self.server}, load generator on core {self.load}"


@dataclass
class Server:
    name: str
    proc: subprocess.Popen[str]
    base_url: str
    started: float  # perf_counter at spawn
    ready_seconds: float = 0.0
    ready_cpu_seconds: float = 0.0
    log: list[str] = field(default_factory=list)

    def rss_mb(self) -> float:
        return tree_rss_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += _children(p)
    return found


def _proc(pid: int, name: str) -> list[str]:
    """`/proc/<p>/<name>` of a process and each live descendant (the ones that exit meanwhile are left out)."""
    texts = []
    for p in _tree(pid):
        try:
            texts.append(Path(f"/proc/{p}/{name}").read_text())
        except OSError:
            continue
    return texts


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MiB (0 where /proc is not readable)."""
    found = (re.search(r"^VmRSS:\s+(\d+) kB", status, re.M) for status in _proc(pid, "status"))
    return sum(int(m.group(1)) for m in found if m) / 1024


_TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its live descendants have used so far.

    Unlike wall-clock figures it hardly moves when other work shares the machine, so it compares runs made at
    different times (resolution: one clock tick, 10 ms)."""
    ticks = 0
    for stat in _proc(pid, "stat"):
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return ticks / _TICK


def spawn(name: str, cmd: list[str], base_url: str | None, *, env: dict[str, str] | None = None) -> Server:
    """Start `cmd` in its own process group. Without `base_url`, it is read from the line the process prints."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
        cwd=ROOT,
        env=env,
    )
    server = Server(name, proc, base_url or "", started)
    if not base_url:
        assert proc.stdout is not None
        while not server.base_url:
            line = proc.stdout.readline()
            if not line:
                server.stop()
                raise RuntimeError(f"{name} exited before printing its URL:\n{''.join(server.log)}")
            server.log.append(line)
            if m := re.search(r"(http://127\.0\.0\.1:\d+)", line):
                server.base_url = m.group(1)
    _drain(server)
    return server


def _drain(server: Server) -> None:
    """Keep reading the server's output in the background so a chatty server (Prism logs each request) never blocks."""
    import threading

    def pump() -> None:
        assert server.proc.stdout is not None
        for line in server.proc.stdout:
            if len(server.log) < 200:
                server.log.append(line)

    threading.Thread(target=pump, daemon=True).start()


def wait_ready(server: Server, path: str, timeout: float = 60.0) -> float:
    """Seconds from spawn to the first HTTP answer on `path` (any status)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as http:
        while True:
            try:
                http.get(server.base_url + path)
                server.ready_seconds = time.perf_counter() - server.started
                server.ready_cpu_seconds = server.cpu_seconds()
                return server.ready_seconds
            except httpx.TransportError:
                if server.proc.poll() is not None or time.monotonic() > deadline:
                    server.stop()
                    raise RuntimeError(f"{server.name} did not answer:\n{''.join(server.log[-20:])}") from None
                time.sleep(0.002)


def ours(pinning: Pinning, extra: list[str] | None = None) -> Server:
    """`tokopedia-mock serve` on a free port (uvicorn, one worker; uvloop + httptools where installed)."""
    cmd = [*_console_script(), "serve", "--port", "0", "--no-access-log", "--log-level", "warning", *(extra or [])]
    server = spawn("ours", pinning.server_cmd(cmd), None)
    wait_ready(server, "/_mock/health")
    return server


def _console_script() -> list[str]:
    """`tokopedia-mock` of this interpreter's environment (what a user runs), or `python -m mockserver` without it."""
    exe = Path(sys.executable).parent / "tokopedia-mock"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mockserver"]


def floor(pinning: Pinning, captured: Path) -> Server:
    cmd = [sys.executable, str(HERE / "floor_app.py"), str(captured)]
    server = spawn("floor", pinning.server_cmd(cmd), None)
    wait_ready(server, "/_mock/health")
    return server


def prism_available() -> str | None:
    """Why Prism cannot run here, or None when npx is there (the package itself is fetched on first use)."""
    if shutil.which("npx") is None:
        return "npx not found (install Node.js and npm to compare with Prism)"
    return None


def prism_install(timeout: float = 300.0) -> str | None:
    """Fetch Prism into npx's cache once (its first start would otherwise time the download). None when ready."""
    try:
        out = subprocess.run(
            ["npx", "--yes", PRISM_PACKAGE, "--version"], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"npx {PRISM_PACKAGE} could not start: {e}"
    if out.returncode != 0:
        return f"npx {PRISM_PACKAGE} failed: {(out.stderr or out.stdout).strip()[-300:]}"
    return None


def prism(pinning: Pinning, document: Path) -> Server:
    """Prism's mock server on `document`, its default settings (static examples, request validation on)."""
    port = free_port()
    cmd = ["npx", "--yes", PRISM_PACKAGE, "mock", "-h", "127.0.0.1", "-p", str(port), str(document)]
    server = spawn(f"prism ({document.stem})", pinning.server_cmd(cmd), f"http://127.0.0.1:{port}")
    wait_ready(server, "/")
    return server
