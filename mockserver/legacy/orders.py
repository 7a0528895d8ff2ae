"""The shared orders as legacy orders: ids, status codes, the order list, and the seller's actions. No HTTP here.

Ids: a legacy `order_id` is 100,000,000 + the order's `seq` in the shared order book (never reused), so it stays
a 9-digit number like real ones and turns back into the order without a scan, lazy seeded orders included.
Only orders placed on Tokopedia (`commerce_platform` TOKOPEDIA) exist in the legacy API.

Status (Partner -> legacy code): UNPAID 100; ON_HOLD 220; AWAITING_SHIPMENT 220, or 400 once accepted (ack);
PARTIALLY_SHIPPING 400; AWAITING_COLLECTION 450; IN_TRANSIT 500; DELIVERED 600; COMPLETED 700; CANCELLED: 10 when
rejected (nack) or cancelled by the seller before accepting, 15 by the buyer, 0 otherwise. Accepting is the one
step the Partner API shows no twin for; the order domain keeps it (`Order.accepted_time`).

Actions call the orders backend, so both APIs see them at once: ack (220 -> 400) records the acceptance; nack
cancels as the seller; pick-up ships the package by platform logistics (-> AWAITING_COLLECTION, 450); confirm
shipping (status 500 + AWB) ships (seller shipping: under that AWB) and hands the package to the courier
(-> IN_TRANSIT, 500); set delivered (600) delivers it (-> DELIVERED).
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from typing import Any

from mockserver.catalog import stock
from mockserver.catalog.backend import Scope
from mockserver.catalog.errors import CatalogError
from mockserver.catalog.models import TOKOPEDIA
from mockserver.legacy import errors
from mockserver.legacy.catalog_policy import LEGACY
from mockserver.orders import backend, search
from mockserver.orders import models as m
from mockserver.returns import cancellations
from mockserver.returns.models import AftersaleError
from mockserver.store import Store

ORDER_ID_BASE = 100_000_000
ACCEPTED, PICKUP, SHIPPED, DELIVERED, FINISHED = 400, 450, 500, 600, 700
PAID = 220
REASON_CODES = (0, 1, 2, 3, 4, 5, 7, 8)
BUYERS_REQUEST = 8  # "Buyer's request"
REASON_MAX = {0: 512, 7: 490, 8: 490}  # documented; other codes: 512 (GUESS)
PICKUP_RESULT = "Terima kasih telah melakukan pengiriman."
WIB = 7 * 3600  # Asia/Jakarta, for the few local-time strings (pick-up request_time)
DAY = 24 * 3600


def legacy_id(order: m.Order) -> int:
    return ORDER_ID_BASE + order.seq


def find(store: Store, order_id: int) -> m.Order | None:
    """The Tokopedia order with that legacy id, materializing a lazy seeded one."""
    seq = order_id - ORDER_ID_BASE
    book = store.order_book
    if seq < 0:
        return None
    order = book.order_by_seq.get(seq)
    if order is None and book.block_of(seq, build=True) is not None:
        order = backend.order_at(store, seq)
    return order if order is not None and order.commerce_platform == TOKOPEDIA else None


def invoice(order: m.Order) -> str:
    """The newer invoice format (news 05-Apr-2024): INV/<YYYYMMDD>/MPL/<number>."""
    return f"INV/{time.strftime('%Y%m%d', time.gmtime(order.create_time))}/MPL/{legacy_id(order)}"


def find_by_invoice(store: Store, number: str) -> m.Order | None:
    match = re.fullmatch(r"INV/[0-9]{8}/[A-Z]+(?:/[IVXLC]+)?/([0-9]{1,18})", number.strip())
    order = find(store, int(match.group(1))) if match else None
    return order if order is not None and invoice(order) == number.strip() else None


def status_code(order: m.Order) -> int:
    s = order.status
    codes = {
        m.UNPAID: 100,
        m.ON_HOLD: PAID,
        m.PARTIALLY_SHIPPING: ACCEPTED,
        m.AWAITING_COLLECTION: PICKUP,
        m.IN_TRANSIT: SHIPPED,
        m.DELIVERED: DELIVERED,
        m.COMPLETED: FINISHED,
    }
    if s in codes:
        return codes[s]
    if s == m.AWAITING_SHIPMENT:
        return ACCEPTED if order.accepted_time is not None else PAID
    if order.rejection is not None:
        return 10
    if order.cancellation_initiator == m.BUYER:
        return 15
    if order.cancellation_initiator == m.SELLER and order.accepted_time is None:
        return 10
    return 0


def reached_paid(order: m.Order) -> bool:
    return order.paid_time is not None


# --- the order list ------------------------------------------------------------------------------------------------
#: Every order status code the order list's `status` filter accepts: the docs' list and the TS client's extra codes
#: (reference §6.2, confirmed); any other number answers ORD_DLV_023.
STATUS_CODES = frozenset(
    {0, 2, 3, 4, 5, 6, 10, 11, 15, 100, 103, 200, 220, 221, 400, 401, 450, 500, 501, 520, 530, 540, 550, 600, 601}
    | {690, 691, 695, 698, 699, 700, 701}
)


@dataclass(frozen=True)
class ListQuery:
    shop_ids: tuple[str, ...]
    from_date: int
    to_date: int
    warehouse_id: str | None = None
    status: int | None = None


def list_orders(store: Store, q: ListQuery, page: int, per_page: int) -> list[m.Order]:
    """Paid Tokopedia orders created in [from_date, to_date], oldest first (GUESS), filtered by legacy status.

    The walk stops at the end of the page asked for and keeps only that page: it costs the orders before it, never a
    list of every match."""
    query = search.Query(
        shop_ids=q.shop_ids,
        descending=False,
        create_ge=q.from_date,
        create_lt=q.to_date + 1,
        warehouse_ids=frozenset({q.warehouse_id}) if q.warehouse_id else None,
    )
    first, end = (page - 1) * per_page, page * per_page
    matched = 0
    out: list[m.Order] = []
    token: str | None = None
    while matched < end:
        result = search.search_orders(store, query, 500, token)
        for seq in result.seqs:
            order = backend.order_at(store, seq)
            if order.commerce_platform != TOKOPEDIA or not reached_paid(order):
                continue
            if q.status is None or status_code(order) == q.status:
                if first <= matched < end:
                    out.append(order)
                matched += 1
                if matched >= end:
                    break
        token = result.next_page_token
        if not token:
            break
    return out


# --- the seller's actions --------------------------------------------------------------------------------------------
def _open_packages(store: Store, order: m.Order, status: str) -> list[m.Package]:
    return [p for p in backend.packages_of(store, order) if p.status == status]


def accept(store: Store, order: m.Order, now: int) -> None:
    # ON_HOLD reads 220 too, but an ack could not take it to 400 (no package before the hold ends): refused (GUESS).
    if status_code(order) != PAID or order.status == m.ON_HOLD:
        raise errors.error("ORD_USC_001")
    try:
        backend.accept(store, order.id, now)
    except m.OrderError:
        raise errors.error("ORD_USC_001") from None


@dataclass(frozen=True)
class Rejection:
    reason_code: int
    reason: str
    shop_close_end_date: str = ""
    shop_close_note: str = ""
    empty_products: tuple[int, ...] = ()


def parse_rejection(body: Any) -> Rejection:
    code = body.get("reason_code")
    if code not in REASON_CODES:
        raise _body("ORD_DLV_020", f"reason_code must be one of {', '.join(map(str, REASON_CODES))}")
    reason = str(body.get("reason") or "")
    if len(reason) > REASON_MAX.get(code, 512):
        raise _body("ORD_DLV_020", f"reason is longer than {REASON_MAX.get(code, 512)} characters")
    return Rejection(
        reason_code=code,
        reason=reason,
        shop_close_end_date=str(body.get("shop_close_end_date") or ""),
        shop_close_note=str(body.get("shop_close_note") or ""),
        empty_products=tuple(body.get("empty_products") or ()),
    )


def _body(code: str, detail: str) -> errors.LegacyError:
    err = errors.error(code)
    err.reason = f"{err.reason} ({detail})"
    return err


def reject(store: Store, order: m.Order, r: Rejection, now: int, product_ids: dict[int, str]) -> None:
    """Nack: allowed from 220 and 400. `product_ids` maps the order's legacy product ids to their SKU ids."""
    if status_code(order) not in (PAID, ACCEPTED) or not backend.rejectable(order):
        raise errors.error("ORD_USC_008")
    if not r.reason.strip():
        raise errors.error("ORD_USC_009")
    if r.reason_code == 4:
        _check_shop_close(r, now)
    if r.reason_code == 1 and any(p not in product_ids for p in r.empty_products):
        raise errors.error("ORD_USC_011")
    pending = cancellations.pending_of(store, order.id)
    if r.reason_code == BUYERS_REQUEST and pending is not None:
        # Accepting the buyer's cancellation request (GUESS: the legacy API has no accept endpoint of its own).
        try:
            cancellations.approve(store, pending.id, now)
        except AftersaleError:
            raise errors.error("ORD_USC_014") from None
        return
    try:
        backend.reject(store, order.id, now, reason_code=r.reason_code, reason=r.reason)
    except m.OrderError:
        raise errors.error("ORD_USC_014") from None
    # "Out of stock" empties the named products (GUESS, like Tokopedia's seller app does).
    shop = store.shops[order.shop_id]
    scope = Scope(store, shop, shop.seller_id, now, random.Random(0), authorized_shops=frozenset({shop.id}))
    for legacy_product in r.empty_products if r.reason_code == 1 else ():
        sku = store.skus.get(product_ids[legacy_product])
        if sku is None or order.warehouse_id not in sku.inventory:
            continue
        try:
            stock.set_quantity(scope, store.products[sku.product_id], sku, order.warehouse_id, 0, LEGACY)
        except CatalogError:
            pass  # a deleted product has no stock to empty


def _check_shop_close(r: Rejection, now: int) -> None:
    if not r.shop_close_end_date or not r.shop_close_note.strip():
        raise errors.error("ORD_USC_012")
    try:
        end = time.strptime(r.shop_close_end_date, "%d/%m/%Y")
    except ValueError:
        raise errors.error("ORD_USC_013") from None
    if time.strftime("%Y%m%d", end) <= time.strftime("%Y%m%d", time.gmtime(now + WIB)):
        raise errors.error("ORD_USC_013")


def request_pickup(store: Store, order: m.Order, now: int, rng: random.Random) -> int:
    """Ship the accepted order's package by platform logistics (pick-up); the answer's request time."""
    if order.pickup_requested_time is not None and order.status == m.AWAITING_COLLECTION:
        return order.pickup_requested_time  # asked again: the same answer (GUESS)
    if order.shipping_type != m.SHIPPING_TIKTOK:
        raise _detail("LGS_USC_012", "the order's courier does not pick up: confirm shipping with the AWB instead")
    if status_code(order) != ACCEPTED or order.status != m.AWAITING_SHIPMENT:
        raise _detail("LGS_USC_012", "pick-up needs an accepted order (status 400)")
    for package in _open_packages(store, order, m.PKG_TO_FULFILL):
        backend.ship(store, package.id, now, rng=rng, handover_method=m.PICKUP)
    backend.note(store, order.id, now, pickup_requested_time=now)
    return now


def _detail(code: str, detail: str) -> errors.LegacyError:
    return _body(code, detail)


def confirm_shipping(store: Store, order: m.Order, awb: str, now: int, rng: random.Random) -> None:
    """Status 500: the order leaves with the courier under `awb` (-> IN_TRANSIT)."""
    if status_code(order) not in (ACCEPTED, PICKUP):
        raise _detail("LGS_USC_006", "confirm shipping needs an accepted order (status 400 or 450)")
    try:
        if order.shipping_type == m.SHIPPING_SELLER and order.status in (m.AWAITING_SHIPMENT, m.PARTIALLY_SHIPPING):
            backend.mark_shipped(
                store, rng, order.id, now, tracking_number=awb, shipping_provider_id=order.shipping_provider_id
            )
        else:
            for package in _open_packages(store, order, m.PKG_TO_FULFILL):
                backend.ship(store, package.id, now, rng=rng, handover_method=m.DROP_OFF)
            backend.note(store, order.id, now, awb=awb)
        for package in _open_packages(store, order, m.PKG_PROCESSING):
            backend.collect(store, package.id, now)
    except m.InvalidTracking as e:
        raise _detail("LGS_USC_006", f"invalid shipping_ref_num: {e}") from None
    except m.OrderError as e:
        raise _detail("LGS_USC_006", str(e)) from None


def set_delivered(store: Store, order: m.Order, now: int) -> None:
    if status_code(order) != SHIPPED:
        raise errors.error("ORD_USC_016")
    for package in _open_packages(store, order, m.PKG_FULFILLING):
        backend.deliver(store, package.id, now)


def awb_of(store: Store, order: m.Order) -> str:
    if order.awb:
        return order.awb
    return next((p.tracking_number for p in backend.packages_of(store, order) if p.tracking_number), "")


def booking_code(order: m.Order) -> str:
    """The pick-up booking code printed on the label (format GUESS: TKP + base-36 of the order number)."""
    n, digits = legacy_id(order), ""
    while n:
        n, r = divmod(n, 36)
        digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r] + digits
    return f"TKP{digits}"


def local_time(ts: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ts + WIB))


def accept_deadline(order: m.Order) -> int:
    """Sellers have 2 days to accept a paid order and 2 more to confirm shipping (GUESS)."""
    return (order.paid_time or order.create_time) + 2 * DAY
