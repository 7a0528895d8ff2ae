"""Teeth for the legacy checks: each defect a broken Seller API could have is reported (and a faithful answer is
not). Responses and cases are small stand-ins with the attributes the checks read."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
import requests

from mockserver.contract.legacy import checks as c
from mockserver.contract.legacy.auth import EndpointPacer
from mockserver.contract.legacy.probes import LegacyAccessEnforced
from mockserver.contract.signer import RateLimiter
from tests.test_contract_signer import FakeAdapter

RATE = {"x-ratelimit-limit": ["5 req/s (burst 5)"], "x-ratelimit-remaining": ["4"], "x-ratelimit-reset-after": ["0"]}
ORDER = {
    "operationId": "legacy_get_single_order",
    "x-envelope": "standard",
    "x-error-domain": "ORD",
    "x-error-codes": [{"code": "ORD_DLV_003"}, {"code": "ORD_API_008"}],
}
REGISTRY = {"operationId": "legacy_register_webhook", "x-envelope": "registry", "x-error-domain": "WHK"}


class Response:
    def __init__(self, status: int, body: Any, headers: dict[str, list[str]] | None = None) -> None:
        self.status_code = status
        self.content = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.headers = {**RATE, "content-type": ["application/json"], **(headers or {})}

    def json(self) -> Any:
        return json.loads(self.content)

    def text_lossy(self) -> str:
        return self.content.decode("utf-8", "replace")


def case(op: dict[str, Any] = ORDER, negative: bool = False) -> Any:
    mode = SimpleNamespace(is_negative=negative)
    return SimpleNamespace(
        operation=SimpleNamespace(definition=SimpleNamespace(raw=op), label=op["operationId"]),
        meta=SimpleNamespace(generation=SimpleNamespace(mode=mode)),
    )


def error(code: str, reason: str = "a reason") -> dict[str, Any]:
    head = {"process_time": 0.01, "messages": "We could not process your request", "reason": reason, "error_code": code}
    return {"header": head, "data": None}


OK = {"header": {"process_time": 0.01, "messages": "Your request has been processed successfully"}, "data": {}}


def fails(check: Any, response: Response, kase: Any = None) -> str:
    with pytest.raises(AssertionError) as raised:
        check(None, response, kase or case())
    return str(raised.value)


def passes(check: Any, response: Response, kase: Any = None) -> bool:
    return check(None, response, kase or case()) in (None, True)


# --- server errors ---------------------------------------------------------------------------------------------------
def test_a_traceback_500_is_reported() -> None:
    assert "without a legacy error envelope" in fails(c.legacy_server_error_documented, Response(500, b"Traceback"))


def test_the_mocks_own_failure_500_is_reported() -> None:
    assert "MOCK_SERVER_500" in fails(c.legacy_server_error_documented, Response(500, error("MOCK_SERVER_500")))


def test_an_undocumented_use_case_500_is_reported() -> None:
    assert "ORD_USC_001" in fails(c.legacy_server_error_documented, Response(500, error("ORD_USC_001")))


def test_a_documented_upstream_500_is_the_api_as_it_is() -> None:
    assert passes(c.legacy_server_error_documented, Response(500, error("ORD_API_008", "Data Not Found")))


def test_501_is_reported_for_an_implemented_operation_only() -> None:
    answer = Response(501, error("MOCK_NOT_IMPLEMENTED"))
    fails(c.legacy_server_error_documented, answer)
    assert passes(c.legacy_server_error_documented, answer, case({**ORDER, "x-mock-implemented": False}))


# --- envelopes -------------------------------------------------------------------------------------------------------
def test_a_success_with_an_error_code_is_reported() -> None:
    body = {**OK, "header": {**OK["header"], "error_code": "ORD_DLV_003", "reason": "x"}}
    assert "a success carries error_code" in fails(c.legacy_envelope_well_formed, Response(200, body))


def test_an_error_without_reason_is_reported() -> None:
    assert "header.reason" in fails(c.legacy_envelope_well_formed, Response(400, error("ORD_DLV_003", "")))


def test_an_error_with_data_is_reported() -> None:
    assert "data: null" in fails(c.legacy_envelope_well_formed, Response(400, {**error("ORD_DLV_003"), "data": {}}))


def test_a_registry_status_line_must_match_the_http_status() -> None:
    body = {"data": None, "status": "200 Ok", "error_message": ["WHK_DLV_004: invalid url"]}
    assert "does not start with" in fails(c.legacy_envelope_well_formed, Response(400, body), case(REGISTRY))


def test_well_formed_answers_pass() -> None:
    assert passes(c.legacy_envelope_well_formed, Response(200, OK))
    assert passes(c.legacy_envelope_well_formed, Response(400, error("ORD_DLV_003")))


# --- codes -----------------------------------------------------------------------------------------------------------
def test_a_validation_code_answered_with_500_is_reported() -> None:
    assert "answers HTTP 400" in fails(c.legacy_error_code_matches_status, Response(500, error("ORD_DLV_003")))


def test_another_modules_validation_code_is_reported() -> None:
    assert "PRD_DLV_043" in fails(c.legacy_error_code_documented, Response(400, error("PRD_DLV_043")))


def test_valid_input_refused_with_an_undocumented_code_is_reported() -> None:
    assert "Valid data rejected" in fails(c.legacy_positive_data_accepted, Response(400, error("ORD_DLV_005")))
    assert passes(c.legacy_positive_data_accepted, Response(400, error("ORD_DLV_003")))  # documented: a rule


def test_missing_ratelimit_headers_are_reported() -> None:
    answer = Response(200, OK)
    del answer.headers["x-ratelimit-remaining"]
    assert "x-ratelimit-remaining" in fails(c.ratelimit_headers_present, answer)


# --- access ----------------------------------------------------------------------------------------------------------
def test_an_api_that_takes_any_token_is_reported() -> None:
    session = requests.Session()
    session.mount("http://", FakeAdapter([(200, {}, b"{}")]))
    check = LegacyAccessEnforced(session, "13004", "13004777", limiter=RateLimiter(0), pacer=EndpointPacer())
    sent = requests.Request(
        "GET", "http://fs/v2/fs/13004/order?order_id=1", headers={"Authorization": "Bearer c:x"}
    ).prepare()
    answer = SimpleNamespace(status_code=200, request=sent)
    message = fails(check, answer)  # type: ignore[arg-type]
    assert "no token" in message and "a token never issued" in message and "another app's fs_id" in message
