"""Generated order histories for the ledger's property tests: orders (prices, discounts, shipping, payment method),
how far they got (delivered, cancelled, still in transit), refunds (full or partial units, shipping, before or after
settlement), adjustments, a fee table that may change halfway — and a driver that feeds them to the ledger in time
order the way finance/feed.py does (settle when the delay is over, refunds as they complete, days closing at 00:00
UTC)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from mockserver.finance import ledger as lg
from mockserver.finance.models import (
    ADJUSTMENT_TYPES,
    CARD_PAYMENT,
    DAY,
    FEE_KINDS,
    FeeRule,
    FeeTable,
    FinanceConfig,
    Ledger,
    Refund,
    RefundLine,
    ShopLedger,
)
from mockserver.orders import lazy
from mockserver.orders import models as m
from mockserver.orders.peek import OrderView

T0 = 1780272000  # 2026-06-01T00:00:00Z
SHOP = "7000000000000000001"


@dataclass
class Adjustment:
    time: int
    kind: str
    amount: Decimal
    order: OrderView | None


@dataclass
class History:
    config: FinanceConfig
    fees: list[tuple[int, FeeTable]]
    orders: list[OrderView]
    refunds: list[Refund]
    adjustments: list[Adjustment]
    end: int


@dataclass
class Recorder:
    events: list[tuple[str, int, str, dict[str, Any]]] = field(default_factory=list)
    timers: list[tuple[int, str, str]] = field(default_factory=list)

    def emit(self, type: str, time: int, shop_id: str, kind: str, subject: str, **data: Any) -> None:  # noqa: A002
        self.events.append((type, time, subject, data))

    def schedule(self, due: int, kind: str, subject: str) -> None:
        self.timers.append((due, kind, subject))


rates = st.decimals(min_value=0, max_value=Decimal("0.12"), places=4)
caps = st.one_of(st.none(), st.integers(1, 60).map(lambda k: Decimal(k * 500)))


@st.composite
def fee_tables(draw: st.DrawFn) -> FeeTable:
    names = draw(st.lists(st.sampled_from(sorted(FEE_KINDS)), unique=True, max_size=len(FEE_KINDS)))
    return tuple(FeeRule(n, draw(rates), draw(caps)) for n in names)


@st.composite
def orders(draw: st.DrawFn, n: int) -> OrderView:
    items: list[m.LineItem] = []
    for s in range(draw(st.integers(1, 3))):
        price = draw(st.integers(1, 50_000)) * 100
        seller = draw(st.sampled_from([0, 0, draw(st.integers(0, price // 100)) * 100]))
        for u in range(draw(st.integers(1, 3))):
            platform = draw(st.sampled_from([0, 0, draw(st.integers(0, (price - seller) // 200)) * 100]))
            items.append(
                m.LineItem(
                    id=f"577{n:04d}{s}{u}",
                    sku_id=f"17{n:04d}{s}",
                    product_id=f"16{n:04d}{s}",
                    product_name=f"Produk {n}-{s}",
                    sku_name="Default",
                    seller_sku="",
                    sku_image_uri="",
                    original_price=str(price),
                    sale_price=str(price - seller),
                    seller_discount=str(seller),
                    platform_discount=str(platform),
                )
            )
    shipping = draw(st.integers(0, 60)) * 500
    method = draw(st.sampled_from([CARD_PAYMENT, "GoPay", "COD", "BCA Virtual Account"]))
    payment = lazy.build_payment(items, shipping, method, platform_shipping=draw(st.booleans()))
    create = T0 + draw(st.integers(0, 20 * DAY))
    fate = draw(st.sampled_from(["delivered", "delivered", "delivered", "cancelled", "in_transit"]))
    delivery = create + draw(st.integers(3600, 6 * DAY)) if fate == "delivered" else None
    status = {"delivered": m.DELIVERED, "cancelled": m.CANCELLED, "in_transit": m.IN_TRANSIT}[fate]
    return OrderView(
        id=f"57{n:016d}",
        seq=n,
        shop_id=SHOP,
        status=status,
        create_time=create,
        paid_time=create + 60,
        delivery_time=delivery,
        cancel_time=create + 3600 if fate == "cancelled" else None,
        shipping_type=draw(st.sampled_from([m.SHIPPING_TIKTOK, m.SHIPPING_SELLER])),
        buyer_user_id=f"7{n:018d}",
        commerce_platform=m.TIKTOK_SHOP,
        line_items=tuple(items),
        payment=payment,
    )


@st.composite
def refunds_of(draw: st.DrawFn, v: OrderView, n: int) -> list[Refund]:
    out: list[Refund] = []
    if v.status == m.CANCELLED:
        return out
    shipping_left = Decimal(v.payment.shipping_fee)
    for k in range(draw(st.integers(0, 2))):
        chosen = draw(st.lists(st.sampled_from(v.line_items), unique_by=lambda li: li.id, min_size=1, max_size=3))
        lines = []
        for li in chosen:
            buyer = Decimal(li.sale_price) - Decimal(li.platform_discount)
            full = draw(st.booleans()) or buyer <= 1
            amount = buyer if full else Decimal(draw(st.integers(1, int(buyer) - 1)))
            lines.append(RefundLine(li.id, li.sku_id, amount))
        ship = Decimal(draw(st.integers(0, int(shipping_left)))) if draw(st.booleans()) else Decimal(0)
        shipping_left -= ship
        subtotal = sum((line.amount for line in lines), Decimal(0))
        time = v.create_time + draw(st.integers(1800, 25 * DAY))
        out.append(Refund(f"return:{n}-{k}", v.id, time, "IDR", subtotal + ship, subtotal, ship, tuple(lines)))
    return out


@st.composite
def histories(draw: st.DrawFn) -> History:
    config = FinanceConfig(
        seed=draw(st.integers(0, 5)),
        seed_now=T0,
        settlement_seconds=draw(st.sampled_from([0, DAY, 7 * DAY])),
        history_days=90,
        payout_days=draw(st.sampled_from([1, 3, 7])),
        payout_seconds=draw(st.sampled_from([0, 3600, DAY])),
    )
    fees = [(0, draw(fee_tables()))]
    if draw(st.booleans()):
        fees.append((T0 + draw(st.integers(1, 25 * DAY)), draw(fee_tables())))
    views = [draw(orders(i)) for i in range(draw(st.integers(1, 8)))]
    refunds = [r for i, v in enumerate(views) for r in draw(refunds_of(v, i))]
    adjustments = [
        Adjustment(
            T0 + draw(st.integers(0, 30 * DAY)),
            draw(st.sampled_from(ADJUSTMENT_TYPES)),
            Decimal(draw(st.integers(-100_000, 100_000).filter(bool))),
            draw(st.one_of(st.none(), st.sampled_from(views))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return History(config, fees, views, refunds, adjustments, T0 + 60 * DAY)


def run(h: History) -> tuple[Ledger, ShopLedger, Recorder]:
    """Feed the history to a ledger in time order, as finance/feed.py does, and close every day up to the end."""
    ledger = Ledger(config=h.config, fees=list(h.fees))
    shop = ShopLedger(SHOP, "IDR", "***********0001", closed_through=lg.midnight(T0))
    hooks = Recorder()
    by_id = {v.id: v for v in h.orders}
    steps: list[tuple[int, int, str, Any]] = []
    for v in h.orders:
        steps.append((v.create_time, 0, v.id, ("paid", v)))
        if v.cancel_time is not None:
            steps.append((v.cancel_time, 1, v.id, ("cancelled", v)))
        if v.delivery_time is not None:
            steps.append((v.delivery_time + h.config.settlement_seconds, 2, v.id, ("settle", v)))
    steps += [(r.time, 3, r.key, ("refund", r)) for r in h.refunds]
    steps += [(a.time, 4, str(i), ("adjustment", a)) for i, a in enumerate(h.adjustments)]
    for t, _, _, (what, item) in sorted(steps, key=lambda s: s[:3]):
        lg.close_through(ledger, shop, t, hooks)
        if what == "paid":
            lg.add_unsettled(shop, item.id, item.create_time, item.seq)
        elif what == "cancelled":
            lg.drop_unsettled(shop, item.create_time, item.seq)
        elif what == "settle":
            lg.book_order(ledger, shop, item, t, hooks)
        elif what == "refund":
            ledger.refunds.setdefault(item.order_id, []).append(item)
            lg.book_refund(ledger, shop, by_id[item.order_id], item, hooks)
        else:
            lg.book_adjustment(ledger, shop, item.kind, item.amount, t, hooks, order=item.order)
    lg.close_through(ledger, shop, h.end, hooks)
    return ledger, shop, hooks
