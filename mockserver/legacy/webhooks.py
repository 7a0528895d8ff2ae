"""Webhook registration (`POST /v1/fs/{fs_id}/register`, `GET /v1/fs/{fs_id}`) over mockserver/webhooks.

Confirmed: one URL per event type plus `webhook_secret`; URLs left out of a registration are overwritten with ""
(so clients resend the current ones). The listing shows the documented URL set; extra URL fields some clients
send (order_actions_url, product_edit_url...) are kept and listed too.
"""

from __future__ import annotations

from typing import Any

from mockserver.legacy import errors
from mockserver.store import Store
from mockserver.webhooks import backend
from mockserver.webhooks.models import LegacyRegistration

#: The URL fields of the official List Registered Webhook answer, in its order.
LISTED = (
    "order_notification_url",
    "order_cancellation_url",
    "order_status_url",
    "order_request_cancellation_url",
    "chat_notification_url",
    "product_changes_url",
    "campaign_notification_url",
    "order_partial_fulfillment_url",
)
#: Also accepted on registration (official register body and client variants).
EXTRA = (
    "product_creation_url",
    "order_actions_url",
    "order_confirm_delivery_notification_url",
    "product_edit_url",
    "product_discussion_url",
)
URL_FIELDS = LISTED + EXTRA


def _check_url(name: str, value: Any) -> str:
    try:
        return backend.check_address(name, value, allow_empty=True)
    except backend.WebhookError:
        raise errors.error("WHK_DLV_004", name) from None


def register(store: Store, fs_id: int, body: dict[str, Any], now: int) -> LegacyRegistration:
    urls = {name: _check_url(name, body.get(name)) for name in URL_FIELDS}
    return backend.register_legacy(store, fs_id, urls, str(body.get("webhook_secret") or ""), now)


def describe(store: Store, fs_id: int) -> dict[str, Any]:
    registration = store.legacy_webhooks.get(fs_id)
    urls = registration.urls if registration is not None else {}
    out: dict[str, Any] = {"fs_id": fs_id}
    out.update({name: urls.get(name, "") for name in LISTED})
    out.update({name: urls[name] for name in EXTRA if urls.get(name)})
    out["webhook_secret"] = registration.webhook_secret if registration is not None else ""
    return out
