"""The TikTok Shop Partner API dialect: signed requests (signer.py), the `{code, message, request_id, data}`
checks (checks.py), and the token endpoints of the auth host exercised for real against a mock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from requests.auth import AuthBase

from mockserver.contract import checks as partner
from mockserver.contract.checks import Check
from mockserver.contract.dialect import Dialect
from mockserver.contract.document import LINKS, Link
from mockserver.contract.signer import PartnerSigner, RateLimiter, Routes
from mockserver.contract.target import Target

if TYPE_CHECKING:
    from schemathesis import Case


class PartnerDialect(Dialect):
    name = "partner"
    hosts = ("open-api", "auth")
    links: ClassVar[tuple[Link, ...]] = LINKS
    disabled_builtins: ClassVar[dict[str, bool]] = {
        # The Partner API refuses in the envelope (the auth host with HTTP 200): `negative_data_rejected` wraps it.
        "negative_data_rejection": False,
        # `positive_data_accepted` wraps it, minus the whole floats (`5.0`) Go's JSON decoding refuses in int fields.
        "positive_data_acceptance": False,
        # RFC 9110's Allow header on 405: the real gateway's headers are not documented; the code (36009010) is
        # checked.
        "unsupported_method": False,
        "allow_header_conformance": False,
        # Its probes go out unsigned, and the gateway checks app_key first (HTTP 400, reference §3.2), so they prove
        # nothing: `credentials_enforced` re-sends signed requests with a wrong/missing sign and without the token.
        "ignored_auth": False,
        # Replaced by the Partner `not_a_server_error` (checks.py), which lets the mock's 501 for an operation
        # marked `x-mock-implemented: false` through (`--all-operations`).
        "not_a_server_error": False,
    }
    secret_keys: ClassVar[list[str]] = [
        "x-tts-access-token", "app_secret", "access_token", "refresh_token", "auth_code", "sign",
    ]  # fmt: skip

    def __init__(self, target: Target) -> None:
        super().__init__(target)
        target.identity  # noqa: B018 - resolve the credentials now: a run that cannot sign fails before it starts

    def document(self) -> dict[str, Any]:
        return self.target.document()

    def is_auth_operation(self, op: dict[str, Any]) -> bool:
        return op.get("x-host") == "auth"

    def auth(self, routes: Routes, limiter: RateLimiter) -> AuthBase:
        t = self.target
        return PartnerSigner(
            routes, t.identity.app_key, t.identity.app_secret, t.tokens, t.identity.shop_cipher,
            now=t.now, limiter=limiter,
        )  # fmt: skip

    def checks(self, auth: AuthBase, limiter: RateLimiter) -> list[Check]:
        credentials = partner.CredentialsEnforced(self.target.http, limiter, self.target.config.timeout)
        return partner.partner_checks(credentials)

    def prepare(self, case: Case[Any]) -> None:
        """Valid credentials for the auth host's token endpoints in positive cases against a mock (a real API's
        consent needs a human): the success path is then exercised for real. Negative cases are left as drawn."""
        raw = case.operation.definition.raw
        if raw.get("x-host") != "auth" or partner.is_negative(case) or not self.target.is_mock:
            return
        identity = self.target.identity
        query = dict(case.query or {})
        query.update(app_key=identity.app_key, app_secret=identity.app_secret)
        if raw["operationId"] == "get_access_token":
            query.update(grant_type="authorized_code", auth_code=self.target.fresh_auth_code() or "")
        elif raw["operationId"] == "refresh_access_token":
            query["grant_type"] = "refresh_token"
            pair = self.target.tokens.pair
            if not _from_link(case) and pair is not None:
                query["refresh_token"] = pair.refresh_token
        case.query = query

    def describe(self) -> str:
        identity = self.target.identity
        return f"app_key {identity.app_key}, shop_cipher {identity.shop_cipher or '-'}"


def _from_link(case: Case[Any]) -> bool:
    meta = case.meta
    return meta is not None and str(meta.phase.name) == "stateful" and bool((case.query or {}).get("refresh_token"))
