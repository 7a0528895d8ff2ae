"""Which Partner API operations the mock implements: operation_id -> handler.

A handler takes a `Call` (the admitted request, typed query and body) and returns the response `data`, or raises
a `PartnerError`. Operations in schemas/ without a handler answer 501 in the envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockserver.partner.gate import Admitted

if TYPE_CHECKING:
    from mockserver.runtime import Mock


@dataclass(frozen=True)
class Call:
    mock: Mock
    admitted: Admitted
    query: dict[str, Any]
    body: Any
    path_params: dict[str, str]
    version: str


Handler = Callable[[Call], Any]


def handlers() -> dict[str, Handler]:
    """The handler table, assembled from each area's `HANDLERS`."""
    from mockserver.shops import handlers as shops

    table: dict[str, Handler] = {}
    for area in (shops.HANDLERS,):
        overlap = table.keys() & area.keys()
        if overlap:
            raise ValueError(f"operations registered twice: {sorted(overlap)}")
        table.update(area)
    return table
