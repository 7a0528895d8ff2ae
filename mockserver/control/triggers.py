"""Control-plane steps for the changes only webhooks report: the seller revokes the app, the authorization's expiry
comes near, the buyer changes the address, the platform mirrors a shop to Tokopedia or rules on a listing.

- `POST /_mock/authorizations/revoke` `{"shop": "migrated"}` (or `shop_id` / `shop_cipher`), `app_key`?: the
  seller removes the app from the shop -> SELLER_DEAUTHORIZATION;
- `POST /_mock/authorizations/expiry` shop, `app_key`?, `expires_in` (seconds) or `expire_time`: the authorization
  expires then -> UPCOMING_AUTHORIZATION_EXPIRATION from 30 days before;
- `POST /_mock/orders/{id}/change_address` any of `name`, `phone_number`, `address_detail`, `postal_code`: the
  buyer edits the address -> RECIPIENT_ADDRESS_UPDATE;
- `POST /_mock/shops/mirror` shop, `status` (MIRRORED, ROLLED_BACK, CANCELED): mirroring to Tokopedia ends ->
  TOKOPEDIA_MIRROR_STATUS_CHANGE;
- `POST /_mock/products/{id}/verdict` `verdict` (fail_audit, deactivate, freeze), `reason`, `platforms`?: the
  platform's audit -> PRODUCT_STATUS_CHANGE, PRODUCT_AUDIT_STATUS_CHANGE.

Errors as in control/orders.py: 400 / 36009004 bad body, 404 / 40401 unknown order, product or shop, 409 / 40901
a step not allowed now (the shop has not authorized the app, the product's status, the order's status).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.auth import backend as auth
from mockserver.auth import deadlines
from mockserver.auth.errors import UNKNOWN_SHOP, AuthError
from mockserver.catalog import verdicts
from mockserver.catalog.errors import CatalogError, Reason
from mockserver.http import json_response, read_body
from mockserver.orders import address
from mockserver.orders import models as m
from mockserver.partner import envelope, errors
from mockserver.partner.dispatch import render_error
from mockserver.runtime import Mock
from mockserver.shops import mirror

Endpoint = Callable[[Request], Awaitable[Response]]
#: The latest expiry a test may set: 10 years ahead (a bound on what the timers can be asked for).
MAX_EXPIRES_IN = 10 * 365 * 24 * 3600


class BadRequest(Exception):
    pass


def _refusal(e: Exception) -> errors.PartnerError:
    """A refused step: 404 for what does not exist, 409 for what is not allowed now."""
    missing = isinstance(e, (m.OrderNotFound, m.PackageNotFound)) or getattr(e, "reason", "") in (
        UNKNOWN_SHOP,
        Reason.PRODUCT_NOT_FOUND,
    )
    return errors.PartnerError(40401, str(e), 404) if missing else errors.PartnerError(40901, str(e), 409)


class TriggerControl:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    def _wrap(self, action: Callable[[Request, dict[str, Any], int], Any]) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            mock = self.mock
            try:
                raw = await read_body(request, mock.settings.max_body_bytes)
                body = orjson.loads(raw) if raw.strip() else {}
                if not isinstance(body, dict):
                    raise BadRequest("the body must be a JSON object")
                with mock.store.lock:
                    mock.catch_up()
                    data = action(request, body, mock.clock.now_s())
                    mock.catch_up()  # what the step made due now (an expiry notice) happens now
            except (BadRequest, orjson.JSONDecodeError, m.InvalidOrderRequest) as e:
                return render_error(errors.invalid_param(str(e) or "the body must be JSON"), mock.request_id())
            except (m.OrderError, AuthError, CatalogError, mirror.MirrorError) as e:
                return render_error(_refusal(e), mock.request_id())
            return json_response(envelope.success(data, mock.request_id()))

        return endpoint

    def _shop(self, body: dict[str, Any]) -> str:
        store = self.mock.store
        if body.get("shop_id") is not None:
            found = store.shops.get(str(body["shop_id"]))
        elif body.get("shop_cipher") is not None:
            found = store.shops_by_cipher.get(str(body["shop_cipher"]))
        else:
            found = store.shops.get(self.mock.refs.shops.get(str(body.get("shop", "migrated")), ""))
        if found is None:
            raise AuthError(UNKNOWN_SHOP, "no such shop: give shop_id, shop_cipher or a seed ref such as 'migrated'")
        return found.id

    def _app_key(self, body: dict[str, Any]) -> str:
        app_key = str(body.get("app_key") or self.mock.settings.app_key)
        if app_key not in self.mock.store.apps:
            raise BadRequest(f"no app {app_key!r}")
        return app_key

    # --- the seller -------------------------------------------------------------------------------------------------
    def revoke(self, request: Request, body: dict[str, Any], now: int) -> dict[str, Any]:
        shop_id, app_key = self._shop(body), self._app_key(body)
        left = auth.revoke(self.mock.store, app_key, shop_id, now)
        return {
            "app_key": app_key,
            "shop_id": shop_id,
            "revoked": True,
            "shops_still_authorized": sorted(left.shop_ids),
        }

    def expiry(self, request: Request, body: dict[str, Any], now: int) -> dict[str, Any]:
        shop_id, app_key = self._shop(body), self._app_key(body)
        if isinstance(body.get("expires_in"), int) and not isinstance(body["expires_in"], bool):
            at = now + int(body["expires_in"])
        elif isinstance(body.get("expire_time"), int) and not isinstance(body["expire_time"], bool):
            at = int(body["expire_time"])
        else:
            raise BadRequest("give 'expires_in' (seconds from now) or 'expire_time' (Unix seconds), whole numbers")
        if not now < at <= now + MAX_EXPIRES_IN:
            raise BadRequest(f"the expiry must be in the future, at most {MAX_EXPIRES_IN} seconds ahead")
        authorization = deadlines.move_expiry(self.mock.store, app_key, shop_id, at, now)
        return {
            "app_key": app_key,
            "shop_id": shop_id,
            "expire_time": authorization.expires_at,
            "next_notice_time": authorization.notice_due,
        }

    # --- the buyer ------------------------------------------------------------------------------------------------
    def change_address(self, request: Request, body: dict[str, Any], now: int) -> dict[str, Any]:
        order = address.change_address(self.mock.store, str(request.path_params["order_id"]), now, **body)
        r = order.recipient
        return {
            "order_id": order.id,
            "recipient": {
                "name": r.name,
                "phone_number": r.phone_number,
                "address_detail": r.address_detail,
                "postal_code": r.postal_code,
            },
        }

    # --- the platform -------------------------------------------------------------------------------------------------
    def mirror(self, request: Request, body: dict[str, Any], now: int) -> dict[str, Any]:
        store, status = self.mock.store, body.get("status")
        if status not in mirror.MIRROR_STATUSES:
            raise BadRequest(f"'status' must be one of {list(mirror.MIRROR_STATUSES)}")
        shop = mirror.set_mirror_status(store, store.shops[self._shop(body)], str(status), now)
        return {"shop_id": shop.id, "mirror_status": shop.mirror_status}

    def verdict(self, request: Request, body: dict[str, Any], now: int) -> dict[str, Any]:
        store = self.mock.store
        product = store.products.get(str(request.path_params["product_id"]))
        if product is None:
            raise CatalogError(Reason.PRODUCT_NOT_FOUND, f"no product {request.path_params['product_id']}")
        name = body.get("verdict")
        if name not in verdicts.VERDICTS:
            raise BadRequest(f"'verdict' must be one of {sorted(verdicts.VERDICTS)}")
        platforms = body.get("platforms")
        if platforms is not None and (
            not isinstance(platforms, list) or not all(isinstance(p, str) for p in platforms)
        ):
            raise BadRequest("'platforms' must be a list such as [\"TIKTOK_SHOP\"]")
        reason = str(body.get("reason") or "")[:500]
        verdicts.apply(store, product, str(name), reason, tuple(platforms) if platforms else None, now)
        return {"product_id": product.id, "statuses": dict(product.statuses)}

    def routes(self) -> list[Route]:
        post = [
            ("/authorizations/revoke", self.revoke),
            ("/authorizations/expiry", self.expiry),
            ("/orders/{order_id}/change_address", self.change_address),
            ("/shops/mirror", self.mirror),
            ("/products/{product_id}/verdict", self.verdict),
        ]
        return [Route(p, self._wrap(a), methods=["POST"]) for p, a in post]
