"""`tokopedia-mock serve` with a watch on its event loop, for the reliability scripts (harness.Server(watch=...)).

A task on the server's loop sleeps 5 ms at a time and notes, for every wake-up, how late it came (`lag`: the time
any request — /_mock/health included — would have waited for the loop, the machine's scheduling noise included)
and how much CPU the loop's thread spent meanwhile (`busy`: the loop running the mock's own code; a busy machine
does not add to it). At exit the worst and the 99th percentile of both go to the file named by WATCH_FILE.
"""

from __future__ import annotations

import asyncio
import atexit
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mockserver import cli, server  # noqa: E402

TICK = 0.005
lags: list[float] = []
busy: list[float] = []


async def _watch() -> None:
    while True:
        wall, cpu = time.perf_counter(), time.thread_time()
        await asyncio.sleep(TICK)
        lags.append(time.perf_counter() - wall - TICK)
        busy.append(time.thread_time() - cpu)


_startup = server.Server.startup


async def _watched_startup(self: server.Server, sockets: list | None = None) -> None:  # type: ignore[type-arg]
    await _startup(self, sockets)
    asyncio.get_running_loop().create_task(_watch())


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _dump() -> None:
    target = os.environ.get("WATCH_FILE")
    if target:
        Path(target).write_text(
            json.dumps(
                {
                    "samples": len(lags),
                    "lag_worst_ms": _p(lags, 1.0),
                    "lag_p99_ms": _p(lags, 0.99),
                    "busy_worst_ms": _p(busy, 1.0),
                    "busy_p99_ms": _p(busy, 0.99),
                }
            )
        )


server.Server.startup = _watched_startup  # type: ignore[method-assign]
atexit.register(_dump)

if __name__ == "__main__":
    sys.exit(cli.main(sys.argv[1:]))
