"""The delivery log's records: one `Delivery` per notification, with every attempt. Plain data, no HTTP.

What the control plane shows (`GET /_mock/webhooks/deliveries`): the event, each attempt (its mock-clock time,
wall time, HTTP status, latency, error), the URL, the request's headers and body, the next retry. Requests carry
signatures, never secrets; nothing here is ever logged to the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.webhooks.models import Outgoing

QUEUED = "queued"  # waiting for its first attempt
SENDING = "sending"
RETRYING = "retrying"  # an attempt failed; the next one is due at `next_retry`
DELIVERED = "delivered"
FAILED = "failed"  # every retry failed: given up
DROPPED = "dropped"  # the queue was full when it came
FINISHED = frozenset({DELIVERED, FAILED, DROPPED})
#: Most characters of a receiver's answer kept per attempt.
ANSWER_CHARS = 1024


@dataclass(frozen=True)
class Attempt:
    number: int  # 1 = the first try, 2.. = retries
    scheduled_time: int  # the mock-clock time it was due (a retry: the failure's time + the schedule's step)
    sent_at: float  # wall-clock time it went out
    status: int | None  # the receiver's HTTP status; None: no answer
    latency_ms: float
    error: str = ""
    answer: str = ""  # the start of the receiver's body

    def as_dict(self) -> dict[str, Any]:
        return {
            "attempt": self.number,
            "scheduled_time": self.scheduled_time,
            "sent_at": round(self.sent_at, 6),
            "status": self.status,
            "latency_ms": round(self.latency_ms, 3),
            "error": self.error,
            "answer": self.answer,
        }


@dataclass
class Delivery:
    id: int
    out: Outgoing
    event_type: str  # the domain event behind it ("" for a manual trigger's replay)
    created_time: int  # mock clock
    state: str = QUEUED
    next_retry: int | None = None  # mock-clock time of the next attempt while QUEUED/RETRYING
    attempts: list[Attempt] = field(default_factory=list)
    replay_of: int | None = None

    def as_dict(self, *, with_request: bool = True) -> dict[str, Any]:
        out = self.out
        view: dict[str, Any] = {
            "id": self.id,
            "dialect": out.dialect,
            "topic": out.topic,
            "event": {"seq": out.event_seq, "type": self.event_type},
            "shop_id": out.shop_id,
            "subscriber": out.subscriber,
            "url": out.url,
            "state": self.state,
            "created_time": self.created_time,
            "next_retry_time": self.next_retry if self.state in (QUEUED, RETRYING) else None,
            "attempts": [a.as_dict() for a in self.attempts],
            "replay_of": self.replay_of,
        }
        if with_request:
            view["request"] = {
                "method": "POST",
                "headers": dict(out.headers),
                "body": out.body.decode("utf-8", "replace"),
            }
        return view
