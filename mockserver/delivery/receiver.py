"""The built-in webhook receiver: `/_mock/webhooks/receiver/{name}` records what is POSTed to it, so a test (or a
person with curl) needs no server of its own. Bounded: `MAX_NAMES` receivers, the newest `MAX_PER_NAME` requests
each, `MAX_BODY` bytes per body. No HTTP here: the control plane feeds it.

How it answers is part of the URL, so a subscription can ask for a failing or a slow receiver:
`?status=500` (100-599, default 200) and `?delay=4` (seconds before answering, at most `MAX_DELAY`).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
MAX_NAMES = 100
MAX_PER_NAME = 1000
MAX_BODY = 1024 * 1024
MAX_DELAY = 30.0


@dataclass(frozen=True)
class Received:
    seq: int
    name: str
    received_at: float  # wall clock
    mock_time: int  # the mock's clock when it arrived
    path: str
    query: str
    headers: tuple[tuple[str, str], ...]  # lower-case names, as received
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k == name), None)

    def as_dict(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "name": self.name,
            "received_at": round(self.received_at, 6),
            "mock_time": self.mock_time,
            "path": self.path,
            "query": self.query,
            "headers": dict(self.headers),
            "body": self.body.decode("utf-8", "replace"),
        }


@dataclass(frozen=True)
class Behaviour:
    status: int = 200
    delay: float = 0.0

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Behaviour:
        """From the query; ValueError when a value is out of range."""
        status = int(params.get("status") or 200)
        delay = float(params.get("delay") or 0)
        if not 100 <= status <= 599 or not 0 <= delay <= MAX_DELAY:
            raise ValueError(f"status must be 100-599 and delay 0-{MAX_DELAY:g} seconds")
        return cls(status, delay)


class Receiver:
    def __init__(self, now: Callable[[], int]) -> None:
        self._now = now
        self._inbox: OrderedDict[str, deque[Received]] = OrderedDict()
        self._seq = 0
        self._cond = threading.Condition()

    @staticmethod
    def valid_name(name: str) -> bool:
        return NAME.fullmatch(name) is not None

    def record(self, name: str, path: str, query: str, headers: tuple[tuple[str, str], ...], body: bytes) -> Received:
        with self._cond:
            self._seq += 1
            item = Received(self._seq, name, time.time(), self._now(), path, query, headers, body[:MAX_BODY])
            box = self._inbox.get(name)
            if box is None:
                if len(self._inbox) >= MAX_NAMES:
                    self._inbox.popitem(last=False)  # the receiver used longest ago goes
                box = self._inbox[name] = deque(maxlen=MAX_PER_NAME)
            box.append(item)
            self._cond.notify_all()
            return item

    def received(self, name: str, since: int = 0) -> list[Received]:
        with self._cond:
            return [r for r in self._inbox.get(name, ()) if r.seq > since]

    def clear(self, name: str | None = None) -> None:
        with self._cond:
            if name is None:
                self._inbox.clear()
            else:
                self._inbox.pop(name, None)

    def wait_newer(self, name: str, seq: int, timeout: float) -> bool:
        """Block until `name` receives something after `seq`, or `timeout` seconds pass; whether it did."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                box = self._inbox.get(name)
                if box and box[-1].seq > seq:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.25))
