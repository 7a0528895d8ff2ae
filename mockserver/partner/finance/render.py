"""Finance records in the Partner API's shapes. Amounts are decimal strings in the shop's currency.

The breakdown objects (revenue, shipping cost, fee and tax, supplementary) are shaped by the operation's own
response schema: every amount field it documents is present ("0" when it does not apply), plus any amount the
mock computes that this operation's schema happens not to list (Get Unsettled Transactions has no
`dynamic_commission_amount`), so that each breakdown always adds up to its total.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from mockserver.finance import backend, money, rules
from mockserver.finance.models import ORDER, SETTLED, UNSETTLED, Payment, Statement
from mockserver.orders.peek import OrderView
from mockserver.store import Store

Schema = dict[str, Any]


def _props(schema: Schema, *path: str) -> Schema:
    """The schema of `path` under an object schema (through arrays' items); {} when absent."""
    node = schema
    for name in path:
        if node.get("type") == "array":
            node = node.get("items", {})
        node = node.get("properties", {}).get(name, {})
    return node.get("items", node) if node.get("type") == "array" else node


def shaped(schema: Schema, values: dict[str, Any], cur: str) -> dict[str, Any]:
    """Every string field of `schema` from `values` (nested dicts for nested objects), "0" when missing."""
    out: dict[str, Any] = {}
    for name, sub in schema.get("properties", {}).items():
        if sub.get("type") == "object":
            nested = values.get(name)
            out[name] = shaped(sub, nested if isinstance(nested, dict) else {}, cur)
        elif sub.get("type") == "string":
            v = values.get(name)
            out[name] = money.text(v if isinstance(v, Decimal) else Decimal(0), cur)
    for name, v in values.items():
        if name not in out and isinstance(v, Decimal) and v != 0:
            out[name] = money.text(v, cur)
    return out


def breakdowns(lines: rules.Lines, item: Schema, cur: str) -> dict[str, Any]:
    """The breakdown objects `item` (an operation's transaction schema) has, shaped by it."""
    values: dict[str, dict[str, Any]] = {
        "revenue_breakdown": dict(lines.revenue),
        "shipping_cost_breakdown": {**lines.shipping, "supplementary_component": dict(lines.shipping_supplementary)},
        "fee_tax_breakdown": {"fee": dict(lines.fees), "tax": dict(lines.taxes)},
        "supplementary_component": dict(lines.supplementary),
    }
    return {name: shaped(_props(item, name), v, cur) for name, v in values.items() if _props(item, name)}


# --- Get Statements -------------------------------------------------------------------------------------------
def statement(st: Statement, status: str) -> dict[str, Any]:
    cur = st.currency
    return {
        "id": st.id,
        "statement_time": st.statement_time,
        "settlement_amount": money.text(st.settlement, cur),
        "currency": cur,
        "revenue_amount": money.text(st.revenue, cur),
        "fee_amount": money.text(st.fee, cur),
        "adjustment_amount": money.text(st.adjustment, cur),
        "payment_status": status,
        "payment_id": st.payment_id,
    }


# --- Get Payments ----------------------------------------------------------------------------------------------
def payment(p: Payment, schema: Schema) -> dict[str, Any]:
    cur = p.currency
    amount = {"value": money.text(p.amount, cur), "currency": cur}
    out: dict[str, Any] = {
        "create_time": p.create_time,
        "id": p.id,
        "status": p.status,
        "amount": amount,
        "settlement_amount": dict(amount),
        "reserve_amount": {"value": "0", "currency": cur},
        "payment_amount_before_exchange": dict(amount),
        "exchange_rate": "1.000000",
        "bank_account": p.bank_account,
    }
    if p.paid_time is not None:
        out["paid_time"] = p.paid_time
    known = _props(schema, "payments").get("properties", {})
    return {k: v for k, v in out.items() if k in known}


# --- Get Withdrawals --------------------------------------------------------------------------------------------
def withdrawal(w: backend.Withdrawal) -> dict[str, Any]:
    return {
        "id": w.id,
        "type": w.type,
        "amount": money.text(w.amount, w.currency),
        "currency": w.currency,
        "status": w.status,
        "create_time": w.create_time,
    }


# --- Get Transactions by Statement ---------------------------------------------------------------------------------
def statement_transactions(st: Statement, page: backend.Listing[backend.Booked], schema: Schema) -> dict[str, Any]:
    cur = st.currency
    item = _props(schema, "transactions")
    return {
        "next_page_token": page.next_token,
        "id": st.id,
        "create_time": st.statement_time,
        "status": SETTLED,
        "currency": cur,
        "payable_amount": money.text(st.settlement, cur),
        "total_reserve_amount": "0",
        "total_settlement_amount": money.text(st.settlement, cur),
        "total_settlement_breakdown": {
            "total_revenue_amount": money.text(st.revenue, cur),
            "total_shipping_cost_amount": money.text(st.shipping, cur),
            "total_fee_tax_amount": money.text(st.fee_tax, cur),
            "total_adjustment_amount": money.text(st.adjustment, cur),
        },
        "total_count": page.total,
        "transactions": [transaction(b, item, cur) for b in page.items],
    }


def transaction(b: backend.Booked, item: Schema, cur: str) -> dict[str, Any]:
    tx = b.tx
    out: dict[str, Any] = {
        "id": tx.id,
        "type": tx.kind,
        "settlement_amount": money.text(tx.settlement, cur),
        "revenue_amount": money.text(tx.revenue, cur),
        "shipping_cost_amount": money.text(tx.shipping, cur),
        "fee_tax_amount": money.text(tx.fee_tax, cur),
        "adjustment_amount": money.text(tx.adjustment, cur),
    }
    if tx.order_create_time is not None:
        out["order_create_time"] = tx.order_create_time
    if tx.kind == ORDER:
        out["order_id"] = tx.order_id
        if b.lines is not None:
            out |= breakdowns(b.lines.total, item, cur)
    else:
        out["adjustment_id"] = tx.adjustment_id
        if tx.adjustment_order_id:
            out["adjustment_order_id"] = tx.adjustment_order_id
    return out


# --- Get Transactions by Order --------------------------------------------------------------------------------
def order_transactions(view: OrderView, booked: list[backend.Booked], schema: Schema) -> dict[str, Any]:
    cur = view.payment.currency
    item = _props(schema, "sku_transactions")
    skus: list[dict[str, Any]] = []
    totals = rules.Lines()
    for b in booked:
        if b.lines is None:
            continue
        totals = rules.add([totals, b.lines.total])
        for s in b.lines.skus:
            skus.append(_sku_transaction(s, b.statement_id, item, cur))
    return {
        "order_id": view.id,
        "order_create_time": view.create_time,
        "currency": cur,
        "revenue_amount": money.text(totals.revenue_amount, cur),
        "fee_and_tax_amount": money.text(totals.fee_tax_amount, cur),
        "shipping_cost_amount": money.text(totals.shipping_amount, cur),
        "settlement_amount": money.text(totals.settlement, cur),
        "sku_transactions": skus,
        "total_count": len(skus),
    }


def _sku_transaction(s: rules.SkuLines, statement_id: str, item: Schema, cur: str) -> dict[str, Any]:
    lines = s.lines
    out: dict[str, Any] = {
        "sku_id": s.sku_id,
        "sku_name": s.sku_name,
        "statement_id": statement_id,
        "product_name": s.product_name,
        "quantity": str(lines.quantity),
        "settlement_amount": money.text(lines.settlement, cur),
        "revenue_amount": money.text(lines.revenue_amount, cur),
        "shipping_cost_amount": money.text(lines.shipping_amount, cur),
        "fee_tax_amount": money.text(lines.fee_tax_amount, cur),
    }
    return out | breakdowns(lines, item, cur)


# --- Get Unsettled Transactions -------------------------------------------------------------------------------
def unsettled(page: backend.Listing[backend.Estimate], total: rules.Lines, schema: Schema, cur: str) -> dict[str, Any]:
    item = _props(schema, "transactions")
    return {
        "next_page_token": page.next_token,
        "total_count": page.total,
        "sum_est_settlement_amount": money.text(total.settlement, cur),
        "sum_est_revenue_amount": money.text(total.revenue_amount, cur),
        "sum_est_adjustment_amount": "0",
        "sum_est_fee_amount": money.text(total.shipping_amount + total.fee_tax_amount, cur),
        "transactions": [_estimate(e, item) for e in page.items],
    }


def _estimate(e: backend.Estimate, item: Schema) -> dict[str, Any]:
    v, lines = e.view, e.lines.total
    cur = v.payment.currency
    out: dict[str, Any] = {
        "type": ORDER,
        "id": e.transaction_id,
        "status": UNSETTLED,
        "currency": cur,
        "estimated_settlement": str(e.settles_at)
        if e.settles_at is not None
        else f"{e.delay_days} days after delivery",
        "unsettled_reason": "in settlement period" if v.delivery_time is not None else "waiting for delivery",
        "order_create_time": v.create_time,
        "order_id": v.id,
        "est_adjustment_amount": "0",
        "est_settlement_amount": money.text(lines.settlement, cur),
        "est_revenue_amount": money.text(lines.revenue_amount, cur),
        "est_shipping_cost_amount": money.text(lines.shipping_amount, cur),
        "est_fee_tax_amount": money.text(lines.fee_tax_amount, cur),
    }
    if v.delivery_time is not None:
        out["order_delivery_time"] = v.delivery_time
    return out | breakdowns(lines, item, cur)


def nothing(operation_id: str, path_params: Mapping[str, str], reason: str) -> dict[str, Any]:
    """What an operation answers for an id or page it does not know (partner/finance/errors.py): no records."""
    if operation_id == "get_transactions_by_order":
        zero = {"revenue_amount": "0", "fee_and_tax_amount": "0", "shipping_cost_amount": "0", "settlement_amount": "0"}
        return {"order_id": path_params.get("order_id", ""), **zero, "sku_transactions": [], "total_count": 0}
    if operation_id == "get_transactions_by_statement" and reason == "finance.statement_not_found":
        return {"next_page_token": "", "id": path_params["statement_id"], "total_count": 0, "transactions": []}
    lists = {
        "get_statements": "statements",
        "get_payments": "payments",
        "get_payments_202605": "payments",
        "get_withdrawals": "withdrawals",
        "get_transactions_by_statement": "transactions",
        "get_unsettled_transactions": "transactions",
    }
    return {"next_page_token": "", lists.get(operation_id, "items"): []}


def shop_currency(store: Store, shop_id: str) -> str:
    shop = store.finance.shops.get(shop_id)
    return shop.currency if shop is not None else "IDR"
