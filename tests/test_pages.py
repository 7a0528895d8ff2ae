"""`/` and `/docs`: HTML pages whose every script, stylesheet and icon is served by the mock itself (no CDN)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from mockserver.app import MockApp
from mockserver.web.pages import INSPECTOR_ROUTE, static_dir


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.assets.append(str(a["src"]))
        elif tag == "link" and a.get("href"):
            self.assets.append(str(a["href"]))
        elif tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture
def http(app: MockApp) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def test_docs_loads_only_local_assets_and_they_are_served(http: TestClient) -> None:
    r = http.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = parse(r.text)
    assert {"/docs/assets/swagger-ui/swagger-ui-bundle.js", "/docs/assets/docs.js"} <= set(page.assets)
    for src in page.assets:
        assert src.startswith("/") and not src.startswith("//"), src  # same origin: works offline
        asset = http.get(src)
        assert asset.status_code == 200 and len(asset.content) > 0, src


def test_docs_renders_both_documents(http: TestClient) -> None:
    script = http.get("/docs/assets/docs.js").text
    for document in ("/openapi.json", "/legacy/openapi.json"):
        assert f'url: "{document}"' in script
        assert http.get(document).json()["openapi"].startswith("3.")
    assert "validatorUrl: null" in script  # Swagger UI's default validator badge calls an online service


def test_our_scripts_name_no_other_host() -> None:
    for name in ("docs.js", "mock.css", "inspector.js", "inspector.css"):
        text = (static_dir() / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name


def test_docs_explains_signing(http: TestClient) -> None:
    text = http.get("/docs").text
    for needle in ("HMAC-SHA256", "app_secret + path", "x-tts-access-token", "/_mock/sign", "Bearer", "106001"):
        assert needle in text


def test_swagger_ui_is_vendored_with_its_licence() -> None:
    vendored = static_dir() / "swagger-ui"
    package = json.loads((vendored / "package.json").read_text(encoding="utf-8"))
    assert package["name"] == "swagger-ui-dist" and package["license"] == "Apache-2.0"
    assert "Apache License" in (vendored / "LICENSE").read_text(encoding="utf-8")


def test_the_landing_page_links_what_a_user_needs(http: TestClient) -> None:
    r = http.get("/")
    links = set(parse(r.text).links)
    assert {"/docs", "/openapi.json", "/legacy/openapi.json", "/_mock/health", "/_mock/apps", "/_mock/ui"} <= links
    for link in links:
        assert http.get(link).status_code == 200, link


def test_the_inspector_link_is_the_inspector_route(app: MockApp) -> None:
    assert app.url_path_for(INSPECTOR_ROUTE) == "/_mock/ui"


def test_redoc_leads_to_the_docs(http: TestClient) -> None:
    r = http.get("/redoc", follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == "/docs"


def test_a_missing_asset_is_a_404(http: TestClient) -> None:
    assert http.get("/docs/assets/nope.js").status_code == 404


def test_pages_do_not_shadow_the_api(http: TestClient) -> None:
    r = http.get("/docsx")  # not a page: still the Partner API's unknown path
    assert r.status_code == 404 and r.json()["code"] == 36009009
