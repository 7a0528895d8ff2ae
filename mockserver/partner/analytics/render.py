"""Analytics figures in the Partner API's shapes: money as {amount, currency} with decimal strings (IDR whole
rupiah, USD cents), breakdowns as lists of {amount, type} for LIVE, VIDEO and PRODUCT_CARD, dates as ISO."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mockserver.analytics import dates, traffic
from mockserver.analytics.backend import Figures, Money, Row
from mockserver.analytics.models import CHANNELS, LiveSession, Video
from mockserver.finance import money as m


def money(x: Money) -> dict[str, str]:
    return {"amount": m.text(x.amount, x.currency), "currency": x.currency}


def _money_by(by: dict[str, Money]) -> list[dict[str, str]]:
    return [money(by[ch]) | {"type": ch} for ch in CHANNELS]


def _count_by(by: dict[str, int]) -> list[dict[str, Any]]:
    return [{"amount": by[ch], "type": ch} for ch in CHANNELS]


def _span(f: Figures) -> dict[str, str]:
    return {"start_date": dates.iso(f.start), "end_date": dates.iso(f.end)}


def _sales(f: Figures, breakdowns: str = "gmv_breakdowns") -> dict[str, Any]:
    return _span(f) | {"gmv": money(f.gmv), breakdowns: _money_by(f.gmv_by)}


def shop_interval(f: Figures) -> dict[str, Any]:
    return _sales(f) | {
        "sku_orders": f.sku_orders,
        "orders": f.orders,
        "avg_order_value": money(f.avg_order_value),
        "units_sold": f.units,
        "buyers": f.buyers,
        "buyer_breakdowns": _count_by(f.buyers_by),
        "product_impressions": f.impressions,
        "product_impression_breakdowns": _count_by(f.impressions_by),
        "product_page_views": f.page_views,
        "product_page_view_breakdowns": _count_by(f.page_views_by),
        "avg_product_page_visitors": f.avg_visitors,
        "avg_product_page_visitor_breakdowns": _count_by(f.avg_visitors_by),
        "refunds": money(f.refunds),
        "cancellations_and_returns": f.cancellations_and_returns,
    }


def product_interval(f: Figures) -> dict[str, Any]:
    return _sales(f) | {
        "orders": f.orders,
        "units_sold": f.units,
        "unit_sold_breakdowns": _count_by(f.units_by),
        "impressions": f.impressions,
        "impression_breakdowns": _count_by(f.impressions_by),
        "page_views": f.page_views,
        "page_view_breakdowns": _count_by(f.page_views_by),
        "avg_page_visitors": f.avg_visitors,
        "avg_page_visitor_breakdowns": _count_by(f.avg_visitors_by),
        "click_through_rate": _ratio(f.ctr),
        "click_through_rate_breakdowns": [{"amount": _ratio(f.ctr_by[ch]), "type": ch} for ch in CHANNELS],
    }


def sku_interval(f: Figures) -> dict[str, Any]:
    return _sales(f, "gmv_breakdown") | {
        "units_sold": f.units,
        "units_sold_breakdown": _count_by(f.units_by),
        "sku_orders": f.sku_orders,
    }


def _ratio(x: Decimal) -> str:
    return format(x, "f")


def product_row(r: Row) -> dict[str, Any]:
    return {
        "id": int(r.id),
        "gmv": money(r.gmv),
        "orders": r.orders,
        "units_sold": r.units,
        "click_through_rate": _ratio(r.ctr),
    }


def sku_row(r: Row) -> dict[str, Any]:
    return {
        "id": int(r.id),
        "product_id": int(r.product_id) if r.product_id else 0,
        "gmv": money(r.gmv),
        "sku_orders": r.sku_orders,
        "units_sold": r.units,
    }


def post_time(t: int, region: str) -> str:
    """ "2025-01-01 00:00:00" in the shop's time zone (the official example's form)."""
    day = dates.day_of(t, region)
    secs = t + dates.offset(region) - day * dates.DAY
    return f"{dates.iso(day)} {secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}"


def video_row(v: Video, f: dict[str, Any], names: dict[str, str], region: str) -> dict[str, Any]:
    return {
        "id": v.id,
        "title": v.title,
        "username": v.username,
        "gmv": money(f["gmv"]),
        "sku_orders": f["sku_orders"],
        "units_sold": f["units"],
        "views": f["views"],
        "click_through_rate": _ratio(f["ctr"]),
        "products": [{"id": p, "name": names.get(p, "")} for p in v.product_ids],
        "video_post_time": post_time(v.post_time, region),
    }


def video_interval(start: int, end: int, f: dict[str, Any], *, details: bool) -> dict[str, Any]:
    out = {"start_date": dates.iso(start), "end_date": dates.iso(end), "gmv": money(f["gmv"])}
    out["click_through_rate"] = _ratio(f["ctr"])
    if details:
        out |= {"daily_avg_buyers": _ratio(f["daily_avg_buyers"]), "views": f["views"]}
    else:
        out |= {"sku_orders": f["sku_orders"], "units_sold": f["units"]}
    return out


def video_product_row(r: Row) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "gmv": money(r.gmv),
        "units_sold": r.units,
        "daily_avg_buyers": _ratio(r.daily_avg_buyers),
    }


def live_row(s: LiveSession, f: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "username": s.username,
        "start_time": str(s.start_time),
        "end_time": str(s.end_time),
        "sales_performance": {
            "gmv": money(f["gmv"]),
            "products_added": f["products_added"],
            "different_products_sold": f["different_products_sold"],
            "created_sku_orders": f["created_sku_orders"],
            "sku_orders": f["sku_orders"],
            "unit_sold": f["units"],
            "customers": f["customers"],
            "avg_price": money(f["avg_price"]),
            "click_to_order_rate": f["click_to_order_rate"],
            "24h_live_gmv": money(f["24h_live_gmv"]),
        },
    }
    if f["with_interaction"]:
        i = dict(f["interaction"])
        views = i["views"]
        i["avg_viewing_duration"] = str(i["avg_viewing_duration"])
        i["click_through_rate"] = traffic.percent(i["product_clicks"], views)
        out["interaction_performance"] = i
    return out


def live_interval(start: int, end: int, f: dict[str, Any]) -> dict[str, Any]:
    return {
        "start_date": dates.iso(start),
        "end_date": dates.iso(end),
        "gmv": money(f["gmv"]),
        "sku_orders": f["sku_orders"],
        "customers": f["customers"],
        "units_sold": f["units"],
        "click_to_order_rate": f["click_to_order_rate"],
        "click_through_rate": f["click_through_rate"],
    }
