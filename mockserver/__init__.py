"""tokopedia-mock: a local mock of the Tokopedia seller APIs (TikTok Shop Partner API + legacy Seller API)."""

from __future__ import annotations

__version__ = "0.1.0"

from mockserver.app import create_app
from mockserver.settings import Settings

__all__ = ["Settings", "__version__", "create_app"]
