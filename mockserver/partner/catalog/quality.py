"""Handlers for the listing prerequisite and quality operations (issue 14): Check Listing Prerequisites, Check
Product Listing, Recommend Category, Get Products SEO Words, Get Recommended Product Title And Description, Product
Information Issue Diagnosis, Diagnose and Optimize Product, Optimized Images. The rules are catalog/quality.py."""

from __future__ import annotations

import re
from typing import Any

from mockserver.catalog import images, quality
from mockserver.catalog.models import ACTIVATE, Product
from mockserver.partner.call import Call, Handler
from mockserver.partner.catalog import errors
from mockserver.partner.catalog.handlers import CATEGORY_VERSION, scope_of
from mockserver.partner.catalog.policy import PARTNER
from mockserver.partner.documented import business
from mockserver.partner.scope import shop_of

#: Optimized Images: most images per call (official 12038007).
MAX_OPTIMIZE = 200
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


# --- prerequisites and the listing check --------------------------------------------------------------------------
def check_listing_prerequisites(call: Call) -> dict[str, Any]:
    results = quality.prerequisites(call.mock.store, shop_of(call))
    return {
        "check_results": [
            {"check_item": item, "is_failed": bool(reasons), "fail_reasons": reasons} for item, reasons in results
        ]
    }


def check_product_listing(call: Call) -> dict[str, Any]:
    store, shop = call.mock.store, shop_of(call)
    found = quality.check_listing(store, shop, call.body, PARTNER, _now(call))
    fails = []
    for e in found.problems:
        err = errors.to_partner(e, errors.CREATE)
        fails.append({"code": err.code, "message": err.message})
    out: dict[str, Any] = {"check_result": "FAILED" if fails else "PASS", "fail_reasons": fails}
    if found.warnings:
        out["warnings"] = {"message": " ".join(found.warnings)}
    if call.query.get("is_diagnosis_required", True):
        content = quality.merged_content(None, call.body)
        diagnoses = quality.diagnose(store, content)
        out["diagnoses"] = [_diagnosis(call, d, "suggestions") for d in diagnoses]
        _quality(out, shop.region, diagnoses)
    return out


def _quality(out: dict[str, Any], region: str, diagnoses: list[quality.Diagnosis]) -> None:
    """`listing_quality` is documented for the US market only: other shops get none (GUESS)."""
    if region == "US":
        current, remaining = quality.tier(diagnoses)
        out["listing_quality"] = {"current_tier": current, "remaining_recommendations": remaining}


def _diagnosis(call: Call, d: quality.Diagnosis, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "field": d.target,
        "diagnosis_results": [
            {"code": f.code, "how_to_solve": f.how_to_solve, "quality_tier": f.quality_tier} for f in d.findings
        ],
    }
    suggestion: dict[str, Any] = {}
    if d.seo_words:
        suggestion["seo_words"] = [{"text": w} for w in d.seo_words]
    if d.smart_texts:
        suggestion["smart_texts"] = [{"text": t} for t in d.smart_texts]
    if d.images:
        base = call.base_url
        suggestion["images"] = [
            {**i, "url": images.image_url(base, i["uri"]), "optimized_url": images.image_url(base, i["optimized_uri"])}
            for i in d.images
        ]
        for i in d.images:  # the suggested image exists, so it can be used in an edit at once
            if i["uri"] in call.mock.store.images:
                quality.optimize(call.mock.store, i["uri"], _now(call))
    if suggestion:
        out[key] = suggestion
    return out


# --- recommend category -------------------------------------------------------------------------------------------
def recommend_category(call: Call) -> dict[str, Any]:
    b, store = call.body, call.mock.store
    if b.get("category_version") and b["category_version"] != CATEGORY_VERSION:
        raise errors.business(12052217)
    title, description = str(b["product_title"]), str(b.get("description") or "")
    if not title.strip():
        raise business(call, 12052261)
    if len(title) > PARTNER.title_length[1]:
        raise business(call, 12052051)
    if _CJK.search(title):
        raise business(call, 12052262)
    if len(description) > PARTNER.description_max:
        raise business(call, 12052013)
    if _CJK.search(description):
        raise business(call, 12052346)
    for image in b.get("images") or ():
        if image.get("uri") and image["uri"] not in store.images:
            raise business(call, 12052722, f"Unknown uri '{image['uri']}'.")
    chain = quality.recommend_category(store, title, description)
    if chain is None:
        raise business(call, 12019064)
    cats = [store.categories[c] for c in chain]
    return {
        "leaf_category_id": chain[-1],
        "categories": [
            {
                "id": c.id,
                "name": c.local_name,
                "level": n + 1,
                "is_leaf": c.is_leaf,
                "permission_statuses": list(c.permission_statuses),
            }
            for n, c in enumerate(cats)
        ],
    }


# --- per-product suggestions ----------------------------------------------------------------------------------------
def _products(call: Call) -> list[Product]:
    """The live products among `product_ids` (GUESS: products not live are left out); an unknown id answers
    12052260, another shop's 12009014."""
    scope = scope_of(call)
    out = []
    for product_id in dict.fromkeys(call.query["product_ids"]):
        product = scope.store.products.get(product_id)
        if product is None:
            raise business(call, 12052260, f"Product {product_id}.")
        if not scope.owns(product):
            raise business(call, 12009014, f"Product {product_id}.")
        if product.status == ACTIVATE:
            out.append(product)
    return out


def get_products_seo_words(call: Call) -> dict[str, Any]:
    store = call.mock.store
    return {
        "products": [
            {"id": p.id, "seo_words": [{"text": w} for w in quality.seo_words(store, quality.content_of(p))]}
            for p in _products(call)
        ]
    }


def get_recommended_product_title_and_description(call: Call) -> dict[str, Any]:
    store = call.mock.store
    out = []
    for p in _products(call):
        content = quality.content_of(p)
        out.append(
            {
                "id": p.id,
                "suggestions": [
                    {"field": "TITLE", "items": [{"text": quality.recommended_title(store, content)}]},
                    {"field": "DESCRIPTION", "items": [{"text": quality.recommended_description(store, content)}]},
                ],
            }
        )
    return {"products": out}


ALL_FIELDS = frozenset({"TITLE", "DESCRIPTION", "IMAGE"})


def product_information_issue_diagnosis(call: Call) -> dict[str, Any]:
    store, region = call.mock.store, shop_of(call).region
    out = []
    for p in _products(call):
        diagnoses = quality.diagnose(store, quality.content_of(p), suggest=ALL_FIELDS)
        entry: dict[str, Any] = {"id": p.id, "diagnoses": [_diagnosis(call, d, "suggestion") for d in diagnoses]}
        _quality(entry, region, diagnoses)
        out.append(entry)
    return {"products": out}


def _fields(raw: Any) -> frozenset[str]:
    wanted = {raw} if isinstance(raw, str) else set(raw or ())
    if "ALL" in wanted:
        return ALL_FIELDS
    return frozenset(wanted & ALL_FIELDS)


def diagnose_and_optimize_product(call: Call) -> dict[str, Any]:
    b, store = call.body, call.mock.store
    category = store.categories.get(str(b["category_id"]))
    if category is None:
        raise errors.business(12052023)
    if not category.is_leaf:
        raise errors.business(12052024)
    base = None
    if b.get("product_id"):
        scope = scope_of(call)
        product = store.products.get(str(b["product_id"]))
        if product is None:
            raise business(call, 12052260, f"Product {b['product_id']}.")
        if not scope.owns(product):
            raise business(call, 12009014, f"Product {b['product_id']}.")
        base = quality.content_of(product)
    content = quality.merged_content(base, b)
    diagnoses = quality.diagnose(store, content, suggest=_fields(b.get("optimization_fields")))
    out: dict[str, Any] = {"diagnoses": [_diagnosis(call, d, "suggestion") for d in diagnoses]}
    _quality(out, shop_of(call).region, diagnoses)
    return out


# --- optimized images ---------------------------------------------------------------------------------------------
def optimized_images(call: Call) -> dict[str, Any]:
    store, base = call.mock.store, call.base_url
    entries = call.body.get("images") or []
    if len(entries) > MAX_OPTIMIZE:
        raise business(call, 12038007)
    out = []
    for entry in entries:
        uri = str(entry.get("uri") or "")
        modes = entry.get("optimization_mode") or ["WHITE_BACKGROUND"]
        if any(m != "WHITE_BACKGROUND" for m in modes):
            raise business(call, 12019070)
        if uri.startswith(images.URL_IMAGES):
            raise business(call, 12019065)
        if uri not in store.images:
            raise business(call, 12052722, f"Unknown uri '{uri}'.")
        original, optimized, new = quality.optimize(store, uri, _now(call))
        item: dict[str, Any] = {
            "height": original.height,
            "width": original.width,
            "original_uri": original.uri,
            "original_url": images.image_url(base, original.uri),
        }
        if optimized is original:
            item["optimize_status"] = "IGNORE"
        elif new:  # official: the first answer for an image is always PROCESSING; ask again for the result
            item["optimize_status"] = "PROCESSING"
        else:
            item.update(
                optimized_uri=optimized.uri,
                optimized_url=images.image_url(base, optimized.uri),
                optimize_status="SUCCESS",
            )
        out.append(item)
    return {"images": out}


HANDLERS: dict[str, Handler] = {
    "check_listing_prerequisites": check_listing_prerequisites,
    "check_product_listing": check_product_listing,
    "recommend_category": recommend_category,
    "get_products_seo_words": get_products_seo_words,
    "get_recommended_product_title_and_description": get_recommended_product_title_and_description,
    "product_information_issue_diagnosis": product_information_issue_diagnosis,
    "diagnose_and_optimize_product": diagnose_and_optimize_product,
    "optimized_images": optimized_images,
}
