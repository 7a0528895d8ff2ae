"""Clients that speak the Partner API's signing rules, and a live server, for tests (ours and users').

client = PartnerClient.in_process(create_app(Settings(seed=1)))
shops = client.get("/authorization/202309/shops").json()
"""

from __future__ import annotations

from mockserver.testkit.client import PartnerClient
from mockserver.testkit.live import LiveServer

__all__ = ["LiveServer", "PartnerClient"]
