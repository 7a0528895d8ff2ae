"""Handlers for the finance operations: statements, payments, withdrawals, statement / order transactions and
unsettled transactions. Parse, call finance/backend.py, render; domain errors map in errors.py."""

from __future__ import annotations

from typing import Any

from mockserver.finance import backend
from mockserver.finance.models import FinanceError
from mockserver.partner.call import Call, Handler
from mockserver.partner.domain import maps
from mockserver.partner.finance import errors, render
from mockserver.partner.scope import shop_of


def _answer(call: Call, e: FinanceError) -> dict[str, Any]:
    if e.reason in errors.UNKNOWN:
        return render.nothing(call.admitted.match.operation.operation_id, call.path_params, e.reason)
    raise errors.from_domain(e)


_maps_errors = maps(FinanceError, _answer)


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def _window(call: Call, times: str = "") -> backend.Window:
    """The list request's range (`{times}_ge` / `{times}_lt`), order and page."""
    q = call.query
    return backend.Window(
        ge=q.get(f"{times}_ge") if times else None,
        lt=q.get(f"{times}_lt") if times else None,
        descending=q.get("sort_order", "ASC") == "DESC",
        size=q.get("page_size", 20),
        token=q.get("page_token") or None,
    )


def _schema(call: Call) -> dict[str, Any]:
    return call.admitted.match.operation.response


@_maps_errors
def get_statements(call: Call) -> dict[str, Any]:
    q, store, shop = call.query, call.mock.store, shop_of(call)
    status = q.get("payment_status") or None
    page = backend.statements(
        store, shop.id, _now(call), _window(call, "statement_time"), sort_field=q["sort_field"], status=status
    )
    rows = [render.statement(st, backend.statement_status(store, shop.id, st)) for st in page.items]
    return {"next_page_token": page.next_token, "statements": rows}


@_maps_errors
def get_payments(call: Call) -> dict[str, Any]:
    store, w = call.mock.store, _window(call, "create_time")
    page = backend.payments(store, shop_of(call).id, _now(call), w, sort_field=call.query["sort_field"])
    schema = _schema(call)
    return {"next_page_token": page.next_token, "payments": [render.payment(p, schema) for p in page.items]}


@_maps_errors
def get_withdrawals(call: Call) -> dict[str, Any]:
    w, types = _window(call, "create_time"), call.query["types"]
    page = backend.withdrawals(call.mock.store, shop_of(call).id, _now(call), w, types=types)
    rows = [render.withdrawal(x) for x in page.items]
    return {"next_page_token": page.next_token, "total_count": page.total, "withdrawals": rows}


@_maps_errors
def get_transactions_by_statement(call: Call) -> dict[str, Any]:
    statement_id, sort = call.path_params["statement_id"], call.query["sort_field"]
    st, page = backend.statement_transactions(
        call.mock.store, shop_of(call).id, statement_id, _now(call), _window(call), sort_field=sort
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
    store, shop, w = call.mock.store, shop_of(call), _window(call, "search_time")
    page, total = backend.unsettled(store, shop.id, _now(call), w, sort_field=call.query["sort_field"])
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
