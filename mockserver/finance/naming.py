"""Ids and draws named by what they are: the same seed and the same parts always give the same value.

Lazily built books (a shop's history is built whenever it is first needed) must not depend on the order things
were built in, so their ids come from a hash of (seed, what, which) rather than from a shared random stream.
"""

from __future__ import annotations

import hashlib


def _digest(seed: int, parts: tuple[object, ...]) -> int:
    return int.from_bytes(hashlib.blake2b(repr((seed, *parts)).encode(), digest_size=16).digest(), "big")


def ident(seed: int, *parts: object, first: str = "7", digits: int = 19) -> str:
    """A numeric id, `digits` long, starting with `first`."""
    rest = digits - len(first)
    return first + str(_digest(seed, parts) % 10**rest).zfill(rest)


def code(seed: int, *parts: object, length: int = 23) -> str:
    """An uppercase alphanumeric id (Get Withdrawals ids look like `EFASDFSAFDA23432DFAFDSA`)."""
    n, out = _digest(seed, parts), []
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    for _ in range(length):
        n, d = divmod(n, len(alphabet))
        out.append(alphabet[d])
    return "".join(out)


def unit(seed: int, *parts: object) -> float:
    """A uniform draw in [0, 1)."""
    return (_digest(seed, parts) >> 75) / float(1 << 53)


def number(seed: int, *parts: object, modulo: int) -> int:
    return _digest(seed, parts) % modulo
