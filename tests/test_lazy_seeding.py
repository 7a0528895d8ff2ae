"""Lazy per-shop seeding (mockserver/lazyshops.py): a reset builds no shop's world, a read builds the shop it reads,
and whatever the order and the moment of building, every answer is the one an eagerly seeded mock gives."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.settings import DEFAULT_LEGACY_CLIENT_ID, DEFAULT_LEGACY_CLIENT_SECRET, DEFAULT_LEGACY_FS_ID
from mockserver.testing import PartnerClient
from tests.conftest import T0

DAY = 86400
FS_ID = DEFAULT_LEGACY_FS_ID
LEGACY_SHOP_ID = 13004512  # the migrated shop's Tokopedia id (fixtures/seed.json)


def mock_of(seed_mode: str, **settings: Any) -> tuple[Mock, Any]:
    app = create_app(Settings(seed=5, clock=FrozenClock(T0), seed_mode=seed_mode, **settings))
    return app.state.mock, app


def partner_reads(app: Any, shop: str) -> list[Any]:
    """What a client sees of one shop: products, orders, returns, cancellations, coupons, warehouses, one product,
    one order, and the same product asked for with another shop's cipher."""
    client = PartnerClient.in_process(app, shop)
    out: list[Any] = []

    def keep(r: httpx.Response) -> dict[str, Any]:
        body: dict[str, Any] = r.json()
        body.pop("request_id", None)
        out.append(body)
        return body

    products = keep(client.post("/product/202502/products/search", query={"page_size": 50}, json={}))
    orders = keep(client.post("/order/202309/orders/search", query={"page_size": 50}, json={}))
    keep(client.post("/return_refund/202309/returns/search", query={"page_size": 50}, json={}))
    keep(client.post("/return_refund/202309/cancellations/search", query={"page_size": 50}, json={}))
    keep(client.post("/promotion/202406/coupons/search", query={"page_size": 50}, json={}))
    keep(client.get("/logistics/202309/warehouses"))
    product_id = products["data"]["products"][0]["id"]
    keep(client.get(f"/product/202309/products/{product_id}"))
    order_id = orders["data"]["orders"][0]["id"]
    keep(client.get("/order/202309/orders", query={"ids": order_id}))
    other = PartnerClient.in_process(app, "second" if shop == "migrated" else "migrated")
    keep(other.get(f"/product/202309/products/{product_id}"))  # another shop's product: the documented refusal
    return out


def legacy_reads(app: Any) -> list[Any]:
    http = TestClient(app, base_url="http://testserver")
    token = http.post(
        "/token",
        params={"grant_type": "client_credentials"},
        auth=(DEFAULT_LEGACY_CLIENT_ID, DEFAULT_LEGACY_CLIENT_SECRET),
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    info = http.get(
        f"/inventory/v1/fs/{FS_ID}/product/info", params={"shop_id": LEGACY_SHOP_ID, "page": 1, "per_page": 20},
        headers=headers,
    )  # fmt: skip
    orders = http.get(
        "/v2/order/list",
        params={"fs_id": FS_ID, "shop_id": LEGACY_SHOP_ID, "from_date": T0 - 2 * DAY, "to_date": T0, "page": 1,
                "per_page": 50},
        headers=headers,
    )  # fmt: skip
    return [info.json()["data"], orders.json()["data"]]


def test_a_reset_builds_no_shop_and_the_gate_alone_builds_none() -> None:
    mock, app = mock_of("lazy")
    assert mock.store.lazy.left == tuple(mock.store.shops)
    client = PartnerClient.in_process(app)
    shops = client.get("/authorization/202309/shops", shop_cipher=None).json()
    assert shops["code"] == 0 and shops["data"]["shops"]
    assert mock.store.lazy.left == tuple(mock.store.shops)
    mock.store.lazy.all()
    mock.reset()
    assert mock.store.lazy.left == tuple(mock.store.shops)


def test_a_read_builds_the_shop_it_reads_and_no_other() -> None:
    mock, app = mock_of("lazy")
    migrated, second = mock.refs.shops["migrated"], mock.refs.shops["second"]
    client = PartnerClient.in_process(app, "second")
    assert client.post("/order/202309/orders/search", query={"page_size": 5}, json={}).json()["data"]["orders"]
    assert second not in mock.store.lazy.left and migrated in mock.store.lazy.left


def test_eager_mode_builds_every_shop_at_the_reset() -> None:
    mock, _ = mock_of("eager")
    assert mock.store.lazy.left == ()
    assert {p.shop_id for p in mock.store.products.values()} == set(mock.store.shops)
    mock.reset()
    assert mock.store.lazy.left == ()


@pytest.mark.parametrize("shop", ["migrated", "second"])
def test_a_lazy_mock_answers_as_an_eager_one(shop: str) -> None:
    lazy, lazy_app = mock_of("lazy")
    eager, eager_app = mock_of("eager")
    first = partner_reads(lazy_app, shop)
    assert len(lazy.store.lazy.left) >= 1  # the unauthorized shop was never read
    assert first == partner_reads(eager_app, shop)
    assert all(body["code"] == 0 for body in first[:-1]) and first[-1]["code"] != 0


def test_the_legacy_api_reads_the_same_lazily() -> None:
    _, lazy_app = mock_of("lazy")
    _, eager_app = mock_of("eager")
    lazy_answer = legacy_reads(lazy_app)
    assert lazy_answer == legacy_reads(eager_app) and lazy_answer[0]


def test_the_order_of_building_changes_nothing() -> None:
    one, one_app = mock_of("lazy")
    two, two_app = mock_of("lazy")
    one.store.lazy.shop(one.refs.shops["migrated"])
    for ref in ("unauthorized", "second", "migrated"):
        two.store.lazy.shop(two.refs.shops[ref])
    one.store.lazy.all()
    for name in ("products", "skus", "warehouses"):
        assert sorted(getattr(one.store, name)) == sorted(getattr(two.store, name)), name
    assert sorted(one.store.aftersales.returns) == sorted(two.store.aftersales.returns)
    assert sorted(one.store.aftersales.cancellations) == sorted(two.store.aftersales.cancellations)
    assert partner_reads(one_app, "second") == partner_reads(two_app, "second")


def test_a_shop_built_late_has_lived_through_the_time_since() -> None:
    """Built after the clock moved on, a shop is what it would be had it been built at the reset: its seeded timers
    ran at their times (the platform completed the delivered orders meanwhile)."""
    late, late_app = mock_of("lazy")
    eager, eager_app = mock_of("eager")
    for mock in (late, eager):
        mock.clock.advance(5 * DAY)  # the clock itself (not the control plane, which builds every shop)
    assert late.store.lazy.left == tuple(late.store.shops)
    assert partner_reads(late_app, "migrated") == partner_reads(eager_app, "migrated")


def test_a_clock_move_builds_every_shop_and_its_events_are_the_eager_ones() -> None:
    lazy, lazy_app = mock_of("lazy")
    eager, eager_app = mock_of("eager")
    moved = []
    for app in (lazy_app, eager_app):
        http = TestClient(app, base_url="http://testserver")
        data = http.post("/_mock/clock", json={"advance": 10 * DAY, "limit": 10_000}).json()["data"]
        moved.append(sorted((e["time"], e["type"], e["subject"], str(e["data"])) for e in data["events"]))
    assert lazy.store.lazy.left == () and moved[0] == moved[1] and len(moved[0]) > 10


def test_a_snapshot_is_every_shop_built() -> None:
    lazy, _ = mock_of("lazy")
    eager, _ = mock_of("eager")
    copy = lazy.store.snapshot()
    assert lazy.store.lazy.left == () and copy.lazy.left == ()
    assert sorted(copy.products) == sorted(eager.store.products)
    assert len(copy.aftersales.returns) == len(eager.store.aftersales.returns) > 0


def test_an_unknown_id_builds_every_shop_then_answers_not_found() -> None:
    mock, app = mock_of("lazy")
    client = PartnerClient.in_process(app, "migrated")
    r = client.get("/product/202309/products/1729999999999999999").json()
    assert (r["code"], r["message"]) == (12052032, "The product does not exist")
    assert mock.store.lazy.left == ()  # a miss might have been a shop not built yet: all were looked at


def test_a_catalog_drawn_once_and_copied_is_a_fresh_draw() -> None:
    """A shop's catalog is drawn once per process and copied at each build's instant: exactly what drawing it at
    that instant gives, and a copy shares nothing a test could change."""
    from mockserver.catalog import seed as catalog_seed
    from mockserver.catalog import taxonomy
    from mockserver.catalog.seed import _QuickRandom
    from mockserver.store import Store

    mock, _ = mock_of("lazy")
    shop = mock.store.shops[mock.refs.shops["migrated"]]
    now = T0 + 12_345
    fresh, copied, again = Store(seed=5), Store(seed=5), Store(seed=5)
    spec = taxonomy.load_spec()
    for store in (fresh, copied, again):
        taxonomy.install(store, spec)
    rng = _QuickRandom(f"catalog:5:{shop.id}")
    catalog_seed._warehouses(fresh, shop, spec, rng)
    catalog_seed._products(fresh, shop, spec, taxonomy.install(Store(seed=5), spec), rng, 40, now)
    leaves = taxonomy.install(Store(seed=5), spec)
    catalog_seed.seed_shop_catalog(copied, shop, spec, leaves, 5, 40, now)
    catalog_seed.seed_shop_catalog(again, shop, spec, leaves, 5, 40, now)
    assert list(copied.products.values()) == list(fresh.products.values()) and len(fresh.products) == 40
    assert copied.warehouses == fresh.warehouses and dict(copied.images) == dict(fresh.images)
    assert copied.skus == fresh.skus
    one, two = next(iter(copied.products.values())), next(iter(again.products.values()))
    one.skus[0].inventory[next(iter(one.skus[0].inventory))].available += 7
    one.statuses["TIKTOK_SHOP"] = "FREEZE"
    assert one != two and two == next(iter(fresh.products.values()))


def test_an_order_search_runs_on_the_loop_once_its_shop_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paginated operations run off the event loop (offload.py), except the order book's index reads once their
    shop is built: the first search builds the shop (a scan), the next reads a page of an index."""
    from mockserver import offload

    heavy: list[bool] = []
    real = offload.needed

    def spy(paginated: bool, body_size: int) -> bool:
        heavy.append(real(paginated, body_size))
        return heavy[-1]

    monkeypatch.setattr(offload, "needed", spy)
    _, app = mock_of("lazy")
    client = PartnerClient.in_process(app, "migrated")
    for _ in range(2):
        assert client.post("/order/202309/orders/search", query={"page_size": 20}, json={}).json()["code"] == 0
    assert client.post("/product/202502/products/search", query={"page_size": 20}, json={}).json()["code"] == 0
    assert heavy == [True, False, True]


@pytest.mark.parametrize("seed_mode", ["lazy", "eager"])
def test_a_reset_frees_the_store_it_replaces_without_the_collector(seed_mode: str) -> None:
    """serve freezes its start-up objects out of the garbage collector's sight (gc.freeze): the store a reset replaces
    must then go by reference counting alone, or the start-up store would stay for the life of the server."""
    import gc
    import weakref

    mock, _ = mock_of(seed_mode)
    mock.store.lazy.shop(mock.refs.shops["migrated"])
    gc.collect()
    gc.disable()
    try:
        old = weakref.ref(mock.store)
        mock.reset()
        assert old() is None
    finally:
        gc.enable()
