"""How an order's money reaches the seller: revenue, shipping and fee lines per SKU, from the order's own lines.

Pure functions over an order view (`orders/peek.py` `OrderView`), a fee table and the refunds so far; no store.

- Revenue per SKU: `subtotal_before_discount` (+ original prices), `seller_discount` (−), and for refunded units
  `refund_subtotal_before_discount` (−) with `seller_discount_refund` (+): a unit refunded in full gives back its
  sale price; a partial refund gives back what the buyer got.
- Shipping per order (split over SKUs by their original subtotal): the buyer's shipping fee less shipping refunds
  (`customer_paid_shipping_fee`, +), the platform's shipping discount (`shipping_fee_discount`, +) and, for platform
  logistics, the carrier's charge (`actual_shipping_fee`, − the original shipping fee). A seller-shipped order has
  no carrier charge here: the seller paid the courier.
- Fees per SKU, negative: each rule of the fee table is a rate of the SKU's net revenue or of what the buyer paid
  for it net of refunds, rounded half-up to the minor unit, capped per order (the cap split over the SKUs).
- Settlement = revenue + shipping + fees (+ adjustments, which are their own transactions).

An order that is refunded after it settled gets one more transaction: the difference between its settlement with
the new refund and without it (`difference`), so an order's transactions always add up to its settlement with
every refund.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from mockserver.finance import money
from mockserver.finance.models import CARD_PAYMENT, FEE_KINDS, FeeRule, FeeTable, Refund
from mockserver.orders.models import SHIPPING_TIKTOK, LineItem
from mockserver.orders.peek import OrderView

ZERO = money.ZERO

REVENUE_KEYS = (
    "subtotal_before_discount_amount",
    "seller_discount_amount",
    "refund_subtotal_before_discount_amount",
    "seller_discount_refund_amount",
)
SHIPPING_KEYS = ("actual_shipping_fee_amount", "shipping_fee_discount_amount", "customer_paid_shipping_fee_amount")


@dataclass(frozen=True)
class Lines:
    """Amounts by official field name. Only `revenue`, `shipping`, `fees` and `taxes` make the settlement;
    `shipping_supplementary` and `supplementary` are "for your reference" (official docs)."""

    quantity: int = 0
    revenue: dict[str, Decimal] = field(default_factory=dict)
    shipping: dict[str, Decimal] = field(default_factory=dict)
    shipping_supplementary: dict[str, Decimal] = field(default_factory=dict)
    fees: dict[str, Decimal] = field(default_factory=dict)
    taxes: dict[str, Decimal] = field(default_factory=dict)
    supplementary: dict[str, Decimal] = field(default_factory=dict)

    @property
    def revenue_amount(self) -> Decimal:
        return money.total(self.revenue.values())

    @property
    def shipping_amount(self) -> Decimal:
        return money.total(self.shipping.values())

    @property
    def fee_tax_amount(self) -> Decimal:
        return money.total(self.fees.values()) + money.total(self.taxes.values())

    @property
    def settlement(self) -> Decimal:
        return self.revenue_amount + self.shipping_amount + self.fee_tax_amount

    def minus(self, other: Lines) -> Lines:
        return self.plus(other, -1)

    def plus(self, other: Lines, sign: int = 1) -> Lines:
        """These amounts with `other`'s added (`sign` -1: taken away), field by field."""

        def merge(a: dict[str, Decimal], b: dict[str, Decimal]) -> dict[str, Decimal]:
            return {k: a.get(k, ZERO) + sign * b.get(k, ZERO) for k in dict.fromkeys([*a, *b])}

        return Lines(
            self.quantity + sign * other.quantity,
            merge(self.revenue, other.revenue),
            merge(self.shipping, other.shipping),
            merge(self.shipping_supplementary, other.shipping_supplementary),
            merge(self.fees, other.fees),
            merge(self.taxes, other.taxes),
            merge(self.supplementary, other.supplementary),
        )


def add(parts: Iterable[Lines]) -> Lines:
    out = Lines()
    for p in parts:
        out = out.plus(p)
    return out


@dataclass(frozen=True)
class SkuLines:
    sku_id: str
    sku_name: str
    product_id: str
    product_name: str
    lines: Lines


@dataclass(frozen=True)
class OrderSettlement:
    order_id: str
    currency: str
    skus: tuple[SkuLines, ...]

    @property
    def total(self) -> Lines:
        return add(s.lines for s in self.skus)

    def amounts(self) -> tuple[Decimal, Decimal, Decimal]:
        """(revenue, shipping, fees and taxes) of the whole order, without building its total lines."""
        lines = [s.lines for s in self.skus]
        return (
            money.total(x.revenue_amount for x in lines),
            money.total(x.shipping_amount for x in lines),
            money.total(x.fee_tax_amount for x in lines),
        )

    def minus(self, other: OrderSettlement) -> OrderSettlement:
        before = {s.sku_id: s.lines for s in other.skus}
        skus = tuple(
            SkuLines(s.sku_id, s.sku_name, s.product_id, s.product_name, s.lines.minus(before.get(s.sku_id, Lines())))
            for s in self.skus
        )
        return OrderSettlement(self.order_id, self.currency, skus)


def settle(view: OrderView, table: FeeTable, refunds: Sequence[Refund]) -> OrderSettlement:
    """The order's settlement with these refunds, by SKU (first-seen order of the line items)."""
    p, cur = view.payment, view.payment.currency
    groups = _group(view.line_items)
    refunded, shipping_refund = _refunded(view, refunds)
    weights = [money.total(money.parse(li.original_price) for li in items) for items in groups.values()]
    revenue, full_units, platform_left, platform_back = [], [], [], []
    for items in groups.values():
        rev, units, left, back = _sku_revenue(items, refunded)
        revenue.append(rev)
        full_units.append(units)
        platform_left.append(left)
        platform_back.append(back)
    ship_fee, ship_platform = money.parse(p.shipping_fee), money.parse(p.shipping_fee_platform_discount)
    customer_paid = ship_fee - shipping_refund
    actual = -money.parse(p.original_shipping_fee) if view.shipping_type == SHIPPING_TIKTOK else ZERO
    shares = {
        "actual_shipping_fee_amount": money.allocate(actual, weights, cur),
        "shipping_fee_discount_amount": money.allocate(ship_platform, weights, cur),
        "customer_paid_shipping_fee_amount": money.allocate(customer_paid, weights, cur),
    }
    supp_shares = {
        "platform_shipping_fee_discount_amount": shares["shipping_fee_discount_amount"],
        "customer_shipping_fee": money.allocate(ship_fee, weights, cur),
        "refund_customer_shipping_fee": money.allocate(-shipping_refund, weights, cur),
        "fbm_shipping_cost_amount": shares["actual_shipping_fee_amount"],
        "seller_shipping_fee_discount_amount": money.allocate(
            -money.parse(p.shipping_fee_seller_discount), weights, cur
        ),
    }
    refund_total = money.total(r.total for r in refunds)
    other_shares = {
        "customer_payment_amount": money.allocate(money.parse(p.total_amount), weights, cur),
        "customer_refund_amount": money.allocate(-refund_total, weights, cur),
    }
    n = len(groups)
    net_revenue = [money.total(r.values()) for r in revenue]
    buyer_paid = [net_revenue[i] - platform_left[i] + shares["customer_paid_shipping_fee_amount"][i] for i in range(n)]
    fees = _fees(view, table, net_revenue, buyer_paid, cur)
    skus = []
    for i, (sku_id, items) in enumerate(groups.items()):
        first = items[0]
        lines = Lines(
            quantity=len(items) - full_units[i],
            revenue=revenue[i],
            shipping={k: v[i] for k, v in shares.items()},
            shipping_supplementary={k: v[i] for k, v in supp_shares.items()},
            fees={k: v[i] for k, v in fees.items()},
            taxes={},
            supplementary={
                **{k: v[i] for k, v in other_shares.items()},
                "platform_discount_amount": platform_left[i] + platform_back[i],
                "platform_discount_refund_amount": -platform_back[i],
            },
        )
        skus.append(SkuLines(sku_id, first.sku_name, first.product_id, first.product_name, lines))
    return OrderSettlement(view.id, cur, tuple(skus))


def difference(view: OrderView, table: FeeTable, before: Sequence[Refund], refund: Refund) -> OrderSettlement:
    """What one more refund changes in a settled order: its own transaction."""
    return settle(view, table, [*before, refund]).minus(settle(view, table, before))


# --- pieces ----------------------------------------------------------------------------------------------------
def _group(items: Iterable[LineItem]) -> dict[str, list[LineItem]]:
    groups: dict[str, list[LineItem]] = {}
    for li in items:
        groups.setdefault(li.sku_id, []).append(li)
    return groups


def _refunded(view: OrderView, refunds: Sequence[Refund]) -> tuple[dict[str, Decimal], Decimal]:
    """Refunded amount per line item id (lines naming only a SKU go to its first unit not yet refunded), and the
    shipping refunded."""
    ids = {li.id for li in view.line_items}
    by_sku: dict[str, list[str]] = {}
    for li in view.line_items:
        by_sku.setdefault(li.sku_id, []).append(li.id)
    out: dict[str, Decimal] = {}
    shipping = ZERO
    for r in refunds:
        shipping += r.shipping
        for line in r.lines:
            target = line.line_item_id if line.line_item_id in ids else None
            if target is None:
                target = next((i for i in by_sku.get(line.sku_id, ()) if i not in out), None)
            if target is not None:
                out[target] = out.get(target, ZERO) + line.amount
    return out, shipping


def _sku_revenue(
    items: list[LineItem], refunded: dict[str, Decimal]
) -> tuple[dict[str, Decimal], int, Decimal, Decimal]:
    """(revenue breakdown, units refunded in full, platform discount kept, platform discount taken back)."""
    original = seller = refund_sub = seller_back = platform_kept = platform_back = ZERO
    full = 0
    for li in items:
        o, s, pd = money.parse(li.original_price), money.parse(li.seller_discount), money.parse(li.platform_discount)
        original += o
        seller += s
        got = refunded.get(li.id)
        if got is None or got <= 0:
            platform_kept += pd
            continue
        sale = o - s
        if got >= sale - pd:  # refunded in full: the unit's sale price goes back
            refund_sub += o
            seller_back += s
            platform_back += pd
            full += 1
        else:
            refund_sub += got
            platform_kept += pd
    revenue = {
        "subtotal_before_discount_amount": original,
        "seller_discount_amount": -seller,
        "refund_subtotal_before_discount_amount": -refund_sub,
        "seller_discount_refund_amount": seller_back,
    }
    return revenue, full, platform_kept, platform_back


def _fees(
    view: OrderView, table: FeeTable, revenue: list[Decimal], paid: list[Decimal], cur: str
) -> dict[str, list[Decimal]]:
    out: dict[str, list[Decimal]] = {}
    for rule in table:
        basis_kind, when = FEE_KINDS[rule.name]
        basis = revenue if basis_kind == "revenue" else paid
        applies = (
            when == "always"
            or (when == "card_payment" and view.payment.method_name == CARD_PAYMENT)
            or (when == "platform_shipping_discount" and money.parse(view.payment.shipping_fee_platform_discount) > 0)
        )
        raw = [money.rounded(rule.rate * max(ZERO, b), cur) if applies else ZERO for b in basis]
        if rule.cap is not None and money.total(raw) > rule.cap:
            raw = money.allocate(rule.cap, raw, cur)
        out[f"{rule.name}_amount"] = [-x for x in raw]
    return out


# --- fee tables ---------------------------------------------------------------------------------------------------
def parse_fee_table(spec: str) -> FeeTable:
    """`"platform_commission=0.04,dynamic_commission=0.045/40000"`: name=rate[/cap per order], comma-separated."""
    rules: list[FeeRule] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        name, _, value = part.partition("=")
        rate, _, cap = value.partition("/")
        rules.append(fee_rule(name.strip(), rate.strip(), cap.strip() or None))
    return tuple(rules)


def fee_rule(name: str, rate: object, cap: object | None = None) -> FeeRule:
    if name not in FEE_KINDS:
        raise ValueError(f"unknown fee {name!r}; known: {', '.join(FEE_KINDS)}")
    r = money.parse(rate)
    if not 0 <= r <= 1:
        raise ValueError(f"fee {name}: the rate must be between 0 and 1, got {rate!r}")
    c = None if cap is None else money.parse(cap)
    if c is not None and c < 0:
        raise ValueError(f"fee {name}: the cap must not be negative, got {cap!r}")
    return FeeRule(name, r, c)


def with_changes(table: FeeTable, changes: Sequence[FeeRule]) -> FeeTable:
    """The table with some rules replaced (or added, at the end); a rate of 0 keeps the line at 0."""
    by_name = {r.name: r for r in table}
    for r in changes:
        by_name[r.name] = r
    return tuple(by_name.values())


def describe(table: FeeTable) -> list[dict[str, str | None]]:
    return [
        {"fee": f"{r.name}_amount", "rate": format(r.rate, "f"), "cap": None if r.cap is None else format(r.cap, "f")}
        for r in table
    ]
