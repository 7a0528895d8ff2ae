"""Control-plane endpoints that play the buyer, the courier and the platform after a sale: /_mock/orders/{id}/
cancellations and /returns, /_mock/cancellations/..., /_mock/returns/.... Not part of the public API.

Answers use the Partner envelope and show the request as Search Cancellations / Search Returns would (newest
version), with its records and its order. Errors: 400 / 36009004 for a bad body or a reason, SKU or line item that
does not fit; 404 / 40401 for an unknown order, cancellation or return; 409 / 40901 for a step not allowed now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from mockserver.control.endpoint import BadRequest, Endpoint
from mockserver.control.orders import OrderControl
from mockserver.orders import models as m
from mockserver.partner.orders import render as order_render
from mockserver.partner.return_refund import render
from mockserver.returns import aftersales, buyer, cancellations, lookup, rules
from mockserver.returns import models as r
from mockserver.returns.models import AftersaleError, Reason
from mockserver.runtime import Mock

Action = Callable[[Request, dict[str, Any]], Any]
MAX_EVIDENCE = 9  # images, videos (GUESS: the buyer app's limit is not documented)
MAX_TEXT = 1000
NOT_FOUND = frozenset({Reason.NOT_FOUND, Reason.ORDER_NOT_FOUND})
BAD_INPUT = frozenset(
    {Reason.INVALID_REQUEST, Reason.TOO_MANY_ITEMS, Reason.PARTIAL_NOT_SUPPORTED}
    | {v for k, v in vars(Reason).items() if k.startswith("REASON_")}
)


class Invalid(BadRequest):
    """The body does not say what the step needs."""


class _Missing(m.OrderNotFound):
    def __init__(self, detail: str) -> None:
        m.OrderError.__init__(self, detail)


class ReturnControl:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        self.orders = OrderControl(mock)

    def _endpoint(self, action: Action) -> Endpoint:
        """The order steps' plumbing (JSON body, the store lock, the envelope), with this area's refusals."""

        def guarded(request: Request, body: dict[str, Any]) -> Any:
            try:
                return action(request, body)
            except AftersaleError as e:
                detail = e.detail or e.reason
                if e.reason in NOT_FOUND:
                    raise _Missing(detail) from None
                if e.reason in BAD_INPUT:
                    raise Invalid(detail) from None
                raise m.OrderError(detail) from None

        return self.orders.endpoint(guarded)

    def _now(self) -> int:
        return self.mock.clock.now_s()

    def _view(self, request: Request, item: r.Aftersale) -> dict[str, Any]:
        store, base = self.mock.store, str(request.base_url).rstrip("/")
        order = lookup.order_of(store, item)
        if isinstance(item, r.Cancellation):
            shown = {"cancellation": render.cancellation(store, item, base, None, render.NEWER)}
        else:
            assert isinstance(item, r.Return)
            shown = {"return": render.return_order(store, item, base, None, render.NEWER)}
        return shown | {"records": render.records(item, base, None), "order": order_render.order(store, order, base)}

    # --- the buyer ----------------------------------------------------------------------------------------------
    def request_cancel(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        c = cancellations.request(
            self.mock.store,
            request.path_params["order_id"],
            self._now(),
            reason=_text(body, "reason"),
            wanted=_wanted(body),
            note=_text(body, "note") or "",
            images=_media(body, "images"),
        )
        return self._view(request, c)

    def request_return(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        kind = body.get("type", r.RETURN_AND_REFUND)
        if kind not in r.RETURN_TYPES:
            raise Invalid(f"'type' must be one of {list(r.RETURN_TYPES)}")
        shipment = _text(body, "shipment_type")
        if shipment is not None and shipment not in r.SHIPMENT_TYPES:
            raise Invalid(f"'shipment_type' must be one of {list(r.SHIPMENT_TYPES)}")
        handover = _text(body, "handover_method")
        if handover is not None and handover not in (r.DROP_OFF, r.PICKUP):
            raise Invalid("'handover_method' must be DROP_OFF or PICKUP")
        spec = aftersales.NewReturn(
            type=kind,
            reason=_text(body, "reason"),
            wanted=_wanted(body),
            shipment_type=shipment,
            handover_method=handover,
            note=_text(body, "note") or "",
            images=_media(body, "images"),
            videos=_media(body, "videos"),
        )
        ret = aftersales.create(self.mock.store, request.path_params["order_id"], self._now(), spec, by=r.BUYER)
        return self._view(request, ret)

    def withdraw_cancel(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, cancellations.withdraw(self.mock.store, _id(request), self._now()))

    def ship(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        number = _text(body, "tracking_number")
        return self._view(request, buyer.ship(self.mock.store, _id(request), self._now(), tracking_number=number))

    def cancel_return(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, buyer.cancel(self.mock.store, _id(request), self._now()))

    def respond(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        accept = body.get("accept")
        if not isinstance(accept, bool):
            raise Invalid("'accept' must be true or false")
        return self._view(request, buyer.respond(self.mock.store, _id(request), self._now(), accept=accept))

    def appeal(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, buyer.appeal(self.mock.store, _id(request), self._now()))

    # --- the courier and the platform ---------------------------------------------------------------------------
    def deliver(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, buyer.deliver(self.mock.store, _id(request), self._now()))

    def arbitrate(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        decision = body.get("decision")
        if decision not in (r.SUPPORT_BUYER, r.SUPPORT_SELLER):
            raise Invalid("'decision' must be SUPPORT_BUYER or SUPPORT_SELLER")
        return self._view(request, buyer.arbitrate(self.mock.store, _id(request), self._now(), decision=decision))

    def decide_cancel(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        """The platform's customer service approves a pending cancellation, or closes it."""
        store, now, ident = self.mock.store, self._now(), _id(request)
        decision = body.get("decision")
        if decision == "APPROVE":
            return self._view(request, cancellations.approve(store, ident, now, by=r.OPERATOR))
        if decision != "CLOSE":
            raise Invalid("'decision' must be APPROVE or CLOSE")
        c = lookup.cancellation(store, ident)
        if c.status != r.CANCEL_PENDING:
            raise AftersaleError(Reason.NOT_ALLOWED, f"cancellation {ident} is {c.status}, not pending")
        cancellations.close(store, c, now, r.OPERATOR, "The platform closed the cancellation request")
        return self._view(request, c)

    def show(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        return self._view(request, lookup.any_request(self.mock.store, _id(request)))

    def routes(self) -> list[Route]:
        post = [
            ("/orders/{order_id}/cancellations", self.request_cancel),
            ("/orders/{order_id}/returns", self.request_return),
            ("/cancellations/{id}/withdraw", self.withdraw_cancel),
            ("/cancellations/{id}/decide", self.decide_cancel),
            ("/returns/{id}/ship", self.ship),
            ("/returns/{id}/deliver", self.deliver),
            ("/returns/{id}/cancel", self.cancel_return),
            ("/returns/{id}/respond", self.respond),
            ("/returns/{id}/appeal", self.appeal),
            ("/returns/{id}/arbitrate", self.arbitrate),
        ]
        get = [("/cancellations/{id}", self.show), ("/returns/{id}", self.show)]
        return [Route(p, self._endpoint(a), methods=["POST"]) for p, a in post] + [
            Route(p, self._endpoint(a), methods=["GET"]) for p, a in get
        ]


def _id(request: Request) -> str:
    return str(request.path_params["id"])


def _text(body: dict[str, Any], name: str) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise Invalid(f"'{name}' must be a string of at most {MAX_TEXT} characters")
    return value


def _media(body: dict[str, Any], name: str) -> list[str]:
    value = body.get(name) or []
    if not isinstance(value, list) or len(value) > MAX_EVIDENCE:
        raise Invalid(f"'{name}' must be a list of at most {MAX_EVIDENCE} URLs")
    if not all(isinstance(v, str) and 0 < len(v) <= 2048 for v in value):
        raise Invalid(f"'{name}' must hold URLs (strings of at most 2048 characters)")
    return list(value)


def _wanted(body: dict[str, Any]) -> rules.Wanted:
    line_ids = body.get("line_item_ids") or []
    skus = body.get("skus") or []
    if not isinstance(line_ids, list) or not all(isinstance(i, str) for i in line_ids) or len(line_ids) > 1000:
        raise Invalid("'line_item_ids' must be a list of line item ids")
    if not isinstance(skus, list) or len(skus) > 1000:
        raise Invalid('\'skus\' must be a list of {"sku_id": "...", "quantity": n}')
    pairs = []
    for s in skus:
        quantity = s.get("quantity", 1) if isinstance(s, dict) else None
        if not isinstance(s, dict) or not isinstance(s.get("sku_id"), str) or type(quantity) is not int:
            raise Invalid('\'skus\' must be a list of {"sku_id": "...", "quantity": n}')
        pairs.append((s["sku_id"], quantity))
    return rules.Wanted(tuple(line_ids), tuple(pairs))
