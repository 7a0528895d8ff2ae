"""Webhook subscriptions: the Partner API's per shop and event type, the legacy Seller API's per fs_id; and what a
dialect hands the delivery engine to send (`Outgoing`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class LegacyRegistration:
    """`POST /v1/fs/{fs_id}/register`: the URLs per event type and the HMAC secret."""

    fs_id: int
    urls: dict[str, str]
    webhook_secret: str
    update_time: int


@dataclass
class ShopSubscription:
    """Update Shop Webhook (`PUT /event/202309/webhooks`): one app's address for one shop and event type."""

    app_key: str
    shop_id: str
    event_type: str
    address: str
    create_time: int
    update_time: int


@dataclass
class AppWebhookConfig:
    """What Partner Center configures for an app: its HTTP server URL and the event types it subscribed to, for
    every shop that authorized it (a shop's own subscription wins for its event type)."""

    app_key: str
    address: str
    event_types: tuple[str, ...]
    update_time: int


@dataclass(frozen=True)
class Outgoing:
    """One webhook request, rendered and signed by its dialect, for the delivery engine to send (and retry).

    `lane` orders deliveries: those of one lane (one shop's notifications to one subscriber, whatever the address)
    go out one at a time, in the order of the changes that caused them. `headers` carry the signature, never a
    secret.
    """

    dialect: str  # "partner" | "legacy"
    topic: str  # the event type (ORDER_STATUS_CHANGE) or the legacy URL field's event (order_status)
    url: str
    body: bytes
    headers: tuple[tuple[str, str], ...]
    lane: str
    shop_id: str | None
    subscriber: str  # the app_key (Partner) or fs_id (legacy) it is signed for
    event_seq: int | None = None  # the domain event it reports (None: a manual trigger or a replay)
