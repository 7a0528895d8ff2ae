"""Listing prerequisites and quality (CAT-PRE-*, CAT-NFOQUAL-*): the listing check runs Create Product's rules and
creates nothing; diagnoses and suggestions follow the product's real content; category recommendation is
deterministic from the title; the SEA rules (Dangerous Goods, certificate expiry) hold in both dialects."""

from __future__ import annotations

from typing import Any

from mockserver.catalog.models import ACTIVATE, Product
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import CREATE, create_body, upload
from tests.orders.conftest import fails, ok

P = "/product"
CHECK = f"{P}/202309/products/listing_check"


def test_a_good_listing_passes_and_nothing_is_created(client: PartnerClient, mock: Mock, uri: str) -> None:
    before = len(mock.store.products)
    data = ok(client.post(CHECK, json=create_body(mock, uri)))
    assert (data["check_result"], data["fail_reasons"]) == ("PASS", [])
    assert len(mock.store.products) == before


def test_every_problem_is_reported(client: PartnerClient, mock: Mock, uri: str) -> None:
    body = create_body(mock, uri, title="Kaos", main_images=[{"uri": "nope"}])
    body["skus"][0]["price"] = {"amount": "900000000", "currency": "IDR"}
    data = ok(client.post(CHECK, json=body))
    assert data["check_result"] == "FAILED"
    codes = [f["code"] for f in data["fail_reasons"]]
    assert codes == [12052910, 12052300, 12052570]  # title too short, unknown image, price too high
    for code in codes:  # each is what Create Product answers for that problem alone
        assert code in {e["code"] for e in mock.registry.operations["create_product"].errors}


def test_the_check_gives_the_same_first_answer_as_create(client: PartnerClient, mock: Mock, uri: str) -> None:
    body = create_body(mock, uri, category_id="604012")  # needs attributes and a certificate
    reasons = ok(client.post(CHECK, json=body))["fail_reasons"]
    created = client.post(CREATE, json=body).json()
    assert created["code"] == reasons[0]["code"] == 12052104


def test_dangerous_goods_is_required_where_the_changelog_says(client: PartnerClient, mock: Mock, uri: str) -> None:
    attrs = [{"id": "100303", "values": [{"id": "1005003"}]}]
    body = create_body(mock, uri, category_id="604022", product_attributes=attrs)
    reasons = ok(client.post(CHECK, json=body))["fail_reasons"]
    assert reasons[0]["code"] == 12052104 and "101610" in reasons[0]["message"]
    attrs.append({"id": "101610", "values": [{"id": "1000811"}]})
    assert ok(client.post(CHECK, json=body))["check_result"] == "PASS"
    rules = ok(client.get(f"{P}/202309/categories/604022/attributes"))["attributes"]
    assert any(a["id"] == "101610" and a["is_requried"] for a in rules)


def test_seeded_products_of_those_categories_carry_it(mock: Mock) -> None:
    products = [p for p in mock.store.products.values() if p.category_id in ("604012", "604022", "602011")]
    assert products
    assert all(any(a.id == "101610" for a in p.product_attributes) for p in products)


def test_certificate_expiry(client: PartnerClient, mock: Mock, uri: str) -> None:
    attrs = [{"id": "100303", "values": [{"id": "1005003"}]}, {"id": "101610", "values": [{"id": "1000810"}]}]
    body = create_body(mock, uri, category_id="604012", product_attributes=attrs)
    sni: dict[str, Any] = {"id": "602362", "images": [{"uri": uri}]}
    body["certifications"] = [sni]
    assert ok(client.post(CHECK, json=body))["fail_reasons"][0]["code"] == 12052385  # SNI needs its expiry
    sni["expiration_date"] = mock.clock.now_s() - 86400
    assert ok(client.post(CHECK, json=body))["fail_reasons"][0]["code"] == 12052385  # expired
    sni["expiration_date"] = mock.clock.now_s() + 365 * 86400
    assert ok(client.post(CHECK, json=body))["check_result"] == "PASS"
    rules = ok(client.get(f"{P}/202309/categories/604012/rules"))["product_certifications"]
    assert rules[0]["expiration_date"] == {"is_required": True}


def test_prerequisites_follow_the_shop(client: PartnerClient, mock: Mock) -> None:
    results = {r["check_item"]: r for r in ok(client.get(f"{P}/202312/prerequisites"))["check_results"]}
    assert not any(r["is_failed"] for r in results.values())
    for w in mock.store.warehouses.values():
        if w.shop_id == mock.refs.shops["migrated"] and w.type == "RETURN_WAREHOUSE":
            w.effect_status = "DISABLED"
    results = {r["check_item"]: r for r in ok(client.get(f"{P}/202312/prerequisites"))["check_results"]}
    assert results["RETURN_WAREHOUSE"]["is_failed"] and results["RETURN_WAREHOUSE"]["fail_reasons"]
    assert not results["PICKUP_WAREHOUSE"]["is_failed"]


def test_recommend_category_is_deterministic_from_the_title(client: PartnerClient) -> None:
    body = {"product_title": "Kabel Charger Fast Charging Type C 1 Meter"}
    first = ok(client.post(f"{P}/202309/categories/recommend", json=body))
    assert first == ok(client.post(f"{P}/202309/categories/recommend", json=body))
    assert first["leaf_category_id"] == "604012"
    assert [c["level"] for c in first["categories"]] == [1, 2, 3] and first["categories"][-1]["is_leaf"]
    fails(client.post(f"{P}/202309/categories/recommend", json={"product_title": "Zzzz qqqq xxxx yyyy wwww vvvv"}),
          12019064)  # fmt: skip
    fails(client.post(f"{P}/202309/categories/recommend", json={**body, "category_version": "v2"}), 12052217)


def live(mock: Mock, **conditions: Any) -> Product:
    shop = mock.refs.shops["migrated"]
    return next(
        p for p in mock.store.products.values()
        if p.shop_id == shop and p.status == ACTIVATE and all(getattr(p, k) == v for k, v in conditions.items())
    )  # fmt: skip


def test_diagnosis_follows_the_content(client: PartnerClient, mock: Mock) -> None:
    product = live(mock)
    product.title = "Kaos Polos Wanita Murah 25"  # under 40 characters
    product.main_images = product.main_images[:1]
    data = ok(client.get(f"{P}/202405/products/diagnoses", query={"product_ids": product.id}))["products"][0]
    codes = {d["field"]: [r["code"] for r in d["diagnosis_results"]] for d in data["diagnoses"]}
    assert "TITLE_LESS_THAN_40_CHARACTERS" in codes["TITLE"] and "IMAGE_LESS_THAN_5" in codes["IMAGE"]
    title = next(d for d in data["diagnoses"] if d["field"] == "TITLE")
    assert len(title["suggestion"]["smart_texts"][0]["text"]) >= len(product.title)
    image = next(d for d in data["diagnoses"] if d["field"] == "IMAGE")["suggestion"]["images"][0]
    assert image["optimized_uri"] in mock.store.images  # usable in an edit at once
    product.title = "Kaos Polos Wanita Premium Katun Combed 30s Lengan Pendek Adem"
    data = ok(client.get(f"{P}/202405/products/diagnoses", query={"product_ids": product.id}))["products"][0]
    title = next((d for d in data["diagnoses"] if d["field"] == "TITLE"), None)
    assert title is None or "TITLE_LESS_THAN_40_CHARACTERS" not in [r["code"] for r in title["diagnosis_results"]]


def test_diagnose_a_new_listing(client: PartnerClient, mock: Mock, uri: str) -> None:
    body = {"category_id": "601154", "title": "Kaos", "main_images": [{"uri": uri}], "optimization_fields": ["TITLE"]}
    data = ok(client.post(f"{P}/202411/products/diagnose_optimize", json=body))
    title = next(d for d in data["diagnoses"] if d["field"] == "TITLE")
    assert title["suggestion"]["seo_words"] and "listing_quality" not in data  # US only
    fails(client.post(f"{P}/202411/products/diagnose_optimize", json={"category_id": "601153"}), 12052024)


def test_seo_words_and_suggestions(client: PartnerClient, mock: Mock) -> None:
    product = live(mock)
    seo = ok(client.get(f"{P}/202405/products/seo_words", query={"product_ids": product.id}))["products"][0]
    words = [w["text"] for w in seo["seo_words"]]
    assert words and all(w not in product.title.lower().split() for w in words)
    sugg = ok(client.get(f"{P}/202405/products/suggestions", query={"product_ids": product.id}))["products"][0]
    assert [s["field"] for s in sugg["suggestions"]] == ["TITLE", "DESCRIPTION"]
    fails(client.get(f"{P}/202405/products/seo_words", query={"product_ids": "1700000000000000001"}), 12052260)


def test_another_shops_product(client: PartnerClient, mock: Mock, app: Any) -> None:
    other = PartnerClient.in_process(app, shop="second")
    fails(other.get(f"{P}/202405/products/seo_words", query={"product_ids": live(mock).id}), 12009014)


def test_optimize_images_processes_once(client: PartnerClient) -> None:
    uri = upload(client)
    body = {"images": [{"uri": uri, "optimization_mode": ["WHITE_BACKGROUND"]}]}
    first = ok(client.post(f"{P}/202404/images/optimize", json=body))["images"][0]
    assert first["optimize_status"] == "PROCESSING" and "optimized_uri" not in first
    second = ok(client.post(f"{P}/202404/images/optimize", json=body))["images"][0]
    assert second["optimize_status"] == "SUCCESS" and second["optimized_uri"] != uri
    again = {"images": [{"uri": second["optimized_uri"]}]}
    assert ok(client.post(f"{P}/202404/images/optimize", json=again))["images"][0]["optimize_status"] == "IGNORE"
    fails(client.post(f"{P}/202404/images/optimize", json={"images": [{"uri": "x/y"}]}), 12052722)
    fails(client.post(f"{P}/202404/images/optimize", json={"images": [{"uri": uri, "optimization_mode": ["BLUR"]}]}),
          12019070)  # fmt: skip
