"""The order-sync job a seller's ERP runs every few minutes, written against the public `tiktok-shop-api` client.

One run: keep the token fresh, find the shops the seller authorized, then for each shop ship the orders that await
shipment (booking the goods out of the ERP) and push the ERP's sellable stock to every SKU whose count differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx
from tiktok_shop_api import DEFAULT_BASE_URL, TikTokShop, TikTokShopError
from tiktok_shop_api.generated.models import (
    GetOrderListRequest,
    GetOrderListRequestOrderStatus,
    SearchProductsRequest,
    SearchProductsRequestStatus,
    ShipPackageRequest,
    ShipPackageRequestHandoverMethod,
    UpdateInventoryRequest,
    UpdateInventoryRequestSku,
    UpdateInventoryRequestSkuInventory,
)
from tiktok_shop_api.generated.types import UNSET

from order_sync.erp import Erp, Shipment
from order_sync.tokens import TokenKeeper

STEPS = ("orders", "stock")


@dataclass
class Report:
    shops: list[str] = field(default_factory=list)
    skus_checked: int = 0
    skus_updated: int = 0
    shipped_orders: list[str] = field(default_factory=list)
    #: What went wrong, one line each; a failing shop, step or package does not stop the others.
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


class OrderSync:
    def __init__(
        self,
        app_key: str,
        app_secret: str,
        tokens: TokenKeeper,
        erp: Erp,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        page_size: int = 100,
        handover_method: ShipPackageRequestHandoverMethod = ShipPackageRequestHandoverMethod.DROP_OFF,
    ) -> None:
        self.app_key = app_key
        self.app_secret = app_secret
        self.tokens = tokens
        self.erp = erp
        self.base_url = base_url
        self.transport = transport
        self.page_size = page_size
        self.handover_method = handover_method

    def client(self) -> TikTokShop:
        """A client with a fresh token (refreshed first if it is close to expiry)."""
        return TikTokShop(
            self.app_key,
            self.app_secret,
            self.tokens.access_token(),
            base_url=self.base_url,
            transport=self.transport,
        )

    def run_once(self, steps: Iterable[str] = STEPS) -> Report:
        steps = tuple(steps)
        report = Report()
        with self.client() as api:
            for shop in self.shops(api):
                report.shops.append(shop.id)
                # A per-shop client has its own connections unless a transport was given: close it.
                with api.with_shop(shop_cipher=shop.cipher) as shop_api:
                    for step in steps:
                        self._step(step, shop_api, shop.id, report)
        return report

    def _step(self, step: str, api: TikTokShop, shop_id: str, report: Report) -> None:
        try:
            if step == "orders":
                self.ship_new_orders(api, report)
            elif step == "stock":
                self.sync_stock(api, report)
            else:
                raise ValueError(f"unknown step {step!r}; steps are {STEPS}")
        except TikTokShopError as e:
            report.failures.append(f"shop {shop_id} {step}: {e.code} {e.message}")

    def shops(self, api: TikTokShop) -> list[Any]:
        """The shops the seller authorized for this app (a cross-border seller has several)."""
        data = api.authorization.get_authorized_shops().data
        return list(data.shops or []) if data else []

    def sync_stock(self, api: TikTokShop, report: Report) -> None:
        """Push the ERP's number to every SKU of every live product where it differs. SKUs the ERP lacks are kept."""
        token: Any = UNSET
        while True:
            body = SearchProductsRequest(status=SearchProductsRequestStatus.ACTIVATE)
            page = api.products.search_products(page_size=self.page_size, page_token=token, body=body).data
            for product in page.products or []:
                report.skus_checked += len(product.skus or [])
                changes = self._stock_changes(product)
                if changes:
                    self._update_inventory(api, product.id, changes, report)
            token = page.next_page_token
            if not token:
                return

    def _stock_changes(self, product: Any) -> list[UpdateInventoryRequestSku]:
        changes = []
        for sku in product.skus or []:
            current = {inv.warehouse_id: inv.quantity for inv in sku.inventory or []}
            wanted = {w: self.erp.quantity(sku.seller_sku, w) for w in current}
            if all(q is None or q == current[w] for w, q in wanted.items()):
                continue
            # A SKU stocked in several warehouses must be sent with all of them; unmanaged ones keep their count.
            inventory = [
                UpdateInventoryRequestSkuInventory(quantity=current[w] if q is None else q, warehouse_id=w)
                for w, q in wanted.items()
            ]
            changes.append(UpdateInventoryRequestSku(id=sku.id, inventory=inventory))
        return changes

    def _update_inventory(
        self, api: TikTokShop, product_id: str, skus: list[UpdateInventoryRequestSku], report: Report
    ) -> None:
        result = api.products.update_inventory(product_id, body=UpdateInventoryRequest(skus=skus))
        # The call succeeds as a whole even when single SKUs are refused: those come back in data.errors.
        errors = (result.data.errors or []) if result.data else []
        for error in errors:
            report.failures.append(f"product {product_id} sku {error.detail.sku_id}: {error.code} {error.message}")
        report.skus_updated += len(skus) - len(errors)

    def ship_new_orders(self, api: TikTokShop, report: Report) -> None:
        """Ship the packages of the orders awaiting shipment that the ERP has not shipped; book their goods out of it.

        A package that cannot be shipped (the buyer cancelled since the listing, say) is reported; the others go on.
        """
        for order in self.orders_to_ship(api):
            packages = [p.id for p in order.packages or [] if not self.erp.shipped(p.id)]
            shipped = [p for p in packages if self._ship(api, order, p, report)]
            if shipped:
                report.shipped_orders.append(order.id)

    def orders_to_ship(self, api: TikTokShop) -> list[Any]:
        """The orders awaiting shipment by platform logistics, every page read before anything is shipped.

        Shipping an order takes it out of the list being paged through, so shipping page by page could skip some.
        Orders the seller ships with their own courier (`shipping_type` SELLER) need that courier's tracking number,
        which this ERP does not have: they are left to the seller.
        """
        status = GetOrderListRequestOrderStatus.AWAITING_SHIPMENT
        body = GetOrderListRequest(order_status=status, shipping_type="TIKTOK")
        orders: list[Any] = []
        token: Any = UNSET
        while True:
            page = api.orders.get_order_list(page_size=self.page_size, page_token=token, body=body).data
            orders += page.orders or []
            token = page.next_page_token
            if not token:
                return orders

    def _ship(self, api: TikTokShop, order: Any, package_id: str, report: Report) -> bool:
        try:
            api.fulfillment.ship_package(package_id, body=ShipPackageRequest(handover_method=self.handover_method))
        except TikTokShopError as e:
            report.failures.append(f"order {order.id} package {package_id}: {e.code} {e.message}")
            return False
        self.erp.record_shipment(Shipment(order.id, package_id, order.warehouse_id, _seller_skus(order, package_id)))
        return True


def _seller_skus(order: Any, package_id: str) -> tuple[str, ...]:
    """One seller SKU per unit in the package: the API lists every unit as a line item of its own."""
    first = order.packages[0].id if order.packages else None
    return tuple(li.seller_sku for li in order.line_items or [] if (li.package_id or first) == package_id)
