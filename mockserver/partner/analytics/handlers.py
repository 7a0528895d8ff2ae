"""Handlers for the analytics operations: shop, product and SKU performance counted from the order book, video
and LIVE performance of the seeded content. Parse, call analytics/backend.py, render; errors map in errors.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mockserver.analytics import backend as ab
from mockserver.analytics import daybook
from mockserver.analytics.models import AnalyticsError
from mockserver.partner.analytics import errors, render
from mockserver.partner.call import Call, Handler
from mockserver.partner.domain import maps
from mockserver.partner.scope import shop_of


def _amount(value: Any) -> Any:
    return value.amount if isinstance(value, ab.Money) else value


Sort = Callable[[ab.Row], Any]


def _by_row(**fields: str) -> dict[str, Sort]:
    """Sort keys: documented sort_field -> the Row attribute it sorts on."""

    def on(attr: str) -> Sort:
        return lambda r: _amount(getattr(r, attr))

    return {name: on(attr) for name, attr in fields.items()}


def _by_figure(**fields: str) -> dict[str, Sort]:
    """Sort keys: documented sort_field -> the figure (Row.extra) it sorts on."""

    def on(key: str) -> Sort:
        return lambda r: _amount(r.extra[key])

    return {name: on(key) for name, key in fields.items()}


PRODUCT_SORTS = _by_row(gmv="gmv", order_count="orders", unit_sold_count="units", click_through_rate="ctr")
SKU_SORTS = _by_row(gmv="gmv", sku_orders="sku_orders", units_sold="units")
VIDEO_PRODUCT_SORTS = _by_row(gmv="gmv", units_sold="units", daily_avg_buyers="daily_avg_buyers")
VIDEO_SORTS = _by_figure(
    gmv="gmv", sku_orders="sku_orders", units_sold="units", views="views", click_through_rate="ctr"
)
LIVE_SORTS = _by_figure(
    gmv="gmv",
    products_added="products_added",
    different_products_sold="different_products_sold",
    sku_orders="sku_orders",
    unit_sold="units",
    customers="customers",
    **{"24h_live_gmv": "24h_live_gmv"},
)


def _answer(call: Call, e: AnalyticsError) -> dict[str, Any]:
    raise errors.from_domain(e)


_maps_errors = maps(AnalyticsError, _answer)


def _ask(call: Call, *, granular: bool = True) -> ab.Ask:
    q = call.query
    return ab.ask(
        call.mock.store,
        shop_of(call).id,
        call.mock.clock.now_s(),
        q["start_date_ge"],
        q["end_date_lt"],
        q.get("currency") or None,
        (q.get("granularity") or None) if granular else None,
    )


def _page(call: Call, rows: list[ab.Row], sorts: dict[str, Any], default_size: int = 10) -> ab.Page:
    q = call.query
    field = ab.choice(q.get("sort_field") or None, sorts, "gmv", "sort_field")
    order = q.get("sort_order") or "DESC"
    return ab.page(rows, sorts[field], order == "DESC", q.get("page_size", default_size), q.get("page_token") or None)


def _intervals(call: Call, a: ab.Ask, pick: ab.Pick, shape: Callable[[ab.Figures], dict[str, Any]]) -> dict[str, Any]:
    now, before = ab.performance(call.mock.store, a, pick, bool(call.query.get("with_comparison")))
    return {"intervals": [shape(f) for f in now], "comparison_intervals": [shape(f) for f in before]}


def _spans(call: Call, a: ab.Ask, shape: Callable[[int, int], dict[str, Any]]) -> dict[str, Any]:
    """Intervals (and comparison intervals when asked) of figures that are not shop/product/SKU figures."""
    before = a.range.previous().intervals() if call.query.get("with_comparison") else []
    return {
        "intervals": [shape(s, e) for s, e in a.range.intervals()],
        "comparison_intervals": [shape(s, e) for s, e in before],
    }


def _listed(key: str, rows: list[dict[str, Any]], page: ab.Page, a: ab.Ask) -> dict[str, Any]:
    return {key: rows, "next_page_token": page.next_token, "total_count": page.total, "latest_available_date": a.latest}


# --- shop, product, SKU -------------------------------------------------------------------------------------------
@_maps_errors
def get_shop_performance(call: Call) -> dict[str, Any]:
    a = _ask(call)
    return {"performance": _intervals(call, a, ab.shop_pick, render.shop_interval), "latest_available_date": a.latest}


@_maps_errors
def get_shop_product_performance(call: Call) -> dict[str, Any]:
    product_id = call.path_params["product_id"]
    ab.require_product(call.mock.store, shop_of(call).id, product_id)
    a = _ask(call)
    performance = _intervals(call, a, ab.product_pick(product_id), render.product_interval)
    return {"performance": performance, "latest_available_date": a.latest}


@_maps_errors
def get_shop_sku_performance(call: Call) -> dict[str, Any]:
    sku_id = call.path_params["sku_id"]
    product_id = ab.require_sku(call.mock.store, shop_of(call).id, sku_id)
    a = _ask(call)
    performance = {"product_id": int(product_id)} | _intervals(call, a, ab.sku_pick(sku_id), render.sku_interval)
    return {"latest_available_date": a.latest, "performance": performance}


@_maps_errors
def get_shop_product_performance_list(call: Call) -> dict[str, Any]:
    a = _ask(call, granular=False)
    page = _page(call, ab.product_rows(call.mock.store, a), PRODUCT_SORTS)
    return _listed("products", [render.product_row(r) for r in page.rows], page, a)


@_maps_errors
def get_shop_sku_performance_list(call: Call) -> dict[str, Any]:
    a = _ask(call, granular=False)
    product_id = call.query.get("product_id") or None
    page = _page(call, ab.sku_rows(call.mock.store, a, product_id), SKU_SORTS)
    return _listed("skus", [render.sku_row(r) for r in page.rows], page, a)


# --- videos ---------------------------------------------------------------------------------------------------------
@_maps_errors
def get_shop_video_performance_list(call: Call) -> dict[str, Any]:
    store, a = call.mock.store, _ask(call, granular=False)
    region = daybook.region(store, a.shop_id)
    page = _page(call, ab.video_rows(store, a, call.query.get("account_type") or None), VIDEO_SORTS)
    shown = {pid for r in page.rows for pid in r.extra["video"].product_ids}
    names = {pid: store.products[pid].title for pid in shown if pid in store.products}
    return _listed("videos", [render.video_row(r.extra["video"], r.extra, names, region) for r in page.rows], page, a)


@_maps_errors
def get_shop_video_performance_overview(call: Call) -> dict[str, Any]:
    store, a = call.mock.store, _ask(call)
    account = call.query.get("account_type") or None

    def interval(start: int, end: int) -> dict[str, Any]:
        return render.video_interval(start, end, ab.video_overview(store, a, account, start, end), details=False)

    return {"performance": _spans(call, a, interval), "latest_available_date": a.latest}


@_maps_errors
def get_shop_video_performance_details(call: Call) -> dict[str, Any]:
    store = call.mock.store
    video = ab.require_video(store, shop_of(call).id, call.path_params["video_id"])
    a = _ask(call)
    region = daybook.region(store, a.shop_id)

    def interval(start: int, end: int) -> dict[str, Any]:
        return render.video_interval(start, end, ab.video_figures(store, a, video, start, end), details=True)

    performance = _spans(call, a, interval) | {"video_post_time": render.post_time(video.post_time, region)}
    engagement = ab.video_engagement(store, a, video)
    return {
        "performance": performance,
        "engagement_data": {f"total_{k}": v for k, v in engagement.items()},
        "latest_available_date": a.latest,
    }


@_maps_errors
def get_shop_video_product_performance_list(call: Call) -> dict[str, Any]:
    store = call.mock.store
    video = ab.require_video(store, shop_of(call).id, call.path_params["video_id"])
    a = _ask(call, granular=False)
    page = _page(call, ab.video_product_rows(store, a, video), VIDEO_PRODUCT_SORTS)
    return _listed("products", [render.video_product_row(r) for r in page.rows], page, a)


# --- LIVE ----------------------------------------------------------------------------------------------------------
@_maps_errors
def get_shop_live_performance_list(call: Call) -> dict[str, Any]:
    store, a = call.mock.store, _ask(call, granular=False)
    page = _page(call, ab.live_rows(store, a, call.query.get("account_type") or None), LIVE_SORTS)
    return _listed("live_stream_sessions", [render.live_row(r.extra["live"], r.extra) for r in page.rows], page, a)


@_maps_errors
def get_shop_live_performance_overview(call: Call) -> dict[str, Any]:
    store, a = call.mock.store, _ask(call)
    account = call.query.get("account_type") or None

    def interval(start: int, end: int) -> dict[str, Any]:
        return render.live_interval(start, end, ab.live_overview(store, a, account, start, end))

    return {"performance": _spans(call, a, interval), "latest_available_date": a.latest}


HANDLERS: dict[str, Handler] = {
    "get_shop_performance": get_shop_performance,
    "get_shop_product_performance": get_shop_product_performance,
    "get_shop_product_performance_list": get_shop_product_performance_list,
    "get_shop_sku_performance": get_shop_sku_performance,
    "get_shop_sku_performance_list": get_shop_sku_performance_list,
    "get_shop_video_performance_list": get_shop_video_performance_list,
    "get_shop_video_performance_overview": get_shop_video_performance_overview,
    "get_shop_video_performance_details": get_shop_video_performance_details,
    "get_shop_video_product_performance_list": get_shop_video_product_performance_list,
    "get_shop_live_performance_list": get_shop_live_performance_list,
    "get_shop_live_performance_overview": get_shop_live_performance_overview,
}
