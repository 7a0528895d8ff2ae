"""Handlers for /authorization/{v}/shops, /seller/{v}/shops and /seller/{v}/permissions."""

from __future__ import annotations

from typing import Any

from mockserver.partner.call import Call, Handler
from mockserver.shops import backend


def get_authorized_shops(call: Call) -> dict[str, Any]:
    t = call.admitted.tokens
    return {"shops": backend.authorized_shops(call.mock.store, t.app_key, t.seller_id)}


def get_active_shops(call: Call) -> dict[str, Any]:
    return {"shops": backend.active_shops(call.mock.store, call.admitted.tokens.seller_id)}


def get_seller_permissions(call: Call) -> dict[str, Any]:
    return {"permissions": backend.permissions(call.mock.store, call.admitted.tokens.seller_id)}


HANDLERS: dict[str, Handler] = {
    "get_authorized_shops": get_authorized_shops,
    "get_active_shops": get_active_shops,
    "get_seller_permissions": get_seller_permissions,
}
