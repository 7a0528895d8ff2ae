from __future__ import annotations

from tiktok_shop_api import TikTokShop

from order_sync import Erp, OrderSync
from order_sync.tests.conftest import available, live_skus


def test_finds_the_shops_the_seller_authorized(job: OrderSync, shop_api: TikTokShop) -> None:
    (shop,) = shop_api.authorization.get_authorized_shops().data.shops
    assert job.run_once(steps=()).shops == [shop.id]


def test_pushes_the_erp_quantity_where_it_differs(job: OrderSync, erp: Erp, shop_api: TikTokShop) -> None:
    product_id, sku = live_skus(shop_api)[0]
    for inv in sku.inventory:
        erp.set_quantity(sku.seller_sku, inv.warehouse_id, inv.quantity + 5)
    report = job.run_once(steps=["stock"])
    assert report.ok and report.skus_updated == 1
    assert available(shop_api, product_id, sku.id) == {inv.warehouse_id: inv.quantity + 5 for inv in sku.inventory}


def test_a_second_run_changes_nothing(job: OrderSync, erp: Erp, shop_api: TikTokShop) -> None:
    _, sku = live_skus(shop_api)[0]
    for inv in sku.inventory:
        erp.set_quantity(sku.seller_sku, inv.warehouse_id, 7)
    job.run_once(steps=["stock"])
    assert job.run_once(steps=["stock"]).skus_updated == 0


def test_skus_the_erp_does_not_manage_are_left_alone(job: OrderSync, shop_api: TikTokShop) -> None:
    report = job.run_once(steps=["stock"])
    assert report.ok and report.skus_updated == 0
    assert report.skus_checked == len(live_skus(shop_api))


def test_a_sku_in_several_warehouses_keeps_the_counts_the_erp_does_not_manage(
    job: OrderSync, erp: Erp, shop_api: TikTokShop
) -> None:
    product_id, sku = next((p, s) for p, s in live_skus(shop_api) if len(s.inventory) > 1)
    managed, *others = sku.inventory
    erp.set_quantity(sku.seller_sku, managed.warehouse_id, managed.quantity + 3)
    assert job.run_once(steps=["stock"]).skus_updated == 1
    after = available(shop_api, product_id, sku.id)
    assert after[managed.warehouse_id] == managed.quantity + 3
    assert {w: after[w] for w in (o.warehouse_id for o in others)} == {o.warehouse_id: o.quantity for o in others}
