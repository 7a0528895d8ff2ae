"""Helpers for finance tests: the Partner finance paths, the control plane, a refund as the returns area emits it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from mockserver.clock import FrozenClock
from mockserver.control.backend import current_tokens
from mockserver.finance.models import REFUND_COMPLETED
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.orders.conftest import Control

STATEMENTS = "/finance/202309/statements"
PAYMENTS = "/finance/202309/payments"
WITHDRAWALS = "/finance/202309/withdrawals"
UNSETTLED = "/finance/202507/orders/unsettled"
DAY = 86400


def statement_transactions(statement_id: str) -> str:
    return f"/finance/202501/statements/{statement_id}/statement_transactions"


def order_transactions(order_id: str) -> str:
    return f"/finance/202501/orders/{order_id}/statement_transactions"


@pytest.fixture
def control(client: PartnerClient) -> Control:
    return Control(client.http)


def advance(clock: FrozenClock, client: PartnerClient, mock: Mock, seconds: int) -> None:
    """Move domain time like a seller who keeps their app connected: in steps shorter than the 7-day access token,
    refreshing it after each (the refresh token lives a year)."""
    while seconds > 0:
        step = min(seconds, 5 * DAY)
        clock.advance(step)
        seconds -= step
        shop = mock.store.shops_by_cipher[str(client.shop_cipher)]
        pair = current_tokens(mock, mock.settings.app_key, shop.seller_id)
        assert pair is not None
        q = {
            "app_key": mock.settings.app_key,
            "app_secret": mock.settings.app_secret,
            "refresh_token": pair.refresh_token,
            "grant_type": "refresh_token",
        }
        body = client.http.get("/api/v2/token/refresh", params=q).json()
        assert body["code"] == 0, body
        client.access_token = body["data"]["access_token"]


def ok(r: Any) -> Any:
    body = r.json()
    assert r.status_code == 200 and body["code"] == 0, body
    return body["data"]


def fails(r: Any, code: int, status: int) -> str:
    body = r.json()
    assert (r.status_code, body["code"], body["data"]) == (status, code, None), body
    return str(body["message"])


def all_pages(client: PartnerClient, path: str, key: str, **query: Any) -> list[dict[str, Any]]:
    """Every item of a list, page by page with next_page_token."""
    out: list[dict[str, Any]] = []
    token = ""
    for _ in range(1000):
        q = dict(query) | ({"page_token": token} if token else {})
        data = ok(client.get(path, query=q))
        out += data[key]
        token = data["next_page_token"]
        if not token:
            return out
    raise AssertionError("the pages never end")


def statement_rows(client: PartnerClient, statement_id: str, page_size: int = 100) -> tuple[dict[str, Any], list[Any]]:
    """The statement's header (first page) and every one of its transactions."""
    path = statement_transactions(statement_id)
    first = ok(client.get(path, query={"sort_field": "order_create_time", "page_size": page_size}))
    rows = all_pages(client, path, "transactions", sort_field="order_create_time", page_size=page_size)
    return first, rows


def total(values: list[str]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def refund(
    mock: Mock,
    order: dict[str, Any],
    lines: list[dict[str, Any]],
    *,
    shipping: int = 0,
    return_id: str = "4035123456789012345",
) -> None:
    """A `refund.completed` event as the returns area emits it (data shape from the returns issue)."""
    sub = sum(int(x["refund_amount"]) for x in lines)
    with mock.store.lock:
        mock.store.events.emit(
            REFUND_COMPLETED,
            mock.clock.now_s(),
            order["shop_id"] if "shop_id" in order else mock.refs.shops["migrated"],
            "refund",
            return_id,
            order_id=order["id"],
            return_id=return_id,
            currency="IDR",
            refund_total=str(sub + shipping),
            refund_subtotal=str(sub),
            shipping_refund=str(shipping),
            lines=lines,
        )
