"""Shipping labels and packing slips as real files: a small valid PDF (or PNG), written by hand, no dependency.

The label carries what a warehouse scans and checks: courier, tracking number (as text and as bars), order and
package ids, recipient (masked as on the API) and sender. Tests can grep the PDF for the tracking number: page text
is left uncompressed.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

#: Page sizes in PDF points (1/72 inch).
SIZES = {"A6": (298, 420), "A5": (420, 595)}


@dataclass(frozen=True)
class LabelData:
    title: str  # "SHIPPING LABEL", "PACKING SLIP", ...
    courier: str
    tracking_number: str
    order_id: str
    package_id: str
    recipient: list[str]
    sender: list[str]
    items: list[str]  # "2 x SKU-0001 Kaos Polos (Merah, L)"
    service: str


def pdf(data: LabelData, size: str = "A6") -> bytes:
    width, height = SIZES.get(size, SIZES["A6"])
    ops: list[str] = []
    y = height - 28
    ops += _text(14, 18, y, data.title)
    ops += _text(10, width - 120, y, data.courier)
    y -= 20
    ops += _text(9, 18, y, f"Service: {data.service}")
    y -= 60
    ops += _bars(data.tracking_number, 18, y, width - 36, 50)
    y -= 16
    ops += _text(13, 18, y, data.tracking_number)
    y -= 22
    ops += _text(8, 18, y, f"Order ID: {data.order_id}")
    y -= 12
    ops += _text(8, 18, y, f"Package ID: {data.package_id}")
    y -= 20
    for heading, lines in (("TO", data.recipient), ("FROM", data.sender), ("ITEMS", data.items)):
        ops += _text(9, 18, y, heading)
        y -= 12
        for line in lines:
            if y < 20:
                break
            ops += _text(8, 24, y, line[:70])
            y -= 11
        y -= 6
    return _document(width, height, "\n".join(ops).encode("latin-1", "replace"))


def png(data: LabelData) -> bytes:
    """A 600x400 grayscale picture of the label's bars (SHIPPING_LABEL_PICTURE)."""
    width, height = 600, 400
    pattern = _pattern(data.tracking_number)
    unit = width // (len(pattern) + 20) or 1
    row = bytearray(b"\xff" * width)
    x = unit * 10
    for dark in pattern:
        if dark:
            row[x : x + unit] = b"\x00" * unit
        x += unit
    blank = b"\x00" + b"\xff" * width
    bars = b"\x00" + bytes(row[:width])
    raw = b"".join(bars if 100 <= r < 300 else blank for r in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _text(size: int, x: int, y: int, text: str) -> list[str]:
    return [f"BT /F1 {size} Tf {x} {y} Td ({_escape(text)}) Tj ET"]


def _pattern(text: str) -> list[bool]:
    """A barcode-like stripe pattern: start/stop guards and 8 modules per character (not a real symbology)."""
    modules = [True, False, True, False]
    for ch in text.encode("ascii", "replace"):
        modules += [bool(ch >> b & 1) for b in range(7, -1, -1)]
        modules.append(False)
    return modules + [True, False, True]


def _bars(text: str, x: int, y: int, width: int, height: int) -> list[str]:
    pattern = _pattern(text)
    unit = width / len(pattern)
    ops = ["0 g"]
    for n, dark in enumerate(pattern):
        if dark:
            ops.append(f"{x + n * unit:.2f} {y} {unit:.2f} {height} re f")
    return ops


def _document(width: int, height: int, content: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
        f"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
