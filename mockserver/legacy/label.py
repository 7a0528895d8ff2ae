"""The shipping label (`GET /v1/order/{order_id}/fs/{fs_id}/shipping-label`): an HTML page, as the real one is.

It shows the booking code (with a barcode drawn in CSS), the courier and AWB, sender, recipient and products.
"""

from __future__ import annotations

import html
from typing import Any

from mockserver.legacy import orders as lo
from mockserver.legacy.render_order import order_products
from mockserver.orders import models as m
from mockserver.store import Store


def _barcode(code: str) -> str:
    """Code-39-ish bars from the characters' bits: decorative, but stable and unique per code."""
    bars = []
    for ch in code:
        for bit in f"{ord(ch):08b}":
            bars.append(f'<span class="b{bit}"></span>')
    return "".join(bars)


def render(store: Store, order: m.Order) -> str:
    shop = store.shops[order.shop_id]
    code = lo.booking_code(order)
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(p['name'])}</td><td>{e(p['sku'])}</td><td>{p['quantity']}</td></tr>"
        for p in order_products(store, order)
    )
    parts: list[Any] = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f"<title>Label Pengiriman {e(lo.invoice(order))}</title>",
        "<style>.barcode span{display:inline-block;height:48px}.b0{width:1px}.b1{width:3px;background:#000}"
        ".b0{background:#fff}</style></head><body>",
        '<div class="shipping-label">',
        f"<h1>{e(order.shipping_provider_name)} - {e(order.delivery_option_name)}</h1>",
        f'<div class="booking-code">Kode Booking: <strong>{e(code)}</strong></div>',
        f'<div class="barcode" data-code="{e(code)}">{_barcode(code)}</div>',
        f'<div class="awb">No. Resi: {e(lo.awb_of(store, order))}</div>',
        f'<div class="invoice">{e(lo.invoice(order))}</div>',
        f'<div class="sender">Pengirim: {e(shop.name)}</div>',
        f'<div class="recipient">Penerima: {e(order.recipient.name)} ({e(order.recipient.phone_number)})<br>'
        f"{e(order.recipient.full_address)}</div>",
        f'<table class="products"><tr><th>Produk</th><th>SKU</th><th>Jumlah</th></tr>{rows}</table>',
        "</div></body></html>",
    ]
    return "\n".join(parts)
