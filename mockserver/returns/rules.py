"""What may be asked for, by whom, when: the order's stage, reasons, which units a request names, eligibility.

- Before the courier has the parcel (UNPAID ... AWAITING_COLLECTION): a cancellation, of the whole order (item-level
  cancellation is a US/UK feature: 25005010 in Indonesia, per the Cancel Order doc).
- In transit: nothing (the parcel cannot be stopped; the buyer waits for it).
- Delivered or completed, within `Windows.return_window` of delivery: refund only, return and refund, or (the
  buyer only) a replacement, per unit, for units not already in an open or successful request.
- Cancelled: nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mockserver.orders import models as om
from mockserver.orders.lookup import packages_of
from mockserver.returns import models as r
from mockserver.returns import reasons
from mockserver.returns.models import AftersaleError, Reason
from mockserver.store import Store

_TO_SHIP = frozenset({om.ON_HOLD, om.AWAITING_SHIPMENT, om.PARTIALLY_SHIPPING, om.AWAITING_COLLECTION})


def stage(order: om.Order) -> str | None:
    """The reasons' stage of the order: UNPAID, TO_SHIP, DELIVERED, or None (in transit, cancelled)."""
    if order.status == om.UNPAID:
        return reasons.UNPAID
    if order.status in _TO_SHIP:
        return reasons.TO_SHIP
    if order.status in (om.DELIVERED, om.COMPLETED):
        return reasons.DELIVERED
    return None


def collected(store: Store, order: om.Order) -> bool:
    """Some parcel of the order is with the courier or delivered: too late to cancel."""
    return any(p.status in (om.PKG_FULFILLING, om.PKG_COMPLETED) for p in packages_of(store, order))


def check_reason(name: str, kind: str, user: str, at: str | None = None) -> reasons.ReasonSpec:
    """The reason `user` gives for `kind` at stage `at`, or the documented refusal."""
    spec = reasons.get(name)
    if spec is None:
        raise AftersaleError(Reason.REASON_UNKNOWN, f"unknown reason {name!r}")
    if kind not in spec.kinds:
        if kind in reasons.REJECT_KINDS:
            why = Reason.REASON_WRONG_TYPE if spec.kinds & reasons.REJECT_KINDS else Reason.REASON_WRONG_ACTION
            raise AftersaleError(why, f"reason {name!r} is not a reason to {kind.lower()}")
        raise AftersaleError(Reason.REASON_WRONG_STAGE, f"reason {name!r} is not a {kind} reason")
    if user not in spec.users:
        raise AftersaleError(Reason.REASON_NOT_FOR_ROLE, f"reason {name!r} cannot be given by the {user.lower()}")
    if spec.offline:
        raise AftersaleError(Reason.REASON_OFFLINE, f"reason {name!r} is no longer offered")
    if at is not None and spec.stages and at not in spec.stages:
        raise AftersaleError(Reason.REASON_WRONG_STAGE, f"reason {name!r} does not fit an order in stage {at}")
    return spec


# --- which units ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Wanted:
    """What a request names: order line item ids, or (SKU id, quantity) pairs; neither means every unit."""

    line_item_ids: tuple[str, ...] = ()
    skus: tuple[tuple[str, int], ...] = ()

    @property
    def everything(self) -> bool:
        return not self.line_item_ids and not self.skus


EVERYTHING = Wanted()


def taken(store: Store, order: om.Order) -> tuple[set[str], set[str]]:
    """Line items in an open request, and line items already refunded (or replaced)."""
    open_, done = set(), set()
    for request in store.aftersales.of_order(order.id):
        if not isinstance(request, r.Return):
            continue
        if request.status in r.RETURN_OPEN or request.arbitration_status == r.ARBITRATION_IN_PROGRESS:
            open_.update(request.line_item_ids)
        elif request.status in r.RETURN_APPROVED:
            done.update(request.line_item_ids)
    return open_, done


def select(order: om.Order, wanted: Wanted, busy: Iterable[str] = (), done: Iterable[str] = ()) -> list[om.LineItem]:
    """The units a request is for. Line ids win over SKUs when both are given (the docs prefer line ids once a
    parcel was split); SKUs take the first free units of that SKU."""
    busy_ids, done_ids = set(busy), set(done)
    by_id = {li.id: li for li in order.line_items}
    if wanted.line_item_ids:
        unknown = [i for i in wanted.line_item_ids if i not in by_id]
        if unknown:
            raise AftersaleError(Reason.INVALID_REQUEST, f"line items {unknown} are not in order {order.id}")
        chosen = [by_id[i] for i in dict.fromkeys(wanted.line_item_ids)]
    elif wanted.skus:
        chosen = _by_sku(order, wanted.skus, busy_ids, done_ids)
    else:
        chosen = [li for li in order.line_items if li.id not in busy_ids and li.id not in done_ids]
        if not chosen:
            _refuse_taken(order.line_items, busy_ids)
    _refuse_taken([li for li in chosen if li.id in busy_ids or li.id in done_ids], busy_ids)
    return chosen


def _by_sku(order: om.Order, skus: Sequence[tuple[str, int]], busy: set[str], done: set[str]) -> list[om.LineItem]:
    chosen: list[om.LineItem] = []
    picked: set[str] = set()
    for sku_id, quantity in skus:
        units = [li for li in order.line_items if li.sku_id == sku_id]
        if not units:
            raise AftersaleError(Reason.INVALID_REQUEST, f"SKU {sku_id} is not in order {order.id}")
        if quantity < 1:
            raise AftersaleError(Reason.INVALID_REQUEST, f"quantity of SKU {sku_id} must be at least 1")
        if quantity > len(units):
            raise AftersaleError(Reason.TOO_MANY_ITEMS, f"order {order.id} has {len(units)} of SKU {sku_id}")
        free = [li for li in units if li.id not in busy and li.id not in done and li.id not in picked]
        if len(free) < quantity:
            _refuse_taken([li for li in units if li.id in busy or li.id in done], busy)
            raise AftersaleError(Reason.TOO_MANY_ITEMS, f"SKU {sku_id} is named more often than order has it")
        chosen += free[:quantity]
        picked.update(li.id for li in free[:quantity])
    return chosen


def _refuse_taken(items: Sequence[om.LineItem], busy: set[str]) -> None:
    if not items:
        return
    if any(li.id in busy for li in items):
        raise AftersaleError(Reason.IN_PROGRESS, "a request is already open for these items")
    raise AftersaleError(Reason.ALREADY_DONE, "these items were already refunded")


# --- eligibility (Get Aftersale Eligibility) ------------------------------------------------------------------------
CANCEL = "CANCEL"
REQUEST_TYPES = (CANCEL, r.REFUND, r.RETURN_AND_REFUND)


@dataclass(frozen=True)
class Verdict:
    request_type: str
    line_item_id: str
    sku_id: str
    refusal: str = ""  # a Reason value; "" when eligible
    detail: str = ""

    @property
    def eligible(self) -> bool:
        return not self.refusal


def eligibility(
    store: Store, order: om.Order, user: str, now: int, types: Iterable[str] = REQUEST_TYPES
) -> list[Verdict]:
    """Per unit and request type: may `user` start one now?"""
    busy, done = taken(store, order)
    pending_cancel = any(
        isinstance(a, r.Cancellation) and a.status == r.CANCEL_PENDING for a in store.aftersales.of_order(order.id)
    )
    out: list[Verdict] = []
    for kind in types:
        for li in order.line_items:
            why = _why_not(store, order, li, kind, user, now, busy, done, pending_cancel)
            out.append(Verdict(kind, li.id, li.sku_id, *why))
    return out


def _why_not(
    store: Store,
    order: om.Order,
    li: om.LineItem,
    kind: str,
    user: str,
    now: int,
    busy: set[str],
    done: set[str],
    pending_cancel: bool,
) -> tuple[str, str]:
    at = stage(order)
    if order.status == om.CANCELLED:
        return Reason.ORDER_CLOSED, "the order is cancelled"
    if kind == CANCEL:
        if order.status == om.IN_TRANSIT or (at == reasons.TO_SHIP and collected(store, order)):
            return Reason.ORDER_SHIPPED, "the order has been shipped"
        if at != reasons.TO_SHIP and at != reasons.UNPAID:
            return Reason.ORDER_STATUS, "invalid order status"
        if pending_cancel:
            return Reason.IN_PROGRESS, "a cancellation request is in process"
        return "", ""
    if at != reasons.DELIVERED:
        return Reason.ORDER_STATUS, "invalid order status"
    if not within_window(store, order, now):
        return Reason.ORDER_CLOSED, "the return window has closed"
    if li.id in busy:
        return Reason.IN_PROGRESS, "a return request is in process"
    if li.id in done:
        return Reason.ALREADY_DONE, "the item was already refunded"
    return "", ""


def within_window(store: Store, order: om.Order, now: int) -> bool:
    delivered = order.delivery_time or order.update_time
    return now <= delivered + store.aftersales.windows.return_window
