"""The Partner API's webhook subscriptions: per app, shop and event type (the Event API), and per app (Partner
Center's HTTP server URL and topics). Which addresses a change goes to. No HTTP here.

A shop's own subscription (Update Shop Webhook) wins for its event type over the app's Partner Center address
("a special webhook for a shop for a certain event", configuration guide). Deliveries go only to apps the shop has
authorized — except the deauthorization notice itself, which goes out after the authorization is gone.
"""

from __future__ import annotations

from mockserver import events
from mockserver.errors import DomainError
from mockserver.store import Store
from mockserver.webhooks.backend import ADDRESS_MAX, check_address
from mockserver.webhooks.models import AppWebhookConfig, ShopSubscription

#: Event types the Event API documents (Update/Delete Shop Webhook, `event_type`), in the docs' order.
EVENT_API_TOPICS = (
    "ORDER_STATUS_CHANGE",
    "RECIPIENT_ADDRESS_UPDATE",
    "PACKAGE_UPDATE",
    "PRODUCT_STATUS_CHANGE",
    "SELLER_DEAUTHORIZATION",
    "UPCOMING_AUTHORIZATION_EXPIRATION",
    "CANCELLATION_STATUS_CHANGE",
    "RETURN_STATUS_CHANGE",
    "NEW_CONVERSATION",
    "NEW_MESSAGE",
    "PRODUCT_INFORMATION_CHANGE",
    "PRODUCT_CREATION",
    "PRODUCT_CATEGORY_CHANGE",
    "NEW_MESSAGE_LISTENER",
    "INVOICE_STATUS_CHANGE",
    "PRODUCT_AUDIT_STATUS_CHANGE",
    "REVERSE_STATUS_UPDATE",
)
#: Topics with a webhook page but not in the Event API's list: configured in Partner Center only.
PARTNER_CENTER_TOPICS = ("INVENTORY_STATUS_CHANGE", "TOKOPEDIA_MIRROR_STATUS_CHANGE")
ALL_TOPICS = EVENT_API_TOPICS + PARTNER_CENTER_TOPICS


class UnknownTopic(DomainError):
    REASON = "webhook.unknown_topic"


def subscribe(store: Store, app_key: str, shop_id: str, event_type: str, address: str, now: int) -> ShopSubscription:
    """Create or replace the shop's address for `event_type` (Update Shop Webhook)."""
    if event_type not in EVENT_API_TOPICS:
        raise UnknownTopic(detail=f"unknown event_type {event_type!r}", field="event_type")
    address = check_address("address", address, max_length=ADDRESS_MAX)
    subs = store.shop_webhooks.setdefault((app_key, shop_id), {})
    old = subs.get(event_type)
    created = old.create_time if old is not None else now
    sub = subs[event_type] = ShopSubscription(app_key, shop_id, event_type, address, created, now)
    store.events.emit(
        events.WEBHOOK_SUBSCRIBED, now, shop_id, "shop_webhook", event_type, app_key=app_key, event_types=[event_type]
    )
    return sub


def unsubscribe(store: Store, app_key: str, shop_id: str, event_type: str, now: int) -> bool:
    """Remove the shop's address for `event_type`; False when there was none (still a success, per the docs)."""
    subs = store.shop_webhooks.get((app_key, shop_id), {})
    if subs.pop(event_type, None) is None:
        return False
    store.events.emit(events.WEBHOOK_UNSUBSCRIBED, now, shop_id, "shop_webhook", event_type, app_key=app_key)
    return True


def of_shop(store: Store, app_key: str, shop_id: str) -> list[ShopSubscription]:
    """What applies to the shop, in topic order: its own subscriptions, then the app's Partner Center topics it does
    not override (shown with the app's address and configuration time, GUESS)."""
    own = store.shop_webhooks.get((app_key, shop_id), {})
    config = store.app_webhooks.get(app_key)
    out: list[ShopSubscription] = []
    for topic in ALL_TOPICS:
        if topic in own:
            out.append(own[topic])
        elif config is not None and topic in config.event_types:
            t = config.update_time
            out.append(ShopSubscription(app_key, shop_id, topic, config.address, t, t))
    return out


def configure_app(store: Store, app_key: str, address: str, topics: list[str], now: int) -> AppWebhookConfig:
    """Partner Center: the app's HTTP server URL and its topics (replacing earlier ones); no topics removes it."""
    unknown = [t for t in topics if t not in ALL_TOPICS]
    if unknown:
        raise UnknownTopic(detail=f"unknown event types {unknown}", field="event_types")
    chosen = tuple(t for t in ALL_TOPICS if t in topics)
    if not chosen:
        store.app_webhooks.pop(app_key, None)
        store.events.emit(events.WEBHOOK_UNSUBSCRIBED, now, None, "app_webhook", app_key, app_key=app_key)
        return AppWebhookConfig(app_key, "", (), now)
    config = store.app_webhooks[app_key] = AppWebhookConfig(app_key, check_address("address", address), chosen, now)
    store.events.emit(
        events.WEBHOOK_SUBSCRIBED, now, None, "app_webhook", app_key, app_key=app_key, event_types=list(chosen)
    )
    return config


def address_for(store: Store, app_key: str, shop_id: str, topic: str) -> str | None:
    own = store.shop_webhooks.get((app_key, shop_id), {}).get(topic)
    if own is not None:
        return own.address
    config = store.app_webhooks.get(app_key)
    return config.address if config is not None and topic in config.event_types else None


def authorized(store: Store, app_key: str, shop_id: str) -> bool:
    shop = store.shops.get(shop_id)
    auth = store.authorization_for(app_key, shop.seller_id) if shop is not None else None
    return auth is not None and shop_id in auth.shop_ids


def targets(store: Store, shop_id: str, topic: str, *, app_key: str | None = None) -> list[tuple[str, str]]:
    """(app_key, address) of every app that authorized the shop and subscribed to `topic` for it, in app order.

    With `app_key`, only that app, authorized or not (the deauthorization notice: sent once it is gone)."""
    if app_key is not None:
        address = address_for(store, app_key, shop_id, topic) if app_key in store.apps else None
        return [(app_key, address)] if address else []
    out: list[tuple[str, str]] = []
    for key in store.apps:
        address = address_for(store, key, shop_id, topic)
        if address and authorized(store, key, shop_id):
            out.append((key, address))
    return out


def any_subscription(store: Store) -> bool:
    """Whether any Partner subscription exists: a change with none costs nothing more."""
    return bool(store.app_webhooks) or any(store.shop_webhooks.values())
