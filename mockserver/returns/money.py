"""What a cancellation or return refunds, from the order's payment lines. Calculate Refund, the requests' amounts
and the `refund.completed` event all come from `quote`, so they cannot disagree.

Rules (the docs give the fields and `refund_total = refund_subtotal + refund_shipping_fee + refund_tax`; the
policy is GUESS, see README):
- a unit refunds what the buyer paid for it: `original_price - seller_discount - platform_discount`;
- the shipping fee the buyer paid (`payment.shipping_fee`) is refunded only with the request that leaves no unit of
  the order unrefunded: always for a cancellation, and for a refund, return or replacement only when its reason is
  the seller's fault (wrong, damaged, missing product...);
- tax is 0 (the mock's orders carry none); a partial amount (the seller's offer, or Create Return's `refund_total`)
  replaces the subtotal and refunds no shipping;
- each line's share of the shipping adds up to the total: the remainder goes to the first line.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from mockserver.orders import models as om
from mockserver.returns import models as r
from mockserver.returns.reasons import CANCEL, ReasonSpec


def paid(li: om.LineItem) -> int:
    """What the buyer paid for one unit."""
    return int(li.original_price) - int(li.seller_discount) - int(li.platform_discount)


def split(amount: int, weights: Sequence[int]) -> list[int]:
    """`amount` over the weights, proportionally; the rounding remainder goes to the first share."""
    if not weights:
        return []
    total = sum(weights)
    if total <= 0:
        shares = [amount // len(weights)] * len(weights)
    else:
        shares = [amount * w // total for w in weights]
    shares[0] += amount - sum(shares)
    return shares


def quote(
    order: om.Order,
    items: Sequence[om.LineItem],
    kind: str,
    reason: ReasonSpec | None,
    refunded: Collection[str] = (),
) -> tuple[r.Money, list[tuple[int, int]]]:
    """The refund of `items` (units of `order`) for a `kind` request (CANCEL, REFUND, RETURN_AND_REFUND,
    REPLACEMENT), given the line items already refunded; with each item's (subtotal, shipping)."""
    p = order.payment
    money = r.Money(currency=p.currency)
    if order.paid_time is None:  # nothing was paid: nothing to give back
        return money, [(0, 0) for _ in items]
    subtotals = [paid(li) for li in items]
    chosen = {li.id for li in items}
    whole = all(li.id in chosen or li.id in refunded for li in order.line_items)
    refunds_shipping = whole and (kind == CANCEL or (reason is not None and reason.seller_fault))
    money.subtotal = sum(subtotals)
    money.seller_discount = sum(int(li.seller_discount) for li in items)
    money.platform_discount = sum(int(li.platform_discount) for li in items)
    if refunds_shipping:
        money.shipping = int(p.shipping_fee)
        money.shipping_seller_discount = int(p.shipping_fee_seller_discount)
        money.shipping_platform_discount = int(p.shipping_fee_platform_discount)
    shipping = split(money.shipping, [1] * len(items))
    return money, list(zip(subtotals, shipping, strict=True))


def partial(currency: str, amount: int, weights: Sequence[int]) -> tuple[r.Money, list[tuple[int, int]]]:
    """A partial refund of `amount`, shared over lines in proportion to `weights` (their full refunds)."""
    return r.Money(currency=currency, subtotal=amount), [(s, 0) for s in split(amount, weights)]


def assign(lines: Sequence[r.Line], shares: Sequence[tuple[int, int]]) -> None:
    for line, (subtotal, shipping) in zip(lines, shares, strict=True):
        line.subtotal, line.shipping = subtotal, shipping
