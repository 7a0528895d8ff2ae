"""Get Authorized Category Assets (/authorization/202405/category_assets): the business categories partners
authorized the app for. GUESS (README): in the seeded world every app is authorized for one category in Indonesia,
with a cipher derived from the app and the seed; the docs give no error for this operation."""

from __future__ import annotations

import hashlib
from typing import Any

from mockserver.partner.call import Call, Handler

#: The seeded partner authorization (category id and name in the shape of the official example).
CATEGORY = {"id": 1, "name": "Affiliate Marketing"}


def get_authorized_category_assets(call: Call) -> dict[str, Any]:
    app_key = call.admitted.app.app_key
    digest = hashlib.sha256(f"category-asset:{call.mock.settings.seed}:{app_key}".encode()).hexdigest()
    return {"category_assets": [{"cipher": f"TTP_{digest[:32]}", "target_market": "ID", "category": dict(CATEGORY)}]}


HANDLERS: dict[str, Handler] = {"get_authorized_category_assets": get_authorized_category_assets}
