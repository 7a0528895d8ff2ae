"""What a Partner API handler receives (`Call`) and what it is (`Handler`).

A handler takes a `Call` (the admitted request, typed query and body) and returns the response `data`, or raises
a `PartnerError`. The table of handlers is `registry.py`, one level up: handlers import this module, never it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.partner.gate import Admitted
from mockserver.renders import K, RenderCache

if TYPE_CHECKING:
    from mockserver.runtime import Mock


@dataclass(slots=True)  # read-only by convention: a frozen dataclass costs ~0.7 µs more to make, per request
class Call:
    mock: Mock
    admitted: Admitted
    query: dict[str, Any]
    body: Any
    path_params: Mapping[str, str]  # read-only (the route's match is shared)
    version: str
    #: The request as received, for handlers that read it themselves (multipart uploads) or build URLs.
    raw_body: bytes = b""
    content_type: str = ""
    base_url: str = ""  # scheme://host[:port] the client used, no trailing slash
    #: The dispatcher's renderings (mockserver/renders.py); None renders every time (a handler called directly).
    renders: RenderCache | None = None

    def rendered(self, key: Hashable, render: Callable[[], Any]) -> Any:
        """`render()`, from the cache of renderings while the store is unchanged (`key` names what it renders)."""
        if self.renders is None:
            return render()
        return self.renders.json(self.mock.store, key, render)

    def rendered_each(self, keys: Sequence[K], render: Callable[[K], Any]) -> list[Any]:
        """`render(key)` for each key, from the cache of renderings while the store is unchanged."""
        if self.renders is None:
            return [render(key) for key in keys]
        return self.renders.json_each(self.mock.store, keys, render)


Handler = Callable[[Call], Any]
