"""Page tokens for every paginated operation, both dialects: opaque to clients, bound to the query that issued them.

One API for every area (catalog search, brands, orders and packages search, and whatever paginates next):

    tokens = store.page_tokens()
    token = tokens.issue("orders.search", query, (last_key,))      # the next page's token
    (last_key,) = tokens.read("orders.search", query, token)        # InvalidPageToken if forged or not this query's

- `kind` names the operation (one string per paginated list, so a token of one list is refused by another);
- `query` is whatever defines the result set — a dataclass, dict, tuple, set, str, int, bool or None, nested
  freely — canonicalised (sets sorted, dict keys sorted, dataclass fields in order) so the same query gives the
  same token in every process; put the shop in it, so a token of one shop is refused for another;
- `position` is where the next page starts: a short tuple of ints and strings, returned as given.

A token is standard base64 of the position (JSON) and an HMAC-SHA256 over kind, query and position with the
store's key (`Store.page_token_key`, drawn from the seed: same seed, same tokens; persisted with the state), cut to
128 bits. A forged, truncated or tampered token, or one reused with another query, shop or operation, raises
`InvalidPageToken`, which each dialect answers with its documented invalid-token error. A token does not expire
and keeps its place when records are added or removed between pages (the position is a key, not an offset).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import operator
from collections.abc import Sequence
from typing import Any

import orjson

#: Longest token read (anything longer is not one of ours).
MAX_TOKEN_CHARS = 512
_MAC_BYTES = 16

Position = tuple[int | str, ...]


class InvalidPageToken(ValueError):
    """A page token this mock did not issue for this operation and query."""


def canonical(value: Any) -> Any:
    """`value` as plain JSON data, the same in every process (set order and hash seeds do not show through).
    Plain values first: they are most of any query (and a dataclass is never one of them)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, dict):
        return sorted(([str(k), canonical(v)] for k, v in value.items()), key=_first)
    if isinstance(value, (set, frozenset)):
        return sorted((canonical(v) for v in value), key=orjson.dumps)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__, [canonical(getattr(value, f.name)) for f in dataclasses.fields(value)]]
    raise TypeError(f"page token queries hold plain data, not {type(value).__name__}")


_first = operator.itemgetter(0)


class PageTokens:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a page-token key has at least 16 bytes")
        self._key = key

    def _mac(self, kind: str, query: Any, payload: bytes) -> bytes:
        message = b"\0".join((kind.encode(), orjson.dumps(canonical(query)), payload))
        return hmac.new(self._key, message, hashlib.sha256).digest()[:_MAC_BYTES]

    def issue(self, kind: str, query: Any, position: Sequence[int | str]) -> str:
        payload = orjson.dumps(list(position))
        return base64.b64encode(payload + self._mac(kind, query, payload)).decode("ascii")

    def read(self, kind: str, query: Any, token: str) -> Position:
        """The position `token` holds, if this mock issued it for `kind` and `query`; else `InvalidPageToken`."""
        if not token or len(token) > MAX_TOKEN_CHARS or not token.isascii():
            raise InvalidPageToken("not a page token")
        try:
            # A client that forgot to URL-encode the token sends its "+" as a space.
            raw = base64.b64decode(token.replace(" ", "+"), validate=True)
        except (binascii.Error, ValueError):
            raise InvalidPageToken("not a page token") from None
        payload, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
        if len(raw) <= _MAC_BYTES or not hmac.compare_digest(mac, self._mac(kind, query, payload)):
            raise InvalidPageToken("not issued for this query")
        position = orjson.loads(payload)  # ours (the MAC holds), so a list of ints and strings
        return tuple(position)


def key_for(seed: int) -> bytes:
    """The page-token key a store seeded with `seed` uses (deterministic: responses repeat across runs)."""
    return hashlib.sha256(f"tokopedia-mock page tokens:{seed}".encode()).digest()
