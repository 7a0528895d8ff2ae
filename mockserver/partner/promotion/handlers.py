"""Handlers for /promotion/{version}/...: activities (create, update, deactivate, republish, search, get; their
products) and coupons (search, get)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from mockserver.pagetokens import InvalidPageToken
from mockserver.partner.call import Call, Handler
from mockserver.partner.documented import business
from mockserver.partner.promotion import errors, render
from mockserver.partner.scope import shop_of
from mockserver.promotion import activities, coupons
from mockserver.promotion.errors import PromotionError

#: Search Activities: `page_token` is an offset (its documented error 17029059 says `page_token + page_size` must
#: stay under 10,000); the default page size when 0 or none is given (GUESS).
MAX_OFFSET = 10_000
DEFAULT_PAGE = 20


def _now(call: Call) -> int:
    return call.mock.clock.now_s()


def _refused(call: Call, action: Callable[..., Any], *args: Any) -> Any:
    try:
        return action(*args)
    except PromotionError as e:
        raise errors.to_partner(call, e) from None


def create_activity(call: Call) -> dict[str, Any]:
    store, shop = call.mock.store, shop_of(call)
    a = _refused(call, activities.create, store, call.mock.ids.rng, shop.id, call.body, _now(call))
    return {
        "activity_id": a.id,
        "create_time": a.create_time,
        "update_time": a.update_time,
        "status": a.status(_now(call)),
    }


def update_activity(call: Call) -> dict[str, Any]:
    store, shop, aid = call.mock.store, shop_of(call), call.path_params["activity_id"]
    a = _refused(call, activities.update, store, shop.id, aid, call.body, _now(call))
    return {"activity_id": a.id, "title": a.title, "update_time": a.update_time}


def deactivate_activity(call: Call) -> dict[str, Any]:
    store, shop, aid = call.mock.store, shop_of(call), call.path_params["activity_id"]
    a = _refused(call, activities.deactivate, store, shop.id, aid, _now(call))
    return {"activity_id": a.id, "title": a.title, "status": a.status(_now(call)), "update_time": a.update_time}


def republish_activity(call: Call) -> dict[str, Any]:
    store, shop, aid = call.mock.store, shop_of(call), call.path_params["activity_id"]
    new_id = _refused(call, activities.republish, store, call.mock.ids.rng, shop.id, aid, call.body, _now(call))
    return {"activity_id": new_id}


def get_activity(call: Call) -> dict[str, Any]:
    a = _refused(call, activities.find, call.mock.store, shop_of(call).id, call.path_params["activity_id"])
    return render.detail(a, _now(call))


def search_activities(call: Call) -> dict[str, Any]:
    b = call.body or {}
    size = int(b.get("page_size") or DEFAULT_PAGE)  # a JSON 1.0 is an integer to the schema
    token = b.get("page_token") or "0"
    if not token.isdigit():
        raise business(call, 17029001, "page_token is not one this API issued.")
    start = int(token)
    if start + size >= MAX_OFFSET:
        raise business(call, 17029059)
    found = activities.search(
        call.mock.store,
        shop_of(call).id,
        status=b.get("status"),
        title=b.get("activity_title"),
        activity_type=b.get("activity_type"),
        now=_now(call),
    )
    page = found[start : start + size]
    more = start + size < len(found)
    return {
        "total_count": len(found),
        "next_page_token": str(start + size) if more else "",
        "activities": [render.summary(a, _now(call)) for a in page],
    }


def update_activity_product(call: Call) -> dict[str, Any]:
    store, shop, aid = call.mock.store, shop_of(call), call.path_params["activity_id"]
    if str(call.body["activity_id"]) != aid:
        raise business(call, 17029001, "'activity_id' in the body must be the one in the path.")
    a, count = _refused(call, activities.update_products, store, shop.id, aid, call.body["products"], _now(call))
    return {
        "activity_id": a.id,
        "title": a.title,
        "update_time": a.update_time,
        "status": a.status(_now(call)),
        "total_count": count,
    }


def remove_activity_product(call: Call) -> dict[str, Any]:
    store, shop, aid = call.mock.store, shop_of(call), call.path_params["activity_id"]
    b = call.body or {}
    product_ids = [str(p) for p in b.get("product_ids") or ()]
    sku_ids = [str(s) for s in b.get("sku_ids") or ()]
    a = _refused(call, activities.remove_products, store, shop.id, aid, product_ids, sku_ids, _now(call))
    return {"activity_id": a.id, "status": a.status(_now(call)), "update_time": a.update_time}


def get_coupon(call: Call) -> dict[str, Any]:
    c = _refused(call, coupons.find, call.mock.store, shop_of(call).id, call.path_params["coupon_id"])
    return {"coupon": render.coupon(c, _now(call), full=True)}


def search_coupons(call: Call) -> dict[str, Any]:
    q, b, shop = call.query, call.body or {}, shop_of(call)
    found = coupons.search(
        call.mock.store,
        shop.id,
        statuses=b.get("status"),
        title_keyword=b.get("title_keyword"),
        display_types=b.get("display_type"),
        now=_now(call),
    )
    fingerprint = hashlib.sha256(f"coupons|{shop.id}|{sorted(b.items())!r}".encode()).digest()[:8]
    start = 0
    if q.get("page_token"):
        try:
            start = int(call.mock.store.page_tokens().read("promotion.coupons", fingerprint.hex(), q["page_token"])[0])
        except (InvalidPageToken, ValueError, IndexError):
            raise business(call, 17029001, "page_token is not one this API issued.") from None
    size = q.get("page_size") or 50
    page = found[start : start + size]
    end = start + len(page)
    return {
        "total_count": len(found),
        "next_page_token": (
            call.mock.store.page_tokens().issue("promotion.coupons", fingerprint.hex(), (end,))
            if end < len(found)
            else ""
        ),
        "coupons": [render.coupon(c, _now(call), full=False) for c in page],
    }


HANDLERS: dict[str, Handler] = {
    "create_activity": create_activity,
    "update_activity": update_activity,
    "deactivate_activity": deactivate_activity,
    "republish_activity": republish_activity,
    "get_activity": get_activity,
    "search_activities": search_activities,
    "update_activity_product": update_activity_product,
    "remove_activity_product": remove_activity_product,
    "get_coupon": get_coupon,
    "search_coupons": search_coupons,
}
