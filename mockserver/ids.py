"""Deterministic identifiers: every id, token and cipher comes from a seeded RNG."""

from __future__ import annotations

import random
import string
import time

_ALNUM = string.ascii_letters + string.digits
_TOKEN_CHARS = _ALNUM + "-_"


class IdFactory:
    """Makes ids from one seeded stream. Separate factories (seeded differently) keep streams independent."""

    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(f"ids:{seed}")

    @property
    def rng(self) -> random.Random:
        return self._rng

    def numeric(self, digits: int = 19) -> str:
        """A numeric id as a string, `digits` long, starting with 7 like real TikTok Shop ids."""
        return "7" + "".join(self._rng.choice(string.digits) for _ in range(digits - 1))

    def token(self, prefix: str = "ROW_", length: int = 86) -> str:
        return prefix + "".join(self._rng.choice(_TOKEN_CHARS) for _ in range(length))

    def cipher(self) -> str:
        return "ROW_" + "".join(self._rng.choice(_ALNUM) for _ in range(28))

    def auth_code(self) -> str:
        return "".join(self._rng.choice(_TOKEN_CHARS) for _ in range(22))

    def open_id(self) -> str:
        return "".join(self._rng.choice(_TOKEN_CHARS) for _ in range(43))

    def shop_code(self, region: str) -> str:
        return (
            region.upper() + "LC" + "".join(self._rng.choice(string.ascii_uppercase + string.digits) for _ in range(8))
        )


class RequestIds:
    """`request_id` values as the real API formats them: UTC `YYYYMMDDHHMMSS` + 20 uppercase hex characters."""

    def __init__(self, seed: int | str) -> None:
        self._rng = random.Random(f"request-ids:{seed}")
        self._second, self._stamp = -1, ""  # the last second formatted: most requests share it

    def next(self, now: float) -> str:
        second = int(now // 1)
        if second != self._second:
            self._second, self._stamp = second, time.strftime("%Y%m%d%H%M%S", time.gmtime(second))
        return self._stamp + f"{self._rng.getrandbits(80):020X}"
