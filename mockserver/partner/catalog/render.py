"""How the Partner API shows catalog records (the response `data` shapes of schemas/partner/products/*.json)."""

from __future__ import annotations

from typing import Any

from mockserver.catalog import taxonomy
from mockserver.catalog.images import image_url
from mockserver.catalog.models import (
    ACTIVATE,
    FAILED,
    PENDING,
    TIKTOK_SHOP,
    TOKOPEDIA,
    Attribute,
    Brand,
    Category,
    Image,
    Price,
    Product,
    Sku,
)
from mockserver.store import Store

#: The misspelling live responses use (reference §5.3 quirk 11).
UNAUTHORIZED_BRAND = "UNAUTHORIEZD"


def image(base_url: str, img: Image) -> dict[str, Any]:
    return {
        "uri": img.uri,
        "urls": [image_url(base_url, img.uri)],
        "thumb_urls": [image_url(base_url, img.uri, thumb=True)],
        "width": img.width,
        "height": img.height,
    }


def audit_status(product: Product) -> str:
    """`audit.status` (official values): NONE for drafts, frozen and deactivated products."""
    status = product.statuses.get(TIKTOK_SHOP)
    if status == PENDING or (status == ACTIVATE and product.review_due is not None):
        return "AUDITING"
    if status == ACTIVATE:
        return "APPROVED"
    return "FAILED" if status == FAILED else "NONE"


def _statuses(product: Product) -> dict[str, Any]:
    """`status` only when listed on TikTok Shop; `integrated_platform_statuses` only when on Tokopedia (official)."""
    out: dict[str, Any] = {}
    if TIKTOK_SHOP in product.statuses:
        out["status"] = product.statuses[TIKTOK_SHOP]
        out["audit"] = {"status": audit_status(product)}
    if TOKOPEDIA in product.statuses:
        out["integrated_platform_statuses"] = [{"platform": TOKOPEDIA, "status": product.statuses[TOKOPEDIA]}]
    return out


def price(p: Price) -> dict[str, Any]:
    """Local sellers: `tax_exclusive_price` and `sale_price` are both the display price before discounts."""
    return {"currency": p.currency, "sale_price": p.amount, "tax_exclusive_price": p.amount}


def _sku_common(sku: Sku) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": sku.id,
        "seller_sku": sku.seller_sku,
        "price": price(sku.price),
        "inventory": [{"warehouse_id": w, "quantity": s.available} for w, s in sku.inventory.items()],
        "status_info": {"status": "NORMAL"},
    }
    if sku.list_price is not None:
        out["list_price"] = {"amount": sku.list_price.amount, "currency": sku.list_price.currency}
    for key in ("external_list_prices", "pre_sale", "fees"):
        if key in sku.extra:
            out[key] = sku.extra[key]
    return out


def product_summary(product: Product) -> dict[str, Any]:
    """One entry of Search Products."""
    return {
        "id": product.id,
        "title": product.title,
        **_statuses(product),
        "skus": [_sku_common(s) for s in product.skus],
        "sales_regions": ["ID"],
        "create_time": product.create_time,
        "update_time": product.update_time,
        "is_not_for_sale": bool(product.extra.get("is_not_for_sale", False)),
        "has_draft": product.draft is not None,
    }


def product_detail(store: Store, product: Product, base_url: str) -> dict[str, Any]:
    """Get Product."""
    out: dict[str, Any] = {
        "id": product.id,
        **_statuses(product),
        "title": product.title,
        "description": product.description,
        "category_chains": [_chain_entry(c) for c in taxonomy.chain(store, product.category_id)],
        "main_images": [image(base_url, i) for i in product.main_images],
        "skus": [_sku_detail(s, base_url) for s in product.skus],
        "product_attributes": [{"id": a.id, "name": a.name, "values": a.values} for a in product.product_attributes],
        "audit_failed_reasons": [],
        "create_time": product.create_time,
        "update_time": product.update_time,
        "is_cod_allowed": product.is_cod_allowed,
        "external_product_id": product.external_product_id,
        "has_draft": product.draft is not None,
        "is_not_for_sale": bool(product.extra.get("is_not_for_sale", False)),
        "product_types": [],
    }
    brand = store.brands.get(product.brand_id or "")
    if brand is not None:
        out["brand"] = {"id": brand.id, "name": brand.name}
    for key in ("package_weight", "package_dimensions"):
        if getattr(product, key):
            out[key] = getattr(product, key)
    out.update(_passthrough(product, base_url))
    return out


def _chain_entry(c: Category) -> dict[str, Any]:
    return {"id": c.id, "parent_id": c.parent_id, "local_name": c.local_name, "is_leaf": c.is_leaf}


def _sku_detail(sku: Sku, base_url: str) -> dict[str, Any]:
    out = _sku_common(sku)
    out["external_sku_id"] = sku.external_sku_id
    out["sales_attributes"] = [
        {"id": a.id, "name": a.name, "value_id": a.value_id, "value_name": a.value_name}
        | ({"sku_img": image(base_url, Image(a.sku_img["uri"]))} if a.sku_img else {})
        for a in sku.sales_attributes
    ]
    if sku.identifier_code:
        out["identifier_code"] = sku.identifier_code
    for key in ("sku_unit_count", "external_urls", "extra_identifier_codes", "combined_skus"):
        if key in sku.extra:
            out[key] = sku.extra[key]
    return out


def _passthrough(product: Product, base_url: str) -> dict[str, Any]:
    """Fields stored as given, reshaped where the response differs from the request (images gain URLs)."""
    out: dict[str, Any] = {}
    ex = product.extra
    for key in (
        "manufacturer_ids",
        "responsible_person_ids",
        "shipping_insurance_requirement",
        "minimum_order_quantity",
        "is_pre_owned",
        "primary_combined_product_id",
        "shipping_template_id",
    ):
        if key in ex:
            out[key] = ex[key]
    if "video" in ex:
        out["video"] = {"id": ex["video"]["id"]}
    if "delivery_option_ids" in ex:
        out["delivery_options"] = [{"id": i, "is_available": True} for i in ex["delivery_option_ids"]]
    if "certifications" in ex:
        out["certifications"] = [
            {**c, "images": [image(base_url, Image(i["uri"])) for i in c.get("images", [])]}
            for c in ex["certifications"]
        ]
    if "size_chart" in ex:
        chart = dict(ex["size_chart"])
        if "image" in chart:
            chart["image"] = image(base_url, Image(chart["image"]["uri"]))
        out["size_chart"] = chart
    return out


def write_result(product: Product, warnings: list[str], *, with_audit: bool = False) -> dict[str, Any]:
    """The `data` of Create / Edit / Partial Edit Product."""
    out: dict[str, Any] = {
        "product_id": product.id,
        "skus": [
            {
                "id": s.id,
                "seller_sku": s.seller_sku,
                "sales_attributes": [{"id": a.id, "value_id": a.value_id} for a in s.sales_attributes],
                "external_sku_id": s.external_sku_id,
            }
            for s in product.skus
        ],
        "warnings": [{"message": w} for w in warnings],
    }
    if with_audit:
        out["audit"] = {"status": audit_status(product)}
    return out


def inventory(product: Product, skus: list[Sku]) -> dict[str, Any]:
    """One entry of Inventory Search."""
    return {
        "product_id": product.id,
        "skus": [
            {
                "id": s.id,
                "seller_sku": s.seller_sku,
                "total_available_quantity": s.total_available,
                "total_committed_quantity": s.total_committed,
                "warehouse_inventory": [
                    {"warehouse_id": w, "available_quantity": st.available, "committed_quantity": st.committed}
                    for w, st in s.inventory.items()
                ],
            }
            for s in skus
        ],
    }


def category(c: Category) -> dict[str, Any]:
    return {**_chain_entry(c), "permission_statuses": list(c.permission_statuses)}


def brand(b: Brand) -> dict[str, Any]:
    status = b.authorized_status if b.authorized_status == "AUTHORIZED" else UNAUTHORIZED_BRAND
    return {
        "id": b.id,
        "name": b.name,
        "authorized_status": status,
        "is_t1_brand": b.is_t1_brand,
        "brand_status": b.brand_status,
    }


def attribute(a: Attribute) -> dict[str, Any]:
    """Note the official spelling `is_requried` (docs and live responses)."""
    return {
        "id": a.id,
        "name": a.name,
        "type": a.type,
        "is_requried": a.is_required,
        "values": [{"id": v.id, "name": v.name} for v in a.values],
        "is_customizable": a.is_customizable,
        "is_multiple_selection": a.is_multiple_selection,
    }
