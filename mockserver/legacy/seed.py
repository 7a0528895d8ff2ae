"""Seeds the legacy side of the world: the apps' client credentials and fs_id, and which shops each fs_id links.

The default app's credentials come from Settings (flags/env, fixed defaults); other apps carry a `legacy` block in
fixtures/seed.json. A shop is linked to an app's fs_id when the seller authorized the app (the same authorization
the Partner API uses) and the shop sells on Tokopedia (has a `tokopedia_shop_id`): the migrated shop is linked, the
seeded "unauthorized" shop is not (403 RBAC_MDLW_001).
"""

from __future__ import annotations

import random
from typing import Any

from mockserver.legacy.models import LegacyApp, LegacyState
from mockserver.settings import Settings
from mockserver.store import Store


def seed_legacy(store: Store, settings: Settings, spec: dict[str, Any], app_refs: dict[str, str]) -> LegacyState:
    state = LegacyState(rng=random.Random(f"legacy:{settings.seed}"))
    for entry in spec["apps"]:
        app_key = app_refs[entry["ref"]]
        if entry["ref"] == "default":
            creds: dict[str, Any] = {
                "client_id": settings.legacy_client_id,
                "client_secret": settings.legacy_client_secret,
                "fs_id": settings.legacy_fs_id,
            }
        elif "legacy" in entry:
            creds = entry["legacy"]
        else:
            continue
        app = LegacyApp(
            client_id=str(creds["client_id"]),
            client_secret=str(creds["client_secret"]),
            fs_id=int(creds["fs_id"]),
            app_key=app_key,
        )
        for (auth_app, _seller), auth in store.authorizations.items():
            if auth_app != app_key:
                continue
            app.linked_shop_ids |= {sid for sid in auth.shop_ids if store.shops[sid].tokopedia_shop_id is not None}
        state.apps[app.client_id] = app
    return state
