"""Seeded order history: generated as compact arrays, materialized into `Order`s on first use.

Each seeded order is a creation time and a 128-bit salt. The salt decides, by fixed bit fields, how the order went
(paid or abandoned, on hold, cancelled by the buyer, how long each step took); `timeline()` replays that against the
seeding instant to get its status and times. Only what a search needs (status, times, buyer) is stored per order;
everything else (buyer name, address, line items, tracking) is drawn from a `Random(salt)` when the order is first
read, so a shop with a million orders starts in seconds and costs ~60 bytes per order until touched. Materializing
never depends on what else happened: same seed, same order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.orders import kinds, tracking
from mockserver.orders import models as m
from mockserver.orders.book import (
    ORDER_STATUS_CODE,
    PACKAGE_STATUS_CODE,
    SeedBlock,
    SkuSnapshot,
    bits,
    stub_shipping_type,
)
from mockserver.orders.book import line_item as line_item
from mockserver.orders.index import SEQ_BITS, TimeIndex

if TYPE_CHECKING:
    from mockserver.logistics.models import Logistics
    from mockserver.store import Store

HOUR = 3600
DAY = 24 * HOUR
#: An unpaid order is cancelled by the system after this long (GUESS: the real window is not documented).
UNPAID_TTL = DAY
#: How long an order stays ON_HOLD before it can be shipped (GUESS).
HOLD_SECONDS = HOUR


_PACKAGE_OF = {
    m.AWAITING_SHIPMENT: m.PKG_TO_FULFILL,
    m.AWAITING_COLLECTION: m.PKG_PROCESSING,
    m.IN_TRANSIT: m.PKG_FULFILLING,
    m.DELIVERED: m.PKG_COMPLETED,
    m.COMPLETED: m.PKG_COMPLETED,
}


@dataclass(slots=True)
class Timeline:
    """How a seeded order went, as of the seeding instant."""

    status: str
    update_time: int
    paid: int | None = None
    ready: int | None = None  # AWAITING_SHIPMENT from here (after ON_HOLD, if any)
    hold: bool = False
    ship: int | None = None
    collect: int | None = None
    deliver: int | None = None
    complete: int | None = None
    cancel: int | None = None
    cancel_by: str = ""

    @property
    def package_status(self) -> str | None:
        if self.ready is None:
            return None
        return m.PKG_CANCELLED if self.cancel is not None else _PACKAGE_OF[self.status]

    @property
    def package_update(self) -> int:
        for t in (self.cancel, self.deliver, self.collect, self.ship, self.ready):
            if t is not None:
                return t
        raise ValueError("no package")


def timeline(create: int, salt: int, now: int) -> Timeline:
    """Replay a seeded order's life up to `now`."""
    return Timeline(*replay(create, salt, now))


Replay = tuple[str, int, "int | None", "int | None", bool, "int | None", "int | None", "int | None", "int | None",
               "int | None", str]  # fmt: skip


def replay(create: int, salt: int, now: int) -> Replay:
    """`Timeline` fields as a tuple (cheap enough for a million orders). The salt's bit fields (low bit, width)
    decide each step; a step happens only if its time is not after `now`."""
    _ = None
    if salt & 31 == 0:  # (0, 5): 1 in 32 is never paid and is cancelled by the system
        cancel = create + UNPAID_TTL
        if cancel > now:
            return m.UNPAID, create, _, _, False, _, _, _, _, _, ""
        return m.CANCELLED, cancel, _, _, False, _, _, _, _, cancel, m.SYSTEM
    paid = create + 30 + (salt >> 5 & 0xFFF) % HOUR  # (5, 12): payment after 30 s to 1 h
    if paid > now:
        return m.UNPAID, create, _, _, False, _, _, _, _, _, ""
    hold = salt >> 17 & 15 == 0  # (17, 4): 1 in 16 goes through ON_HOLD
    ready = paid + HOLD_SECONDS if hold else paid
    if ready > now:
        return m.ON_HOLD, paid, paid, _, True, _, _, _, _, _, ""
    ship = ready + 1800 + (salt >> 42 & 0xFFFF) % (30 * HOUR)  # (42, 16): shipped 30 min to 30 h later
    if salt >> 21 & 31 < 2:  # (21, 5): 1 in 16 is cancelled by the buyer, (26, 16) after up to 12 h
        cancel = ready + (salt >> 26 & 0xFFFF) % (12 * HOUR)
        if cancel < ship:
            if cancel <= now:
                return m.CANCELLED, cancel, paid, ready, hold, _, _, _, _, cancel, m.BUYER
            return m.AWAITING_SHIPMENT, ready, paid, ready, hold, _, _, _, _, _, ""
    if ship > now:
        return m.AWAITING_SHIPMENT, ready, paid, ready, hold, _, _, _, _, _, ""
    collect = ship + 1800 + (salt >> 58 & 0xFFFFF) % DAY  # (58, 20): collected 30 min to a day later
    if collect > now:
        return m.AWAITING_COLLECTION, ship, paid, ready, hold, ship, _, _, _, _, ""
    deliver = collect + 12 * HOUR + (salt >> 78 & 0xFFFFF) % (3 * DAY)  # (78, 20): in transit 12 h to 3.5 days
    if deliver > now:
        return m.IN_TRANSIT, collect, paid, ready, hold, ship, collect, _, _, _, ""
    complete = deliver + 3 * DAY + (salt >> 98 & 0xFFFFF) % (4 * DAY)  # (98, 20): completed 3 to 7 days later
    if complete > now:
        return m.DELIVERED, deliver, paid, ready, hold, ship, collect, deliver, _, _, ""
    return m.COMPLETED, complete, paid, ready, hold, ship, collect, deliver, complete, _, ""


# --- generation ------------------------------------------------------------------------------------------------------
def generate(block: SeedBlock, n: int, span: int, rng: random.Random, *, skew: bool = False) -> None:
    """Fill `block` with `n` orders created over the `span` seconds before `block.now`, oldest first.

    `skew` crowds them towards the present (age grows with the square of the rank), so that a small shop has a few
    orders to ship today and a longer completed history; a large shop spreads them evenly.
    """
    now, start = block.now, block.now - span
    step = span / n if n else 0
    jitter = max(1, int(step))
    create, update, status = block.create, block.update, block.status
    pst, pcreate, pupdate = block.package_status, block.package_create, block.package_update
    salt_lo, salt_hi, buyer = block.salt_lo, block.salt_hi, block.buyer
    pool = block.buyer_pool
    getrandbits = rng.getrandbits
    status_code, package_code = ORDER_STATUS_CODE, PACKAGE_STATUS_CODE
    mask128 = (1 << 128) - 1
    for i in range(n):
        draw = getrandbits(192)  # 128 bits of salt, 32 of jitter, 32 for the buyer
        salt = draw & mask128
        if skew:
            ct = now - int(span * (1 - (i + (draw >> 128 & 0xFFFF) / 65536) / n) ** 2)
        else:
            ct = min(now, start + int(i * step) + (draw >> 128 & 0xFFFFFFFF) % jitter)
        st, ut, _, ready, _, ship, collect, deliver, _, cancel, _ = replay(ct, salt, now)
        create.append(ct)
        update.append(ut)
        status.append(status_code[st])
        if ready is None:
            pst.append(-1)
            pcreate.append(0)
            pupdate.append(0)
        else:
            pst.append(package_code[m.PKG_CANCELLED if cancel is not None else _PACKAGE_OF[st]])
            pcreate.append(ready)
            pupdate.append(cancel or deliver or collect or ship or ready)
        salt_lo.append(salt & 0xFFFFFFFFFFFFFFFF)
        salt_hi.append(salt >> 64)
        buyer.append((draw >> 160) % pool)


def index_block(store: Store, block: SeedBlock) -> None:
    """Load the block's keys into the order and package indexes (one sort per list, not one insert per order)."""
    book, shift, start = store.order_book, SEQ_BITS, block.start
    seqs = range(start, start + block.count)
    ckeys = [c << shift | q for c, q in zip(block.create, seqs, strict=True)]
    ukeys = [u << shift | q for u, q in zip(block.update, seqs, strict=True)]
    _load(book.orders_index, block.shop_id, m.ORDER_STATUSES, block.status, ckeys, ukeys)
    has = [i for i, code in enumerate(block.package_status) if code >= 0]
    pst = [block.package_status[i] for i in has]
    pckeys = [block.package_create[i] << shift | (start + i) for i in has]
    pukeys = [block.package_update[i] << shift | (start + i) for i in has]
    _load(book.packages_index, block.shop_id, m.PACKAGE_STATUSES, pst, pckeys, pukeys)


def _load(
    index: TimeIndex, shop_id: str, names: tuple[str, ...], codes: Sequence[int], ckeys: list[int], ukeys: list[int]
) -> None:
    index.load(shop_id, "create", None, ckeys)
    index.load(shop_id, "update", None, ukeys)
    by_status: dict[int, tuple[list[int], list[int]]] = {}
    for code, ck, uk in zip(codes, ckeys, ukeys, strict=True):
        lists = by_status.get(code)
        if lists is None:
            lists = by_status[code] = ([], [])
        lists[0].append(ck)
        lists[1].append(uk)
    for code, (cks, uks) in by_status.items():
        index.load(shop_id, "create", names[code], cks)
        index.load(shop_id, "update", names[code], uks)


# --- materialization -------------------------------------------------------------------------------------------------
def materialize(store: Store, block: SeedBlock, i: int, spec: dict[str, Any]) -> m.Order:
    """Turn lazy order `i` of `block` into an `Order` (and its package), register both and return the order."""
    order, package = build(store, block, i, spec)
    register(store, order, package)
    return order


def register(store: Store, order: m.Order, package: m.Package | None) -> None:
    book = store.order_book
    book.order_by_seq[order.seq] = order
    store.orders[order.id] = order
    if package is not None:
        book.package_by_seq[order.seq] = package
        store.packages[package.id] = package
        if package.tracking_number:
            book.tracking_numbers[(package.shop_id, package.tracking_number)] = package.id


def unregister(store: Store, order: m.Order, package: m.Package | None) -> None:
    """Forget a materialized seeded order that equals its seed: it is lazy again, exactly as before."""
    book = store.order_book
    del book.order_by_seq[order.seq], store.orders[order.id]
    if package is not None:
        del book.package_by_seq[order.seq], store.packages[package.id]
        if package.tracking_number:
            book.tracking_numbers.pop((package.shop_id, package.tracking_number), None)


def build(store: Store, block: SeedBlock, i: int, spec: dict[str, Any]) -> tuple[m.Order, m.Package | None]:
    """Lazy order `i` of `block` as an `Order` and its package (None before payment), registering nothing: the same
    objects every time, whatever else happened."""
    seq = block.start + i
    salt = block.salt(i)
    t = timeline(block.create[i], salt, block.now)
    rng = random.Random(salt)
    logistics = store.logistics
    shipping_type = stub_shipping_type(salt)
    option, provider_id, items, method, payment = draw_money(rng, block, logistics, spec, shipping_type, salt)
    provider = logistics.providers[provider_id]
    buyer, recipient = _buyer(block, block.buyer[i], spec)
    order = m.Order(
        id=block.order_id(i),
        seq=seq,
        shop_id=block.shop_id,
        status=t.status,
        create_time=block.create[i],
        update_time=t.update_time,
        buyer=buyer,
        recipient=recipient,
        line_items=items,
        payment=payment,
        shipping_type=shipping_type,
        warehouse_id=block.warehouse_id,
        delivery_option_id=option.id,
        delivery_option_name=option.name,
        shipping_provider_id=provider.id,
        shipping_provider_name=provider.name,
        commerce_platform=platform_of(block, salt),
        is_cod=method == "COD",
        buyer_message=rng.choice(spec["buyer_messages"]) if rng.random() < 0.2 else "",
        is_on_hold_order=t.hold,
        paid_time=t.paid,
        rts_time=t.ship,
        collection_time=t.collect,
        delivery_time=t.deliver,
        completed_time=t.complete,
    )
    kinds.apply_seeded(order, salt, block, i, t.ready)
    if t.cancel is not None:
        order.cancel_time, order.cancellation_initiator = t.cancel, t.cancel_by
        order.cancel_reason = rng.choice(spec["cancel_reasons"][t.cancel_by])
        for li in order.line_items:
            li.cancel_user, li.cancel_reason = t.cancel_by, order.cancel_reason
    package = None
    if t.ready is not None:
        package = _package(block, i, order, t, rng, provider.tracking_number(rng) if t.ship else "")
    return order, package


Money = tuple[Any, str, list[m.LineItem], str, m.Payment]


def draw_money(
    rng: random.Random, block: SeedBlock, logistics: Logistics, spec: dict[str, Any], shipping_type: str, salt: int
) -> Money:
    """The first draws of a seeded order's `Random(salt)`: delivery option and provider, line items, payment
    method and amounts. `materialize` and `peek.py` both call this, so a transient view of a lazy order has the
    very line items and payment the materialized order will have."""
    option, provider_id = _delivery(rng, logistics, shipping_type)
    items = kinds.seeded_items(salt, _line_items(rng, block.skus), block.skus)  # samples, gifts (issue 14)
    method = rng.choice(spec["payment_methods"])
    payment = build_payment(items, _shipping_fee(rng), method, platform_shipping=rng.random() < 0.5)
    if kinds.seeded_kind(salt) in (0, 1):  # samples and replacements ship free: the view's money is the order's
        kinds.ship_free(payment)
    return option, provider_id, items, method, payment


def platform_of(block: SeedBlock, salt: int) -> str | None:
    """The commerce platform of a seeded order (None outside Indonesia)."""
    if block.region != "ID":
        return None
    if m.TOKOPEDIA in block.platforms and bits(salt, 121, 1):
        return m.TOKOPEDIA
    return m.TIKTOK_SHOP


def _delivery(rng: random.Random, logistics: Logistics, shipping_type: str) -> tuple[Any, str]:
    options = logistics.options_for(shipping_type)
    option = options[0] if rng.random() < 0.6 else rng.choice(options)
    return option, rng.choice(option.providers)


def _buyer(block: SeedBlock, b: int, spec: dict[str, Any]) -> tuple[m.Buyer, m.RecipientAddress]:
    """The same buyer index always gives the same person and address (repeat customers)."""
    rng = random.Random(f"buyer:{block.seed}:{block.shop_id}:{b}")
    return make_buyer(rng, block.buyer_id(b), spec)


def make_buyer(rng: random.Random, user_id: str, spec: dict[str, Any]) -> tuple[m.Buyer, m.RecipientAddress]:
    first, last = rng.choice(spec["first_names"]), rng.choice(spec["last_names"])
    area = rng.choice(spec["areas"])
    handle = "".join(_ALNUM[d] for d in _digits(rng.getrandbits(48), 62, 8))
    nickname = f"{first.lower()}{rng.randrange(1000)}"
    # The relay address format of the official example ("v2b2V5@chat.seller.tiktok.com").
    buyer = m.Buyer(user_id=user_id, email=f"{handle}@chat.seller.tiktok.com", nickname=nickname)
    street, number = rng.choice(spec["streets"]), rng.randint(1, 250)
    detail = f"{street} No. {number}, RT {rng.randint(1, 15):03d}/RW {rng.randint(1, 12):03d}"
    recipient = m.RecipientAddress(
        name=f"{first} {last}",
        first_name=first,
        last_name=last,
        phone_number=f"+628{rng.randint(11, 59)}{rng.randrange(10**8):08d}",
        address_detail=detail,
        postal_code=area["postal_code"],
        districts=districts(area),
    )
    return buyer, recipient


_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _digits(n: int, base: int, width: int) -> list[int]:
    out = []
    for _ in range(width):
        n, d = divmod(n, base)
        out.append(d)
    return out


def districts(area: dict[str, str]) -> list[m.District]:
    return [
        m.District("L0", "Country", "Indonesia"),
        m.District("L1", "Province", area["province"]),
        m.District("L2", "City", area["city"]),
        m.District("L3", "District", area["district"]),
        m.District("L4", "Sub-district", area["village"]),
    ]


def _line_items(rng: random.Random, skus: tuple[SkuSnapshot, ...]) -> list[m.LineItem]:
    kinds = 1 if rng.random() < 0.7 else (2 if rng.random() < 0.85 else 3)
    picks = rng.sample(skus, min(kinds, len(skus)))
    items: list[m.LineItem] = []
    for snap in picks:
        units = 1 if rng.random() < 0.8 else rng.randint(2, 3)
        discount = rng.choice((0, 0, 0, snap.price // 10 // 100 * 100))
        for _ in range(units):
            items.append(line_item(rng, snap, seller_discount=discount))
    return items


def _shipping_fee(rng: random.Random) -> int:
    return rng.randrange(9000, 30001, 500)


def build_payment(
    items: list[m.LineItem], shipping: int, method: str, *, platform_shipping: bool = False, currency: str = "IDR"
) -> m.Payment:
    """Amounts follow the documented formulas: sub_total = original - discounts; total = sub_total + shipping."""
    original = sum(int(li.original_price) for li in items)
    seller_discount = sum(int(li.seller_discount) for li in items)
    platform_discount = sum(int(li.platform_discount) for li in items)
    sub_total = original - seller_discount - platform_discount
    ship_platform = min(shipping, 10000) if platform_shipping else 0
    shipping_fee = shipping - ship_platform
    return m.Payment(
        currency=currency,
        original_total_product_price=str(original),
        seller_discount=str(seller_discount),
        platform_discount=str(platform_discount),
        sub_total=str(sub_total),
        original_shipping_fee=str(shipping),
        shipping_fee_seller_discount="0",
        shipping_fee_platform_discount=str(ship_platform),
        shipping_fee=str(shipping_fee),
        tax="0",
        total_amount=str(sub_total + shipping_fee),
        method_name=method,
    )


def _package(block: SeedBlock, i: int, order: m.Order, t: Timeline, rng: random.Random, number: str) -> m.Package:
    status = t.package_status
    assert status is not None and t.ready is not None
    package = m.Package(
        id=block.package_id(i),
        seq=order.seq,
        shop_id=order.shop_id,
        order_id=order.id,
        line_item_ids=[li.id for li in order.line_items],
        status=status,
        shipping_type=order.shipping_type,
        delivery_option_id=order.delivery_option_id,
        delivery_option_name=order.delivery_option_name,
        shipping_provider_id=order.shipping_provider_id,
        shipping_provider_name=order.shipping_provider_name,
        create_time=t.ready,
        update_time=t.package_update,
        tracking_number=number,
        rts_time=t.ship,
        collection_time=t.collect,
        delivery_time=t.deliver,
        cancel_time=t.cancel,
        weight_grams=rng.randrange(200, 5000, 50),
    )
    if t.ship is not None and order.shipping_type == m.SHIPPING_TIKTOK:
        package.handover_method = m.PICKUP if rng.random() < 0.8 else m.DROP_OFF
    order.packages.append(package.id)
    for li in order.line_items:
        li.package_id = package.id
    tracking.replay(package, order, block.now)
    return package
