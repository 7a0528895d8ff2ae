"""The worked signing examples of the reference (§2.3) and the mock's diagnosis of common mistakes."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.partner import signing

B_QUERY = [("app_key", "68xu9ks5p4i8"), ("shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK"), ("timestamp", "1696909648")]


@pytest.mark.parametrize(
    ("secret", "path", "query", "body", "expected"),
    [
        (
            "e59af819cc",
            "/authorization/202309/shops",
            [("app_key", "29a39d"), ("timestamp", "1623812664")],
            b"",
            "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8",
        ),
        (
            "e59af819cc",
            "/event/202309/webhooks",
            B_QUERY,
            b"",
            "ed58e1b5e59865c22a7b828c1cab65007441f43cc91a6cb2f2cdc638e0995a37",
        ),
        (
            "e59af819cc",
            "/event/202309/webhooks",
            B_QUERY,
            b'{"event_type":"PACKAGE_UPDATE","address":"https://partner.tiktokshop.com"}',
            "701dd6deb2389fe4c469b89bd37fc56f96a6da6afeb4d01c9077a65169752fa7",
        ),
        (
            "app_secret",
            "/test-api",
            [("foo", "bar")],
            b"",
            "d3cb7fe11ecae942802ceeca67e7cf10120cc12f1517d45fbc1c8cfe5413c80f",
        ),
    ],
    ids=["A-official", "B-get-with-cipher", "C-put-with-body", "D-ecomphp"],
)
def test_reference_vectors(secret: str, path: str, query: list[tuple[str, str]], body: bytes, expected: str) -> None:
    assert signing.sign(path, query, body, secret) == expected


def test_sign_and_access_token_are_not_signed() -> None:
    base = signing.base_string("/p", [("b", "2"), ("sign", "x"), ("access_token", "t"), ("a", "1")])
    assert base == b"/pa1b2"


def test_multipart_body_is_not_signed() -> None:
    assert signing.sign("/p", [], b"--boundary--", "s", multipart=True) == signing.sign("/p", [], b"", "s")


def test_empty_object_body_may_be_signed_with_or_without_it() -> None:
    for body in (b"{}", b""):
        assert signing.verify(signing.sign("/p", [], body, "s"), "/p", [], b"{}", "s", multipart=False)


def test_non_empty_body_must_be_signed() -> None:
    assert signing.verify(signing.sign("/p", [], b'{"a":1}', "s"), "/p", [], b'{"a":1}', "s", multipart=False)
    assert not signing.verify(signing.sign("/p", [], b"", "s"), "/p", [], b'{"a":1}', "s", multipart=False)


def _diagnose(given: str, body: bytes = b'{"a": "\\u00e9"}') -> str:
    return signing.diagnose(given, "/p", [("timestamp", "100")], body, "s", multipart=False)


def test_diagnoses_uppercase_hex() -> None:
    good = signing.sign("/p", [("timestamp", "100")], b'{"a": "\\u00e9"}', "s")
    assert "uppercase" in _diagnose(good.upper())


def test_diagnoses_body_left_out() -> None:
    assert "body was left out" in _diagnose(signing.sign("/p", [("timestamp", "100")], b"", "s"))


def test_diagnoses_reserialised_body() -> None:
    compact = b'{"a":"\\u00e9"}'
    assert "re-serialised compactly" in _diagnose(signing.sign("/p", [("timestamp", "100")], compact, "s"))


def test_diagnoses_missing_wrap() -> None:
    base = signing.base_string("/p", [("timestamp", "100")], b'{"a": "\\u00e9"}')
    given = hmac.new(b"s", base, hashlib.sha256).hexdigest()
    assert "not wrapped" in _diagnose(given)


def test_diagnoses_shifted_timestamp() -> None:
    given = signing.sign("/p", [("timestamp", "101")], b'{"a": "\\u00e9"}', "s")
    assert "timestamp" in _diagnose(given)


def test_mask_hides_the_secret() -> None:
    masked = signing.mask(b"/pa1", "topsecret")
    assert "topsecret" not in masked and masked == "<app_secret>/pa1<app_secret>"


def _base_string_part_by_part(path: str, query: list[tuple[str, str]], body: bytes) -> bytes:
    """The string to sign as the reference spells it: each part encoded on its own, pairs sorted by key (stable)."""

    def utf8(text: str) -> bytes:
        return text.encode("utf-8", "surrogatepass")

    pairs = sorted(((k, v) for k, v in query if k not in ("sign", "access_token")), key=lambda kv: kv[0])
    return utf8(path) + b"".join(utf8(k) + utf8(v) for k, v in pairs) + body


_text = st.text(max_size=6) | st.sampled_from(["\ud800", "\udfff", "\ud83d", "sign", "access_token", "a", ""])


@given(st.text(max_size=8), st.lists(st.tuples(_text, _text), max_size=8), st.binary(max_size=8))
def test_the_base_string_is_the_parts_encoded_one_by_one(path: str, query: list[tuple[str, str]], body: bytes) -> None:
    assert signing.base_string(path, query, body) == _base_string_part_by_part(path, query, body)
