"""A handle on a tenant of a shared, already running server (`--tokopedia-mock-url`), for pytest-xdist workers
and parallel CI jobs: each gets its own tenant (control/tenants.py), so none sees another's state.

Everything goes over HTTP: credentials and tokens from `/_mock/apps`, time through `/_mock/clock`, reset through
`/_mock/reset`, the journal through `/_mock/requests`. The server's insides (`mock`, `store`) are not at hand.
"""

from __future__ import annotations

from typing import Any

import httpx

from mockserver.testkit.client import PartnerClient
from mockserver.testkit.handle import JournalQueries, ShopAccess

TENANT_HEADER = "x-tokopedia-mock-tenant"


class RemoteTokopediaMock(JournalQueries):
    def __init__(self, server_url: str, tenant: str) -> None:
        self.server_url = server_url.rstrip("/")
        self.tenant = tenant
        self._base_url = f"{self.server_url}/_tenants/{tenant}"
        self.transport: httpx.BaseTransport | None = None
        self._clients: list[httpx.Client] = []
        r = httpx.put(f"{self.server_url}/_mock/tenants/{tenant}", timeout=120)  # seeding may take a moment
        if r.status_code != 200:
            raise RuntimeError(f"tokopedia-mock at {self.server_url} refused tenant {tenant!r}: {r.text}")
        self._apps: dict[str, Any] | None = None

    live_server = True

    @property
    def base_url(self) -> str:
        """The tenant's own base URL: any client pointed here talks to this tenant only."""
        return self._base_url

    def _app(self) -> dict[str, Any]:
        if self._apps is None:
            apps = self.http_client().get("/_mock/apps").json()["data"]["apps"]
            self._apps = apps[0]  # the default app comes first
        return self._apps

    @property
    def app_key(self) -> str:
        return str(self._app()["app_key"])

    @property
    def app_secret(self) -> str:
        return str(self._app()["app_secret"])

    @property
    def service_id(self) -> str:
        return str(self._app()["service_id"])

    def http_client(self) -> httpx.Client:
        client = httpx.Client(base_url=self.base_url, follow_redirects=False)
        self._clients.append(client)
        return client

    def shop(self, ref: str = "migrated") -> ShopAccess:
        shops = {s["ref"]: s for s in self._app()["shops"]}
        if ref not in shops:
            raise KeyError(f"no seeded shop {ref!r}; the seed has {sorted(k for k in shops if k)}")
        s = shops[ref]
        return ShopAccess(
            ref=ref, id=s["id"], name=s["name"], cipher=s["cipher"], code=s["code"], region=s["region"],
            seller_id=s["seller_id"], authorized=s["authorized"], access_token=s.get("access_token"),
            refresh_token=s.get("refresh_token"), access_token_expire_in=s.get("access_token_expire_in"),
            refresh_token_expire_in=s.get("refresh_token_expire_in"),
        )  # fmt: skip

    def client(self, shop: str | None = "migrated", *, rate_limit_retries: int = 3) -> PartnerClient:
        """A signing client on this tenant (Retry-After honoured by sleeping: the shared clock is not ours)."""
        client = PartnerClient(self.http_client(), self.app_key, self.app_secret, rate_limit_retries=rate_limit_retries)
        if shop is not None:
            access = self.shop(shop)
            client.shop_cipher, client.access_token = access.cipher, access.access_token
        return client

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        """Move this tenant's clock (its world runs what came due); what happened, as POST /_mock/clock says."""
        moved: dict[str, Any] = self.http_client().post("/_mock/clock", json={"advance": seconds}).json()["data"]
        return moved

    def reset(self) -> None:
        self.http_client().post("/_mock/reset")
        self._apps = None

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._clients.clear()
