"""Handlers for /logistics/{v}/warehouses, .../delivery_options and .../shipping_providers."""

from __future__ import annotations

from typing import Any

from mockserver.logistics import backend
from mockserver.partner.call import Call, Handler
from mockserver.partner.logistics import errors
from mockserver.partner.scope import shop_of


def get_warehouse_list(call: Call) -> dict[str, Any]:
    return {"warehouses": backend.warehouses(call.mock.store, shop_of(call))}


def get_warehouse_delivery_options(call: Call) -> dict[str, Any]:
    scope = call.query.get("scope", "WAREHOUSE")
    options = backend.delivery_options(call.mock.store, shop_of(call), call.path_params["warehouse_id"], scope)
    return {"delivery_options": options}


def get_shipping_providers(call: Call) -> dict[str, Any]:
    providers = backend.shipping_providers(call.mock.store, call.path_params["delivery_option_id"])
    if providers is None:
        raise errors.no_subscription()
    return {"shipping_providers": providers}


HANDLERS: dict[str, Handler] = {
    "get_warehouse_list": get_warehouse_list,
    "get_warehouse_delivery_options": get_warehouse_delivery_options,
    "get_shipping_providers": get_shipping_providers,
}
