"""Fulfillment records that are not part of an order: shipping documents handed out by URL."""

from __future__ import annotations

from dataclasses import dataclass

SHIPPING_LABEL = "SHIPPING_LABEL"
PACKING_SLIP = "PACKING_SLIP"
SHIPPING_LABEL_AND_PACKING_SLIP = "SHIPPING_LABEL_AND_PACKING_SLIP"
SHIPPING_LABEL_PICTURE = "SHIPPING_LABEL_PICTURE"
HAZMAT_LABEL = "HAZMAT_LABEL"
INVOICE_LABEL = "INVOICE_LABEL"
DOCUMENT_TYPES = (
    SHIPPING_LABEL,
    PACKING_SLIP,
    SHIPPING_LABEL_AND_PACKING_SLIP,
    SHIPPING_LABEL_PICTURE,
    HAZMAT_LABEL,
    INVOICE_LABEL,
)
DOCUMENT_SIZES = ("A6", "A5")
#: `doc_url` is valid for 24 hours (official).
DOC_TTL = 24 * 3600


@dataclass(frozen=True)
class ShippingDocument:
    """A document generated for a package; served at `doc_url` until `expires_at` (mock-clock seconds)."""

    id: str
    package_id: str
    shop_id: str
    document_type: str
    document_size: str
    document_format: str  # PDF | PNG (SHIPPING_LABEL_PICTURE)
    created_at: int
    expires_at: int
