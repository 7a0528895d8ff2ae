"""Control-plane endpoints that play the buyer, the courier and the platform: /_mock/orders/..., /_mock/packages/...

Not part of the public API. Answers use the Partner envelope; errors carry the mock's own codes:
36009004 (HTTP 400) bad request body, 40401 (404) unknown order/package/shop, 40901 (409) step not allowed in the
current state, 40902 (409) not enough stock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.routing import Route

from mockserver.control.endpoint import Action, BadRequest, Endpoint, Failure, Steps
from mockserver.orders import backend, placement
from mockserver.orders import models as m
from mockserver.partner.fulfillment import render as package_render
from mockserver.partner.orders import render
from mockserver.returns import cancellations
from mockserver.returns.models import AftersaleError
from mockserver.runtime import Mock

#: The happy path, in order; `advance` walks it.
PATH = (m.UNPAID, m.AWAITING_SHIPMENT, m.AWAITING_COLLECTION, m.IN_TRANSIT, m.DELIVERED, m.COMPLETED)


class OrderControl(Steps):
    #: The order steps' errors, first match wins (an OutOfStock is an OrderError too).
    FAILURES: ClassVar[Sequence[Failure]] = [
        ((m.OrderNotFound, m.PackageNotFound), 40401, 404),
        ((m.OutOfStock,), 40902, 409),
        ((m.InvalidOrderRequest,), None, 400),
        ((m.OrderError,), 40901, 409),
    ]

    def endpoint(self, action: Action) -> Endpoint:
        """The plumbing of every order step, for other groups that refuse as orders do (control/returns.py)."""
        return self._wrap(action)

    def _base(self, request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def _view(self, request: Request, order: m.Order) -> dict[str, Any]:
        store, base = self.mock.store, self._base(request)
        return {
            "order": render.order(store, order, base),
            "packages": [package_render.detail(store, p, base) for p in backend.packages_of(store, order)],
        }

    def _order(self, request: Request) -> m.Order:
        return backend.require_order(self.mock.store, request.path_params["order_id"])

    def _package_id(self, request: Request) -> str:
        return str(request.path_params["package_id"])

    # --- the buyer and the platform --------------------------------------------------------------------------------
    def place(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        mock = self.mock
        shop_id = self._shop(body)
        items = _items(body.get("items"))
        order = backend.place_order(
            mock.store,
            mock.ids.rng,
            shop_id,
            items,
            self._now(),
            shipping_type=_opt_str(body, "shipping_type"),
            delivery_option_id=_opt_str(body, "delivery_option_id"),
            commerce_platform=_opt_str(body, "commerce_platform"),
            buyer_message=_opt_str(body, "buyer_message") or "",
            payment_method=_opt_str(body, "payment_method"),
            kind=_kind(body),
        )
        if body.get("paid"):
            backend.pay(mock.store, order.id, self._now(), on_hold=bool(body.get("on_hold")))
        return self._view(request, order)

    def show(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, self._order(request))

    def pay(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        order = backend.pay(self.mock.store, self._order(request).id, self._now(), on_hold=bool(body.get("on_hold")))
        return self._view(request, order)

    def release_hold(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, backend.release_hold(self.mock.store, self._order(request).id, self._now()))

    def request_cancel(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The buyer's cancellation request is the returns area's: the same as POST /orders/{id}/cancellations."""
        order = self._order(request)
        try:
            cancellations.request(self.mock.store, order.id, self._now(), reason=_opt_str(body, "reason"))
        except AftersaleError as e:
            raise m.InvalidTransition("request cancellation of", e.detail or order.status) from None
        return self._view(request, order)

    def cancel(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        by = body.get("by", m.BUYER)
        if by not in m.CANCEL_INITIATORS:
            raise BadRequest(f"'by' must be one of {list(m.CANCEL_INITIATORS)}")
        reason = _opt_str(body, "reason") or ""
        order = backend.cancel(self.mock.store, self._order(request).id, self._now(), by=by, reason=reason)
        return self._view(request, order)

    def complete(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, backend.complete(self.mock.store, self._order(request).id, self._now()))

    def advance(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """Walk the happy path to `to`, playing every party: pay, ship (defaults), collect, deliver, complete."""
        target = body.get("to")
        if target not in PATH:
            raise BadRequest(f"'to' must be one of {list(PATH)}")
        store, now, rng = self.mock.store, self._now(), self.mock.ids.rng
        order = self._order(request)
        rank = _rank(order.status)
        if rank is None or rank > PATH.index(target):
            raise m.InvalidTransition(f"advance to {target}", order.status)
        while order.status != target:
            before = order.status
            _step(store, order, now, rng)
            if order.status == before:  # nothing left to move (should not happen): never loop
                raise m.InvalidTransition(f"advance to {target}", order.status)
        return self._view(request, order)

    # --- the courier --------------------------------------------------------------------------------------------------
    def collect(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._package_view(request, backend.collect(self.mock.store, self._package_id(request), self._now()))

    def in_transit(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        package = backend.in_transit(self.mock.store, self._package_id(request), self._now())
        return self._package_view(request, package)

    def deliver(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._package_view(request, backend.deliver(self.mock.store, self._package_id(request), self._now()))

    def fail_delivery(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        reason = _opt_str(body, "reason") or "UNABLE_CONTACT_BUYER"
        package = backend.delivery_failed(self.mock.store, self._package_id(request), self._now(), reason)
        return self._package_view(request, package)

    def show_package(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._package_view(request, backend.require_package(self.mock.store, self._package_id(request)))

    def _package_view(self, request: Request, package: m.Package) -> dict[str, Any]:
        return self._view(request, backend.order_of(self.mock.store, package))

    def _shop(self, body: dict[str, Any]) -> str:
        return shop_in(self.mock, body)

    def routes(self) -> list[Route]:
        post = [
            ("/orders", self.place),
            ("/orders/{order_id}/pay", self.pay),
            ("/orders/{order_id}/release_hold", self.release_hold),
            ("/orders/{order_id}/request_cancel", self.request_cancel),
            ("/orders/{order_id}/cancel", self.cancel),
            ("/orders/{order_id}/complete", self.complete),
            ("/orders/{order_id}/advance", self.advance),
            ("/packages/{package_id}/collect", self.collect),
            ("/packages/{package_id}/in_transit", self.in_transit),
            ("/packages/{package_id}/deliver", self.deliver),
            ("/packages/{package_id}/fail_delivery", self.fail_delivery),
        ]
        get = [("/orders/{order_id}", self.show), ("/packages/{package_id}", self.show_package)]
        return [Route(p, self._wrap(a), methods=["POST"]) for p, a in post] + [
            Route(p, self._wrap(a), methods=["GET"]) for p, a in get
        ]


def shop_in(mock: Mock, body: dict[str, Any]) -> str:
    """The shop a control-plane body names: `shop_id`, `shop_cipher`, or a seed ref `shop` (default "migrated")."""
    store, refs = mock.store, mock.refs
    if "shop_id" in body:
        shop_id = str(body["shop_id"])
    elif "shop_cipher" in body:
        shop = store.shops_by_cipher.get(str(body["shop_cipher"]))
        shop_id = shop.id if shop else ""
    else:
        shop_id = refs.shops.get(str(body.get("shop", "migrated")), "")
    if shop_id not in store.shops:
        raise m.OrderNotFound("(no such shop: give shop_id, shop_cipher or a seed ref such as 'migrated')")
    return shop_id


def _rank(status: str) -> int | None:
    """Position on the happy path; ON_HOLD and PARTIALLY_SHIPPING count as their neighbours."""
    status = {m.ON_HOLD: m.UNPAID, m.PARTIALLY_SHIPPING: m.AWAITING_SHIPMENT}.get(status, status)
    return PATH.index(status) if status in PATH else None


def _step(store: Any, order: m.Order, now: int, rng: Any) -> None:
    """One step along the happy path, as the party whose move it is."""
    if order.status == m.UNPAID:
        backend.pay(store, order.id, now)
    elif order.status == m.ON_HOLD:
        backend.release_hold(store, order.id, now)
    elif order.status in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
        for p in backend.packages_of(store, order):
            if p.status == m.PKG_TO_FULFILL:
                if p.shipping_type == m.SHIPPING_SELLER:
                    number = f"MOCK{rng.randrange(10**10):010d}"
                    backend.ship(
                        store, p.id, now, rng=rng, tracking_number=number, shipping_provider_id=p.shipping_provider_id
                    )
                else:
                    backend.ship(store, p.id, now, rng=rng)
    elif order.status == m.AWAITING_COLLECTION:
        for p in backend.packages_of(store, order):
            if p.status == m.PKG_PROCESSING:
                backend.collect(store, p.id, now)
    elif order.status == m.IN_TRANSIT:
        for p in backend.packages_of(store, order):
            if p.status == m.PKG_FULFILLING:
                backend.deliver(store, p.id, now)
    elif order.status == m.DELIVERED:
        backend.complete(store, order.id, now)


def _opt_str(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"'{name}' must be a string")
    return value


def _kind(body: dict[str, Any]) -> placement.Kind:
    """What makes the order special (issue 14): `sample`, `replacement_of`, `pre_order_release` (Unix seconds),
    `gifts` (like `items`), `same_buyer_as` (an order id)."""
    release = body.get("pre_order_release")
    if release is not None and (not isinstance(release, int) or isinstance(release, bool) or release < 0):
        raise BadRequest("'pre_order_release' must be a Unix time in seconds")
    sample = body.get("sample", False)
    if not isinstance(sample, bool):
        raise BadRequest("'sample' must be true or false")
    return placement.Kind(
        sample=sample,
        replaced_order_id=_opt_str(body, "replacement_of") or "",
        release_date=release,
        gifts=_items(body.get("gifts")) or (),
        buyer_of=_opt_str(body, "same_buyer_as"),
    )


def _items(raw: Any) -> list[tuple[str, int]] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(i, dict) and "sku_id" in i for i in raw):
        raise BadRequest('\'items\' must be a list of {"sku_id": "...", "quantity": n}')
    out = []
    for i in raw:
        qty = i.get("quantity", 1)
        if not isinstance(qty, int) or isinstance(qty, bool):
            raise BadRequest("'quantity' must be an integer")
        out.append((str(i["sku_id"]), qty))
    return out
