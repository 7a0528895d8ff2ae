"""How every control-plane endpoint answers: the Partner envelope, the code noted for the access log and journal."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mockserver.http import json_response
from mockserver.observe import info_of
from mockserver.partner import envelope, errors
from mockserver.partner.dispatch import render_error


def ok(request: Request, request_id: str, data: Any) -> Response:
    info_of(request.scope).answered(0, request_id)
    return json_response(envelope.success(data, request_id))


def refuse(request: Request, request_id: str, err: errors.PartnerError) -> Response:
    info_of(request.scope).answered(err.code, request_id, err.message)
    return render_error(err, request_id)
