"""Ids of records that exist on the target, so that valid cases can name them: the shop's recent orders and its
products (variant children included), each read once with the run's own credentials (two GETs).

A drawn id is swapped for one of the pool's, chosen by the drawn value itself (deterministic); one slot in every
`len(pool) + 1` keeps the drawn id, so unknown ids ("Data Not Found") stay covered too, and so does an id that is
already a known one (a stateful link took it from an answer).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import requests
from requests.auth import AuthBase

#: The order list's widest window (mockserver: Settings.legacy_order_max_days; the real API's is not published).
ORDER_WINDOW = 3 * 24 * 3600 - 1


class Pools:
    def __init__(
        self,
        http: requests.Session,
        base_url: str,
        fs_id: str,
        shop_id: str,
        now: Callable[[], float],
        timeout: float = 30.0,
    ) -> None:
        self.http = http
        self.base_url = base_url
        self.fs_id = fs_id
        self.shop_id = shop_id
        self.now = now
        self.timeout = timeout
        self.auth: AuthBase | None = None  # set once the run's auth exists
        self._pools: dict[str, list[int]] = {}
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Read both pools now (from the target's seed state), not at the first case that needs one."""
        self._get("orders")
        self._get("products")

    def order(self, drawn: Any) -> Any:
        return _pick(self._get("orders"), drawn)

    def product(self, drawn: Any) -> Any:
        return _pick(self._get("products"), drawn)

    def _get(self, kind: str) -> list[int]:
        with self._lock:
            if kind not in self._pools:
                self._pools[kind] = self._fetch(kind) if self.auth is not None and self.shop_id else []
            return self._pools[kind]

    def _fetch(self, kind: str) -> list[int]:
        if kind == "orders":
            now = int(self.now())
            params = {"fs_id": self.fs_id, "shop_id": self.shop_id, "from_date": now - ORDER_WINDOW, "to_date": now}
            data = self._data("/v2/order/list", {**params, "page": 1, "per_page": 100})
            return [int(o["order_id"]) for o in data if isinstance(o, dict) and "order_id" in o]
        data = self._data(
            f"/inventory/v1/fs/{self.fs_id}/product/info", {"shop_id": self.shop_id, "page": 1, "per_page": 50}
        )
        ids: list[int] = []
        for product in (p for p in data if isinstance(p, dict)):
            basic, variant = product.get("basic"), product.get("variant")
            if isinstance(basic, dict) and isinstance(basic.get("productID"), int):
                ids.append(basic["productID"])
            if isinstance(variant, dict):
                ids.extend(c for c in variant.get("childrenID") or [] if isinstance(c, int))
        return ids

    def _data(self, path: str, params: dict[str, Any]) -> list[Any]:
        try:
            response = self.http.get(self.base_url + path, params=params, auth=self.auth, timeout=self.timeout)
            data = response.json().get("data") if response.status_code == 200 else None
        except (requests.RequestException, ValueError, AttributeError):
            return []
        return data if isinstance(data, list) else []


def _pick(pool: list[int], drawn: Any) -> Any:
    try:
        seed = abs(int(drawn))
    except (TypeError, ValueError, OverflowError):
        return drawn
    if seed in pool:  # already a known id (e.g. one a stateful link took from an answer): it stays
        return drawn
    slot = seed % (len(pool) + 1)
    if slot == len(pool):
        return drawn
    return type(drawn)(pool[slot]) if isinstance(drawn, (int, str)) and not isinstance(drawn, bool) else pool[slot]
