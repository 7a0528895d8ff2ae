"""The legacy Tokopedia Seller API dialect (`--dialect legacy`): its document (`/legacy/openapi.json`, or one built
from schemas/legacy for the real API), client-credentials auth, and the cases it adjusts before sending.

Pinning: in the parts of a case generated as valid, `fs_id` (path, query or body) becomes the app's fs_id and
`shop_id` the linked shop's, so that fuzzing reaches the behaviour behind the access checks instead of stopping at
401/403 on random ids; order and product ids mostly become ones that exist (pools.py), so that reads render real
records and writes change them. Negative parts keep what was drawn (invalid ids must be refused), and
`legacy_access_enforced` replays a successful request of each operation with another fs_id / shop_id / no token.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from requests.auth import AuthBase

from mockserver.contract.checks import Check
from mockserver.contract.dialect import Dialect
from mockserver.contract.document import Link, operations
from mockserver.contract.legacy import checks as legacy
from mockserver.contract.legacy.auth import ClientCredentials, LegacyAuth
from mockserver.contract.legacy.identity import resolve
from mockserver.contract.legacy.links import LINKS, LegacyConsistency
from mockserver.contract.legacy.pools import Pools
from mockserver.contract.legacy.probes import LegacyAccessEnforced
from mockserver.contract.signer import RateLimiter, Routes
from mockserver.contract.target import Target

if TYPE_CHECKING:
    from schemathesis import Case

TOKEN_OPERATION_ENVELOPE = "oauth"


class LegacyDialect(Dialect):
    name = "legacy"
    hosts = ("legacy",)
    links: ClassVar[tuple[Link, ...]] = LINKS
    disabled_builtins: ClassVar[dict[str, bool]] = {
        # HTTP 500 is how the real API answers use-case and upstream errors (ORD_API_008 "Data Not Found"):
        # `legacy_server_error_documented` accepts exactly the documented ones instead.
        "not_a_server_error": False,
        # Rules no schema can say ("order_id or invoice_num") answer 400 with a documented code:
        # `legacy_positive_data_accepted` knows them.
        "positive_data_acceptance": False,
        # Its probes would carry our Bearer token (the auth adds it to every request): `legacy_access_enforced`
        # replays requests without it, with a foreign token, fs_id and shop.
        "ignored_auth": False,
        # `legacy_negative_data_rejected` wraps it, minus the one leniency Go's query parsing forces: an optional
        # parameter sent empty (`?shop_id=`) is the same as one left out.
        "negative_data_rejection": False,
    }
    secret_keys: ClassVar[list[str]] = ["authorization", "access_token", "client_secret"]
    #: Fetching a shipping label with `printed` other than 0 marks it printed.
    mutating_reads: ClassVar[frozenset[str]] = frozenset({"legacy_get_shipping_label"})

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        self.consistency = LegacyConsistency()
        self.identity = resolve(target)
        self.tokens = ClientCredentials(
            target.http,
            self.identity.token_url,
            self.identity.client_id,
            self.identity.client_secret,
            target.redactor,
            now=target.now,
            timeout=target.config.timeout,
        )
        self.pools = Pools(
            target.http, target.base_url, self.identity.fs_id, self.identity.shop_id, target.now, target.config.timeout
        )

    @cached_property
    def _document(self) -> dict[str, Any]:
        return self.target.legacy_document()

    def document(self) -> dict[str, Any]:
        return self._document

    def is_auth_operation(self, op: dict[str, Any]) -> bool:
        return op.get("x-envelope") == TOKEN_OPERATION_ENVELOPE

    def auth(self, routes: Routes, limiter: RateLimiter) -> AuthBase:
        basic = {str(op["operationId"]) for _, _, op in operations(self._document) if self.is_auth_operation(op)}
        auth = LegacyAuth(routes, basic, self.tokens, self.identity.fs_id, limiter=limiter)
        self.pools.auth = auth
        return auth

    def checks(self, auth: AuthBase, limiter: RateLimiter) -> list[Check]:
        assert isinstance(auth, LegacyAuth)
        access = LegacyAccessEnforced(
            self.target.http,
            self.identity.fs_id,
            self.identity.other_shop_id,
            limiter=limiter,
            pacer=auth.pacer,
            timeout=self.target.config.timeout,
        )
        return [*legacy.LEGACY_CHECKS, access]

    def warm(self) -> None:
        self.pools.warm()

    def after_reset(self) -> None:
        self.tokens.forget()

    def prepare(self, case: Case[Any]) -> None:
        raw = case.operation.definition.raw
        if self.is_auth_operation(raw):
            # The schema cannot say "grant_type in the query or the body": valid cases get it in the query.
            if case.meta is not None and not case.meta.generation.mode.is_negative:
                case.query = {**(case.query or {}), "grant_type": "client_credentials"}
            return
        # A path is text: an id a link took from an answer (`"order_id": 100000048`) is the string it is sent as, or
        # the negative-data check would count the integer as the invalid part of the case.
        path = {
            k: str(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in (case.path_parameters or {}).items()
        }
        if "fs_id" in path and not _drawn_invalid(case, "path", "fs_id"):
            path["fs_id"] = self.identity.fs_id
        if "order_id" in path and not _drawn_invalid(case, "path", "order_id"):
            path["order_id"] = self.pools.order(path["order_id"])
        if path != (case.path_parameters or {}):
            case.path_parameters = path
        query = dict(case.query or {})
        for name, value in self._pinned(query).items():
            if not _drawn_invalid(case, "query", name):
                query[name] = value
        if query != (case.query or {}):
            case.query = query
        if isinstance(case.body, (dict, list)) and not _drawn_invalid(case, "body", ""):
            case.body = self._pinned_body(case.body)

    def _pinned(self, params: dict[str, Any]) -> dict[str, Any]:
        """Our fs_id and shop, and mostly known orders and products, for the ids `params` (a query or a body
        object) holds."""
        out: dict[str, Any] = {}
        if "fs_id" in params:
            out["fs_id"] = self.identity.fs_id if isinstance(params["fs_id"], str) else int(self.identity.fs_id)
        if "shop_id" in params and self.identity.shop_id:
            out["shop_id"] = self.identity.shop_id if isinstance(params["shop_id"], str) else int(self.identity.shop_id)
        if "order_id" in params:
            out["order_id"] = self.pools.order(params["order_id"])
        if isinstance(params.get("product_id"), list):
            out["product_id"] = [self.pools.product(p) for p in params["product_id"]]
        elif "product_id" in params:
            out["product_id"] = self.pools.product(params["product_id"])
        return out

    def _pinned_body(self, body: Any) -> Any:
        if isinstance(body, list):  # bulk rows: [{"product_id": ...}, ...]
            return [{**row, **self._pinned(row)} if isinstance(row, dict) else row for row in body]
        out = {**body, **self._pinned(body)}
        if isinstance(out.get("products"), list):  # edit: products[].id
            out["products"] = [
                {**p, "id": self.pools.product(p["id"])} if isinstance(p, dict) and "id" in p else p
                for p in out["products"]
            ]
        return out

    def describe(self) -> str:
        i = self.identity
        return f"client_id {i.client_id}, fs_id {i.fs_id}, shop_id {i.shop_id or '-'}"


def _drawn_invalid(case: Case[Any], location: str, name: str) -> bool:
    """Whether the case may hold an invalid `name` in `location` on purpose (then it stays as drawn); `name` ""
    asks about the whole location."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return False
    data = meta.phase.data
    parameter = getattr(data, "parameter", None)
    if parameter is not None:  # the case names what it mutates
        where = getattr(data, "parameter_location", None)
        return bool((parameter == name or not name) and (where is None or str(where.value) == location))
    from schemathesis.core.parameters import ParameterLocation

    return meta.is_negative_at(ParameterLocation(location))
