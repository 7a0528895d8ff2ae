"""The request gate every open-api call passes, in the order the reference gives (§6):

path -> version -> method -> app_key -> timestamp -> sign -> access token -> scope -> shop_cipher.
Pure functions over a plain `Incoming` request: no Starlette here, so each rule is unit-testable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from mockserver.bounded import int64
from mockserver.clock import Clock
from mockserver.models import App, Authorization, Shop, TokenPair
from mockserver.partner import errors, signing
from mockserver.schemas import Match, RouteError, SchemaRegistry
from mockserver.store import Store

#: Timestamp window (official): 5 minutes in the past, 30 seconds in the future.
PAST_WINDOW = 300
FUTURE_WINDOW = 30


@dataclass(slots=True)  # read-only by convention: a frozen dataclass costs ~0.7 µs more to make, per request
class Incoming:
    method: str
    path: str
    query: Sequence[tuple[str, str]]
    headers: Mapping[str, str]  # lower-case names
    body: bytes
    #: A path prefix the request came under and that was stripped (a tenant's `/_tenants/NAME`): a client pointed
    #: at a base URL with a path signs the full path, so the signature may cover the prefixed path too.
    mount: str = ""


@dataclass(slots=True)  # read-only by convention: a frozen dataclass costs ~0.7 µs more to make, per request
class Admitted:
    """What the gate established about a request that passed."""

    match: Match
    app: App
    tokens: TokenPair
    shop: Shop | None
    #: The seller's authorization of the app, which the token check found (None only for a gate-less caller).
    auth: Authorization | None = None


#: Query parameters the gate reads: each may be given once.
GATE_PARAMS = frozenset({"app_key", "timestamp", "sign", "shop_cipher", "access_token", "version"})


def admit(
    req: Incoming,
    registry: SchemaRegistry,
    store: Store,
    clock: Clock,
    *,
    sign_debug: bool = True,
    match: Match | None = None,
) -> Admitted:
    """The request's operation, app, token and shop; a `PartnerError` whose `check` names the check that refused.
    `match`: the request's route when the caller already has it (`registry.route(req.method, req.path)`)."""
    check = "route"
    try:
        match = match or route(registry, req.method, req.path)
        op = match.operation
        query = dict(req.query)
        if len(query) != len(req.query):
            _check_once(req.query, GATE_PARAMS)
        check = "app_key"
        app = store.apps.get(query.get("app_key", ""))
        if app is None:
            raise errors.invalid_app_key()
        check = "timestamp"
        _check_timestamp(query.get("timestamp"), clock)
        check = "sign"
        _check_sign(req, query.get("sign", ""), app, op.multipart, sign_debug)
        check = "access_token"
        tokens, auth = _check_token(req, query, app, store, clock)
        check = "scope"
        if op.scopes and op.scope_set.isdisjoint(tokens.scopes):
            raise errors.scope_denied()
        check = "shop_cipher"
        shop = _check_shop(query.get("shop_cipher"), op.shop_cipher, auth, store)
    except errors.PartnerError as err:
        err.check = check
        raise
    return Admitted(match, app, tokens, shop, auth)


#: How the gateway answers each kind of unroutable request.
_ROUTE_ERRORS = {"path": errors.invalid_path, "version": errors.invalid_version, "method": errors.invalid_method}


def route(registry: SchemaRegistry, method: str, path: str) -> Match:
    """The operation for a request, or the gateway error the real API gives (path, version, method)."""
    try:
        return registry.route(method, path)
    except RouteError as exc:
        raise _ROUTE_ERRORS[exc.kind]() from None


def _check_once(pairs: Sequence[tuple[str, str]], names: frozenset[str]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in names and key in seen:
            raise errors.duplicate_param(key)
        seen.add(key)


def _check_timestamp(raw: str | None, clock: Clock) -> None:
    ts = int64(raw or "")
    if ts is None or ts < 0:
        raise errors.invalid_timestamp("negative")
    now = clock.wall()
    if ts < now - PAST_WINDOW:
        raise errors.invalid_timestamp("past")
    if ts > now + FUTURE_WINDOW:
        raise errors.invalid_timestamp("future")


def _check_sign(req: Incoming, given: str, app: App, multipart: bool, debug: bool) -> None:
    """`given`: the request's one `sign` parameter (admit refuses it twice)."""
    if not given:
        raise errors.missing_sign()
    if signing.verify(given, req.path, req.query, req.body, app.app_secret, multipart=multipart):
        return
    if req.mount and signing.verify(
        given, req.mount + req.path, req.query, req.body, app.app_secret, multipart=multipart
    ):
        return
    err = errors.invalid_sign()
    if debug:
        base = signing.base_string(req.path, req.query, req.body, include_body=not multipart)
        hint = signing.diagnose(given, req.path, req.query, req.body, app.app_secret, multipart=multipart)
        err.extra["mock_debug"] = {
            "string_to_sign": signing.mask(base, app.app_secret),
            "hint": hint,
            "algorithm": "hex(HMAC-SHA256(app_secret, app_secret + path + sorted(key+value, minus sign and "
            "access_token) + body unless multipart + app_secret)), lowercase",
        }
        err.headers["x-mock-sign-hint"] = hint.encode("ascii", "replace").decode()
    raise err


def _check_token(
    req: Incoming, query: dict[str, str], app: App, store: Store, clock: Clock
) -> tuple[TokenPair, Authorization]:
    value = req.headers.get("x-tts-access-token")
    where = "x-tts-access-token"
    if not value and query.get("access_token"):
        value, where = query["access_token"], "access_token"  # deprecated, still accepted
    pair = store.access_tokens.get(value or "")
    # A token issued to another app is as unknown as a made-up one: tokens are isolated per app.
    if pair is None or pair.app_key != app.app_key:
        raise errors.invalid_token(where)
    if pair.access_expires_at <= clock.now():
        raise errors.expired_token()
    auth = store.authorization_for(app.app_key, pair.seller_id)
    if auth is None:
        raise errors.invalid_token(where)  # the seller revoked the authorization
    return pair, auth


def _check_shop(cipher: str | None, rule: str, auth: Authorization, store: Store) -> Shop | None:
    if cipher is None:
        if rule == "required":
            raise errors.missing_shop_cipher()
        return None
    if rule == "forbidden":
        raise errors.unexpected_shop_cipher()
    shop = store.shops_by_cipher.get(cipher)
    if shop is None or shop.id not in auth.shop_ids:
        raise errors.shop_not_authorized()
    return shop
