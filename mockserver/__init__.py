"""tokopedia-mock: a local mock of the Tokopedia seller APIs (TikTok Shop Partner API + legacy Seller API)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockserver.version import __version__

if TYPE_CHECKING:
    from mockserver.app import create_app
    from mockserver.settings import Settings

__all__ = ["Settings", "__version__", "create_app"]


def __getattr__(name: str) -> Any:
    # Lazy, so that importing a submodule (the pytest plugin is loaded by every pytest run on a machine that has
    # the package installed) does not pull in Starlette, Faker and the schema compiler.
    if name == "create_app":
        from mockserver.app import create_app

        return create_app
    if name == "Settings":
        from mockserver.settings import Settings

        return Settings
    raise AttributeError(f"module 'mockserver' has no attribute {name!r}")
