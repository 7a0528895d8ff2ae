"""Checks a Create/Edit Product body against the shop, the taxonomy and the documented limits.

The schema (already checked by the dispatcher) gives types and required fields; this module adds the business
rules, raising the documented error code for the first one broken (SKU rules live in skus.py). The result is
a `Listing`: the validated content, which lifecycle.py turns into a new product or applies to an existing one.
No HTTP here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mockserver.catalog import taxonomy
from mockserver.catalog.models import (
    LISTING_PLATFORMS,
    TIKTOK_SHOP,
    Attribute,
    Image,
    Product,
    ProductAttribute,
)
from mockserver.catalog.skus import DECIMAL, SkuInput, parse_skus
from mockserver.models import Shop
from mockserver.partner.catalog.errors import business
from mockserver.partner.errors import PartnerError
from mockserver.store import Store

TITLE_LENGTH = (25, 255)  # "Other regions: [25, 255]" (official, create-product `title`)
DESCRIPTION_MAX = 10_000
MAX_IMAGES = 9
SAVE_MODES = ("LISTING", "AS_DRAFT")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Listing:
    title: str
    description: str
    category_id: str
    brand_id: str | None
    main_images: list[Image]
    product_attributes: list[ProductAttribute]
    package_weight: dict[str, str]
    package_dimensions: dict[str, str] | None
    skus: list[SkuInput]
    save_mode: str
    listing_platforms: tuple[str, ...] | None  # None: not given
    external_product_id: str
    is_cod_allowed: bool
    idempotency_key: str | None
    extra: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


#: Body fields the mock stores and echoes in Get Product without acting on them.
PRODUCT_PASSTHROUGH = (
    "video",
    "certifications",
    "size_chart",
    "delivery_option_ids",
    "manufacturer_ids",
    "responsible_person_ids",
    "is_not_for_sale",
    "shipping_insurance_requirement",
    "minimum_order_quantity",
    "is_pre_owned",
    "primary_combined_product_id",
    "shipping_template_id",
)


def parse(
    store: Store,
    shop: Shop,
    body: dict[str, Any],
    *,
    existing: Product | None = None,
    image_error: int = 12052300,
    new_sku_price_error: int = 12052073,
) -> Listing:
    """Validate a Create (existing=None) or Edit body; raise the documented error for the first broken rule."""
    save_mode = body.get("save_mode") or "LISTING"
    if save_mode not in SAVE_MODES:
        raise _invalid(f"'save_mode' must be one of {', '.join(SAVE_MODES)}.")
    title = _title(body["title"])
    description = _description(body["description"])
    category_id = _category(store, body["category_id"])
    warnings: list[str] = []
    brand_id = _brand(store, body.get("brand_id"), warnings)
    images = _images(store, body["main_images"], image_error)
    attributes = _product_attributes(store, category_id, body.get("product_attributes") or [], save_mode)
    weight = _weight(body["package_weight"])
    dimensions = _dimensions(body.get("package_dimensions"))
    platforms = _platforms(shop, body.get("listing_platforms"))
    if save_mode == "LISTING":
        given = {c["id"] for c in body.get("certifications") or ()}
        missing = [c for c in taxonomy.required_certifications(category_id) if c not in given]
        if missing:
            raise business(12052105, f"Certification(s) {', '.join(missing)} (see Get Category Rules).")
    skus = parse_skus(store, shop, category_id, body["skus"], existing, new_sku_price_error)
    for key, limit in (("external_product_id", 999), ("idempotency_key", 128)):
        if len(str(body.get(key) or "")) > limit:
            raise _invalid(f"'{key}' cannot exceed {limit} characters.")
    moq = body.get("minimum_order_quantity")
    if moq is not None and not 1 <= moq <= 20:
        raise _invalid("'minimum_order_quantity' must be within [1, 20].")
    return Listing(
        title=title,
        description=description,
        category_id=category_id,
        brand_id=brand_id,
        main_images=images,
        product_attributes=attributes,
        package_weight=weight,
        package_dimensions=dimensions,
        skus=skus,
        save_mode=save_mode,
        listing_platforms=platforms,
        external_product_id=str(body.get("external_product_id") or ""),
        is_cod_allowed=bool(body.get("is_cod_allowed", False)),
        idempotency_key=body.get("idempotency_key") or None,
        extra={k: body[k] for k in PRODUCT_PASSTHROUGH if k in body},
        warnings=warnings,
    )


def _invalid(detail: str) -> PartnerError:
    return business(12052910, detail)


# --- product-level fields --------------------------------------------------------------------------------------------
def _title(title: str) -> str:
    lo, hi = TITLE_LENGTH
    if len(title) > hi:
        raise business(12052051, f"The title must be {lo}-{hi} characters.")
    if len(title) < lo:
        raise _invalid(f"The title must be {lo}-{hi} characters.")
    if _CJK.search(title):
        raise PartnerError(12052262, "Chinese characters are not supported in product name", 200)
    return title


def _description(description: str) -> str:
    if len(description) > DESCRIPTION_MAX:
        raise business(12052013, f"Max length: {DESCRIPTION_MAX} characters.")
    if _CJK.search(description):
        raise PartnerError(12052346, "The product description has Chinese characters", 200)
    return description


def _category(store: Store, category_id: str) -> str:
    cat = store.categories.get(category_id)
    if cat is None:
        raise business(12052023)
    if not cat.is_leaf:
        raise business(12052024)
    return category_id


def _brand(store: Store, brand_id: str | None, warnings: list[str]) -> str | None:
    """An unknown brand is cleared with a warning, not refused (official Create Product response example)."""
    if not brand_id:
        return None
    if brand_id not in store.brands:
        warnings.append(
            f"The [brand_id]:{brand_id} field is incorrect and has been automatically cleared by the system. "
            "Reason: [Brand does not exist]. You can edit it later."
        )
        return None
    return brand_id


def _images(store: Store, raw: list[dict[str, Any]], error: int) -> list[Image]:
    if not raw:
        raise business(12052028)
    if len(raw) > MAX_IMAGES:
        raise business(12052306, f"Max count: {MAX_IMAGES}.")
    out: list[Image] = []
    for entry in raw:
        image = store.images.get(entry["uri"])
        if image is None:
            raise business(error, f"Unknown uri '{entry['uri']}': upload it with Upload Product Image first.")
        out.append(Image(image.uri, image.width, image.height))
    return out


def _product_attributes(
    store: Store, category_id: str, raw: list[dict[str, Any]], save_mode: str
) -> list[ProductAttribute]:
    out: list[ProductAttribute] = []
    seen: set[str] = set()
    for entry in raw:
        attr = taxonomy.attribute(store, category_id, entry["id"])
        if attr is None or attr.type != taxonomy.PRODUCT_PROPERTY:
            raise _invalid(f"Product attribute '{entry['id']}' is not available in category {category_id}.")
        if attr.id in seen:
            raise business(12052254)
        seen.add(attr.id)
        values = [_attribute_value(attr, v) for v in entry["values"]]
        if len(values) > 1 and not attr.is_multiple_selection:
            raise PartnerError(
                12052246, f"The product property not support multi selected, attribute id is :{attr.id}.", 200
            )
        out.append(ProductAttribute(attr.id, attr.name, values))
    if save_mode == "LISTING":
        missing = [a for a in store.attributes.get(category_id, ()) if a.is_required and a.id not in seen]
        if missing:
            raise business(12052104, f"Missing: {', '.join(f'{a.name} ({a.id})' for a in missing)}.")
    return out


def _attribute_value(attr: Attribute, raw: dict[str, Any]) -> dict[str, str]:
    value_id, name = raw.get("id") or "", raw.get("name") or ""
    if value_id:
        known = taxonomy.value_name(attr, value_id)
        if known is not None:
            return {"id": value_id, "name": known}
        if not name:
            raise business(12052529, f"Attribute {attr.id}, value id '{value_id}'.")
        return {"id": value_id, "name": name}
    if not name:
        raise PartnerError(12052248, "The product property value name or attribute value id is empty.", 200)
    known_id = next((v.id for v in attr.values if v.name == name), None)
    return {"id": known_id or "", "name": name}


def _weight(raw: dict[str, str]) -> dict[str, str]:
    unit = raw["unit"]
    if unit in ("POUND", "OUNCE"):
        raise business(12019061)
    if unit != "KILOGRAM":
        raise _invalid("'package_weight.unit' must be KILOGRAM in this region.")
    value = raw["value"]
    if not DECIMAL.match(value) or len(value.partition(".")[2]) > 3:
        raise business(12052006)
    if Decimal(value) == 0:
        raise business(12052181)
    return {"value": value, "unit": unit}


def _dimensions(raw: dict[str, str] | None) -> dict[str, str] | None:
    if raw is None:
        return None
    if raw["unit"] == "INCH":
        raise business(12019061)
    if raw["unit"] != "CENTIMETER":
        raise _invalid("'package_dimensions.unit' must be CENTIMETER in this region.")
    for key, code in (("length", 12052005), ("width", 12052004), ("height", 12052003)):
        if not DECIMAL.match(raw[key]) or Decimal(raw[key]) == 0:
            raise business(code)
    return {k: raw[k] for k in ("length", "width", "height", "unit")}


def _platforms(shop: Shop, raw: list[str] | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not raw:
        return (TIKTOK_SHOP,)
    for p in raw:
        if p not in LISTING_PLATFORMS:
            raise _invalid(f"'listing_platforms' values must be among {', '.join(LISTING_PLATFORMS)}.")
        if p not in shop.platforms:
            raise business(12052330)
    return tuple(dict.fromkeys(raw))
