"""Upload Product Image (multipart, unsigned body) and the image URLs the mock serves."""

from __future__ import annotations

import struct

import pytest

from mockserver.catalog.images import placeholder_png, sniff
from mockserver.runtime import Mock
from mockserver.testing import PartnerClient
from tests.catalog.conftest import code, data, multipart, product_path, seeded, upload_raw


def test_upload_returns_uri_url_and_size(client: PartnerClient) -> None:
    png = placeholder_png(640, 480, "x")
    got = data(upload_raw(client, *multipart(png)))
    assert got["uri"].startswith("tos-") and (got["width"], got["height"]) == (640, 480)
    assert got["use_case"] == "MAIN_IMAGE"
    served = client.http.get(got["url"])
    assert served.status_code == 200 and served.content == png and served.headers["content-type"] == "image/png"


def test_use_case_defaults_to_main_image(client: PartnerClient) -> None:
    assert (
        data(upload_raw(client, *multipart(placeholder_png(300, 300, "x"), use_case=None)))["use_case"] == "MAIN_IMAGE"
    )


def test_main_images_must_be_at_least_300px(client: PartnerClient) -> None:
    assert code(upload_raw(client, *multipart(placeholder_png(200, 200, "x")))) == 12038014
    small = multipart(placeholder_png(200, 200, "x"), use_case="DESCRIPTION_IMAGE")
    assert data(upload_raw(client, *small))["width"] == 200


def test_not_an_image(client: PartnerClient) -> None:
    assert code(upload_raw(client, *multipart(b"%PDF-1.4 not an image"))) == 12038004


def test_unknown_use_case(client: PartnerClient) -> None:
    assert code(upload_raw(client, *multipart(placeholder_png(300, 300, "x"), use_case="BANNER"))) == 11050001


def test_missing_file(client: PartnerClient) -> None:
    r = upload_raw(client, *multipart(placeholder_png(300, 300, "x"), name="file"))
    assert r.status_code == 400 and r.json()["code"] == 36009004


def test_shop_cipher_is_refused(client: PartnerClient) -> None:
    body, content_type = multipart(placeholder_png(300, 300, "x"))
    params = client.signed_params("/product/202309/images/upload", None, body, multipart=True)
    r = client.http.post(
        "/product/202309/images/upload",
        params=tuple(params),
        content=body,
        headers={"content-type": content_type, "x-tts-access-token": client.access_token or ""},
    )
    assert r.status_code == 400 and r.json()["message"].startswith("Unexpected identifier")


def test_seeded_images_are_served(client: PartnerClient, mock: Mock) -> None:
    product = seeded(mock)
    image = data(client.get(product_path(product.id)))["main_images"][0]
    served = client.http.get(image["thumb_urls"][0])
    assert served.status_code == 200 and sniff(served.content) == ("image/png", 300, 300)


def test_unknown_image_is_a_404_in_the_envelope(client: PartnerClient) -> None:
    r = client.http.get("/img/tos-nowhere/0000")
    assert r.status_code == 404 and r.json()["code"] == 36009009


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            b"\xff\xd8\xff\xe0"
            + struct.pack(">H", 4)
            + b"JF"
            + b"\xff\xc0"
            + struct.pack(">HBHH", 17, 8, 480, 640)
            + b"\x00" * 8,
            ("image/jpeg", 640, 480),
        ),
        (
            b"RIFF\x00\x00\x00\x00WEBPVP8X" + b"\x00" * 8 + (639).to_bytes(3, "little") + (479).to_bytes(3, "little"),
            ("image/webp", 640, 480),
        ),
        (b"GIF89a" + struct.pack("<HH", 640, 480), ("image/gif", 640, 480)),
        (b"BM" + b"\x00" * 16 + struct.pack("<ii", 640, -480), ("image/bmp", 640, 480)),
    ],
)
def test_sniff(head: bytes, expected: tuple[str, int, int]) -> None:
    assert sniff(head) == expected
