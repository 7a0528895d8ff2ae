"""An accounting app's reconciliation with the public `tiktok-shop-api` client against a live mock (its finance
group: Get Statements 202309, Get Transactions by Statement and by Order 202501, Get Unsettled Transactions
202507, Get Payments at the client's 202605, Get Withdrawals 202309).

Statements for a date range -> the transactions of each -> their sum is the statement; payments -> the statements
they pay; an order placed, delivered and completed through the control plane is unsettled, then settles once the
clock passes the delay, with its fee lines; a refunded order shows its negative line.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
from tiktok_shop_api import TikTokShop, TikTokShopAuth
from tiktok_shop_api.generated.models import GetSellerFinancialTransactionsTypesItem as Kind

from mockserver import Settings
from mockserver.control.backend import current_tokens
from mockserver.finance.models import REFUND_COMPLETED
from mockserver.testing import LiveServer

DAY = 86400


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    with LiveServer(Settings(seed=5, orders_per_shop=400, validate_responses=True)) as s:
        yield s


def connect(server: LiveServer) -> TikTokShop:
    """A client with the shop's current token (refreshed by the mock's clock moves below)."""
    mock, s = server.mock, server.mock.settings
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    tokens = current_tokens(mock, s.app_key, shop.seller_id)
    assert tokens is not None
    return TikTokShop(s.app_key, s.app_secret, tokens.access_token, shop.cipher, base_url=server.base_url)


@pytest.fixture
def shop(server: LiveServer) -> Iterator[TikTokShop]:
    with connect(server) as client:
        yield client


def control(server: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    r = httpx.post(f"{server.base_url}/_mock{path}", json=body or {})
    assert r.status_code == 200, r.text
    return r.json()["data"]


def advance(server: LiveServer, seconds: int) -> None:
    """Move domain time in steps the 7-day access token survives, refreshing it after each, as an app does."""
    mock, s = server.mock, server.mock.settings
    auth = TikTokShopAuth(s.app_key, s.app_secret, service_id=s.service_id, base_url=server.base_url)
    seller = mock.store.shops[mock.refs.shops["migrated"]].seller_id
    while seconds > 0:
        control(server, "/clock", {"advance": min(seconds, 4 * DAY)})
        seconds -= min(seconds, 4 * DAY)
        tokens = current_tokens(mock, s.app_key, seller)
        assert tokens is not None
        auth.refresh(tokens.refresh_token)


def data(response: Any) -> Any:
    assert response is not None
    return response.to_dict()["data"]


def statement_transactions(shop: TikTokShop, statement_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = data(
            shop.finance.get_transactions_by_statement(
                statement_id, sort_field="order_create_time", page_size=5, **({"page_token": token} if token else {})
            )
        )
        rows += page["transactions"]
        token = page.get("next_page_token")
        if not token:
            return rows


def test_statements_reconcile_with_their_transactions_and_payments(server: LiveServer, shop: TikTokShop) -> None:
    now = int(server.mock.clock.now())
    listed = data(
        shop.finance.get_statements(sort_field="statement_time", statement_time_ge=now - 30 * DAY, page_size=100)
    )["statements"]
    assert len(listed) >= 10
    by_payment: dict[str, Decimal] = {}
    for st in listed:
        rows = statement_transactions(shop, st["id"])
        assert sum(Decimal(r["settlement_amount"]) for r in rows) == Decimal(st["settlement_amount"])
        if st["payment_id"]:
            by_payment[st["payment_id"]] = by_payment.get(st["payment_id"], Decimal(0)) + Decimal(
                st["settlement_amount"]
            )
    payments = data(shop.finance.get_payments(sort_field="create_time", create_time_ge=now - 30 * DAY, page_size=100))
    for p in payments["payments"]:
        if p["id"] in by_payment:  # a payment also pays statements from before the range
            assert Decimal(p["amount"]["value"]) >= by_payment[p["id"]]
    assert {p["id"] for p in payments["payments"]} >= {pid for pid in by_payment if pid}
    moves = data(shop.finance.get_seller_financial_transactions(types=[Kind.SETTLE, Kind.WITHDRAW], page_size=100))
    assert {w["type"] for w in moves["withdrawals"]} == {"SETTLE", "WITHDRAW"}


def test_an_order_settles_after_the_delay_and_a_refund_shows_its_negative_line(server: LiveServer) -> None:
    mock = server.mock
    order = control(server, "/orders", {"paid": True, "payment_method": "GoPay"})["order"]
    with connect(server) as shop:
        pending = data(
            shop.finance.get_unsettled_transactions(sort_field="order_create_time", search_time_ge=order["create_time"])
        )
        assert order["id"] in [t["order_id"] for t in pending["transactions"]]
    done = control(server, f"/orders/{order['id']}/advance", {"to": "COMPLETED"})["order"]
    advance(server, 8 * DAY)
    with connect(server) as shop:
        pending = data(
            shop.finance.get_unsettled_transactions(sort_field="order_create_time", search_time_ge=order["create_time"])
        )
        assert order["id"] not in [t["order_id"] for t in pending["transactions"]]
        tx = data(shop.finance.get_transactions_by_order(order["id"]))
        fees = [s["fee_tax_breakdown"]["fee"] for s in tx["sku_transactions"]]
        assert all(Decimal(f["platform_commission_amount"]) < 0 for f in fees)
        assert sum(Decimal(s["revenue_amount"]) for s in tx["sku_transactions"]) == Decimal(
            done["payment"]["sub_total"]
        )
        li = done["line_items"][0]
        with mock.store.lock:
            mock.store.events.emit(
                REFUND_COMPLETED,
                int(mock.clock.now()),
                mock.refs.shops["migrated"],
                "refund",
                "4035000000000000001",
                order_id=order["id"],
                return_id="4035000000000000001",
                currency="IDR",
                refund_total=li["sale_price"],
                refund_subtotal=li["sale_price"],
                shipping_refund="0",
                lines=[{"line_item_id": li["id"], "sku_id": li["sku_id"], "refund_amount": li["sale_price"]}],
            )
        after = data(shop.finance.get_transactions_by_order(order["id"]))
        negative = after["sku_transactions"][len(tx["sku_transactions"]) :]
        assert [s["revenue_breakdown"]["refund_subtotal_before_discount_amount"] for s in negative] == [
            f"-{li['original_price']}"
        ]
        assert Decimal(after["settlement_amount"]) < Decimal(tx["settlement_amount"])
