"""Handlers for the Event API: GET / PUT / DELETE /event/202309/webhooks, per shop (shop_cipher) and app.

The docs list no business errors for these operations: a bad body answers the gateway's 36009004 (the schema
holds the `event_type` values and the 255-character `address` limit), an address that is not an http(s) URL too
(GUESS); deleting an event type that has no webhook succeeds ("regardless of whether webhook is configured or not,
the result will return success", official).
"""

from __future__ import annotations

from typing import Any

from mockserver.errors import DomainError
from mockserver.models import Shop
from mockserver.partner import errors
from mockserver.partner.call import Call, Handler
from mockserver.webhooks import subscriptions


def _shop(call: Call) -> Shop:
    shop = call.admitted.shop
    assert shop is not None, "the Event API requires shop_cipher (the gate enforces it)"
    return shop


def get_shop_webhooks(call: Call) -> dict[str, Any]:
    subs = subscriptions.of_shop(call.mock.store, call.admitted.app.app_key, _shop(call).id)
    return {
        "webhooks": [
            {
                "event_type": s.event_type,
                "address": s.address,
                "create_time": s.create_time,
                "update_time": s.update_time,
            }
            for s in subs
        ],
        "total_count": len(subs),
    }


def update_shop_webhook(call: Call) -> dict[str, Any]:
    body = call.body
    try:
        subscriptions.subscribe(
            call.mock.store,
            call.admitted.app.app_key,
            _shop(call).id,
            str(body["event_type"]),
            body["address"],
            call.mock.clock.now_s(),
        )
    except DomainError as e:
        raise errors.invalid_param(f"param {e.facts.get('field', 'body')} is invalid: {e.detail}") from None
    return {}


def delete_shop_webhook(call: Call) -> dict[str, Any]:
    store, now = call.mock.store, call.mock.clock.now_s()
    subscriptions.unsubscribe(store, call.admitted.app.app_key, _shop(call).id, str(call.body["event_type"]), now)
    return {}


HANDLERS: dict[str, Handler] = {
    "get_shop_webhooks": get_shop_webhooks,
    "update_shop_webhook": update_shop_webhook,
    "delete_shop_webhook": delete_shop_webhook,
}
