"""Control-plane endpoints that play the platform's finance side: /_mock/finance/...

Not part of the public API. Answers use the Partner envelope; errors carry the mock's own codes like the order
steps (control/orders.py): 36009004 (HTTP 400) bad request body, 40401 (404) unknown shop, order or payment, 40901
(409) a step not allowed now.

- `GET /_mock/finance`: the fee table in force, the settlement rule and each built shop's books in numbers;
- `POST /_mock/finance/settle` {shop, order_ids?}: settle now, without waiting for the delay, every delivered order
  not yet settled (or the ones named); they land in the statement of the next 00:00 UTC;
- `GET|POST /_mock/finance/fees` {fees: {name: rate | {rate, cap}}}: change fee rates for settlements from now on;
- `POST /_mock/finance/adjustments` {shop, type, amount, order_id?, note?}: book an adjustment now;
- `POST /_mock/finance/payments/{payment_id}/fail` {reason?}: the bank refused the transfer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from starlette.requests import Request
from starlette.routing import Route

from mockserver.control.endpoint import BadRequest, Failure, Steps
from mockserver.control.orders import shop_in
from mockserver.finance import backend, money, rules
from mockserver.finance.ledger import statement_time_of
from mockserver.finance.models import (
    FinanceError,
    InvalidValue,
    OrderNotFound,
    PaymentNotFound,
    Transaction,
)
from mockserver.orders import models as m


class FinanceControl(Steps):
    #: The finance steps' errors (a bad value is the parameter error).
    FAILURES: ClassVar[Sequence[Failure]] = [
        ((InvalidValue, ValueError), None, 400),
        ((m.OrderNotFound, OrderNotFound, PaymentNotFound), 40401, 404),
        ((FinanceError,), 40901, 409),
    ]

    def describe(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        store, now = self.mock.store, self._now()
        config = store.finance.config
        shops = []
        for shop_id in store.shops:
            books = store.finance.shops.get(shop_id)
            row: dict[str, Any] = {"shop_id": shop_id, "built": books is not None}
            if books is not None:
                row |= {
                    "statements": len(books.statement_ids),
                    "payments": len(books.payment_ids),
                    "transactions": len(books.transactions),
                    "open_transactions": len(books.open_ids),
                    "unsettled_orders": len(books.unsettled_keys),
                }
            shops.append(row)
        return {
            "settlement_days": config.settlement_seconds // 86400,
            "settles_after": "delivery",
            "payout_days": config.payout_days,
            "payout_hours": config.payout_seconds // 3600,
            "history_days": config.history_days,
            "fees": backend.fees(store, now),
            "shops": shops,
        }

    def settle(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        shop_id = shop_in(self.mock, body)
        ids = body.get("order_ids")
        if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, str) for i in ids)):
            raise BadRequest("'order_ids' must be a list of order ids")
        now = self._now()
        txs = backend.settle_now(self.mock.store, shop_id, now, ids)
        return {"transactions": [self._tx(t) for t in txs], "statement_time": statement_time_of(now)}

    def fees(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        store, now = self.mock.store, self._now()
        if request.method == "GET":
            return {"fees": backend.fees(store, now)}
        spec = body.get("fees")
        if not isinstance(spec, dict) or not spec:
            raise BadRequest('the body must be {"fees": {"platform_commission": "0.05" | {"rate", "cap"}, ...}}')
        changes = []
        for name, value in spec.items():
            if isinstance(value, dict):
                changes.append(rules.fee_rule(str(name), value.get("rate", "0"), value.get("cap")))
            else:
                changes.append(rules.fee_rule(str(name), value))
        return {"fees": backend.set_fees(store, now, changes), "from": now}

    def adjustment(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        shop_id = shop_in(self.mock, body)
        kind = body.get("type")
        if not isinstance(kind, str):
            raise BadRequest("'type' must be an adjustment type such as LOGISTICS_REIMBURSEMENT")
        amount = money.parse(body.get("amount"))
        order_id = body.get("order_id")
        if order_id is not None and not isinstance(order_id, str):
            raise BadRequest("'order_id' must be a string")
        note = body.get("note") or ""
        now = self._now()
        tx = backend.add_adjustment(self.mock.store, shop_id, now, kind, amount, order_id, str(note))
        return {"transaction": self._tx(tx), "statement_time": tx.statement_time}

    def fail_payment(self, request: Request, body: dict[str, Any]) -> dict[str, Any]:
        payment_id = str(request.path_params["payment_id"])
        reason = body.get("reason") or "BANK_TRANSFER_FAILED"
        p = backend.fail_payment(self.mock.store, payment_id, self._now(), str(reason))
        return {"payment": {"id": p.id, "status": p.status, "amount": money.text(p.amount, p.currency)}}

    def _tx(self, tx: Transaction) -> dict[str, Any]:
        return {
            "id": tx.id,
            "type": tx.kind,
            "order_id": tx.order_id or tx.adjustment_order_id or None,
            "adjustment_id": tx.adjustment_id or None,
            "settlement_amount": money.text(tx.settlement),
            "time": tx.time,
            "statement_time": tx.statement_time,
        }

    def routes(self) -> list[Route]:
        return [
            Route("/finance", self._wrap(self.describe), methods=["GET"]),
            Route("/finance/settle", self._wrap(self.settle), methods=["POST"]),
            Route("/finance/fees", self._wrap(self.fees), methods=["GET", "POST"]),
            Route("/finance/adjustments", self._wrap(self.adjustment), methods=["POST"]),
            Route("/finance/payments/{payment_id}/fail", self._wrap(self.fail_payment), methods=["POST"]),
        ]
