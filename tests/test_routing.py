"""Routing: operations that share a path prefix are told apart by their full path, never taken for versions."""

from __future__ import annotations

import pytest

from mockserver.runtime import Mock
from mockserver.schemas import RouteError, SchemaRegistry
from mockserver.testing import PartnerClient


@pytest.fixture(scope="module")
def registry() -> SchemaRegistry:
    return SchemaRegistry()


@pytest.mark.parametrize(
    ("method", "path", "operation_id", "params"),
    [
        ("GET", "/product/202405/products/diagnoses", "product_information_issue_diagnosis", {}),
        ("GET", "/product/202405/products/seo_words", "get_products_seo_words", {}),
        ("GET", "/product/202405/products/suggestions", "get_recommended_product_title_and_description", {}),
        ("POST", "/product/202411/products/diagnose_optimize", "diagnose_and_optimize_product", {}),
        ("POST", "/product/202407/products/category_upgrade_task", "create_category_upgrade_task", {}),
        ("POST", "/product/202309/products/listing_check", "check_product_listing", {}),
        ("POST", "/product/202309/brands", "create_custom_brands", {}),
        ("GET", "/product/202309/brands", "get_brands", {}),
        ("GET", "/product/202309/products/123", "get_product", {"product_id": "123"}),
        ("PUT", "/product/202509/products/123", "edit_product", {"product_id": "123"}),
        ("POST", "/fulfillment/202309/packages/combine", "combine_package", {}),
        ("POST", "/fulfillment/202309/packages/9/uncombine", "uncombine_packages", {"package_id": "9"}),
        ("POST", "/fulfillment/202309/orders/5/packages", "mark_package_as_shipped", {"order_id": "5"}),
        ("POST", "/fulfillment/202610/orders/5/packages", "mark_package_as_shipped_202610", {"order_id": "5"}),
        ("POST", "/fulfillment/202512/packages", "create_packages_202512", {}),
        ("POST", "/fulfillment/202309/packages", "create_packages", {}),
    ],
)
def test_each_path_routes_to_its_own_operation(
    registry: SchemaRegistry, method: str, path: str, operation_id: str, params: dict[str, str]
) -> None:
    match = registry.route(method, path)
    assert (match.operation.operation_id, match.path_params) == (operation_id, params)
    assert match.version == path.split("/")[2]


def test_a_literal_is_never_taken_for_a_parameter(registry: SchemaRegistry) -> None:
    # Get Product would take "diagnoses" as a product id at 202309; Diagnosis is only documented at 202405.
    with pytest.raises(RouteError) as exc:
        registry.route("GET", "/product/202309/products/diagnoses")
    assert (exc.value.kind, exc.value.allowed) == ("version", ("202405",))
    # Edit Product takes PUT at .../products/{product_id}; PUT on the literal path is a wrong method.
    with pytest.raises(RouteError) as exc:
        registry.route("PUT", "/product/202405/products/seo_words")
    assert (exc.value.kind, exc.value.allowed) == ("method", ("GET",))


@pytest.mark.parametrize(
    ("method", "path", "kind"),
    [
        ("GET", "/product/202309/nothing", "path"),
        ("GET", "/nope/202309/x", "path"),
        ("GET", "/product/202309/products/", "path"),  # a trailing slash matches no template
        ("GET", "//product/202309/products/1", "path"),
        ("GET", "/authorization/202101/shops", "version"),
        ("GET", "/authorization/v2/shops", "version"),
        ("POST", "/authorization/202309/shops", "method"),
    ],
)
def test_route_errors_say_what_is_unknown(registry: SchemaRegistry, method: str, path: str, kind: str) -> None:
    with pytest.raises(RouteError) as exc:
        registry.route(method, path)
    assert exc.value.kind == kind


def test_newer_versions_with_other_shapes_validate_their_own_body(registry: SchemaRegistry) -> None:
    old = registry.route("POST", "/fulfillment/202309/orders/5/packages").operation
    new = registry.route("POST", "/fulfillment/202610/orders/5/packages").operation
    assert new.source.startswith("tiktok-shop-api") and not old.source
    assert {"shipping_info_list", "order_line_list"} <= set(new.body["properties"] if new.body else ())
    assert "shipping_info_list" not in (old.body or {}).get("properties", {})


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/product/202309/products/diagnoses", 404, 36009014),
        ("PUT", "/product/202405/products/seo_words", 405, 36009010),
        ("GET", "/product/202309/nothing", 404, 36009009),
    ],
)
def test_the_gate_renders_route_errors_as_the_gateway_does(
    client: PartnerClient, method: str, path: str, status: int, code: int
) -> None:
    r = client.request(method, path)
    assert (r.status_code, r.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/product/202405/products/seo_words", {"product_ids": "1"}),
        ("/product/202405/products/diagnoses", {"product_ids": "1"}),
        ("/product/202405/products/suggestions", {"product_ids": "1"}),
    ],
)
def test_documented_operations_behind_a_shared_prefix_reach_their_own_handler(
    client: PartnerClient, mock: Mock, path: str, query: dict[str, str]
) -> None:
    expected = {
        "seo_words": "get_products_seo_words",
        "diagnoses": "product_information_issue_diagnosis",
        "suggestions": "get_recommended_product_title_and_description",
    }[path.rsplit("/", 1)[1]]  # the documented operations, not /product/.../products/{product_id}
    assert mock.registry.route("GET", path).operation.operation_id == expected
    r = client.get(path, query=query)
    # The handler answers in the envelope (a business code for the unknown product 1), never the route's 404/501.
    assert r.status_code == 200 and r.json()["code"] not in (0, 36009003, 36009004), r.json()


def test_the_new_body_shape_at_202610_reaches_its_own_handler(client: PartnerClient, mock: Mock) -> None:
    body = {
        "order_line_list": [{"order_line_id": "1"}],
        "shipping_info_list": [{"tracking_number": "JP1", "shipping_provider_id": "1"}],
    }
    path = "/fulfillment/202610/orders/576461413038785752/packages"
    assert mock.registry.route("POST", path).operation.operation_id == "mark_package_as_shipped_202610"
    r = client.post(path, json=body)
    assert r.status_code == 200 and r.json()["code"] not in (0, 36009003, 36009004), r.json()  # unknown order
