"""The inspector in a real browser: Debian's chromium driven by Playwright against a live mock on 127.0.0.1.

A user's path: open /_mock/ui, place an order, pay and ship it with the page's buttons, see the status change and
the calls in the request journal. The screenshot is kept as a test artifact (the test's tmp_path); with
`INSPECTOR_SCREENSHOT=docs/inspector.png` it also writes the README's screenshot. The browser is never downloaded
(`playwright install` needs the internet): CI installs Debian's chromium (`.ci/run`), and without it this test
fails, saying so.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver import Settings
from mockserver.testing import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
#: How long the page may take to show a step's result (the machine is shared and slow, this is no timing assert).
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium); .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def live() -> Iterator[LiveServer]:
    with LiveServer(Settings(seed=1)) as s:
        yield s


@pytest.fixture
def page(browser: Any, live: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.set_default_timeout(WAIT_MS)
    problems: list[str] = []
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    p.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    p.problems = problems
    yield p
    context.close()


def test_place_pay_and_ship_an_order_in_the_browser(page: Any, live: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live.base_url}/_mock/ui")
    orders = page.locator("#orders tr[data-order]")
    before = set(orders.evaluate_all("rows => rows.map(r => r.dataset.order)"))

    page.locator('#orders form[data-form="place"] button[type="submit"]').click()
    expect(page.locator("#flash")).to_contain_text("POST /_mock/orders: done")
    row = orders.first
    order_id = row.get_attribute("data-order")
    assert order_id and order_id not in before
    expect(row.locator(".status")).to_have_text("UNPAID")

    row.get_by_role("button", name="Pay").click()
    row = page.locator(f'#orders tr[data-order="{order_id}"]')
    expect(row.locator(".status")).to_have_text("AWAITING_SHIPMENT")
    row.get_by_role("button", name="Ship").click()
    expect(row.locator(".status")).to_have_text("AWAITING_COLLECTION")

    journal = page.locator("#journal")
    for path in ("/_mock/orders", f"/_mock/orders/{order_id}/pay", f"/_mock/orders/{order_id}/advance"):
        expect(journal.locator("td code", has_text=path).first).to_be_visible()
    shown = httpx.get(f"{live.base_url}/_mock/orders/{order_id}").json()["data"]["order"]
    assert shown["status"] == "AWAITING_COLLECTION"  # what the page showed is the mock's state
    assert page.problems == []  # no script error, no CSP violation

    page.screenshot(path=str(tmp_path / "inspector-full.png"), full_page=True)
    target = os.environ.get("INSPECTOR_SCREENSHOT")
    if target:  # the README's picture: the top of the page (clock, shops, the order, the journal)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=target, full_page=True, clip={"x": 0, "y": 0, "width": 1400, "height": 1800})
    assert (tmp_path / "inspector-full.png").stat().st_size > 0


def test_the_page_shows_tokens_to_a_local_browser_and_a_refused_call(page: Any, live: LiveServer) -> None:
    from playwright.sync_api import expect

    token = httpx.get(f"{live.base_url}/_mock/apps").json()["data"]["apps"][0]["shops"][0]["access_token"]
    httpx.get(f"{live.base_url}/api/order/202309/orders", params={"app_key": "nope"})  # refused by the gate
    page.goto(f"{live.base_url}/_mock/ui")
    expect(page.locator("#shops code.secret", has_text=token)).to_be_visible()
    refused = page.locator("#journal tr.refused").first
    expect(refused.locator(".fail")).to_be_visible()
    assert page.problems == []


def test_a_refused_step_is_shown_not_reloaded(page: Any, live: LiveServer) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live.base_url}/_mock/ui")
    page.locator('#orders input[name="sku_id"]').fill("no-such-sku")
    page.locator('#orders form[data-form="place"] button[type="submit"]').click()
    expect(page.locator("#flash.error")).to_contain_text("refused")
