"""Comparing secrets: in constant time, for text of any characters.

`hmac.compare_digest` on two `str`s raises `TypeError` when either holds a non-ASCII character, so a client that
sends `sign=é` must not reach it with text: both sides are encoded first (UTF-8, lone surrogates kept), and the
comparison never depends on where the first difference is.
"""

from __future__ import annotations

import hmac


def _bytes(value: str | bytes) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


def same_secret(given: str | bytes, expected: str | bytes) -> bool:
    """Whether `given` equals `expected`, compared in constant time (for their length)."""
    a = given if isinstance(given, bytes) else given.encode("utf-8", "surrogatepass")  # _bytes, inline
    b = expected if isinstance(expected, bytes) else expected.encode("utf-8", "surrogatepass")
    return hmac.compare_digest(a, b)
