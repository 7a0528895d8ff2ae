from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.contract.config import ContractConfig, from_env
from mockserver.contract.document import is_read_only, with_links
from mockserver.redact import Redactor


def test_env_sets_every_kind_of_field() -> None:
    config = from_env(
        {
            "TOKOPEDIA_CONTRACT_TARGET": "https://open-api.example",
            "TOKOPEDIA_CONTRACT_ALLOW_WRITES": "yes",
            "TOKOPEDIA_CONTRACT_RATE_LIMIT": "0.5",
            "TOKOPEDIA_CONTRACT_MAX_EXAMPLES": "3",
            "TOKOPEDIA_CONTRACT_OPERATIONS": "get_product, search_products",
            "TOKOPEDIA_CONTRACT_KNOWN_DEVIATIONS": "dev.toml",
        }
    )
    assert config.target == "https://open-api.example" and not config.in_process
    assert config.allow_writes is True and config.rate_limit == 0.5 and config.max_examples == 3
    assert config.operations == ("get_product", "search_products")
    assert config.known_deviations == Path("dev.toml")


def test_bad_env_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="TOKOPEDIA_CONTRACT_MAX_EXAMPLES"):
        from_env({"TOKOPEDIA_CONTRACT_MAX_EXAMPLES": "many"})


def test_repr_hides_secrets() -> None:
    config = ContractConfig(app_secret="s3cret-value", access_token="TTP_token_value")
    assert "s3cret-value" not in repr(config) and "TTP_token_value" not in repr(config)


def test_redactor_masks_values_and_secret_keys() -> None:
    redact = Redactor(["s3cret/value"])
    text = redact('a=s3cret%2Fvalue b=s3cret/value app_secret=other {"refresh_token": "abc"}')
    assert "s3cret" not in text and "other" not in text and "abc" not in text


@pytest.mark.parametrize(
    ("method", "path", "read_only"),
    [
        ("GET", "/product/{version}/products/{product_id}", True),
        ("POST", "/product/{version}/products/search", True),
        ("POST", "/fulfillment/{version}/orders/{order_id}/shipping_services/query", True),
        ("POST", "/product/{version}/products", False),
        ("DELETE", "/product/{version}/products", False),
    ],
)
def test_read_only_is_gets_and_search_posts(method: str, path: str, read_only: bool) -> None:
    assert is_read_only(method, path) is read_only


def test_links_switch_on_only_when_both_ends_are_active() -> None:
    doc = {
        "paths": {
            "/a": {"post": {"operationId": "create_product", "responses": {}}},
            "/b": {"get": {"operationId": "get_product", "responses": {}}},
        }
    }
    assert "links" not in str(with_links(doc, {"create_product"}))
    linked = with_links(doc, {"create_product", "get_product"})
    links = linked["paths"]["/a"]["post"]["responses"]["200"]["links"]
    assert links["GetCreatedProduct"]["operationId"] == "get_product"
    assert "links" not in str(doc)  # the input is left alone
