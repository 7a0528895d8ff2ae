"""Webhook registration (`POST /v1/fs/{fs_id}/register`, `GET /v1/fs/{fs_id}`). Delivery comes with a later issue.

Confirmed: one URL per event type plus `webhook_secret`; URLs left out of a registration are overwritten with ""
(so clients resend the current ones). The listing shows the documented URL set; extra URL fields some clients
send (order_actions_url, product_edit_url...) are kept and listed too.
"""

from __future__ import annotations

import re
from typing import Any

from mockserver.legacy import errors
from mockserver.legacy.models import LegacyState, WebhookRegistration

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
#: An http(s) URL with a host (the `pattern` of every URL field in schemas/legacy/webhook/register-webhook.json).
URL = re.compile(r"https?://[^/?#\s]+(?:[/?#]\S*)?")


def _check_url(name: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or URL.fullmatch(value) is None:
        raise errors.error("WHK_DLV_004", name)
    return value


def register(state: LegacyState, fs_id: int, body: dict[str, Any], now: int) -> WebhookRegistration:
    urls = {name: _check_url(name, body.get(name)) for name in URL_FIELDS}
    registration = WebhookRegistration(fs_id, urls, str(body.get("webhook_secret") or ""), now)
    state.webhooks[fs_id] = registration
    return registration


def describe(state: LegacyState, fs_id: int) -> dict[str, Any]:
    registration = state.webhooks.get(fs_id)
    urls = registration.urls if registration is not None else {}
    out: dict[str, Any] = {"fs_id": fs_id}
    out.update({name: urls.get(name, "") for name in LISTED})
    out.update({name: urls[name] for name in EXTRA if urls.get(name)})
    out["webhook_secret"] = registration.webhook_secret if registration is not None else ""
    return out
