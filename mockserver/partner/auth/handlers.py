"""The auth host: the seller consent page and the token endpoints (GET, everything in the query string)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from mockserver.auth import backend
from mockserver.auth.errors import AuthError
from mockserver.http import json_response, locked
from mockserver.models import App, TokenPair
from mockserver.observe import AUTH, info_of
from mockserver.partner import envelope, errors
from mockserver.partner.auth.errors import to_partner
from mockserver.partner.dispatch import render_error
from mockserver.runtime import Mock

TokenAction = Callable[[App, dict[str, str]], TokenPair]


class AuthHandlers:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    async def authorize(self, request: Request) -> Response:
        """Consent page: auto-approves and redirects with `code` and `state`.

        Mock-only query options: `mock_shop_id` or `mock_seller_id` pick who authorizes (default: the first seeded
        seller); `mock_action=deny` answers as a seller who rejects (`code=null&error=auth_denied`).
        """
        q = request.query_params
        service_id = q.get("service_id") or q.get("app_key") or ""
        info = info_of(request.scope)
        info.dialect, info.operation_id = AUTH, "authorize"
        m = self.mock

        def grant() -> tuple[backend.Consent, dict[str, str]]:
            c = backend.consent(m.store, service_id, q.get("mock_seller_id"), q.get("mock_shop_id"))
            if q.get("mock_action") == "deny":
                return c, {"code": "null", "error": "auth_denied"}
            return c, {"code": backend.grant_code(m.store, m.settings, m.ids, m.clock, c)}

        try:
            c, params = await locked(m.store.lock, grant)
        except AuthError as err:
            refused, request_id = to_partner(err), self.mock.request_id()
            info.answered(refused.code, request_id, refused.message)
            return render_error(refused, request_id)
        info.answered(0)
        if q.get("state"):
            params["state"] = q["state"]
        sep = "&" if "?" in c.app.redirect_url else "?"
        return RedirectResponse(f"{c.app.redirect_url}{sep}{urlencode(params)}", status_code=302)

    async def token_get(self, request: Request) -> Response:
        m = self.mock

        def exchange(app: App, q: dict[str, str]) -> TokenPair:
            return backend.exchange_code(m.store, m.settings, m.ids, m.clock, app, q.get("auth_code", ""))

        info_of(request.scope).operation_id = "get_access_token"
        return await self._answer(request, "authorized_code", exchange)

    async def token_refresh(self, request: Request) -> Response:
        m = self.mock

        def renew(app: App, q: dict[str, str]) -> TokenPair:
            return backend.refresh(m.store, m.settings, m.ids, m.clock, app, q.get("refresh_token", ""))

        info_of(request.scope).operation_id = "refresh_access_token"
        return await self._answer(request, "refresh_token", renew)

    async def _answer(self, request: Request, grant_type: str, action: TokenAction) -> Response:
        """App credentials first, then the grant type, then the grant itself (the order the real host checks)."""
        request_id = self.mock.request_id()
        info = info_of(request.scope)
        info.dialect, info.request_id = AUTH, request_id
        q = dict(request.query_params)
        store = self.mock.store
        try:
            app = backend.check_app(store, q.get("app_key", ""), q.get("app_secret", ""))
            if q.get("grant_type") != grant_type:
                raise errors.invalid_grant_type(grant_type)
            data = await locked(store.lock, lambda: backend.token_data(store, action(app, q)))
        except AuthError as err:
            refused = to_partner(err)
            info.answered(refused.code, error=refused.message)
            return render_error(refused, request_id, with_data=False)
        except errors.PartnerError as err:
            info.answered(err.code, error=err.message)
            return render_error(err, request_id, with_data=False)
        info.answered(0)
        return json_response(envelope.success(data, request_id, message=envelope.AUTH_SUCCESS))
