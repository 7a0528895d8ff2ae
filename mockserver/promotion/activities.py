"""Seller activities over the store: create, update, deactivate, republish; the products and SKUs in them. No HTTP.

The rules are the official docs' (Create Activity, Update Activity, Update/Remove Activity Product); limits the
docs leave open are the mock's (GUESS, README): a period of 1 hour to 180 days (a flash sale at most 3 days),
discounts of 1-99 %, at most 300 items per request. A product or SKU is in at most one NOT_START/ONGOING product
discount (17029022). While a deal is ONGOING it prices new orders (orders/kinds.py) and locks the SKU's price
(catalog/stock.py). Status follows the clock (`Activity.status`); a timer at each begin and end time announces the
change as an event, each change through the API emits its own.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver import events, lazyshops, timers
from mockserver.catalog.models import ACTIVATE
from mockserver.promotion import models as pm
from mockserver.promotion.errors import PromotionError, Reason
from mockserver.store import Store

TITLE_MAX = 50
MIN_PERIOD = 3600
MAX_PERIOD = 180 * 86400
FLASHSALE_MAX = 3 * 86400
MAX_ITEMS = 300
DISCOUNT_RANGE = (1, 99)
LIMIT_RANGE = (1, 99)
PARTICIPATION = ("BUYER_NO_LIMIT", "BUYER_LIMIT_ONLY_ONE")
STATUS_TIMER = "promotion.activity"


def _fail(reason: Reason, detail: str = "", **facts: Any) -> PromotionError:
    return PromotionError(reason, detail, **facts)


# --- lookups --------------------------------------------------------------------------------------------------------
def find(store: Store, shop_id: str, activity_id: str) -> pm.Activity:
    activity = store.promotions.activities.get(activity_id)
    if activity is None:
        raise _fail(Reason.NOT_FOUND, f"activity {activity_id} does not exist")
    if activity.shop_id != shop_id:
        raise _fail(Reason.NOT_YOURS, f"activity {activity_id} is not this shop's")
    return activity


def writable(activity: pm.Activity, now: int) -> str:
    status = activity.status(now)
    if status == pm.DEACTIVATED:
        raise _fail(Reason.DEACTIVATED)
    if status in (pm.EXPIRED, pm.NOT_EFFECTIVE):
        raise _fail(Reason.EXPIRED)
    return status


def search(
    store: Store, shop_id: str, *, status: str | None, title: str | None, activity_type: str | None, now: int
) -> list[pm.Activity]:
    """The shop's activities, newest first (`title`: a substring of the title)."""
    store.lazy.shop(shop_id)
    found = [
        a
        for a in lazyshops.built(store.promotions.activities)
        if a.shop_id == shop_id
        and (status is None or a.status(now) == status)
        and (not title or title in a.title)
        and (activity_type is None or a.activity_type == activity_type)
    ]
    return sorted(reversed(found), key=lambda a: a.create_time, reverse=True)  # ties: newest first


# --- the activity itself ----------------------------------------------------------------------------------------------
def _title(store: Store, shop_id: str, title: str, activity_id: str | None) -> str:
    if not title.strip():
        raise _fail(Reason.TITLE_EMPTY)
    if len(title) > TITLE_MAX:
        raise _fail(Reason.TITLE_TOO_LONG, f"at most {TITLE_MAX} characters", max=TITLE_MAX)
    store.lazy.shop(shop_id)
    for other in lazyshops.built(store.promotions.activities):
        if other.shop_id == shop_id and other.title == title and other.id != activity_id:
            raise _fail(Reason.TITLE_TAKEN, f"activity {other.id} has this title")
    return title


def _period(activity_type: str, duration_type: str, begin: int, end: int, now: int, *, check_begin: bool) -> None:
    if duration_type == pm.INDEFINITE:
        if activity_type != pm.SHIPPING_DISCOUNT:
            raise _fail(Reason.INVALID, "duration_type INDEFINITE is only for SHIPPING_DISCOUNT")
        return
    if duration_type != pm.NORMAL:
        raise _fail(Reason.INVALID, "duration_type must be NORMAL or INDEFINITE")
    if check_begin and begin < now:
        raise _fail(Reason.BEGIN_IN_PAST)
    if end - begin < MIN_PERIOD:
        raise _fail(Reason.PERIOD_TOO_SHORT, "an activity lasts at least 1 hour", min=MIN_PERIOD)
    if activity_type == pm.FLASHSALE and end - begin > FLASHSALE_MAX:
        raise _fail(Reason.FLASHSALE_TOO_LONG, "a flash sale lasts at most 3 days", max=FLASHSALE_MAX)
    if end - begin > MAX_PERIOD:
        raise _fail(Reason.PERIOD_TOO_LONG, "an activity lasts at most 180 days", max=MAX_PERIOD)


def _level(activity_type: str, product_level: str) -> None:
    if product_level not in pm.PRODUCT_LEVELS:
        raise _fail(Reason.INVALID, f"product_level must be one of {', '.join(pm.PRODUCT_LEVELS)}")
    if activity_type in pm.PRODUCT_DISCOUNTS and product_level == pm.SHOP:
        raise _fail(Reason.LEVEL_NOT_SUPPORTED, f"{activity_type} applies to products or SKUs, not the shop")
    if activity_type == pm.SHIPPING_DISCOUNT and product_level == pm.VARIATION:
        raise _fail(Reason.LEVEL_NOT_SUPPORTED, "a shipping discount cannot be at VARIATION level")


def _participation(raw: Sequence[dict[str, Any]] | None) -> list[dict[str, str]]:
    limits = [{"type": str(p["type"])} for p in raw or ()] or [{"type": "BUYER_NO_LIMIT"}]
    if any(p["type"] not in PARTICIPATION for p in limits):
        raise _fail(Reason.INVALID, f"participation_limit.type must be one of {', '.join(PARTICIPATION)}")
    return limits


def _number(raw: object, what: str) -> Decimal:
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        raise _fail(Reason.INVALID, f"{what} must be a number") from None
    if not value.is_finite() or value < 0:
        raise _fail(Reason.INVALID, f"{what} must be a positive number")
    return value


def _discount(store: Store, shop_id: str, activity_type: str, raw: dict[str, Any] | None) -> dict[str, Any] | None:
    """The `discount` object the activity type needs, checked; None for product discounts (their deals are set per
    product with Update Activity Product)."""
    raw = copy.deepcopy(raw) if raw else {}
    if activity_type == pm.SHIPPING_DISCOUNT:
        shipping = raw.get("shipping_discount")
        if not shipping:
            raise _fail(Reason.INVALID, "a shipping discount needs discount.shipping_discount")
        if shipping["type"] not in ("FREE_SHIPPING", "DISCOUNT_SHIPPING_FEE"):
            raise _fail(Reason.INVALID, "shipping_discount.type must be FREE_SHIPPING or DISCOUNT_SHIPPING_FEE")
        if shipping["threshold_type"] not in ("NO_THRESHOLD", "MINIMAL_ITEM_QUANTITY", "MINIMAL_ORDER_AMOUNT"):
            raise _fail(Reason.INVALID, "shipping_discount.threshold_type is not a documented value")
        if shipping["type"] == "DISCOUNT_SHIPPING_FEE":
            _number(shipping.get("value"), "shipping_discount.value")
        return {"shipping_discount": shipping}
    if activity_type == pm.BUY_MORE_SAVE_MORE:
        out: dict[str, Any] = {}
        if raw.get("bmsm_discount"):
            out["bmsm_discount"] = _tiers(raw["bmsm_discount"].get("details") or [])
        if raw.get("gift_discount"):
            out["gift_discount"] = _gifts(store, shop_id, raw["gift_discount"])
        if not out:
            raise _fail(Reason.INVALID, "buy more save more needs discount.bmsm_discount or discount.gift_discount")
        return out
    return None


def _tiers(details: list[dict[str, Any]]) -> dict[str, Any]:
    if not 1 <= len(details) <= 2:
        raise _fail(Reason.TIER_INVALID, "one or two tiers")
    details = sorted(details, key=lambda d: d["tier"])
    if [d["tier"] for d in details] != list(range(1, len(details) + 1)):
        raise _fail(Reason.TIER_INVALID, "tiers are numbered from 1")
    if len({(d["threshold_type"], d["type"]) for d in details}) != 1:
        raise _fail(Reason.TIER_INVALID, "every tier has the same threshold_type and type")
    values = [(_number(d["threshold_value"], "threshold_value"), _number(d["value"], "value")) for d in details]
    if any(b[0] <= a[0] or b[1] <= a[1] for a, b in zip(values, values[1:], strict=False)):
        raise _fail(Reason.TIER_INVALID, "a tier's threshold and value must exceed the previous tier's")
    return {"details": details}


def _gifts(store: Store, shop_id: str, raw: dict[str, Any]) -> dict[str, Any]:
    infos = raw.get("gift_infos") or []
    if not 1 <= len(infos) <= 2:
        raise _fail(Reason.GIFT_TIERS, "one or two gift tiers")
    seen: set[str] = set()
    for info in infos:
        details = info.get("gift_details") or []
        if not details:
            raise _fail(Reason.GIFT_EMPTY)
        for d in details:
            sku_id = str(d["sku_id"])
            if not sku_id.isdigit():
                raise _fail(Reason.GIFT_SKU_NOT_INTEGER, sku_id=sku_id)
            if sku_id in seen:
                raise _fail(Reason.GIFT_SKU_REPEATED, sku_id=sku_id)
            seen.add(sku_id)
            sku = store.skus.get(sku_id)
            product = store.products.get(sku.product_id) if sku is not None else None
            if sku is None or product is None or product.shop_id != shop_id or product.id != str(d["product_id"]):
                raise _fail(Reason.INVALID, f"gift SKU {sku_id} is not a SKU of product {d['product_id']}")
            if sku.total_available <= 0:
                raise _fail(Reason.GIFT_OUT_OF_STOCK, sku_id=sku_id)
            limit = _number(d["total_claim_limit"], "total_claim_limit")
            if not 1 <= limit <= 99_999:
                raise _fail(Reason.INVALID, "total_claim_limit must be within [1, 99999]")
    return {"gift_receiving_type": raw.get("gift_receiving_type", "ALL_RECEIVE"), "gift_infos": infos}


def _no_free_shipping_clash(store: Store, shop_id: str, activity: pm.Activity, now: int) -> None:
    """One storewide free-shipping activity at a time (17003203)."""
    if not _storewide_free_shipping(activity):
        return
    for other in store.promotions.activities.values():
        if other.id != activity.id and other.shop_id == shop_id and _storewide_free_shipping(other):
            if other.status(now) in pm.LIVE:
                raise _fail(Reason.FREE_SHIPPING_ACTIVE, f"activity {other.id} is one")


def _storewide_free_shipping(a: pm.Activity) -> bool:
    shipping = (a.discount or {}).get("shipping_discount") or {}
    return (
        a.activity_type == pm.SHIPPING_DISCOUNT
        and a.product_level == pm.SHOP
        and shipping.get("type") == ("FREE_SHIPPING")
    )


def create(store: Store, rng: random.Random, shop_id: str, body: dict[str, Any], now: int) -> pm.Activity:
    activity_type = str(body["activity_type"])
    if activity_type not in pm.ACTIVITY_TYPES:
        raise _fail(Reason.TYPE_NOT_SUPPORTED, f"activity_type must be one of {', '.join(pm.ACTIVITY_TYPES)}")
    level = str(body["product_level"])
    _level(activity_type, level)
    duration = str(body.get("duration_type") or pm.NORMAL)
    begin, end = int(body["begin_time"]), int(body["end_time"])
    title = _title(store, shop_id, str(body["title"]), None)
    _period(activity_type, duration, begin, end, now, check_begin=True)
    activity = pm.Activity(
        id=_new_id(store, rng),
        shop_id=shop_id,
        title=title,
        activity_type=activity_type,
        product_level=level,
        duration_type=duration,
        begin_time=0 if duration == pm.INDEFINITE else begin,
        end_time=0 if duration == pm.INDEFINITE else end,
        participation_limit=_participation(body.get("participation_limit")),
        discount=_discount(store, shop_id, activity_type, body.get("discount")),
        create_time=now,
        update_time=now,
    )
    _no_free_shipping_clash(store, shop_id, activity, now)
    store.promotions.activities[activity.id] = activity
    activity.announced = activity.status(now)
    store.events.emit(
        events.ACTIVITY_CREATED,
        now,
        shop_id,
        "activity",
        activity.id,
        activity_type=activity_type,
        product_level=level,
        status=activity.announced,
        begin_time=activity.begin_time,
        end_time=activity.end_time,
    )
    _schedule(store, activity)
    return activity


def _new_id(store: Store, rng: random.Random) -> str:
    while True:
        candidate = f"7{rng.randrange(10**18):018d}"
        book = store.promotions
        if not lazyshops.taken(book.activities, candidate) and not lazyshops.taken(book.coupons, candidate):
            return candidate


def update(store: Store, shop_id: str, activity_id: str, body: dict[str, Any], now: int) -> pm.Activity:
    """Update Activity: title, period, participation limit and discount; the type and product level stay."""
    activity = find(store, shop_id, activity_id)
    status = writable(activity, now)
    level = body.get("product_level") or activity.product_level
    if level != activity.product_level:
        raise _fail(Reason.LEVEL_CHANGED)
    duration = str(body.get("duration_type") or activity.duration_type)
    begin, end = int(body["begin_time"]), int(body["end_time"])
    if duration == pm.INDEFINITE:
        begin = end = 0
    started = status == pm.ONGOING
    if started and begin != activity.begin_time:
        raise _fail(Reason.BEGIN_LOCKED)
    title = _title(store, shop_id, str(body["title"]), activity.id)
    _period(activity.activity_type, duration, begin, end, now, check_begin=begin != activity.begin_time)
    limits = _participation(body.get("participation_limit")) if "participation_limit" in body else None
    if limits is not None and started and limits != activity.participation_limit:
        raise _fail(Reason.LIMIT_CHANGED)
    discount = activity.discount
    if "discount" in body:
        discount = _discount(store, shop_id, activity.activity_type, body.get("discount"))
        old_kinds, new_kinds = _threshold_kinds(activity.discount), _threshold_kinds(discount)
        if old_kinds and new_kinds and old_kinds != new_kinds:
            raise _fail(Reason.THRESHOLD_CHANGED)
    candidate = copy.copy(activity)
    candidate.discount = discount
    _no_free_shipping_clash(store, shop_id, candidate, now)
    before = (activity.title, activity.begin_time, activity.end_time)
    activity.title, activity.duration_type = title, duration
    activity.begin_time, activity.end_time = begin, end
    if limits is not None:
        activity.participation_limit = limits
    activity.discount = discount
    activity.update_time = now
    store.events.emit(
        events.ACTIVITY_UPDATED,
        now,
        shop_id,
        "activity",
        activity.id,
        what="details",
        before={"title": before[0], "begin_time": before[1], "end_time": before[2]},
        after={"title": title, "begin_time": begin, "end_time": end},
    )
    _announce(store, activity, now, "seller_updated")
    _schedule(store, activity)
    return activity


def _threshold_kinds(discount: dict[str, Any] | None) -> tuple[str, ...]:
    details = ((discount or {}).get("bmsm_discount") or {}).get("details") or []
    return tuple(sorted({f"{d['threshold_type']}/{d['type']}" for d in details}))


def deactivate(store: Store, shop_id: str, activity_id: str, now: int) -> pm.Activity:
    activity = find(store, shop_id, activity_id)
    writable(activity, now)
    activity.deactivated_time = now
    activity.update_time = now
    _announce(store, activity, now, "seller_deactivated")
    return activity


def republish(store: Store, rng: random.Random, shop_id: str, activity_id: str, body: dict[str, Any], now: int) -> str:
    """Republish Activity (the public client's 202607 operation, GUESS from its models): a new activity like an
    expired or deactivated one, with its products, over a new period; the new id."""
    old = find(store, shop_id, activity_id)
    if old.status(now) not in (pm.EXPIRED, pm.DEACTIVATED):
        raise _fail(Reason.INVALID, "only an expired or deactivated activity can be republished")
    begin = int(body.get("begin_time") or now)
    end = int(body.get("end_time") or begin + (old.end_time - old.begin_time or 86400))
    _period(old.activity_type, old.duration_type, begin, end, now, check_begin=True)
    new = copy.deepcopy(old)
    new.id, new.begin_time, new.end_time = _new_id(store, rng), begin, end
    new.create_time = new.update_time = now
    new.deactivated_time = None
    for deal in new.deals():
        deal.sold = 0
    new.title = _republished_title(store, shop_id, old.title)
    for deal_product in new.product_ids():
        _check_conflict(store, new, deal_product, now)
    store.promotions.activities[new.id] = new
    store.promotions.index(new)
    new.announced = new.status(now)
    store.events.emit(
        events.ACTIVITY_CREATED,
        now,
        shop_id,
        "activity",
        new.id,
        activity_type=new.activity_type,
        product_level=new.product_level,
        status=new.announced,
        begin_time=begin,
        end_time=end,
        republished_from=old.id,
    )
    _schedule(store, new)
    return new.id


def _republished_title(store: Store, shop_id: str, title: str) -> str:
    taken = {a.title for a in store.promotions.activities.values() if a.shop_id == shop_id}
    for n in range(2, 10_000):
        candidate = f"{title[: TITLE_MAX - 1 - len(str(n))]} {n}"
        if candidate not in taken:
            return candidate
    raise _fail(Reason.TITLE_TAKEN)


# --- the products and SKUs of an activity -----------------------------------------------------------------------------
def update_products(
    store: Store, shop_id: str, activity_id: str, items: Sequence[dict[str, Any]], now: int
) -> tuple[pm.Activity, int]:
    """Update Activity Product: add or change the deals; (activity, number of items in the request). All checked
    before anything changes."""
    activity = find(store, shop_id, activity_id)
    if activity.activity_type not in pm.PRODUCT_DISCOUNTS:
        raise _fail(Reason.TYPE_NOT_SUPPORTED, "only product discounts and flash sales have products")
    status = writable(activity, now)
    if not items:
        raise _fail(Reason.PRODUCTS_EMPTY)
    variation = activity.product_level == pm.VARIATION
    count = sum(len(p.get("skus") or ()) for p in items) if variation else len(items)
    if count > MAX_ITEMS or len(items) > MAX_ITEMS:
        raise _fail(Reason.TOO_MANY_ITEMS, max=MAX_ITEMS)
    if len({p["id"] for p in items}) != len(items):
        raise _fail(Reason.DUPLICATE_PRODUCT)
    sku_ids = [s["id"] for p in items for s in p.get("skus") or ()]
    if len(set(sku_ids)) != len(sku_ids):
        raise _fail(Reason.DUPLICATE_SKU)
    staged: list[tuple[str, pm.Deal | dict[str, pm.Deal]]] = []
    for raw in items:
        product = store.products.get(str(raw["id"]))
        if product is None or product.shop_id != shop_id:
            raise _fail(Reason.PRODUCT_NOT_IN_SHOP, product_id=raw["id"])
        if product.status != ACTIVATE:
            raise _fail(Reason.PRODUCT_STATUS, product_id=product.id, status=product.status)
        if status == pm.ONGOING and activity.activity_type == pm.FLASHSALE and product.id in activity.product_ids():
            raise _fail(Reason.FLASHSALE_ONGOING, level="product" if not variation else "sku")
        _check_conflict(store, activity, product.id, now)
        prices = {s.id: int(Decimal(s.price.amount)) for s in product.skus}
        if variation:
            staged.append((product.id, _sku_deals(activity, product.id, raw, prices)))
        else:
            staged.append((product.id, _product_deal(activity, product.id, raw, min(prices.values(), default=0))))
    was = activity.status(now)
    for product_id, deal in staged:
        if isinstance(deal, dict):
            activity.skus.setdefault(product_id, {}).update(deal)
        else:
            activity.products[product_id] = deal
    store.promotions.index(activity)
    activity.update_time = now
    store.events.emit(
        events.ACTIVITY_UPDATED,
        now,
        shop_id,
        "activity",
        activity.id,
        what="products",
        product_ids=[p for p, _ in staged],
        sku_ids=sku_ids,
    )
    if activity.status(now) != was:
        _announce(store, activity, now, "products_added")
    return activity, count


def _check_conflict(store: Store, activity: pm.Activity, product_id: str, now: int) -> None:
    for other_id in store.promotions.by_product.get(product_id, ()):
        other = store.promotions.activities[other_id]
        if other.id == activity.id or other.activity_type not in pm.PRODUCT_DISCOUNTS:
            continue
        if other.status(now) in pm.LIVE and product_id in other.product_ids():
            raise _fail(Reason.CONFLICT, f"product {product_id} is in activity {other.id}", activity_id=other.id)


def _limits(raw: dict[str, Any], old: pm.Deal | None, level: str) -> tuple[int, int]:
    limit, per_user = int(raw["quantity_limit"]), int(raw["quantity_per_user"])
    lo, hi = LIMIT_RANGE
    if per_user != -1 and not lo <= per_user <= hi:
        raise _fail(Reason.PER_USER_INVALID, level=level)
    if limit != -1 and not lo <= limit <= hi:
        raise _fail(Reason.QUANTITY_INVALID, level=level)
    if old is not None and (_less(limit, old.quantity_limit) or _less(per_user, old.quantity_per_user)):
        raise _fail(Reason.LIMIT_DECREASED, level=level)
    return limit, per_user


def _less(new: int, old: int) -> bool:
    """A limit below the current one (-1 is unlimited, above every number)."""
    if old == -1:
        return new != -1
    return new != -1 and new < old


def _deal_terms(activity: pm.Activity, raw: dict[str, Any], level: str, lowest: int) -> tuple[str | None, str | None]:
    """(activity price, discount) of one product or SKU, as its activity type requires."""
    price, discount = raw.get("activity_price_amount"), raw.get("discount")
    if activity.activity_type == pm.DIRECT_DISCOUNT:
        if price not in (None, ""):
            raise _fail(Reason.PRICE_GIVEN, level=level)
        if discount in (None, ""):
            raise _fail(Reason.DISCOUNT_REQUIRED, level=level)
        value = _number(discount, "discount")
        if value != value.to_integral_value() or value < DISCOUNT_RANGE[0]:
            raise _fail(Reason.DISCOUNT_TOO_LOW, level=level)
        if value > DISCOUNT_RANGE[1]:
            raise _fail(Reason.DISCOUNT_TOO_HIGH, level=level)
        return None, str(int(value))
    if discount not in (None, ""):
        raise _fail(Reason.DISCOUNT_GIVEN, level=level)
    if price in (None, ""):
        raise _fail(Reason.PRICE_REQUIRED, level=level)
    amount = _number(price, "activity_price_amount")
    if amount <= 0 or amount != amount.to_integral_value() or (lowest and amount >= lowest):
        raise _fail(Reason.PRICE_INVALID, f"a whole amount above 0 and below the price ({lowest})", level=level)
    return str(int(amount)), None


def _product_deal(activity: pm.Activity, product_id: str, raw: dict[str, Any], lowest: int) -> pm.Deal:
    if raw.get("skus"):
        raise _fail(Reason.SKUS_NOT_ALLOWED)
    price, discount = _deal_terms(activity, raw, "product", lowest)
    limit, per_user = _limits(raw, activity.products.get(product_id), "product")
    old = activity.products.get(product_id)
    return pm.Deal(product_id, product_id, price, discount, limit, per_user, old.sold if old else 0)


def _sku_deals(
    activity: pm.Activity, product_id: str, raw: dict[str, Any], prices: dict[str, int]
) -> dict[str, pm.Deal]:
    skus = raw.get("skus") or []
    if not skus:
        raise _fail(Reason.SKUS_REQUIRED)
    if raw.get("activity_price_amount") not in (None, "") or raw.get("discount") not in (None, ""):
        raise _fail(Reason.PRODUCT_DEAL_NOT_ALLOWED)
    if int(raw["quantity_limit"]) != -1 or int(raw["quantity_per_user"]) != -1:
        raise _fail(Reason.VARIATION_LIMIT)
    current = activity.skus.get(product_id, {})
    out: dict[str, pm.Deal] = {}
    for s in skus:
        sku_id = str(s["id"])
        if not sku_id.isdigit():
            raise _fail(Reason.SKU_ID_INVALID, sku_id=sku_id)
        if sku_id not in prices:
            raise _fail(Reason.SKU_NOT_IN_PRODUCT, sku_id=sku_id, product_id=product_id)
        price, discount = _deal_terms(activity, s, "sku", prices[sku_id])
        limit, per_user = _limits(s, current.get(sku_id), "sku")
        old = current.get(sku_id)
        out[sku_id] = pm.Deal(sku_id, product_id, price, discount, limit, per_user, old.sold if old else 0)
    return out


def remove_products(
    store: Store, shop_id: str, activity_id: str, product_ids: Sequence[str], sku_ids: Sequence[str], now: int
) -> pm.Activity:
    """Remove Activity Product: products (PRODUCT level, or every SKU of them) and SKUs (VARIATION level)."""
    activity = find(store, shop_id, activity_id)
    status = writable(activity, now)
    if not product_ids and not sku_ids:
        raise _fail(Reason.INVALID, "give product_ids or sku_ids")
    flash_ongoing = status == pm.ONGOING and activity.activity_type == pm.FLASHSALE
    in_activity = set(activity.product_ids())
    for product_id in product_ids:
        if product_id not in in_activity:
            raise _fail(Reason.NOT_IN_ACTIVITY, level="product", product_id=product_id)
        if flash_ongoing:
            raise _fail(Reason.FLASHSALE_ONGOING, level="product")
    sku_owner: dict[str, str] = {}
    for sku_id in sku_ids:
        if not str(sku_id).isdigit():
            raise _fail(Reason.SKU_ID_INVALID, sku_id=sku_id)
        owner = next((p for p, skus in activity.skus.items() if sku_id in skus), None)
        if owner is None:
            raise _fail(Reason.NOT_IN_ACTIVITY, level="sku", sku_id=sku_id)
        if flash_ongoing:
            raise _fail(Reason.FLASHSALE_ONGOING, level="sku")
        sku_owner[sku_id] = owner
    was = activity.status(now)
    for product_id in product_ids:
        activity.products.pop(product_id, None)
        activity.skus.pop(product_id, None)
    for sku_id, owner in sku_owner.items():
        activity.skus.get(owner, {}).pop(sku_id, None)
        if not activity.skus.get(owner, True):
            del activity.skus[owner]
    activity.update_time = now
    store.events.emit(
        events.ACTIVITY_UPDATED,
        now,
        shop_id,
        "activity",
        activity.id,
        what="products_removed",
        product_ids=list(product_ids),
        sku_ids=list(sku_ids),
    )
    if activity.status(now) != was:
        _announce(store, activity, now, "products_removed")
    return activity


# --- time -------------------------------------------------------------------------------------------------------------
def _schedule(store: Store, activity: pm.Activity) -> None:
    if activity.duration_type == pm.INDEFINITE:
        return
    for due in (activity.begin_time, activity.end_time):
        timers.schedule(store, due, STATUS_TIMER, f"{activity.id}:{due}")


def _announce(store: Store, activity: pm.Activity, now: int, cause: str) -> None:
    """One event when the activity's status differs from the one last announced."""
    status = activity.status(now)
    if status == activity.announced:
        return
    before, activity.announced = activity.announced, status
    store.events.emit(
        events.ACTIVITY_STATUS_CHANGED,
        now,
        activity.shop_id,
        "activity",
        activity.id,
        before=before,
        after=status,
        cause=cause,
        activity_type=activity.activity_type,
    )


def on_timer(store: Store, subject: str, due: int) -> None:
    """world.py: a begin or end time came: announce the status it gives (a stale timer announces nothing)."""
    activity_id, _, _ = subject.partition(":")
    activity = store.promotions.activities.get(activity_id)
    if activity is not None:
        _announce(store, activity, due, "time")
