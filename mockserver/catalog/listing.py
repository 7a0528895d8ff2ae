"""The rules of a listing: a Create/Edit "listing document" checked against the shop, the taxonomy and the limits.

A listing document is a dict with the platform's listing fields (`title`, `description`, `category_id`,
`main_images[{uri}]`, `product_attributes`, `package_weight`, `skus[...]`, `listing_platforms`, ...): the Partner
API's Create/Edit Product body is one as it stands; the legacy Seller API translates its product rows into one
(legacy/listing.py). Types and required fields are the schema's business (checked before); this module applies the
business rules, reporting each broken one to `problems` as a `CatalogError` (SKU rules live in skus.py). The result
is a `Listing`: the validated content, which lifecycle.py turns into a new product or applies to an existing one.
Limits that differ between the APIs come from the `CatalogPolicy`. No HTTP here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mockserver.catalog import images, taxonomy
from mockserver.catalog.errors import CatalogError, Problems, Reason
from mockserver.catalog.models import LISTING_PLATFORMS, TIKTOK_SHOP, Attribute, Image, Product, ProductAttribute
from mockserver.catalog.policy import CatalogPolicy
from mockserver.catalog.skus import DECIMAL, SkuInput, parse_skus
from mockserver.models import Shop
from mockserver.store import Store

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
    package_weight: dict[str, str] | None
    package_dimensions: dict[str, str] | None
    skus: list[SkuInput]
    save_mode: str
    listing_platforms: tuple[str, ...] | None  # None: not given
    external_product_id: str
    is_cod_allowed: bool
    idempotency_key: str | None
    extra: dict[str, Any]
    #: What only the Tokopedia listing knows (condition, picture URLs, etalase...): kept as given.
    tokopedia: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


#: Document fields the mock stores and echoes in Get Product without acting on them.
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
    doc: dict[str, Any],
    policy: CatalogPolicy,
    problems: Problems | None = None,
    *,
    existing: Product | None = None,
    sent: set[str] | None = None,
    now: int | None = None,
) -> Listing | None:
    """Check a Create (existing=None) or Edit document. With a first-only `problems` (the default) the first broken
    rule raises; otherwise every problem is collected and None is returned when there was any. `sent`: an edit that
    checks only the fields the caller sent (the others are the product's own, already checked when written). `now`:
    certificate expiration dates must be after it."""
    problems = problems if problems is not None else Problems()
    check = problems.check

    def checked(name: str) -> bool:
        return sent is None or name in sent

    save_mode = doc.get("save_mode") or "LISTING"
    if save_mode not in SAVE_MODES:
        problems.add(_invalid(f"'save_mode' must be one of {', '.join(SAVE_MODES)}.", field="save_mode"))
    title = check(_title, doc.get("title") or "", policy) if checked("title") else doc["title"]
    description = (
        check(_description, doc.get("description") or "", policy) if checked("description") else doc["description"]
    )
    category = str(doc.get("category_id") or "")
    category_id = check(_category, store, category) if checked("category_id") else category
    warnings: list[str] = []
    brand_id = _brand(store, doc.get("brand_id"), warnings)
    if checked("main_images") or existing is None:
        images = check(_images, store, doc.get("main_images") or [])
    else:
        images = list(existing.main_images)
    attributes: list[ProductAttribute] | None = []
    if category_id is not None:
        required = save_mode == "LISTING" and policy.require_attributes
        attributes = check(_product_attributes, store, category_id, doc.get("product_attributes") or [], required)
    weight = (
        check(_weight, doc.get("package_weight"), policy) if checked("package_weight") else doc.get("package_weight")
    )
    dimensions = check(_dimensions, doc.get("package_dimensions")) if checked("package_dimensions") else None
    if not checked("package_dimensions") and existing is not None:
        dimensions = existing.package_dimensions
    platforms = check(_platforms, shop, doc.get("listing_platforms"))
    certifications = doc.get("certifications") or ()
    if checked("certifications"):
        check(_certificate_dates, certifications, now)
    if category_id is not None and save_mode == "LISTING" and policy.require_attributes:
        check(_certifications, category_id, certifications)
    skus = problems.check(parse_skus, store, shop, category_id, doc.get("skus") or [], existing, policy, problems)
    for key, limit in (("external_product_id", 999), ("idempotency_key", 128)):
        if len(str(doc.get(key) or "")) > limit:
            problems.add(_invalid(f"'{key}' cannot exceed {limit} characters.", field=key))
    moq = doc.get("minimum_order_quantity")
    lo, hi = policy.minimum_order_range
    if moq is not None and not lo <= moq <= hi:
        problems.add(
            CatalogError(
                Reason.MINIMUM_ORDER_INVALID, f"'minimum_order_quantity' must be within [{lo}, {hi}].", min=lo, max=hi
            )
        )
    if problems or title is None or description is None or category_id is None or images is None:
        return None
    if attributes is None or skus is None:
        return None
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
        external_product_id=str(doc.get("external_product_id") or ""),
        is_cod_allowed=bool(doc.get("is_cod_allowed", False)),
        idempotency_key=doc.get("idempotency_key") or None,
        extra={k: doc[k] for k in PRODUCT_PASSTHROUGH if k in doc},
        tokopedia=dict(doc.get("tokopedia") or {}),
        warnings=warnings,
    )


def _invalid(detail: str, **facts: Any) -> CatalogError:
    return CatalogError(Reason.INVALID_FIELD, detail, **facts)


# --- product-level fields --------------------------------------------------------------------------------------------
def _title(title: str, policy: CatalogPolicy) -> str:
    lo, hi = policy.title_length
    if len(title) > hi:
        raise CatalogError(Reason.TITLE_TOO_LONG, f"The title must be {lo}-{hi} characters.", min=lo, max=hi)
    if len(title) < lo:
        raise CatalogError(Reason.TITLE_TOO_SHORT, f"The title must be {lo}-{hi} characters.", min=lo, max=hi)
    if _CJK.search(title):
        raise CatalogError(Reason.TITLE_CJK)
    return title


def _description(description: str, policy: CatalogPolicy) -> str:
    most = policy.description_max
    if len(description) > most:
        raise CatalogError(Reason.DESCRIPTION_TOO_LONG, f"Max length: {most} characters.", max=most)
    if _CJK.search(description):
        raise CatalogError(Reason.DESCRIPTION_CJK)
    return description


def _category(store: Store, category_id: str) -> str:
    cat = store.categories.get(category_id)
    if cat is None:
        raise CatalogError(Reason.CATEGORY_NOT_FOUND, category_id=category_id)
    if not cat.is_leaf:
        raise CatalogError(Reason.CATEGORY_NOT_LEAF, category_id=category_id)
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


def _images(store: Store, raw: list[dict[str, Any]]) -> list[Image]:
    """`{uri}` of an uploaded image, or `{url}` of a picture the mock only knows by URL (images.url_image)."""
    if not raw:
        raise CatalogError(Reason.MAIN_IMAGE_REQUIRED)
    if len(raw) > MAX_IMAGES:
        raise CatalogError(Reason.TOO_MANY_IMAGES, f"Max count: {MAX_IMAGES}.", max=MAX_IMAGES)
    out: list[Image] = []
    for entry in raw:
        if "url" in entry:
            out.append(images.url_image(str(entry["url"])))
            continue
        image = store.images.get(entry["uri"])
        if image is None:
            detail = f"Unknown uri '{entry['uri']}': upload it with Upload Product Image first."
            raise CatalogError(Reason.IMAGE_UNKNOWN, detail, uri=entry["uri"])
        out.append(Image(image.uri, image.width, image.height))
    return out


def _product_attributes(
    store: Store, category_id: str, raw: list[dict[str, Any]], required: bool
) -> list[ProductAttribute]:
    out: list[ProductAttribute] = []
    seen: set[str] = set()
    for entry in raw:
        attr = taxonomy.attribute(store, category_id, entry["id"])
        if attr is None or attr.type != taxonomy.PRODUCT_PROPERTY:
            detail = f"Product attribute '{entry['id']}' is not available in category {category_id}."
            raise CatalogError(Reason.ATTRIBUTE_NOT_IN_CATEGORY, detail, attribute_id=entry["id"])
        if attr.id in seen:
            raise CatalogError(Reason.DUPLICATE_ATTRIBUTE, attribute_id=attr.id)
        seen.add(attr.id)
        values = [_attribute_value(attr, v) for v in entry["values"]]
        if len(values) > 1 and not attr.is_multiple_selection:
            raise CatalogError(Reason.ATTRIBUTE_NOT_MULTIPLE, attribute_id=attr.id)
        out.append(ProductAttribute(attr.id, attr.name, values))
    if required:
        missing = [a for a in store.attributes.get(category_id, ()) if a.is_required and a.id not in seen]
        if missing:
            detail = f"Missing: {', '.join(f'{a.name} ({a.id})' for a in missing)}."
            raise CatalogError(Reason.REQUIRED_ATTRIBUTE_MISSING, detail, attribute_ids=[a.id for a in missing])
    return out


def _attribute_value(attr: Attribute, raw: dict[str, Any]) -> dict[str, str]:
    value_id, name = raw.get("id") or "", raw.get("name") or ""
    if value_id:
        known = taxonomy.value_name(attr, value_id)
        if known is not None:
            return {"id": value_id, "name": known}
        if not name:
            detail = f"Attribute {attr.id}, value id '{value_id}'."
            raise CatalogError(Reason.ATTRIBUTE_VALUE_UNKNOWN, detail, attribute_id=attr.id)
        return {"id": value_id, "name": name}
    if not name:
        raise CatalogError(Reason.ATTRIBUTE_VALUE_EMPTY, attribute_id=attr.id)
    known_id = next((v.id for v in attr.values if v.name == name), None)
    return {"id": known_id or "", "name": name}


def _certifications(category_id: str, given: Any) -> None:
    ids = {c["id"] for c in given}
    missing = [c for c in taxonomy.required_certifications(category_id) if c not in ids]
    if missing:
        detail = f"Certification(s) {', '.join(missing)} (see Get Category Rules)."
        raise CatalogError(Reason.CERTIFICATION_MISSING, detail, certification_ids=missing)
    for c in given:
        if taxonomy.expiry_required(category_id, c["id"]) and not c.get("expiration_date"):
            detail = f"Certification {c['id']} needs its expiration_date (see Get Category Rules)."
            raise CatalogError(Reason.CERTIFICATE_EXPIRY_INVALID, detail, certification_id=c["id"])


#: Latest accepted certificate expiry, from now (GUESS: the docs give no upper bound).
MAX_EXPIRY = 50 * 365 * 86400


def _certificate_dates(given: Any, now: int | None) -> None:
    """A certificate's `expiration_date` (Unix seconds) must be in the future (and not absurdly far)."""
    for c in given:
        expiry = c.get("expiration_date")
        if expiry is None:
            continue
        if expiry <= 0 or (now is not None and not now < expiry <= now + MAX_EXPIRY):
            detail = f"Certification {c['id']}: expiration_date {expiry} has passed or is out of range."
            raise CatalogError(Reason.CERTIFICATE_EXPIRY_INVALID, detail, certification_id=c["id"])


def _weight(raw: dict[str, str] | None, policy: CatalogPolicy) -> dict[str, str] | None:
    if raw is None:
        if policy.require_weight:
            raise CatalogError(Reason.WEIGHT_INVALID, "'package_weight' is required.")
        return None
    unit = raw["unit"]
    if unit in ("POUND", "OUNCE"):
        raise CatalogError(Reason.IMPERIAL_UNITS, field="package_weight")
    if unit != "KILOGRAM":
        raise _invalid("'package_weight.unit' must be KILOGRAM in this region.", field="package_weight.unit")
    value = raw["value"]
    if not DECIMAL.match(value) or len(value.partition(".")[2]) > 3:
        raise CatalogError(Reason.WEIGHT_INVALID, value=value)
    if Decimal(value) == 0:
        raise CatalogError(Reason.WEIGHT_ZERO)
    return {"value": value, "unit": unit}


def _dimensions(raw: dict[str, str] | None) -> dict[str, str] | None:
    if raw is None:
        return None
    if raw["unit"] == "INCH":
        raise CatalogError(Reason.IMPERIAL_UNITS, field="package_dimensions")
    if raw["unit"] != "CENTIMETER":
        raise _invalid("'package_dimensions.unit' must be CENTIMETER in this region.", field="package_dimensions.unit")
    for key in ("length", "width", "height"):
        if not DECIMAL.match(raw[key]) or Decimal(raw[key]) == 0:
            raise CatalogError(Reason.DIMENSION_INVALID, field=key)
    return {k: raw[k] for k in ("length", "width", "height", "unit")}


def _platforms(shop: Shop, raw: list[str] | None) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not raw:
        return (TIKTOK_SHOP,)
    for p in raw:
        if p not in LISTING_PLATFORMS:
            detail = f"'listing_platforms' values must be among {', '.join(LISTING_PLATFORMS)}."
            raise _invalid(detail, field="listing_platforms")
        if p not in shop.platforms:
            raise CatalogError(Reason.PLATFORM_NOT_AVAILABLE, platform=p)
    return tuple(dict.fromkeys(raw))
