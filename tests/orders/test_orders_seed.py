"""Seeded orders: deterministic whatever the reading order, schema-valid, sized by a setting, flag or env var."""

from __future__ import annotations

from typing import Any

from mockserver import Settings, create_app
from mockserver.cli import build_parser, settings_from_args
from mockserver.clock import FrozenClock
from mockserver.options import from_env
from mockserver.orders import backend
from mockserver.partner.fulfillment import render as package_render
from mockserver.partner.orders import render
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.conftest import T0
from tests.orders.conftest import SEARCH


def orders(seed: int, reverse: bool = False) -> list[Any]:
    """Every order of the migrated shop as Get Order Detail shows it, read in the given order."""
    client = PartnerClient.in_process(create_app(Settings(seed=seed, clock=FrozenClock(T0))))
    ids = [o["id"] for o in client.post(SEARCH, query={"page_size": 100}, json={}).json()["data"]["orders"]]
    got = {}
    for order_id in reversed(ids) if reverse else ids:
        got[order_id] = client.get("/order/202309/orders", query={"ids": order_id}).json()["data"]["orders"][0]
    return [got[i] for i in ids]


def test_same_seed_same_orders_whatever_the_reading_order() -> None:
    assert orders(3) == orders(3, reverse=True)


def test_another_seed_other_orders() -> None:
    assert [o["id"] for o in orders(3)] != [o["id"] for o in orders(4)]


def test_every_seeded_order_and_package_fits_the_schemas(mock: Mock) -> None:
    book, ops = mock.store.order_book, mock.registry.operations
    mock.store.lazy.all()  # every shop's seeded history filed (lazyshops.py)
    assert len(book.blocks) == len(mock.store.shops)
    for block in book.blocks:
        for i in range(block.count):
            order = backend.order_at(mock.store, block.start + i)
            rendered = {"orders": [render.order(mock.store, order, "http://x")]}
            assert not list(ops["get_order_detail"].response_validator.iter_errors(rendered)), order.id
            assert not list(ops["get_price_detail"].response_validator.iter_errors(render.price_detail(order)))
            for p in backend.packages_of(mock.store, order):
                detail = package_render.detail(mock.store, p, "http://x")
                assert not list(ops["get_package_detail"].response_validator.iter_errors(detail)), p.id


def test_each_shop_gets_orders_per_shop_orders() -> None:
    mock = Mock(Settings(seed=2, orders_per_shop=7))
    mock.store.lazy.all()
    assert [b.count for b in mock.store.order_book.blocks] == [7] * len(mock.store.shops)


def test_the_flag_and_the_environment_variable() -> None:
    assert from_env({"TOKOPEDIA_MOCK_ORDERS_PER_SHOP": "120000"}).orders_per_shop == 120000
    args = build_parser().parse_args(["serve", "--orders-per-shop", "100000"])
    assert settings_from_args(args).orders_per_shop == 100000
