"""The platform's deadlines for an order, in seconds (Settings, documented in the README's "Time" section).

Kept in the order book (`OrderBook.windows`) so that the timers (deadlines.py) and both dialects' renderings (the
Partner API's `*_sla_time` / `*_due_time` fields) read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.settings import Settings

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class OrderWindows:
    unpaid: int = DAY  # UNPAID -> CANCELLED by the system
    hold: int = HOUR  # ON_HOLD -> AWAITING_SHIPMENT
    # Counted from the moment the order can ship (paid, or its hold over):
    rts_sla: int = 2 * DAY  # latest shipping time (late after)
    tts_sla: int = 3 * DAY  # latest collection time (late after)
    shipping_due: int = 3 * DAY  # not shipped by then: cancelled
    collection_due: int = 5 * DAY  # not collected by then: cancelled
    delivery_sla: int = 7 * DAY  # not delivered by then: late
    delivery_due: int = 14 * DAY  # shown only (a parcel in transit is not cancelled by the mock)
    auto_complete: int = 7 * DAY  # DELIVERED -> COMPLETED

    @classmethod
    def of(cls, settings: Settings) -> OrderWindows:
        return cls(
            unpaid=settings.unpaid_cancel_seconds,
            hold=settings.on_hold_seconds,
            rts_sla=settings.rts_sla_seconds,
            tts_sla=settings.tts_sla_seconds,
            shipping_due=settings.shipping_due_seconds,
            collection_due=settings.collection_due_seconds,
            delivery_sla=settings.delivery_sla_seconds,
            delivery_due=settings.delivery_due_seconds,
            auto_complete=settings.auto_complete_seconds,
        )

    def ready(self, paid_time: int, on_hold: bool) -> int:
        """When a paid order can ship: the SLAs count from here."""
        return paid_time + (self.hold if on_hold else 0)

    def sla_points(self, ready: int) -> list[tuple[int, str]]:
        """The order's SLA moments after `ready`, in time order, by the Partner API field that shows each."""
        points = [
            (ready + self.rts_sla, "rts_sla_time"),
            (ready + self.tts_sla, "tts_sla_time"),
            (ready + self.shipping_due, "shipping_due_time"),
            (ready + self.collection_due, "collection_due_time"),
            (ready + self.delivery_sla, "delivery_sla_time"),
        ]
        return sorted(points, key=lambda p: p[0])  # stable: flags before the cancellation at the same moment
