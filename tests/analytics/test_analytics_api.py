"""The analytics operations, through the Partner API (responses validated against their schemas): shop, product and
SKU figures equal a recount of the orders (Get Order List) in the range; breakdowns, intervals, products and SKUs
add up; videos and LIVE sessions are seeded and agree with the breakdowns; date, parameter and id errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from starlette.applications import Starlette

from mockserver import Settings, create_app
from mockserver.clock import FrozenClock
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.finance.conftest import all_pages, fails, ok, order_transactions, refund
from tests.orders.conftest import Control

SHOP = "/analytics/202405/shop/performance"
PRODUCTS = "/analytics/202405/shop_products/performance"
SKUS = "/analytics/202406/shop_skus/performance"
VIDEOS = "/analytics/202409/shop_videos/performance"
VIDEO_OVERVIEW = "/analytics/202409/shop_videos/overview_performance"
LIVES = "/analytics/202508/shop_lives/performance"
LIVE_OVERVIEW = "/analytics/202508/shop_lives/overview_performance"
WIB = 7 * 3600
RANGE = {"start_date_ge": "2026-05-04", "end_date_lt": "2026-06-02"}
NOT_COUNTED = ("UNPAID", "CANCELLED")


@pytest.fixture
def app(clock: FrozenClock) -> Starlette:
    """A busier shop than the default seed, so that every channel and content kind has sales."""
    return create_app(Settings(seed=1, clock=clock, validate_responses=True, orders_per_shop=600))


@pytest.fixture
def control(client: PartnerClient) -> Control:
    return Control(client.http)


def day_start(iso: str) -> int:
    return int(dt.datetime.fromisoformat(iso).replace(tzinfo=dt.UTC).timestamp()) - WIB


def recount(client: PartnerClient, start: str, end: str) -> dict[str, Any]:
    """The shop's figures counted from Get Order List: paid orders created in [start, end) WIB, not cancelled."""
    orders = []
    token = ""
    while True:
        body = {"create_time_ge": day_start(start), "create_time_lt": day_start(end)}
        q = {"page_size": 100} | ({"page_token": token} if token else {})
        page = ok(client.post("/order/202309/orders/search", query=q, json=body))
        orders += page["orders"]
        token = page["next_page_token"]
        if not token:
            break
    counted = [o for o in orders if o["status"] not in NOT_COUNTED]
    items = [li for o in counted for li in o["line_items"]]
    return {
        "orders": len(counted),
        "units": len(items),
        "sku_orders": sum(len({li["sku_id"] for li in o["line_items"]}) for o in counted),
        "gmv": sum(Decimal(li["original_price"]) - Decimal(li["seller_discount"]) for li in items),
        "buyers": len({o["user_id"] for o in counted}),
        "by_product": _by(items, "product_id"),
        "by_sku": _by(items, "sku_id"),
        "ids": [o["id"] for o in counted],
    }


def _by(items: list[dict[str, Any]], key: str) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for li in items:
        out[li[key]] = out.get(li[key], Decimal(0)) + Decimal(li["original_price"]) - Decimal(li["seller_discount"])
    return out


def shop_interval(client: PartnerClient, **query: Any) -> dict[str, Any]:
    data = ok(client.get(SHOP, query=RANGE | query))
    (interval,) = data["performance"]["intervals"]
    return dict(interval)


def amount(money: dict[str, str]) -> Decimal:
    return Decimal(money["amount"])


def test_shop_figures_equal_a_recount_of_the_orders(client: PartnerClient) -> None:
    got, want = shop_interval(client), recount(client, RANGE["start_date_ge"], RANGE["end_date_lt"])
    assert want["orders"] > 50
    assert (got["orders"], got["units_sold"], got["sku_orders"], got["buyers"]) == (
        want["orders"],
        want["units"],
        want["sku_orders"],
        want["buyers"],
    )
    assert amount(got["gmv"]) == want["gmv"]
    assert amount(got["avg_order_value"]) == (want["gmv"] / want["orders"]).quantize(Decimal(1))
    assert (got["start_date"], got["end_date"]) == (RANGE["start_date_ge"], RANGE["end_date_lt"])


def test_breakdowns_add_up_and_every_channel_sells(client: PartnerClient) -> None:
    got = shop_interval(client)
    assert sum(amount(b) for b in got["gmv_breakdowns"]) == amount(got["gmv"])
    assert all(amount(b) > 0 for b in got["gmv_breakdowns"]), got["gmv_breakdowns"]
    for total, parts in (
        ("product_impressions", "product_impression_breakdowns"),
        ("product_page_views", "product_page_view_breakdowns"),
    ):
        assert sum(b["amount"] for b in got[parts]) == got[total] > 0
    assert got["product_page_views"] < got["product_impressions"]


def test_daily_intervals_add_up_to_the_range(client: PartnerClient) -> None:
    total = shop_interval(client)
    days = ok(client.get(SHOP, query=RANGE | {"granularity": "1D"}))["performance"]["intervals"]
    assert len(days) == 29 and days[0]["start_date"] == RANGE["start_date_ge"] and days[-1]["end_date"] == "2026-06-02"
    assert sum(amount(d["gmv"]) for d in days) == amount(total["gmv"])
    assert sum(d["orders"] for d in days) == total["orders"]
    assert sum(d["units_sold"] for d in days) == total["units_sold"]


def test_the_comparison_is_the_period_before(client: PartnerClient) -> None:
    data = ok(client.get(SHOP, query=RANGE | {"with_comparison": "true"}))["performance"]
    (before,) = data["comparison_intervals"]
    assert (before["start_date"], before["end_date"]) == ("2026-04-05", "2026-05-04")
    direct = ok(client.get(SHOP, query={"start_date_ge": "2026-04-05", "end_date_lt": "2026-05-04"}))
    assert before == direct["performance"]["intervals"][0]


def test_products_and_skus_add_up_to_the_shop(client: PartnerClient) -> None:
    want = recount(client, RANGE["start_date_ge"], RANGE["end_date_lt"])
    products = all_pages(client, PRODUCTS, "products", **RANGE, page_size=40)
    assert {str(p["id"]): amount(p["gmv"]) for p in products} == want["by_product"]
    skus = all_pages(client, SKUS, "skus", **RANGE, page_size=100)
    assert {str(s["id"]): amount(s["gmv"]) for s in skus} == want["by_sku"]
    gmvs = [amount(p["gmv"]) for p in products]
    assert gmvs == sorted(gmvs, reverse=True)
    top = products[0]
    detail = ok(client.get(f"{PRODUCTS[: -len('/performance')]}/{top['id']}/performance", query=RANGE))
    (interval,) = detail["performance"]["intervals"]
    assert (amount(interval["gmv"]), interval["orders"], interval["units_sold"]) == (
        amount(top["gmv"]),
        top["orders"],
        top["units_sold"],
    )
    assert interval["click_through_rate"] == top["click_through_rate"]
    mine = all_pages(client, SKUS, "skus", **RANGE, product_id=str(top["id"]), page_size=100)
    assert mine and sum(amount(s["gmv"]) for s in mine) == amount(top["gmv"])
    sku = mine[0]
    one = ok(client.get(f"/analytics/202406/shop_skus/{sku['id']}/performance", query=RANGE))["performance"]
    assert one["product_id"] == top["id"] and amount(one["intervals"][0]["gmv"]) == amount(sku["gmv"])


def test_usd_is_local_at_the_fixed_rate(client: PartnerClient) -> None:
    idr, usd = shop_interval(client), shop_interval(client, currency="USD")
    assert usd["gmv"]["currency"] == "USD" and idr["gmv"]["currency"] == "IDR"
    assert amount(usd["gmv"]) == (amount(idr["gmv"]) / 16000).quantize(Decimal("0.01"))


def test_figures_follow_the_order_book(client: PartnerClient, control: Control, mock: Mock) -> None:
    today = {"start_date_ge": "2026-06-01", "end_date_lt": "2026-06-02"}
    before = shop_interval(client, **today)
    order = control.place(paid=True)
    after = shop_interval(client, **today)
    gmv = sum(Decimal(li["original_price"]) - Decimal(li["seller_discount"]) for li in order["line_items"])
    assert (after["orders"], amount(after["gmv"])) == (before["orders"] + 1, amount(before["gmv"]) + gmv)
    li = order["line_items"][0]
    refund(mock, order, [{"line_item_id": li["id"], "sku_id": li["sku_id"], "refund_amount": li["sale_price"]}])
    refunded = shop_interval(client, **today)
    assert amount(refunded["refunds"]) == amount(before["refunds"]) + Decimal(li["sale_price"])
    assert refunded["cancellations_and_returns"] == before["cancellations_and_returns"] + 1
    control.call(f"/orders/{order['id']}/cancel", {"by": "BUYER"})
    assert shop_interval(client, **today)["orders"] == before["orders"]


def test_analytics_and_finance_agree_on_settled_orders(client: PartnerClient) -> None:
    want = recount(client, "2026-05-04", "2026-05-11")
    settled = 0
    for order_id in want["ids"]:
        tx = ok(client.get(order_transactions(order_id)))
        if tx["sku_transactions"]:
            settled += 1
            gross = sum(
                Decimal(s["revenue_breakdown"]["subtotal_before_discount_amount"]) for s in tx["sku_transactions"]
            )
            seller = sum(Decimal(s["revenue_breakdown"]["seller_discount_amount"]) for s in tx["sku_transactions"])
            order = ok(client.get("/order/202309/orders", query={"ids": order_id}))["orders"][0]
            assert gross + seller == sum(
                Decimal(li["original_price"]) - Decimal(li["seller_discount"]) for li in order["line_items"]
            )
    assert settled > 10


# --- videos and LIVE --------------------------------------------------------------------------------------------
def test_video_sales_are_the_video_breakdown(client: PartnerClient) -> None:
    videos = all_pages(client, VIDEOS, "videos", **RANGE, page_size=50)
    shop = shop_interval(client)
    video_gmv = next(amount(b) for b in shop["gmv_breakdowns"] if b["type"] == "VIDEO")
    assert sum(amount(v["gmv"]) for v in videos) == video_gmv > 0
    (overview,) = ok(client.get(VIDEO_OVERVIEW, query=RANGE))["performance"]["intervals"]
    assert amount(overview["gmv"]) == video_gmv
    assert overview["units_sold"] == sum(v["units_sold"] for v in videos)
    best = max(videos, key=lambda v: amount(v["gmv"]))
    rows = all_pages(client, f"/analytics/202409/shop_videos/{best['id']}/products/performance", "products", **RANGE)
    assert sum(amount(r["gmv"]) for r in rows) == amount(best["gmv"])
    detail = ok(client.get(f"/analytics/202409/shop_videos/{best['id']}/performance", query=RANGE))
    assert amount(detail["performance"]["intervals"][0]["gmv"]) == amount(best["gmv"])
    assert detail["performance"]["video_post_time"] == best["video_post_time"]
    assert detail["engagement_data"]["total_views"] >= best["views"]


def test_video_account_types_split_the_list(client: PartnerClient) -> None:
    every = {v["id"] for v in all_pages(client, VIDEOS, "videos", **RANGE, page_size=100)}
    linked = {v["id"] for v in all_pages(client, VIDEOS, "videos", **RANGE, account_type="LINKED_ACCOUNTS")}
    affiliates = {v["id"] for v in all_pages(client, VIDEOS, "videos", **RANGE, account_type="AFFILIATES")}
    assert linked and affiliates and linked | affiliates == every and not linked & affiliates


def test_live_sessions_sell_and_agree_with_the_live_breakdown(client: PartnerClient) -> None:
    lives = all_pages(client, LIVES, "live_stream_sessions", **RANGE, page_size=20)
    assert lives and all(int(s["start_time"]) < int(s["end_time"]) for s in lives)
    lo, hi = day_start(RANGE["start_date_ge"]), day_start(RANGE["end_date_lt"])
    assert all(lo <= int(s["start_time"]) < hi for s in lives)
    sold = [s for s in lives if s["sales_performance"]["sku_orders"]]
    assert sold
    for s in lives:
        perf = s["sales_performance"]
        assert (
            perf["created_sku_orders"] >= perf["sku_orders"]
            and perf["different_products_sold"] <= perf["products_added"]
        )
        assert ("interaction_performance" in s) == (s["username"] not in AFFILIATE_HANDLES)
    (overview,) = ok(client.get(LIVE_OVERVIEW, query=RANGE))["performance"]["intervals"]
    assert amount(overview["gmv"]) == sum(amount(s["sales_performance"]["gmv"]) for s in lives)
    assert overview["click_through_rate"].endswith("%")


AFFILIATE_HANDLES = {"kak.nadia.review", "rianunboxing", "dapurbunda_id", "sobat.hemat", "tia.beauty", "gadget.jujur"}


def test_content_is_the_same_for_the_same_seed(clock: FrozenClock) -> None:
    def content(seed: int) -> Any:
        c = PartnerClient.in_process(create_app(Settings(seed=seed, clock=clock, validate_responses=True)))
        return ok(c.get(VIDEOS, query=RANGE | {"page_size": 100}))["videos"]

    assert content(7) == content(7) != content(8)


# --- errors ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        {"start_date_ge": "2026-05-40", "end_date_lt": "2026-06-01"},
        {"start_date_ge": "2026/05/01", "end_date_lt": "2026-06-01"},
        {"start_date_ge": "2026-06-01", "end_date_lt": "2026-06-01"},
        {"start_date_ge": "2026-06-02", "end_date_lt": "2026-06-01"},
        {"start_date_ge": "2024-01-01", "end_date_lt": "2026-06-01"},
    ],
)
def test_bad_dates_answer_28001022(client: PartnerClient, query: dict[str, str]) -> None:
    msg = fails(client.get(SHOP, query=query), 28001022, 200)
    assert msg == "invalid request params; detail: start time or end time is invalid."


@pytest.mark.parametrize(
    ("path", "extra", "word"),
    [
        (SHOP, {"granularity": "1H"}, "granularity"),
        (SHOP, {"currency": "EUR"}, "currency"),
        (PRODUCTS, {"sort_field": "price"}, "sort_field"),
        (PRODUCTS, {"page_token": "bm90IGEgcGFnZQ=="}, "page_token"),
        (VIDEOS, {"account_type": "FRIENDS"}, "account_type"),
        (LIVES, {"account_type": "AFFILIATES"}, "account_type"),
    ],
)
def test_bad_values_answer_28001022(client: PartnerClient, path: str, extra: dict[str, str], word: str) -> None:
    assert word in fails(client.get(path, query=RANGE | extra), 28001022, 200)


def test_unknown_or_foreign_ids_answer_28001007(client: PartnerClient, mock: Mock, app: Starlette) -> None:
    other = PartnerClient.in_process(app, shop="second")
    theirs = all_pages(other, PRODUCTS, "products", **RANGE, page_size=5)[0]["id"]
    for path in (
        f"/analytics/202405/shop_products/{theirs}/performance",
        "/analytics/202405/shop_products/1700000000000000000/performance",
        "/analytics/202406/shop_skus/1700000000000000000/performance",
        "/analytics/202409/shop_videos/7200000000000000000/performance",
        "/analytics/202409/shop_videos/7200000000000000000/products/performance",
    ):
        assert "not found" in fails(client.get(path, query=RANGE), 28001007, 200)


def test_pages_are_numbered_like_the_official_tokens(client: PartnerClient) -> None:
    first = ok(client.get(PRODUCTS, query=RANGE | {"page_size": 2}))
    assert first["next_page_token"] == "cGFnZV9udW1iZXI9Mg=="  # base64("page_number=2")
    assert first["total_count"] > 2 and len(first["products"]) == 2
