"""Who a legacy run is: the app's client credentials and fs_id, and the shop it works on.

Against a mock they come from its control plane (`/_mock/apps`, each app's `legacy` block); against the real API
from `TOKOPEDIA_CONTRACT_LEGACY_*` (or the CLI's flags).
"""

from __future__ import annotations

from dataclasses import dataclass

from mockserver.contract.config import REAL_LEGACY_AUTH_URL
from mockserver.contract.target import Target
from mockserver.contract.tokens import CredentialsError


@dataclass(frozen=True)
class LegacyIdentity:
    client_id: str
    client_secret: str
    fs_id: str
    #: The legacy shop_id `shop_id` parameters are pinned to ("" when unknown: they are left as drawn).
    shop_id: str
    #: A shop_id not linked to fs_id, for the negative probes.
    other_shop_id: str
    #: Base URL of the host that serves `POST /token`.
    token_url: str


def resolve(target: Target) -> LegacyIdentity:
    c = target.config
    token_url = (c.auth_url or (target.base_url if target.is_mock else REAL_LEGACY_AUTH_URL)).rstrip("/")
    if target.is_mock and not (c.legacy_client_id and c.legacy_client_secret and c.legacy_fs_id):
        identity = _from_mock(target, token_url)
    else:
        missing = [
            name
            for name, value in (
                ("LEGACY_CLIENT_ID", c.legacy_client_id),
                ("LEGACY_CLIENT_SECRET", c.legacy_client_secret),
                ("LEGACY_FS_ID", c.legacy_fs_id),
            )
            if not value
        ]
        if missing:
            names = ", ".join("TOKOPEDIA_CONTRACT_" + m for m in missing)
            raise CredentialsError(f"{target.label} is not a tokopedia-mock: credentials are needed ({names})")
        identity = LegacyIdentity(
            c.legacy_client_id,
            c.legacy_client_secret,
            c.legacy_fs_id,
            c.legacy_shop_id,
            _neighbour(c.legacy_shop_id),
            token_url,
        )
    target.redactor.add(identity.client_secret)
    return identity


def _from_mock(target: Target, token_url: str) -> LegacyIdentity:
    c = target.config
    apps = target.mock_apps()
    with_legacy = [a for a in apps if a.get("legacy")]
    if c.legacy_client_id:
        with_legacy = [a for a in with_legacy if a["legacy"]["client_id"] == c.legacy_client_id]
    if not with_legacy:
        wanted = f" with client_id {c.legacy_client_id!r}" if c.legacy_client_id else ""
        raise CredentialsError(f"the mock has no legacy app{wanted}")
    app = with_legacy[0]
    legacy = app["legacy"]
    linked = [str(s) for s in legacy["shop_ids"]]
    shop_id = c.legacy_shop_id or (linked[0] if linked else "")
    others = [
        str(s["tokopedia_shop_id"])
        for s in app["shops"]
        if s.get("tokopedia_shop_id") and str(s["tokopedia_shop_id"]) not in linked
    ]
    return LegacyIdentity(
        legacy["client_id"],
        legacy["client_secret"],
        str(legacy["fs_id"]),
        shop_id,
        others[0] if others else _neighbour(shop_id),
        token_url,
    )


def _neighbour(shop_id: str) -> str:
    """A shop id next to ours: not linked to our fs_id (or any shop at all)."""
    return str(int(shop_id) + 1) if shop_id.isdigit() else "1"
