"""Catalog records: warehouses, products, SKUs and their stock. Plain dataclasses shared by both API dialects.

Stable API for other areas (orders, fulfillment): `Warehouse`, `Product`, `Sku`, `Stock`, `Price` and the status
constants. Money is a decimal string in the shop's currency (IDR has no minor unit), ids are 19-digit strings,
times are Unix seconds from `mock.clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# --- product status (the `status` field of Search/Get Product, official values) -----------------------------------
DRAFT = "DRAFT"
PENDING = "PENDING"
FAILED = "FAILED"
ACTIVATE = "ACTIVATE"
SELLER_DEACTIVATED = "SELLER_DEACTIVATED"
PLATFORM_DEACTIVATED = "PLATFORM_DEACTIVATED"
FREEZE = "FREEZE"
DELETED = "DELETED"
PRODUCT_STATUSES = (DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE, DELETED)

# --- listing platforms (Indonesia: a "Tokopedia & Shop" seller lists on both) ---------------------------------------
TIKTOK_SHOP = "TIKTOK_SHOP"
TOKOPEDIA = "TOKOPEDIA"
LISTING_PLATFORMS = (TIKTOK_SHOP, TOKOPEDIA)

# --- warehouses ------------------------------------------------------------------------------------------------------
SALES_WAREHOUSE = "SALES_WAREHOUSE"
RETURN_WAREHOUSE = "RETURN_WAREHOUSE"
ENABLED = "ENABLED"
DISABLED = "DISABLED"
RESTRICTED = "RESTRICTED"


@dataclass
class Address:
    region: str
    region_code: str
    state: str
    city: str
    district: str
    town: str
    postal_code: str
    full_address: str
    contact_person: str
    phone_number: str


@dataclass
class Warehouse:
    id: str
    name: str
    shop_id: str
    type: str  # SALES_WAREHOUSE | RETURN_WAREHOUSE
    is_default: bool
    effect_status: str  # ENABLED | DISABLED | RESTRICTED
    address: Address
    sub_type: str = "DOMESTIC_WAREHOUSE"

    @property
    def can_hold_stock(self) -> bool:
        """Stock is kept only in enabled sales warehouses."""
        return self.type == SALES_WAREHOUSE and self.effect_status == ENABLED


@dataclass
class Price:
    """`amount` is the price the buyer pays before discounts, as a decimal string ("125000")."""

    amount: str
    currency: str
    #: Optional sale price (the docs' `price.sale_price`), also a decimal string.
    sale_price: str | None = None


@dataclass
class Stock:
    """One SKU's stock in one warehouse. `available` can be sold; `committed` is held by unshipped orders."""

    available: int = 0
    committed: int = 0


@dataclass
class SalesAttribute:
    """One variant dimension of a SKU, e.g. Warna = Merah."""

    id: str
    name: str
    value_id: str
    value_name: str
    sku_img: dict[str, Any] | None = None  # {"uri": ...}


@dataclass
class Image:
    """A product image as stored: the `uri` from Upload Product Image, with its pixel size."""

    uri: str
    width: int = 600
    height: int = 600


@dataclass
class Sku:
    id: str
    product_id: str
    seller_sku: str
    price: Price
    sales_attributes: list[SalesAttribute] = field(default_factory=list)
    #: warehouse_id -> stock; insertion order is the order the seller gave.
    inventory: dict[str, Stock] = field(default_factory=dict)
    list_price: Price | None = None
    external_sku_id: str = ""
    identifier_code: dict[str, str] | None = None
    #: Request fields the mock keeps and echoes without behaviour (pre_sale, sku_unit_count, ...).
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_available(self) -> int:
        return sum(s.available for s in self.inventory.values())

    @property
    def total_committed(self) -> int:
        return sum(s.committed for s in self.inventory.values())


@dataclass
class ProductAttribute:
    id: str
    name: str
    values: list[dict[str, str]]  # [{"id": ..., "name": ...}]


@dataclass
class Product:
    id: str
    shop_id: str
    title: str
    description: str
    category_id: str
    #: Status per listing platform (TIKTOK_SHOP, TOKOPEDIA), in listing order. The keys are the product's
    #: listing platforms; a TikTok-only shop's products have just TIKTOK_SHOP.
    statuses: dict[str, str]
    skus: list[Sku]
    create_time: int
    update_time: int
    main_images: list[Image] = field(default_factory=list)
    brand_id: str | None = None
    product_attributes: list[ProductAttribute] = field(default_factory=list)
    package_weight: dict[str, str] | None = None  # {"value": "0.5", "unit": "KILOGRAM"}
    package_dimensions: dict[str, str] | None = None  # {"length", "width", "height", "unit"}
    #: When the product's listing (or its latest edit) passes review, in mock-clock seconds; None: not in review.
    review_due: int | None = None
    #: The statuses a deleted product had, so Recover knows which platforms it was listed on.
    statuses_before_delete: dict[str, str] | None = None
    external_product_id: str = ""
    is_cod_allowed: bool = False
    #: Request fields the mock keeps and echoes without behaviour (video, certifications, size_chart, ...).
    extra: dict[str, Any] = field(default_factory=dict)
    #: What only the Tokopedia listing knows (legacy condition, min order, picture URLs, etalase...).
    tokopedia: dict[str, Any] = field(default_factory=dict)
    #: A post-live draft saved with `save_mode=AS_DRAFT` (`has_draft`); the live content stays as it is.
    draft: Product | None = None

    @property
    def status(self) -> str:
        """The product's status: on TikTok Shop when listed there, else on its other platform."""
        if TIKTOK_SHOP in self.statuses:
            return self.statuses[TIKTOK_SHOP]
        return next(iter(self.statuses.values()), DRAFT)

    @property
    def listing_platforms(self) -> tuple[str, ...]:
        return tuple(self.statuses)

    def set_status(self, status: str, platforms: tuple[str, ...] | None = None) -> None:
        for platform in platforms if platforms is not None else tuple(self.statuses):
            self.statuses[platform] = status

    def sku(self, sku_id: str) -> Sku | None:
        return next((s for s in self.skus if s.id == sku_id), None)


@dataclass
class Category:
    id: str
    parent_id: str  # "0" for a root
    local_name: str
    is_leaf: bool
    permission_statuses: tuple[str, ...] = ("AVAILABLE",)
    #: Words that name what a leaf holds (its seeding nouns): Recommend Category matches titles against them.
    keywords: tuple[str, ...] = ()


@dataclass
class Brand:
    id: str
    name: str
    authorized_status: str = "AUTHORIZED"
    brand_status: str = "AVAILABLE"
    is_t1_brand: bool = False
    category_ids: tuple[str, ...] = ()  # empty: any category


@dataclass
class AttributeValue:
    id: str
    name: str


@dataclass
class Attribute:
    """A category's attribute: a product attribute, or a sales attribute (variant dimension)."""

    id: str
    name: str
    type: str  # PRODUCT_PROPERTY | SALES_PROPERTY
    is_required: bool
    values: list[AttributeValue]
    is_multiple_selection: bool = False
    is_customizable: bool = True


@dataclass
class UploadedImage:
    """An image the mock can serve at `/img/{uri}`. Seeded images have no bytes: a placeholder is drawn."""

    uri: str
    content_type: str
    data: bytes
    width: int
    height: int
    use_case: str
