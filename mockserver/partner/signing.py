"""Request signing (official algorithm, reference §2.2) and a diagnosis of why a signature failed.

sign = lowercase hex HMAC-SHA256(key=app_secret, msg=app_secret + path + sorted(k+v, minus sign/access_token)
                                  + raw body (unless multipart) + app_secret)
"""

from __future__ import annotations

import hashlib
import hmac
import operator
from collections.abc import Iterable, Sequence
from typing import Any

import orjson

try:  # CPython's OpenSSL binding, which `hmac.new` uses inside
    from _hashlib import hmac_new as _openssl_hmac
except ImportError:  # pragma: no cover - a Python built without OpenSSL
    _openssl_hmac = None  # type: ignore[assignment]

from mockserver.bounded import int64
from mockserver.secrets import same_secret

EXCLUDED = frozenset({"sign", "access_token"})
_key = operator.itemgetter(0)


def _utf8(text: str) -> bytes:
    # surrogatepass: text decoded with surrogateescape (or a JSON "\ud800") still signs, never raises.
    return text.encode("utf-8", "surrogatepass")


def base_string(path: str, query: Iterable[tuple[str, str]], body: bytes = b"", *, include_body: bool = True) -> bytes:
    """The string to sign before wrapping in the secret: path + sorted key/value pairs + body."""
    pairs = sorted(query, key=_key)  # stable: a repeated key keeps its order
    # One encoding of the text: the same bytes as one per part (surrogatepass, as _utf8).
    out = (path + "".join([k + v for k, v in pairs if k not in EXCLUDED])).encode("utf-8", "surrogatepass")
    return out + body if include_body else out


#: Each app secret's HMAC-SHA256 keyed and ready (made once; a request copies it, which skips the key schedule a
#: one-shot `hmac.digest` pays every time). OpenSSL's HMAC object itself where CPython has it (`hmac.new` wraps the
#: same object in Python methods, ~0.6 µs more per request), else `hmac.new`'s. A few apps; bounded, since a reset
#: can bring others.
_KEYED: dict[str, tuple[bytes, Any]] = {}


def _new_keyed(key: bytes) -> Any:
    if _openssl_hmac is not None:
        try:
            return _openssl_hmac(key, digestmod="sha256")
        except ValueError:  # an OpenSSL without it (FIPS rules): the stdlib's own
            pass
    return hmac.new(key, digestmod=hashlib.sha256)


def _keyed(app_secret: str) -> tuple[bytes, Any]:
    keyed = _KEYED.get(app_secret)
    if keyed is None:
        if len(_KEYED) >= 256:
            _KEYED.clear()
        key = _utf8(app_secret)
        keyed = _KEYED[app_secret] = (key, _new_keyed(key))
    return keyed


def sign_base(base: bytes, app_secret: str) -> str:
    key, keyed = _keyed(app_secret)
    mac = keyed.copy()
    mac.update(key + base + key)
    digest: str = mac.hexdigest()
    return digest


def sign(path: str, query: Iterable[tuple[str, str]], body: bytes, app_secret: str, *, multipart: bool = False) -> str:
    """The signature a client must send. `query` holds decoded values, as the server receives them."""
    return sign_base(base_string(path, query, body, include_body=not multipart), app_secret)


def verify(
    given: str, path: str, query: Sequence[tuple[str, str]], body: bytes, app_secret: str, *, multipart: bool
) -> bool:
    """Whether `given` is a signature the mock accepts. A `{}` body may be signed with or without it (GUESS §2.4)."""
    if same_secret(given, sign_base(base_string(path, query, body, include_body=not multipart), app_secret)):
        return True
    if not multipart and body and body.strip() == b"{}":
        return same_secret(given, sign(path, query, b"", app_secret))
    return False


def mask(base: bytes, app_secret: str) -> str:
    """The full string that was HMAC'd, with the secret masked, for the developer to compare with their own."""
    return "<app_secret>" + base.decode("utf-8", "replace") + "<app_secret>"


def diagnose(
    given: str, path: str, query: Sequence[tuple[str, str]], body: bytes, app_secret: str, *, multipart: bool
) -> str:
    """Why `given` is not the right signature, if it matches a common mistake; else a generic hint."""
    base = base_string(path, query, body, include_body=not multipart)
    key = app_secret.encode()
    if given.lower() != given and same_secret(given.lower(), sign_base(base, app_secret)):
        return "sign is uppercase hex; it must be lowercase hex"
    candidates: list[tuple[str, bytes | str]] = [
        ("the body was left out of the signed string", base_string(path, query, body, include_body=False)),
        ("the multipart body was signed; multipart bodies are not signed", base_string(path, query, body)),
        ("access_token was signed; it must be left out", _with(path, query, body, multipart, keep={"access_token"})),
        ("a '/' was put between the path and the parameters", base_string(path + "/", query, body)),
        ("the string was not wrapped in app_secret before the HMAC", "nowrap"),
        ("plain SHA-256 was used instead of HMAC-SHA256 keyed with app_secret", "sha256"),
    ]
    reformatted = _reformatted_bodies(body) if not multipart else []
    for label, other in reformatted:
        candidates.append(
            (f"the body was signed {label}, not as the exact bytes sent", base_string(path, query, other))
        )
    for reason, cand in candidates:
        if cand == "nowrap":
            if same_secret(given, hmac.new(key, base, hashlib.sha256).hexdigest()):
                return reason
        elif cand == "sha256":
            if same_secret(given, hashlib.sha256(key + base + key).hexdigest()):
                return reason
        elif isinstance(cand, bytes) and cand != base and same_secret(given, sign_base(cand, app_secret)):
            return reason
    if any(k == "timestamp" for k, _ in query):
        for delta in (-1, 1):
            shifted = [(k, _shift(v, delta)) if k == "timestamp" else (k, v) for k, v in query]
            if same_secret(given, sign_base(base_string(path, shifted, body), app_secret)):
                return "the timestamp signed differs from the timestamp sent"
    return (
        "no common mistake matched: compare your string to sign with mock_debug.string_to_sign "
        "(check the app_secret, the path, the parameter values and the exact body bytes)"
    )


def _shift(timestamp: str, delta: int) -> str:
    value = int64(timestamp)
    return timestamp if value is None else str(value + delta)


def _with(path: str, query: Sequence[tuple[str, str]], body: bytes, multipart: bool, keep: set[str]) -> bytes:
    pairs = sorted(((k, v) for k, v in query if k not in EXCLUDED or k in keep), key=lambda kv: kv[0])
    out = _utf8(path) + b"".join(_utf8(k) + _utf8(v) for k, v in pairs)
    return out if multipart else out + body


def _reformatted_bodies(body: bytes) -> list[tuple[str, bytes]]:
    import json

    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return []
    return [
        ("re-serialised with spaces (json.dumps defaults)", json.dumps(value).encode()),
        ("re-serialised compactly", json.dumps(value, separators=(",", ":")).encode()),
        ("re-serialised with sorted keys", json.dumps(value, separators=(",", ":"), sort_keys=True).encode()),
        (
            "re-serialised without escaping non-ASCII",
            json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode(),
        ),
    ]
