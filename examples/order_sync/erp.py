"""The seller's own system, reduced to what the job needs: sellable stock and a shipment log. In memory here."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Shipment:
    order_id: str
    package_id: str
    warehouse_id: str
    seller_skus: tuple[str, ...]


@dataclass
class Erp:
    #: Sellable stock, by (seller_sku, TikTok Shop warehouse id). The ERP is the master of these numbers.
    stock: dict[tuple[str, str], int] = field(default_factory=dict)
    shipments: list[Shipment] = field(default_factory=list)

    def quantity(self, seller_sku: str, warehouse_id: str) -> int | None:
        """What the marketplace should show, or None for a SKU the ERP does not manage (left alone)."""
        return self.stock.get((seller_sku, warehouse_id))

    def set_quantity(self, seller_sku: str, warehouse_id: str, quantity: int) -> None:
        self.stock[(seller_sku, warehouse_id)] = quantity

    def shipped(self, package_id: str) -> bool:
        return any(s.package_id == package_id for s in self.shipments)

    def record_shipment(self, shipment: Shipment) -> None:
        """Goods left the warehouse: each seller SKU listed is one unit off the sellable stock."""
        self.shipments.append(shipment)
        for sku in shipment.seller_skus:
            key = (sku, shipment.warehouse_id)
            if key in self.stock:
                self.stock[key] = max(0, self.stock[key] - 1)
