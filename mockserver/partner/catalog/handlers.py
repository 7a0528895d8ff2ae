"""Partner API handlers for /product/{version}/...: parse the call, run the backend, render `data`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.catalog import backend, images, lifecycle, stock, taxonomy
from mockserver.catalog.backend import Scope
from mockserver.catalog.errors import CatalogError, Failure, Reason
from mockserver.catalog.models import DELETED, FREEZE, TIKTOK_SHOP, Product
from mockserver.partner.call import Call, Handler
from mockserver.partner.catalog import errors, render, search
from mockserver.partner.catalog.errors import MAX_BATCH, business
from mockserver.partner.catalog.policy import PARTNER
from mockserver.partner.catalog.upload import FormLimits, read_upload

#: Indonesia uses the 3-level category tree, v1 (official: "Other regions: v1").
CATEGORY_VERSION = "v1"


def scope_of(call: Call) -> Scope:
    mock = call.mock
    admitted = call.admitted
    tokens = admitted.tokens
    auth = admitted.auth
    if auth is None:  # a Call made without the gate (a unit test)
        auth = mock.store.authorization_for(tokens.app_key, tokens.seller_id)
    return Scope(
        store=mock.store,
        shop=call.admitted.shop,
        seller_id=tokens.seller_id,
        now=mock.clock.now_s(),
        rng=mock.ids.rng,
        review_seconds=mock.settings.catalog_review_seconds,
        authorized_shops=frozenset(auth.shop_ids) if auth is not None else frozenset(),
    )


def _errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    """Batch writes: `{}` when every item succeeded (GUESS), else the per-item `errors`."""
    return {"errors": errors} if errors else {}


def _category_version(value: str | None) -> None:
    if value and value != CATEGORY_VERSION:
        raise business(12052217)


# --- products --------------------------------------------------------------------------------------------------------
def search_products(call: Call) -> dict[str, Any]:
    _category_version(call.body.get("category_version"))
    result = search.search_products(scope_of(call), call.body, call.query["page_size"], call.query.get("page_token"))
    result["products"] = [render.product_summary(p) for p in result["products"]]
    return result


def get_product(call: Call) -> Any:
    scope = scope_of(call)
    product = _refused(backend.find, scope, call.path_params["product_id"])
    if set(product.statuses.values()) & {FREEZE, DELETED}:
        raise business(12052901)
    if call.query.get("return_under_review_version") and render.audit_status(product) != "AUDITING":
        raise business(12052547)
    draft = bool(call.query.get("return_draft_version")) and product.draft is not None
    shown = product.draft if draft and product.draft is not None else product
    key = ("product", product.id, draft, call.base_url)
    return call.rendered(key, lambda: render.product_detail(scope.store, shown, call.base_url))


def _refused(action: Callable[..., Any], *args: Any, overrides: errors.Overrides | None = None, **kw: Any) -> Any:
    """Run a catalog operation; its refusal answers the operation's documented code."""
    try:
        return action(*args, **kw)
    except CatalogError as e:
        raise errors.to_partner(e, overrides) from None


def create_product(call: Call) -> dict[str, Any]:
    _category_version(call.body.get("category_version"))
    product, warnings = _refused(lifecycle.create, scope_of(call), call.body, PARTNER, overrides=errors.CREATE)
    return render.write_result(product, warnings)


def edit_product(call: Call) -> dict[str, Any]:
    _category_version(call.body.get("category_version"))
    pid = call.path_params["product_id"]
    product, warnings = _refused(lifecycle.edit, scope_of(call), pid, call.body, PARTNER, overrides=errors.EDIT)
    return render.write_result(product, warnings, with_audit=True)


def partial_edit_product(call: Call) -> dict[str, Any]:
    pid, overrides = call.path_params["product_id"], errors.PARTIAL_EDIT
    product, warnings = _refused(
        lifecycle.edit, scope_of(call), pid, call.body, PARTNER, partial=True, overrides=overrides
    )
    return render.write_result(product.draft or product, warnings, with_audit=True)


def update_inventory(call: Call) -> dict[str, Any]:
    pid = call.path_params["product_id"]
    failures = _refused(stock.update_inventory, scope_of(call), pid, call.body["skus"], PARTNER)
    return _errors([errors.item_of(f, errors.INVENTORY_ITEMS) for f in failures])


def update_price(call: Call) -> dict[str, Any]:
    scope, pid = scope_of(call), call.path_params["product_id"]
    product, prices = _refused(
        stock.check_prices, scope, pid, call.body["skus"], PARTNER, overrides=errors.UPDATE_PRICE
    )
    stock.apply_prices(scope, product, prices)
    return {}


# --- the status machine in batches (per-item failures in data.errors, code 0) --------------------------------------
def _batch(ids: list[str]) -> list[str]:
    if len(ids) > MAX_BATCH:
        raise business(12019120, f"Max number of IDs: {MAX_BATCH}.")
    if not ids:
        raise business(12052910, "'product_ids' cannot be empty.")
    return list(dict.fromkeys(ids))


StatusChange = Callable[[Scope, Product], None]


def _each(scope: Scope, ids: list[str], change: StatusChange, *, wrapped: bool = False) -> list[dict[str, Any]]:
    """Apply `change` to each product; failures flat (`detail.product_id`, deactivate/delete/recover), or wrapped in
    a check failure with the cause in `extra_errors` (activate), as the official examples show."""
    failures: list[Failure] = []
    for product_id in _batch(ids):
        product = scope.store.products.get(product_id)
        try:
            if product is None:
                reason = Reason.NOT_YOUR_PRODUCT if wrapped else Reason.PRODUCT_NOT_FOUND
                raise CatalogError(reason)
            if not scope.owns(product):
                raise CatalogError(Reason.NOT_YOUR_PRODUCT)
            change(scope, product)
        except CatalogError as e:
            failure = Failure.of("product_id", product_id, e)
            if wrapped:
                failure = Failure("product_id", product_id, Reason.CHECK_FAILED, [Failure.of("", "", e)])
            failures.append(failure)
    return [errors.item_of(f) for f in failures]


def _platforms(call: Call) -> tuple[str, ...]:
    return tuple(call.body.get("listing_platforms") or (TIKTOK_SHOP,))


def activate_product(call: Call) -> dict[str, Any]:
    targets = _platforms(call)

    def change(scope: Scope, product: Product) -> None:
        lifecycle.activate(scope, product, targets, PARTNER)

    return _errors(_each(scope_of(call), call.body["product_ids"], change, wrapped=True))


def deactivate_products(call: Call) -> dict[str, Any]:
    targets = _platforms(call)

    def change(scope: Scope, product: Product) -> None:
        lifecycle.deactivate(scope, product, targets, PARTNER)

    return _errors(_each(scope_of(call), call.body["product_ids"], change))


def delete_products(call: Call) -> dict[str, Any]:
    return _errors(_each(scope_of(call), call.body["product_ids"], lifecycle.delete))


def recover_products(call: Call) -> dict[str, Any]:
    return _errors(_each(scope_of(call), call.body["product_ids"], lifecycle.recover))


def inventory_search(call: Call) -> dict[str, Any]:
    found = search.inventory_search(scope_of(call), call.body.get("product_ids") or [], call.body.get("sku_ids") or [])
    return {"inventory": [render.inventory(p, skus) for p, skus in found]}


def upload_product_image(call: Call) -> dict[str, Any]:
    mock = call.mock
    limits = FormLimits(mock.settings.max_multipart_parts, mock.settings.max_multipart_part_bytes)
    data, use_case = read_upload(call.raw_body, call.content_type, limits)
    budget = mock.settings.upload_store_bytes
    image = _refused(images.store_image, mock.store, mock.ids.rng, data, use_case, mock.clock.now_s(), budget)
    return {
        "uri": image.uri,
        "url": images.image_url(call.base_url, image.uri),
        "width": image.width,
        "height": image.height,
        "use_case": image.use_case,
    }


# --- taxonomy --------------------------------------------------------------------------------------------------------
def get_categories(call: Call) -> dict[str, Any]:
    _category_version(call.query.get("category_version"))
    keyword = (call.query.get("keyword") or "").lower()
    cats = call.mock.store.categories.values()
    return {"categories": [render.category(c) for c in cats if keyword in c.local_name.lower()]}


def get_brands(call: Call) -> dict[str, Any]:
    q = call.query
    _category_version(q.get("category_version"))
    store = call.mock.store
    category_id = q.get("category_id")
    if category_id:
        _leaf(store, category_id, not_leaf=12052230)
    filters = (category_id, q.get("brand_name"), q.get("is_authorized"))
    found = search.brands(store, *filters)
    page, total, token = search.page_of(store, filters, found, q["page_size"], q.get("page_token"))
    return {"brands": [render.brand(b) for b in page], "total_count": total, "next_page_token": token}


def get_attributes(call: Call) -> dict[str, Any]:
    _category_version(call.query.get("category_version"))
    store = call.mock.store
    category_id = _leaf(store, call.path_params["category_id"])
    return {"attributes": [render.attribute(a) for a in store.attributes.get(category_id, ())]}


def get_category_rules(call: Call) -> dict[str, Any]:
    _category_version(call.query.get("category_version"))
    store = call.mock.store
    category_id = _leaf(store, call.path_params["category_id"])
    return taxonomy.rules(store, category_id)


def _leaf(store: Any, category_id: str, not_leaf: int = 12052024) -> str:
    cat = store.categories.get(category_id)
    if cat is None:
        raise business(12052023)
    if not cat.is_leaf:
        raise business(not_leaf)
    return category_id


HANDLERS: dict[str, Handler] = {
    "search_products": search_products,
    "get_product": get_product,
    "create_product": create_product,
    "edit_product": edit_product,
    "partial_edit_product": partial_edit_product,
    "update_inventory": update_inventory,
    "update_price": update_price,
    "activate_product": activate_product,
    "deactivate_products": deactivate_products,
    "delete_products": delete_products,
    "recover_products": recover_products,
    "inventory_search": inventory_search,
    "upload_product_image": upload_product_image,
    "get_categories": get_categories,
    "get_brands": get_brands,
    "get_attributes": get_attributes,
    "get_category_rules": get_category_rules,
}
