"""`refund.completed` events (emitted by the returns area) as the ledger books them.

Event data: {order_id, return_id or cancel_id, currency, refund_total, refund_subtotal, shipping_refund,
lines: [{line_item_id, sku_id, refund_amount}]}, amounts as decimal strings. A malformed event is refused with a
ValueError (the feed logs and skips it); the same return (or cancellation) is booked once.
"""

from __future__ import annotations

from typing import Any

from mockserver.events import Event
from mockserver.finance import money
from mockserver.finance.models import Refund, RefundLine


def parse(event: Event) -> Refund:
    d: dict[str, Any] = event.data
    order_id = d.get("order_id") or event.subject
    if not isinstance(order_id, str) or not order_id:
        raise ValueError("refund.completed without an order_id")
    if d.get("return_id"):
        key = f"return:{d['return_id']}"
    elif d.get("cancel_id"):
        key = f"cancel:{d['cancel_id']}"
    else:
        raise ValueError("refund.completed without a return_id or cancel_id")
    raw_lines = d.get("lines") or []
    if not isinstance(raw_lines, list):
        raise ValueError("refund.completed lines must be a list")
    lines = []
    for line in raw_lines:
        if not isinstance(line, dict):
            raise ValueError("refund.completed line must be an object")
        amount = money.parse(line.get("refund_amount", "0"))
        if amount < 0:
            raise ValueError("refund amounts are not negative")
        lines.append(RefundLine(str(line.get("line_item_id") or ""), str(line.get("sku_id") or ""), amount))
    subtotal = money.parse(d.get("refund_subtotal", "0"))
    shipping = money.parse(d.get("shipping_refund", "0"))
    total = money.parse(d.get("refund_total", subtotal + shipping))
    if min(subtotal, shipping, total) < 0:
        raise ValueError("refund amounts are not negative")
    return Refund(
        key=key,
        order_id=order_id,
        time=event.time,
        currency=str(d.get("currency") or "IDR"),
        total=total,
        subtotal=subtotal,
        shipping=shipping,
        lines=tuple(lines),
    )
