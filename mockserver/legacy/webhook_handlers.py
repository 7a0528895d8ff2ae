"""Thin handlers for the legacy webhook tools: the payload an order's webhook carries now, and the manual trigger.

- `GET /v1/order/{order_id}/fs/{fs_id}/webhook?type=order_notification|order_status`: the payload as currently
  computed, in the standard envelope (confirmed).
- `POST /v1/fs/{fs_id}/trigger` `{"type", "order_id", "url", "is_encrypted"}` (the docs' example spells `"Type"`;
  both are read): sends that payload to `url`, or to the registered URL when it is empty; answers "success".

GUESS where the reference is silent: an unknown `type`, a malformed `order_id` or `url`, and a trigger with no URL
given or registered answer WHK_DLV_004 ("invalid <field> format"); an order that is not the app's answers
ORD_API_008 "Data Not Found" (403 RBAC_MDLW_001 when it belongs to a shop not linked to the fs_id).
"""

from __future__ import annotations

from typing import Any

from mockserver.legacy import errors, gate
from mockserver.legacy import orders as lo
from mockserver.legacy import webhook_payloads as payloads
from mockserver.legacy.call import LegacyCall, parse_int
from mockserver.orders import models as m
from mockserver.webhooks import backend


def _order(call: LegacyCall, raw: object) -> m.Order:
    value = (
        raw if isinstance(raw, int) and not isinstance(raw, bool) else parse_int(raw) if isinstance(raw, str) else None
    )
    if value is None or value <= 0:
        raise errors.error("WHK_DLV_004", "order_id")
    order = lo.find(call.store, value)
    if order is None or not lo.reached_paid(order):
        raise errors.error("ORD_API_008")
    gate.require_linked(call.auth.app, call.store.shops[order.shop_id])
    return order


def _topic(value: object) -> str:
    if value not in payloads.ORDER_TOPICS:
        raise errors.error("WHK_DLV_004", "type")
    return str(value)


def get_webhook_payload(call: LegacyCall) -> dict[str, Any]:
    topic = _topic(call.get("type"))
    order = _order(call, call.path_params["order_id"])
    return payloads.order_payload(call.store, order, call.auth.fs_id, topic)


def trigger_webhook(call: LegacyCall) -> str:
    body = call.json()
    topic = _topic(body.get("type") or body.get("Type"))
    order = _order(call, body.get("order_id"))
    try:
        url = backend.check_address("url", body.get("url"), allow_empty=True)
    except backend.WebhookError:
        raise errors.error("WHK_DLV_004", "url") from None
    registration = call.store.legacy_webhooks.get(call.auth.fs_id)
    if not url and (registration is None or not registration.urls.get(f"{topic}_url")):
        raise errors.error("WHK_DLV_004", "url")
    backend.trigger_legacy(call.store, call.auth.fs_id, topic, order.shop_id, order.id, url, call.now)
    return "success"


HANDLERS: dict[str, Any] = {
    "legacy_get_webhook_payload": get_webhook_payload,
    "legacy_trigger_webhook": trigger_webhook,
}
