"""The catalog's refusals in the Partner API dialect: the official code and message of each domain reason.

Codes and messages are the official ones from each operation's `error_code_list` (schemas/partner/products/*.json).
Business errors answer HTTP 200 with a non-zero `code` (reference §3.2, GUESS adopted project-wide). Batch writes
(activate, deactivate, delete, recover, update inventory) report per-item failures in `data.errors` instead.
"""

from __future__ import annotations

from typing import Any

from mockserver.catalog.errors import CatalogError, Failure, Reason
from mockserver.partner.errors import PartnerError

# --- code -> message (official texts) ------------------------------------------------------------------------------
MESSAGES: dict[int, str] = {
    12019024: "stock count is invalid",
    12019027: "The maximum count of “seller_skus” in the search filter is 10.",
    12019028: "Multiple warehouses detected. Include all warehouse IDs and the corresponding details and try again.",
    12019061: "Product weight or dimensions unit does not support the imperial units on non-US local products.",
    12019087: "The number of SKU IDs exceeds the limit of 10",
    12019108: "page number is invalid",
    12019118: "search create time invalid",
    12019119: "search update time invalid",
    12019120: "The number of provided product IDs exceeds the limit.",
    12019022: "SKU must contain a valid warehouse.",
    12019015: "The number of SKU exceed the limit",
    12052003: "Incorrect parcel height format",
    12052004: "Incorrect parcel width format",
    12052005: "Incorrect parcel length format",
    12052006: "Incorrect parcel weight format",
    12052012: "Incorrect price format",
    12052013: "The product description cannot exceed maximum characters",
    12052023: "Category does not exist",
    12052024: "Category is not final category",
    12052026: "Brand does not exist",
    12052028: "Main product image is required",
    12052032: "The product does not exist",
    12052036: "The SKU ID is necessary",
    12052038: "Product price locked due to ongoing promotion.",
    12052048: "You cannot edit the specified product(s) as it isn't listed in your account or shop.",
    12052050: "A single product cannot have more than 100 different SKUs",
    12052051: "The product name exceed max limit characters",
    12052054: "The seller SKU text length cannot exceed max limit characters",
    12052055: "The SKU inventory quantity for the warehouse must be within allowed limits.",
    12052073: "The product price is invalid",
    12052084: "The provided currency is not available for this shop/region.",
    12052092: "product sale price is invalid",
    12052097: "The warehouse does not exist",
    12052104: "property is required",
    12052180: "The total number of search results can not exceed 10000.",
    12052181: "The package weight of the product can not be zero.",
    12052254: "Duplicate attribute id",
    12052241: "attribute name or attribute id is empty.",
    12052242: "The attribute name characters cannot exceed max_limit",
    12052246: "The product property not support multi selected, attribute id is :{attribute_id}.",
    12052248: "The sales property value name or attribute value id is empty.",
    12052249: "The sales property value name characters cannot exceed 50.",
    12052262: "Chinese characters are not supported in product name",
    12052346: "The product description has Chinese characters",
    12052375: "product list price is invalid",
    12052260: "The product ID does not exist",
    12052300: "product main image uri illegal",
    12052306: "main product images count exceed limit",
    12052330: "product is not supported to list in designated sale platform",
    12052525: "The attribute max num cannot exceed 3.",
    12052527: "The sale attribute id not exist.",
    12052529: "The property value id not exist.",
    12052530: "The warehouse ' {warehouse_id} ' does not belong to this shop/seller.",
    12052531: "The warehouse is disabled.",
    12052532: "the warehouse not delivery warehouse",
    12052533: "Removal, addition, and change of warehouses are not permitted. Please specify the original warehouse.",
    12052547: "There is no version of this product that is under review. Please obtain the online version.",
    12052550: "SKU property must contain all properties",
    12052553: "Sku id duplicate",
    12052556: "The SKU id not exist.",
    12052557: "The SKU ID does not belong to the product.",
    12052560: "The SKU contains duplicate sales attribute.",
    12052572: "the sale price is invalid",
    12052570: "product price exceed limit",
    12052571: "Missing price for SKU(s)",
    12052722: "The image URI does not exist in TikTok Shop.",
    12052835: "Sub product ID not exist",
    12052844: "The sub-sku is not in the sub-product",
    12052901: "The product in its current status is not available for this operation. Change the product status and "
    "try again.",
    12052902: "The SKU list is empty. Either omit the list entirely, or provide all required details.",
    12052910: "Invalid input parameters. Refer to the API documentation for details.",
    12052990: "The check failed.",
    12052996: "external_id duplicated",
    12052105: "required qualification miss",
    12052385: "Please enter valid certificate expiration date",
    12052217: "Incorrect category version. For US shops or global sellers with an active US shop, specify "
    "'category version=v2'. For shops in other regions specify 'category_version=v1'.",
    12052230: "The specified category ID is not a leaf category, or it does not belong to the specified category "
    "version. Note: For US shops or global sellers with an active US shop, specify 'category_version=v2'. For shops "
    "in other regions, specify 'category_version=v1'. Use the Get Categories/Get Global Categories endpoint to check "
    "the leaf categories that belong to the required category version.",
    # Upload Product Image
    12038002: "Invalid upload file. Please ensure you are passing the correct file data.",
    12038004: "Failed to process the image. The format or content is not supported.",
    12038005: "The file size exceeds the maximum allowed size.",
    12038014: "The image dimensions exceed the allowed limits. Allowed dimensions (width x height in pixels): "
    "[{min} x {min}, {max} x {max}].",
}

#: The shorter per-item texts batch operations use inside `data.errors` (official examples).
ITEM_MESSAGES: dict[int, str] = {
    12052048: "You can't edit other sellers' products",
    12052990: "Check failed",
}

#: Max items per batch (activate, deactivate, delete, recover) and search filter limits (official).
MAX_BATCH = 20
MAX_SEARCH_SKUS = 10
MAX_RESULTS = 10_000


def business(code: int, detail: str = "", **fmt: Any) -> PartnerError:
    """A business error: HTTP 200, the official message (with `detail` appended when it helps)."""
    message = MESSAGES[code].format(**fmt) if fmt else MESSAGES[code]
    if detail:
        message = f"{message} {detail}"
    return PartnerError(code, message, 200)


def item(code: int, key: str, value: str, extra: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """One entry of `data.errors` in a batch response."""
    detail: dict[str, Any] = {key: value}
    if extra is not None:
        detail["extra_errors"] = extra
    return {"code": code, "message": ITEM_MESSAGES.get(code, MESSAGES.get(code, "")), "detail": detail}


def extra(code: int, **fields: str) -> dict[str, Any]:
    """One entry of `detail.extra_errors`."""
    return {**fields, "code": code, "message": ITEM_MESSAGES.get(code, MESSAGES[code])}


#: The code of each reason; operations that document another code for the same rule override it (`to_partner`).
CODES: dict[Reason, int] = {
    Reason.PRODUCT_NOT_FOUND: 12052032,
    Reason.NOT_YOUR_PRODUCT: 12052048,
    Reason.STATUS_NOT_ALLOWED: 12052901,
    Reason.PLATFORM_NOT_AVAILABLE: 12052330,
    Reason.NO_INVENTORY: 12019022,
    Reason.BATCH_TOO_LARGE: 12019120,
    Reason.BATCH_EMPTY: 12052910,
    Reason.CHECK_FAILED: 12052990,
    Reason.INVALID_FIELD: 12052910,
    Reason.TITLE_TOO_SHORT: 12052910,
    Reason.TITLE_TOO_LONG: 12052051,
    Reason.TITLE_CJK: 12052262,
    Reason.DESCRIPTION_TOO_LONG: 12052013,
    Reason.DESCRIPTION_CJK: 12052346,
    Reason.CATEGORY_NOT_FOUND: 12052023,
    Reason.CATEGORY_NOT_LEAF: 12052024,
    Reason.BRAND_NOT_FOUND: 12052026,
    Reason.MAIN_IMAGE_REQUIRED: 12052028,
    Reason.TOO_MANY_IMAGES: 12052306,
    Reason.IMAGE_UNKNOWN: 12052300,
    Reason.ATTRIBUTE_NOT_IN_CATEGORY: 12052910,
    Reason.DUPLICATE_ATTRIBUTE: 12052254,
    Reason.ATTRIBUTE_NOT_MULTIPLE: 12052246,
    Reason.REQUIRED_ATTRIBUTE_MISSING: 12052104,
    Reason.ATTRIBUTE_VALUE_UNKNOWN: 12052529,
    Reason.ATTRIBUTE_VALUE_EMPTY: 12052248,
    Reason.CERTIFICATION_MISSING: 12052105,
    Reason.CERTIFICATE_EXPIRY_INVALID: 12052385,
    Reason.IMPERIAL_UNITS: 12019061,
    Reason.WEIGHT_INVALID: 12052006,
    Reason.WEIGHT_ZERO: 12052181,
    Reason.MINIMUM_ORDER_INVALID: 12052910,
    Reason.SKU_LIST_EMPTY: 12052902,
    Reason.TOO_MANY_SKUS: 12052050,
    Reason.SKU_NOT_IN_PRODUCT: 12052557,
    Reason.DUPLICATE_SKU_ID: 12052553,
    Reason.SELLER_SKU_TOO_LONG: 12052054,
    Reason.PRICE_INVALID: 12052073,
    Reason.PRICE_NOT_WHOLE: 12052073,
    Reason.PRICE_TOO_LOW: 12052073,
    Reason.PRICE_TOO_HIGH: 12052570,
    Reason.PRICE_MISSING: 12052073,
    Reason.LIST_PRICE_INVALID: 12052375,
    Reason.PRICE_LOCKED: 12052038,
    Reason.CURRENCY_NOT_ALLOWED: 12052084,
    Reason.INVENTORY_REQUIRED: 12052910,
    Reason.INVENTORY_EMPTY: 12052910,
    Reason.QUANTITY_OUT_OF_RANGE: 12052055,
    Reason.WAREHOUSE_NOT_FOUND: 12052097,
    Reason.WAREHOUSE_NOT_SHOPS: 12052530,
    Reason.WAREHOUSE_DISABLED: 12052531,
    Reason.WAREHOUSE_NOT_SALES: 12052532,
    Reason.WAREHOUSE_NOT_STOCKED: 12052533,
    Reason.WAREHOUSE_TWICE: 12052910,
    Reason.WAREHOUSES_INCOMPLETE: 12019028,
    Reason.WAREHOUSE_HOLDS_COMMITTED: 12052533,
    Reason.SALES_ATTRIBUTE_UNKNOWN: 12052527,
    Reason.SALES_ATTRIBUTE_NAME_EMPTY: 12052241,
    Reason.SALES_ATTRIBUTE_NAME_TOO_LONG: 12052242,
    Reason.SALES_VALUE_UNKNOWN: 12052529,
    Reason.SALES_VALUE_EMPTY: 12052248,
    Reason.SALES_VALUE_TOO_LONG: 12052249,
    Reason.TOO_MANY_SALES_ATTRIBUTES: 12052525,
    Reason.SKU_ATTRIBUTES_INCONSISTENT: 12052550,
    Reason.DUPLICATE_SKU_COMBINATION: 12052560,
    Reason.COMBINED_PRODUCT_UNKNOWN: 12052835,
    Reason.COMBINED_SKU_UNKNOWN: 12052844,
    Reason.IMAGE_EMPTY: 12038002,
    Reason.IMAGE_TOO_LARGE: 12038005,
    Reason.IMAGE_FORMAT: 12038004,
    Reason.IMAGE_DIMENSIONS: 12038014,
}
#: Package dimension fields have a code each (official).
DIMENSION_CODES = {"length": 12052005, "width": 12052004, "height": 12052003}
#: The product property's value-empty message differs from the sales property's (official texts).
PRODUCT_VALUE_EMPTY = "The product property value name or attribute value id is empty."

#: Per-operation codes (reason, or (reason, field)) where an operation documents its own for a shared rule.
Overrides = dict[Reason | tuple[Reason, str], int]
CREATE: Overrides = {
    (Reason.PRICE_INVALID, "sale_price"): 12052092,
    (Reason.PRICE_NOT_WHOLE, "sale_price"): 12052092,
    (Reason.PRICE_TOO_LOW, "sale_price"): 12052092,
}
EDIT: Overrides = {**CREATE, Reason.PRICE_MISSING: 12052571}
PARTIAL_EDIT: Overrides = {**EDIT, Reason.IMAGE_UNKNOWN: 12052722}
UPDATE_PRICE: Overrides = {
    Reason.PRICE_INVALID: 12052012,
    Reason.PRICE_NOT_WHOLE: 12052012,
    Reason.PRICE_TOO_LOW: 12052012,
    Reason.PRICE_MISSING: 12052012,
    (Reason.PRICE_INVALID, "sale_price"): 12052572,
    (Reason.PRICE_NOT_WHOLE, "sale_price"): 12052572,
    (Reason.PRICE_TOO_LOW, "sale_price"): 12052572,
}
INVENTORY_ITEMS: Overrides = {Reason.SKU_NOT_IN_PRODUCT: 12052556}


def code_of(reason: Reason, facts: dict[str, Any], overrides: Overrides | None = None) -> int:
    field = str(facts.get("field", ""))
    if overrides:
        if (reason, field) in overrides:
            return overrides[(reason, field)]
        if reason in overrides:
            return overrides[reason]
    if reason == Reason.DIMENSION_INVALID:
        return DIMENSION_CODES[field]
    return CODES[reason]


def to_partner(e: CatalogError, overrides: Overrides | None = None) -> PartnerError:
    """The business error (HTTP 200) a refusal answers: the official message, the detail appended."""
    code = code_of(e.why, e.facts, overrides)
    if e.why == Reason.ATTRIBUTE_VALUE_EMPTY:
        return PartnerError(code, PRODUCT_VALUE_EMPTY, 200)
    fmt = {k: v for k, v in e.facts.items() if f"{{{k}}}" in MESSAGES.get(code, "")}
    return business(code, e.detail, **fmt)


def item_of(f: Failure, overrides: Overrides | None = None) -> dict[str, Any]:
    """A batch failure as one entry of `data.errors` (a check failure lists its causes in `extra_errors`)."""
    code = code_of(f.reason, f.facts, overrides)
    causes = None
    if f.causes:
        causes = [extra(code_of(c.reason, c.facts, overrides), **({c.key: c.id} if c.key else {})) for c in f.causes]
    return item(code, f.key, f.id, causes)
