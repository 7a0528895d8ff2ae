"""Domain events: an ordered, bounded record of every state change, written in the same critical section.

Every domain operation that changes state appends one event per change to `Store.events` while it holds the store
lock, right where it makes the change: there is no event without its change and no change without its event.
Events are plain data in neutral terms (no dialect's codes or shapes): `type` (one of the constants below), the
mock-clock `time`, the `shop_id`, the subject (`kind` and `id`), and `data` with the before/after that matter.

Consumers (webhook delivery, the request journal, tests, `GET /_mock/events`) read the log by sequence number
(`since(seq)`) or subscribe: a listener is called synchronously inside `emit`, under the store lock, so it must only
take note (enqueue) and never change the store, emit, or block (the webhook listener reads the store to render the
payload as it is at that moment, and queues it). The log keeps the newest `capacity` events; `dropped`
counts the ones that fell off, so a consumer that fell behind can tell.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

# --- event types (dialect-neutral names; each dialect maps them to its own webhooks) ------------------------------
ORDER_CREATED = "order.created"
ORDER_STATUS_CHANGED = "order.status_changed"
ORDER_ADDRESS_CHANGED = "order.address_changed"
ORDER_CANCEL_REQUESTED = "order.cancel_requested"
ORDER_ACCEPTED = "order.accepted"
ORDER_UPDATED = "order.updated"
PACKAGE_CREATED = "package.created"
PACKAGE_STATUS_CHANGED = "package.status_changed"
PACKAGE_UPDATED = "package.updated"
PRODUCT_CREATED = "product.created"
PRODUCT_CHANGED = "product.changed"
PRODUCT_STATUS_CHANGED = "product.status_changed"
INVENTORY_CHANGED = "inventory.changed"
PRICE_CHANGED = "price.changed"
IMAGE_STORED = "image.stored"
AUTH_CODE_ISSUED = "auth_code.issued"
AUTHORIZATION_GRANTED = "authorization.granted"
AUTHORIZATION_REVOKED = "authorization.revoked"
AUTHORIZATION_EXPIRY_CHANGED = "authorization.expiry_changed"
TOKEN_ISSUED = "token.issued"
TOKEN_REFRESHED = "token.refreshed"
CLIENT_TOKEN_ISSUED = "client_token.issued"
WEBHOOK_SUBSCRIBED = "webhook.subscribed"
WEBHOOK_UNSUBSCRIBED = "webhook.unsubscribed"
SHIPPING_DOCUMENT_CREATED = "shipping_document.created"
# --- returns (mockserver/returns): cancellations, returns and refunds ---
CANCELLATION_STATUS_CHANGED = "cancellation.status_changed"
RETURN_STATUS_CHANGED = "return.status_changed"
RETURN_UPDATED = "return.updated"
REFUND_COMPLETED = "refund.completed"

# --- webhooks and the changes only they report (issue 11) ---
SHOP_MIRROR_STATUS_CHANGED = "shop.mirror_status_changed"  # TikTok Shop -> Tokopedia mirroring done/rolled back
WEBHOOK_TRIGGERED = "webhook.triggered"  # the legacy API's manual trigger: one payload to send

# --- what the platform does by itself as time passes (orders/deadlines.py, auth/deadlines.py) ---
ORDER_SLA_MISSED = "order.sla_missed"
AUTH_CODE_EXPIRED = "auth_code.expired"
TOKEN_EXPIRED = "token.expired"
AUTHORIZATION_EXPIRING = "authorization.expiring"
AUTHORIZATION_EXPIRED = "authorization.expired"

# --- issue 14 (surface2): promotions, listing helpers, uploaded files ---
ACTIVITY_CREATED = "promotion.activity_created"
ACTIVITY_UPDATED = "promotion.activity_updated"  # data: `what` (details, products, products_removed)
ACTIVITY_STATUS_CHANGED = "promotion.activity_status_changed"  # data: before, after, cause
BRAND_CREATED = "brand.created"
COMPLIANCE_CHANGED = "compliance.changed"  # a manufacturer or responsible person created or edited
FILE_STORED = "file.stored"

Listener = Callable[["Event"], None]


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    type: str
    time: int  # mock-clock seconds
    shop_id: str | None
    kind: str  # what the subject is: order, package, product, sku, authorization, token, ...
    subject: str  # its id
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "type": self.type,
            "time": self.time,
            "shop_id": self.shop_id,
            "kind": self.kind,
            "subject": self.subject,
            "data": self.data,
        }


class EventLog:
    """The newest `capacity` events, in order; sequence numbers start at 1 and are never reused."""

    def __init__(self, capacity: int = 100_000) -> None:
        self.capacity = max(1, capacity)
        self._events: deque[Event] = deque(maxlen=self.capacity)
        self._next = 1
        self.dropped = 0
        self.listeners: list[Listener] = []

    def __deepcopy__(self, memo: dict[int, Any]) -> EventLog:
        # Snapshots copy the events (they are immutable) but not the listeners: those belong to the running mock.
        copy = EventLog(self.capacity)
        copy._events = deque(self._events, maxlen=self.capacity)
        copy._next, copy.dropped = self._next, self.dropped
        return copy

    def __getstate__(self) -> dict[str, Any]:
        # Persisted (durable state) without the listeners, for the same reason.
        state = dict(self.__dict__)
        state["listeners"] = []
        return state

    def emit(self, type: str, time: int, shop_id: str | None, kind: str, subject: str, /, **data: Any) -> Event:  # noqa: A002 - `type` is the event's field name
        """Append one event. The fields are positional only, so `data` may hold any name (a return's `type`)."""
        event = Event(self._next, type, int(time), shop_id, kind, subject, data)
        self._next += 1
        if len(self._events) == self.capacity:
            self.dropped += 1
        self._events.append(event)
        for listener in self.listeners:
            listener(event)
        return event

    @property
    def last_seq(self) -> int:
        return self._next - 1

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self) -> Iterator[Event]:
        return iter(self._events)

    def since(self, seq: int) -> list[Event]:
        """Events with a sequence number above `seq`, oldest first."""
        if not self._events or seq >= self.last_seq:
            return []
        first = self._events[0].seq
        start = max(0, seq + 1 - first)
        return [self._events[i] for i in range(start, len(self._events))]

    def query(
        self,
        *,
        types: frozenset[str] | None = None,
        shop_id: str | None = None,
        since: int = 0,
        since_time: int | None = None,
        subject: str | None = None,
        limit: int = 1000,
    ) -> list[Event]:
        """Matching events, oldest first, at most `limit` (the oldest ones past `since`)."""
        out: list[Event] = []
        for event in self.since(since):
            if types is not None and not _matches(event.type, types):
                continue
            if shop_id is not None and event.shop_id != shop_id:
                continue
            if since_time is not None and event.time < since_time:
                continue
            if subject is not None and event.subject != subject:
                continue
            out.append(event)
            if len(out) >= limit:
                break
        return out


def _matches(event_type: str, types: frozenset[str]) -> bool:
    """`types` holds exact types, and prefixes ending in "." ("order." matches every order event)."""
    return event_type in types or any(t.endswith(".") and event_type.startswith(t) for t in types)
