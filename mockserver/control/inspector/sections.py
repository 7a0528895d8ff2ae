"""The inspector's HTML, section by section. Every value goes through `esc` (user data can hold HTML); secrets and
tokens are rendered only when `Look.reveal` is set (the page is served to loopback), else masked.

Buttons carry what to call (`data-path`, `data-method`, `data-body`) and `static/inspector.js` sends it to the
existing /_mock endpoint, shows the answer and reloads; forms name their kind (`data-form`) the script turns into
a body. No inline script or style: the page is served with a strict Content-Security-Policy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import orjson

from mockserver.control.inspector.reads import DELIVERIES, EVENTS, JOURNAL, PRODUCTS, Gathered
from mockserver.orders import models as m

MASKED = '<span class="masked" title="secrets are shown only to a browser on this machine (loopback)">hidden</span>'
#: An order's next step along the happy path: the button's label and the control-plane call that takes it.
NEXT_STEP = {
    m.UNPAID: ("Pay", "pay", None),
    m.ON_HOLD: ("Release hold", "release_hold", None),
    m.AWAITING_SHIPMENT: ("Ship", "advance", m.AWAITING_COLLECTION),
    m.PARTIALLY_SHIPPING: ("Ship", "advance", m.AWAITING_COLLECTION),
    m.AWAITING_COLLECTION: ("Collect", "advance", m.IN_TRANSIT),
    m.IN_TRANSIT: ("Deliver", "advance", m.DELIVERED),
    m.DELIVERED: ("Complete", "complete", None),
}
RETURNABLE = frozenset({m.DELIVERED, m.COMPLETED})
#: What the fault form starts with: the next order list answers "not implemented", once.
EXAMPLE_FAULT = {"operation": "get_order_list", "error": 36009003, "first": 1}
#: Most characters of an event's data or a gate's message shown in a cell (the rest: the JSON endpoints).
CELL = 240


@dataclass(frozen=True)
class Look:
    reveal: bool  # the request came from loopback: tokens and secrets may be shown
    path: str  # the page's own path, for paging links


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def when(t: float | int | None) -> str:
    if t is None:
        return ""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S")


def clip(text: str, most: int = CELL) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def button(label: str, path: str, body: dict[str, Any] | None = None, method: str = "POST", kind: str = "") -> str:
    data = esc(orjson.dumps(body or {}).decode())
    cls = f"act {kind}".strip()
    return (
        f'<button type="button" class="{cls}" data-method="{method}" data-path="{esc(path)}" data-body="{data}">'
        f"{esc(label)}</button>"
    )


def secret(value: Any, look: Look) -> str:
    if value is None:
        return ""
    if not look.reveal:
        return MASKED
    return copyable(value, "secret")


def copyable(value: Any, cls: str = "") -> str:
    text = esc(value)
    return f'<code class="{cls}">{text}</code> <button type="button" class="copy" data-copy="{text}">copy</button>'


def table(head: Iterable[str], rows: Iterable[str], empty: str) -> str:
    body = "".join(rows)
    if not body:
        return f'<p class="empty">{esc(empty)}</p>'
    cols = "".join(f"<th>{esc(h)}</th>" for h in head)
    return f"<table><thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>"


def link(look: Look, label: str, **query: str | int) -> str:
    return f'<a href="{esc(look.path + "?" + urlencode(query))}">{esc(label)}</a>'


# --- the sections --------------------------------------------------------------------------------------------------
def clock(g: Gathered) -> str:
    c = g.clock
    quick = "".join(button(label, "/_mock/clock", {"advance": s}) for label, s in (("+1 h", 3600), ("+1 day", 86400)))
    return (
        f'<p>Now <strong id="clock-now">{esc(when(c["now"]))}</strong> UTC (offset {esc(c["offset_seconds"])} s'
        f"{', frozen' if c['frozen'] else ''}). {quick}</p>"
        '<form data-form="clock"><label>Advance by <input name="advance" type="number" min="0" step="1" '
        'value="60" required> seconds</label> <button type="submit">Advance</button></form>'
    )


def shops(g: Gathered, look: Look) -> str:
    out: list[str] = []
    for app in g.apps:
        rows = []
        for s in app["shops"]:
            name = link(look, s["name"], shop=s["id"])
            current = ' class="current"' if s["id"] == g.shop_id else ""
            rows.append(
                f'<tr{current} data-shop="{esc(s["id"])}"><td>{esc(s["ref"] or "")}</td><td>{esc(s["id"])}</td>'
                f"<td>{name}</td><td>{esc(s['region'])}</td><td>{copyable(s['cipher'])}</td>"
                f"<td>{'yes' if s['authorized'] else 'no'}</td>"
                f"<td>{secret(s.get('access_token'), look)}</td><td>{secret(s.get('refresh_token'), look)}</td></tr>"
            )
        legacy = app.get("legacy")
        legacy_line = (
            f"<p>Legacy Seller API: client_id {copyable(legacy['client_id'])}, client_secret "
            f"{secret(legacy['client_secret'], look)}, fs_id <code>{esc(legacy['fs_id'])}</code></p>"
            if legacy
            else ""
        )
        opened = " open" if not out else ""  # the first (default) app unfolded, the others folded
        out.append(
            f"<details{opened}><summary>App {esc(app['name'])}</summary>"
            f"<p>app_key {copyable(app['app_key'])}, app_secret "
            f"{secret(app['app_secret'], look)}, service_id <code>{esc(app['service_id'])}</code></p>{legacy_line}"
            + table(
                ("ref", "id", "name", "region", "cipher", "authorized", "access token", "refresh token"),
                rows,
                "no shops",
            )
            + "</details>"
        )
    if not look.reveal:
        out.insert(
            0,
            '<p class="note">Tokens and secrets are hidden: open this page from the machine the mock '
            "runs on (127.0.0.1) to see them.</p>",
        )
    return "".join(out)


def products(g: Gathered, look: Look, page: int) -> str:
    rows = []
    for p in g.products:
        skus = "".join(
            f"<li><code>{esc(s['id'])}</code> {esc(s['seller_sku'])} · {esc(s['price'])} · "
            f"available <strong>{esc(s['available'])}</strong>, committed {esc(s['committed'])}</li>"
            for s in p["skus"]
        )
        statuses = ", ".join(f"{esc(k)}: {esc(v)}" for k, v in p["statuses"].items())
        rows.append(
            f'<tr data-product="{esc(p["id"])}"><td><code>{esc(p["id"])}</code></td><td>{esc(p["title"])}</td>'
            f'<td>{statuses}</td><td><ul class="skus">{skus}</ul></td></tr>'
        )
    pages = []
    if page > 0:
        pages.append(link(look, "‹ previous", shop=g.shop_id, products=page - 1))
    if (page + 1) * PRODUCTS < g.products_total:
        pages.append(link(look, "next ›", shop=g.shop_id, products=page + 1))
    first = page * PRODUCTS + 1 if g.products else 0
    summary = f"<p>{esc(first)}–{esc(page * PRODUCTS + len(g.products))} of {esc(g.products_total)} products of shop "
    summary += f"<code>{esc(g.shop_id)}</code>. {' '.join(pages)}</p>"
    return summary + table(("id", "title", "status", "SKUs and stock"), rows, "no products on this page")


def orders(g: Gathered, look: Look) -> str:
    rows = [_order_row(o) for o in g.orders]
    more = link(look, "older ›", shop=g.shop_id, orders=g.orders_next) if g.orders_next else ""
    form = (
        '<form data-form="place">'
        f'<input type="hidden" name="shop_id" value="{esc(g.shop_id)}">'
        '<label>SKU id <input name="sku_id" placeholder="any in stock"></label> '
        '<label>quantity <input name="quantity" type="number" min="1" max="100" value="1"></label> '
        '<label><input type="checkbox" name="paid"> paid</label> '
        '<button type="submit">Place order</button></form>'
    )
    summary = f"<p>{esc(len(g.orders))} of {esc(g.orders_total)} orders of shop <code>{esc(g.shop_id)}</code>, "
    summary += f"last changed first. {more}</p>"
    return form + summary + table(("order", "status", "created", "items", "total", "actions"), rows, "no orders")


def _order_row(o: dict[str, Any]) -> str:
    oid, status = o["id"], o["status"]
    base = f"/_mock/orders/{oid}"
    actions = []
    step = NEXT_STEP.get(status)
    if step is not None:
        label, action, target = step
        actions.append(button(label, f"{base}/{action}", {"to": target} if target else None, kind="step"))
    if status in m.CANCELLABLE:
        actions.append(button("Cancel", f"{base}/cancel", kind="danger"))
    if status in RETURNABLE:
        actions.append(button("Return", f"{base}/returns"))
    what = f"{esc(o['items'])} × {esc(clip(o['product'], 60))}" if o["product"] else esc(o["items"])
    return (
        f'<tr data-order="{esc(oid)}"><td><a href="{esc(base)}"><code>{esc(oid)}</code></a></td>'
        f'<td class="status">{esc(status)}</td><td>{esc(when(o["create_time"]))}</td><td>{what}</td>'
        f'<td>{esc(o["total"])}</td><td class="actions">{"".join(actions)}</td></tr>'
    )


def journal(g: Gathered) -> str:
    rows = []
    for e in g.journal:
        ok = (e.get("gate") or {}).get("passed", True)
        cls = "refused" if e["status"] >= 400 else "ok"
        rows.append(
            f'<tr class="{cls}" data-seq="{esc(e["seq"])}"><td>{esc(e["seq"])}</td><td>{esc(when(e["time"]))}</td>'
            f"<td>{esc(e['method'])} <code>{esc(clip(e['path'], 100))}</code></td><td>{esc(e['dialect'])}</td>"
            f"<td>{esc(e['operation'])}</td><td>{esc(e['status'])}</td><td>{esc(e['code'])}</td>"
            f"<td>{_gate(e.get('gate'), ok)}</td><td><code>{esc(e['request_id'])}</code></td></tr>"
        )
    clear = button("Clear", "/_mock/requests", method="DELETE", kind="danger")
    head = f"<p>The newest {JOURNAL} requests, newest first, page assets left out "
    head += '(all: <a href="/_mock/requests">/_mock/requests</a>, '
    head += f'<a href="/_mock/requests/har">HAR</a>). {clear}</p>'
    cols = ("#", "time", "request", "dialect", "operation", "HTTP", "code", "gate", "request_id")
    return head + table(cols, rows, "no requests recorded yet")


def _gate(gate: dict[str, Any] | None, passed: bool) -> str:
    if not gate:
        return ""
    if passed:
        return '<span class="pass">passed</span>'
    out = f'<span class="fail">{esc(gate.get("check") or "refused")}</span> {esc(clip(str(gate.get("message", ""))))}'
    if gate.get("sign_hint"):
        out += f'<div class="hint">{esc(clip(str(gate["sign_hint"])))}</div>'
    if gate.get("string_to_sign"):
        out += f"<details><summary>string to sign</summary><pre>{esc(gate['string_to_sign'])}</pre></details>"
    return out


def deliveries(g: Gathered) -> str:
    rows = []
    for d in g.deliveries:
        last = d["attempts"][-1] if d["attempts"] else {}
        rows.append(
            f'<tr><td><a href="/_mock/webhooks/deliveries/{esc(d["id"])}">{esc(d["id"])}</a></td>'
            f"<td>{esc(d['dialect'])}</td><td>{esc(d['topic'])}</td><td>{esc(d['event']['type'])}</td>"
            f"<td>{esc(d['shop_id'])}</td><td><code>{esc(clip(d['url'], 100))}</code></td><td>{esc(d['state'])}</td>"
            f"<td>{esc(len(d['attempts']))}</td><td>{esc(last.get('status', ''))} {esc(last.get('error', ''))}</td>"
            f"<td>{button('Replay', '/_mock/webhooks/deliveries/' + str(d['id']) + '/replay')}</td></tr>"
        )
    stats = g.stats
    head = f"<p>The newest {DELIVERIES} deliveries (waiting {esc(stats.get('waiting', 0))}, in flight "
    head += f"{esc(stats.get('in_flight', 0))}{', paused' if stats.get('paused') else ''}).</p>"
    cols = ("#", "dialect", "topic", "event", "shop", "url", "state", "attempts", "last answer", "")
    return head + table(cols, rows, "no webhook deliveries (subscribe a URL to see them)")


def events(g: Gathered) -> str:
    rows = [
        f"<tr><td>{esc(e['seq'])}</td><td>{esc(when(e['time']))}</td><td>{esc(e['type'])}</td>"
        f"<td>{esc(e['shop_id'])}</td><td><code>{esc(e['subject'])}</code></td>"
        f"<td><code>{esc(clip(orjson.dumps(e['data']).decode()))}</code></td></tr>"
        for e in g.events
    ]
    head = f'<p>The newest {EVENTS} domain events (all: <a href="/_mock/events">/_mock/events</a>).</p>'
    return head + table(("#", "time", "type", "shop", "subject", "data"), rows, "no domain events yet")


def faults(g: Gathered) -> str:
    rows = []
    for r in g.faults:
        spec = {k: v for k, v in r.items() if k not in ("id", "seen", "fired")}
        remove = button("Remove", f"/_mock/faults/{r['id']}", method="DELETE", kind="danger")
        rows.append(
            f"<tr><td><code>{esc(r['id'])}</code></td><td><code>{esc(orjson.dumps(spec).decode())}</code></td>"
            f"<td>{esc(r['seen'])}</td><td>{esc(r['fired'])}</td><td>{remove}</td></tr>"
        )
    form = (
        '<form data-form="fault"><label>Rule (JSON) <input name="rule" size="60" '
        f'value="{esc(orjson.dumps(EXAMPLE_FAULT).decode())}">'
        '</label> <button type="submit">Add fault</button> '
        + button("Clear all", "/_mock/faults", method="DELETE", kind="danger")
        + "</form>"
    )
    return form + table(("id", "rule", "seen", "fired", ""), rows, "no fault rules")
