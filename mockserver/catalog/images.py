"""Product images: an uploaded image's format and pixel size, pictures given by URL, and serving images back.

Formats are recognised from their headers (no imaging library): JPEG, PNG, WEBP, BMP, GIF; HEIC is accepted
with its size unread (GUESS: reported as 1000x1000). Seeded images have no bytes; a flat PNG of their size is drawn.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from dataclasses import replace

from mockserver import events, lazyshops
from mockserver.catalog.errors import CatalogError, Reason
from mockserver.catalog.models import Image, UploadedImage
from mockserver.store import Store

MAX_BYTES = 10 * 1024 * 1024  # "Max size: 10MB" (official)
DIMENSIONS = (100, 20_000)  # "[100x100 px, 20000x20000 px]"
MAIN_IMAGE_DIMENSIONS = (300, 4_000)  # "For use_case=MAIN_IMAGE ... between 300x300 px and 4000x4000 px"
USE_CASES = ("MAIN_IMAGE", "ATTRIBUTE_IMAGE", "DESCRIPTION_IMAGE", "CERTIFICATION_IMAGE", "SIZE_CHART_IMAGE")
NAMESPACE = "tos-alisg-i-tkpdmock-sg"
URL_IMAGES = "tkpd-legacy-img"


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(content type, width, height) from the file header, or None when the format is not a supported image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", width, height
    if data.startswith(b"\xff\xd8"):
        size = _jpeg_size(data)
        return ("image/jpeg", *size) if size else None
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        size = _webp_size(data)
        return ("image/webp", *size) if size else None
    if data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        return "image/bmp", width, abs(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return "image/gif", width, height
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "image/heic", 1000, 1000
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def store_image(
    store: Store, rng: random.Random, data: bytes, use_case: str, now: int, budget: int = 64 * 1024 * 1024
) -> UploadedImage:
    """Keep an uploaded image (the mock serves it at /img/{uri}); refused when empty, too large, not an image of a
    supported format, or outside the use case's pixel limits. Uploads hold at most `budget` bytes in all (see
    `keep_within`)."""
    if not data:
        raise CatalogError(Reason.IMAGE_EMPTY)
    if len(data) > MAX_BYTES:
        raise CatalogError(Reason.IMAGE_TOO_LARGE, max=MAX_BYTES)
    sniffed = sniff(data)
    if sniffed is None:
        raise CatalogError(Reason.IMAGE_FORMAT)
    kind, width, height = sniffed
    lo, hi = MAIN_IMAGE_DIMENSIONS if use_case == "MAIN_IMAGE" else DIMENSIONS
    if not (lo <= width <= hi and lo <= height <= hi):
        raise CatalogError(Reason.IMAGE_DIMENSIONS, min=lo, max=hi)
    uri = f"{NAMESPACE}/{rng.getrandbits(128):032x}"
    image = UploadedImage(uri, kind, data, width, height, use_case)
    store.images[uri] = image
    store.image_lru[uri] = len(data)
    keep_within(store, budget)
    store.events.emit(events.IMAGE_STORED, now, None, "image", uri, use_case=use_case, width=width, height=height)
    return image


def keep_within(store: Store, budget: int) -> None:
    """Drop the bytes of the least recently used uploads until they hold at most `budget` bytes. The image stays
    known (its uri stays valid in listings, its size is kept) and is served as a placeholder of its size."""
    held = sum(store.image_lru.values())
    while held > budget and store.image_lru:
        uri = next(iter(store.image_lru))
        held -= store.image_lru.pop(uri)
        image = store.images.get(uri)
        if image is not None:
            store.images[uri] = replace(image, data=b"")


def touch(store: Store, uri: str) -> None:
    """Mark an upload as just used (serving it), so it is the last to lose its bytes."""
    size = store.image_lru.pop(uri, None)
    if size is not None:
        store.image_lru[uri] = size


#: The size the mock gives a picture it only knows by URL.
URL_IMAGE_SIZE = 700


def url_image(url: str) -> Image:
    """A picture the seller gives by URL (the legacy API's `pictures[].file_path`): the mock cannot fetch it, so it
    stands for a placeholder of a usual size under a uri derived from the URL (the same URL, the same image)."""
    uri = f"{URL_IMAGES}/{hashlib.sha1(url.encode()).hexdigest()[:32]}"
    return Image(uri, URL_IMAGE_SIZE, URL_IMAGE_SIZE)


def import_url(store: Store, url: str) -> Image:
    """Keep the placeholder of a picture given by URL (see `url_image`), so /img/{uri} serves it."""
    image = url_image(url)
    if not lazyshops.taken(store.images, image.uri):  # a picture by URL is nobody's seeded image: builds nothing
        store.images[image.uri] = UploadedImage(image.uri, "image/png", b"", image.width, image.height, "MAIN_IMAGE")
    return image


def image_url(base_url: str, uri: str, thumb: bool = False) -> str:
    """Where the mock serves an image (its stand-in for the platform's CDN)."""
    return f"{base_url}/img/{uri}" + ("?thumb=300" if thumb else "")


#: Largest side of a drawn placeholder: a bigger image is drawn scaled down (its aspect ratio kept), so serving a
#: 20,000 px image the mock holds no bytes for costs kilobytes, not gigabytes.
MAX_PLACEHOLDER_SIDE = 1000


def placeholder_png(width: int, height: int, seed: str) -> bytes:
    """A flat-colour PNG of the given size (colour from the uri), for seeded images that have no bytes."""
    scale = min(1.0, MAX_PLACEHOLDER_SIDE / max(width, height, 1))
    width, height = max(1, int(width * scale)), max(1, int(height * scale))
    r, g, b = (random.Random(seed).randrange(64, 224) for _ in range(3))
    row = b"\x00" + bytes((r, g, b)) * width
    raw = zlib.compress(row * height, 1)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")
