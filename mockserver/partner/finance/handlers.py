"""Handlers for the finance operations: statements, payments, withdrawals, statement / order transactions and
unsettled transactions. Parse, call finance/backend.py, render; domain errors map in errors.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from mockserver.finance import backend
from mockserver.finance.models import FinanceError
from mockserver.partner.call import Call, Handler
from mockserver.partner.finance import errors, render
from mockserver.partner.scope import shop_of


def _maps_errors(handler: Callable[[Call], dict[str, Any]]) -> Handler:
    @wraps(handler)
    def run(call: Call) -> dict[str, Any]:
        try:
            return handler(call)
        except FinanceError as e:
            if e.reason in errors.UNKNOWN:
                return render.nothing(call.admitted.match.operation.operation_id, call.path_params, e.reason)
            raise errors.from_domain(e) from None

    return run


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def _paging(call: Call) -> dict[str, Any]:
    q = call.query
    return {
        "descending": q.get("sort_order", "ASC") == "DESC",
        "size": q.get("page_size", 20),
        "token": q.get("page_token") or None,
    }


def _schema(call: Call) -> dict[str, Any]:
    return call.admitted.match.operation.response


@_maps_errors
def get_statements(call: Call) -> dict[str, Any]:
    q, store, shop = call.query, call.mock.store, shop_of(call)
    page = backend.statements(
        store,
        shop.id,
        _now(call),
        sort_field=q["sort_field"],
        ge=q.get("statement_time_ge"),
        lt=q.get("statement_time_lt"),
        status=q.get("payment_status") or None,
        **_paging(call),
    )
    rows = [render.statement(st, backend.statement_status(store, shop.id, st)) for st in page.items]
    return {"next_page_token": page.next_token, "statements": rows}


@_maps_errors
def get_payments(call: Call) -> dict[str, Any]:
    q, store = call.query, call.mock.store
    page = backend.payments(
        store,
        shop_of(call).id,
        _now(call),
        sort_field=q["sort_field"],
        ge=q.get("create_time_ge"),
        lt=q.get("create_time_lt"),
        **_paging(call),
    )
    schema = _schema(call)
    return {"next_page_token": page.next_token, "payments": [render.payment(p, schema) for p in page.items]}


@_maps_errors
def get_withdrawals(call: Call) -> dict[str, Any]:
    q = call.query
    page = backend.withdrawals(
        call.mock.store,
        shop_of(call).id,
        _now(call),
        types=q["types"],
        ge=q.get("create_time_ge"),
        lt=q.get("create_time_lt"),
        size=q.get("page_size", 20),
        token=q.get("page_token") or None,
    )
    rows = [render.withdrawal(w) for w in page.items]
    return {"next_page_token": page.next_token, "total_count": page.total, "withdrawals": rows}


@_maps_errors
def get_transactions_by_statement(call: Call) -> dict[str, Any]:
    q = call.query
    st, page = backend.statement_transactions(
        call.mock.store,
        shop_of(call).id,
        call.path_params["statement_id"],
        _now(call),
        sort_field=q["sort_field"],
        **_paging(call),
    )
    return render.statement_transactions(st, page, _schema(call))


@_maps_errors
def get_transactions_by_order(call: Call) -> dict[str, Any]:
    view, booked = backend.order_transactions(
        call.mock.store, shop_of(call).id, call.path_params["order_id"], _now(call)
    )
    return render.order_transactions(view, booked, _schema(call))


@_maps_errors
def get_unsettled_transactions(call: Call) -> dict[str, Any]:
    q, store, shop = call.query, call.mock.store, shop_of(call)
    page, total = backend.unsettled(
        store,
        shop.id,
        _now(call),
        sort_field=q["sort_field"],
        ge=q.get("search_time_ge"),
        lt=q.get("search_time_lt"),
        **_paging(call),
    )
    return render.unsettled(page, total, _schema(call), render.shop_currency(store, shop.id))


HANDLERS: dict[str, Handler] = {
    "get_statements": get_statements,
    "get_payments": get_payments,
    # The client's version (its models are the evidence): the same payments without `reserve_amount`.
    "get_payments_202605": get_payments,
    "get_withdrawals": get_withdrawals,
    "get_transactions_by_statement": get_transactions_by_statement,
    "get_transactions_by_order": get_transactions_by_order,
    "get_unsettled_transactions": get_unsettled_transactions,
}
