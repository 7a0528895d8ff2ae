"""Legacy Seller API checks, as schemathesis checks `(ctx, response, case) -> bool | None`.

- `legacy_envelope_well_formed`: the operation's envelope (`x-envelope`): `{header, data}` with `process_time` and
  `messages` always, `reason`/`error_code` empty (or absent) on success and set on an error, `data: null` on an
  error; the webhook registry's `{data, status, error_message}`; the token endpoint's OAuth bodies; the label's HTML.
- `legacy_error_code_matches_status`: `*_DLV_*` answers 400, `RBAC_*` 403, `*_USC_*`/`*_API_*`/`*_GRPC_*` 500.
- `legacy_error_code_documented`: a 400/403 carries a code the operation documents (x-error-codes), a parameter
  code of its module (`<x-error-domain>_DLV_*`) or a middleware code (`RBAC_*`).
- `legacy_server_error_documented`: a 5xx is accepted only as a well-formed error envelope whose code is a
  `*_USC_*`/`*_API_*`/`*_GRPC_*` code the operation documents (the real API answers those with 500); a 501 only for
  an operation the mock marks not implemented. Never a traceback, never a bare 500.
- `legacy_positive_data_accepted`: valid input is not refused, except with a code the operation documents (rules
  its schema cannot say, e.g. "order_id or invoice_num, not both").
- `legacy_negative_data_rejected`: invalid input is refused (any legacy error counts as a refusal).
- `ratelimit_headers_present`: every fs-host answer carries the `X-Ratelimit-*` headers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mockserver.contract.checks import Check, body_of, is_negative, only_query_invalid, query_is_valid, raw_operation

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

ERROR_CODE = re.compile(r"^[A-Z]+_[A-Z]+_[0-9A-Z_]+$")
#: The layers the real API answers with HTTP 500 (use case, upstream service, gRPC upstream).
SERVER_LAYERS = frozenset({"USC", "API", "GRPC"})
NOT_IMPLEMENTED = "MOCK_NOT_IMPLEMENTED"
RATE_HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset-after")
OAUTH_ERRORS = frozenset({"invalid_client", "invalid_request", "unsupported_grant_type", "temporarily_unavailable"})


# --- reading an operation and an answer ------------------------------------------------------------------------------
def envelope_kind(case: Case[Any]) -> str:
    return str(raw_operation(case).get("x-envelope", "standard"))


def documented(case: Case[Any]) -> set[str]:
    return {str(e["code"]) for e in raw_operation(case).get("x-error-codes", []) if isinstance(e, dict)}


def layer(code: str) -> str:
    parts = code.split("_")
    return parts[1] if len(parts) > 2 else ""


def error_codes(response: Response, case: Case[Any]) -> list[str]:
    """The legacy error codes an answer carries: the header's, or the registry's `"<code>: <reason>"` messages."""
    body = body_of(response)
    if not isinstance(body, dict):
        return []
    header = body.get("header")
    if isinstance(header, dict) and isinstance(header.get("error_code"), str) and header["error_code"]:
        return [header["error_code"]]
    messages = body.get("error_message")
    if envelope_kind(case) == "registry" and isinstance(messages, list):
        return [m.split(":", 1)[0] for m in messages if isinstance(m, str) and ":" in m]
    return []


def _success(response: Response) -> bool:
    return 200 <= response.status_code < 300


# --- envelope --------------------------------------------------------------------------------------------------------
def legacy_envelope_well_formed(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    kind, ok = envelope_kind(case), _success(response)
    if kind == "html" and ok:
        content_type = response.headers.get("content-type", [""])[0]
        if not content_type.startswith("text/html"):
            raise AssertionError(f"Malformed label: a success must be text/html, got {content_type!r}")
        return None
    body = body_of(response)
    if not isinstance(body, dict):
        shown = response.text_lossy()[:120] if response.content else "<empty>"
        raise AssertionError(f"Missing envelope: the body is not a JSON object: {shown}")
    problems = {"oauth": _oauth, "registry": _registry}.get(kind, _standard)(body, response.status_code)
    if problems:
        raise AssertionError(f"Malformed {kind} envelope: " + "; ".join(problems))
    return None


def _standard(body: dict[str, Any], status: int) -> list[str]:
    header = body.get("header")
    if not isinstance(header, dict):
        return [f"no `header` object (keys: {sorted(body)})"]
    problems = [] if "data" in body else ["no `data`"]
    process_time = header.get("process_time")
    if isinstance(process_time, bool) or not isinstance(process_time, (int, float)) or process_time < 0:
        problems.append(f"header.process_time must be a number >= 0, got {process_time!r}")
    if not isinstance(header.get("messages"), str) or not header["messages"]:
        problems.append(f"header.messages must be a non-empty string, got {header.get('messages')!r}")
    if 200 <= status < 300:
        if header.get("error_code") not in (None, "", 0) or header.get("reason") not in (None, ""):
            problems.append(f"a success carries error_code {header.get('error_code')!r} ({header.get('reason')!r})")
        return problems
    code, reason = header.get("error_code"), header.get("reason")
    if not isinstance(code, str) or not ERROR_CODE.match(code):
        problems.append(f"an error needs header.error_code <DOMAIN>_<LAYER>_<NNN>, got {code!r}")
    if not isinstance(reason, str) or not reason:
        problems.append(f"an error needs a header.reason, got {reason!r}")
    if body.get("data") is not None:
        problems.append("an error must carry `data: null`")
    return problems


def _registry(body: dict[str, Any], status: int) -> list[str]:
    missing = [k for k in ("data", "status", "error_message") if k not in body]
    if missing:
        return [f"missing {', '.join(missing)} (keys: {sorted(body)})"]
    problems = []
    line, messages = body["status"], body["error_message"]
    if not isinstance(line, str) or not line.startswith(str(status)):
        problems.append(f"status {line!r} does not start with the HTTP status {status}")
    if not isinstance(messages, list) or not all(isinstance(m, str) and m for m in messages):
        problems.append(f"error_message must be a list of strings, got {messages!r}")
    elif (200 <= status < 300) == bool(messages):
        problems.append(f"error_message {messages!r} on HTTP {status}")
    if status >= 400 and body["data"] is not None:
        problems.append("an error must carry `data: null`")
    return problems


def _oauth(body: dict[str, Any], status: int) -> list[str]:
    if 200 <= status < 300:
        token, kind, expires = body.get("access_token"), body.get("token_type"), body.get("expires_in")
        problems = [] if isinstance(token, str) and token else [f"no access_token (keys: {sorted(body)})"]
        if not isinstance(kind, str) or kind.lower() != "bearer":
            problems.append(f"token_type must be Bearer, got {kind!r}")
        if isinstance(expires, bool) or not isinstance(expires, int) or expires < 0:
            problems.append(f"expires_in must be an integer >= 0, got {expires!r}")
        return problems
    if body.get("error") not in OAUTH_ERRORS or not isinstance(body.get("error_description"), str):
        return [f"an error needs an OAuth `error` and `error_description`, got {body!r}"[:300]]
    return []


# --- error codes ---------------------------------------------------------------------------------------------------
def legacy_error_code_matches_status(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    for code in error_codes(response, case):
        expected = (
            403 if code.startswith("RBAC_") else {"DLV": 400, **dict.fromkeys(SERVER_LAYERS, 500)}.get(layer(code))
        )
        if expected is not None and response.status_code != expected:
            raise AssertionError(
                f"Wrong status for the code: {code} answers HTTP {expected}, got {response.status_code}"
            )
    return None


def legacy_error_code_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if response.status_code not in (400, 403):
        return True  # 401/404/405/413/429: situations no published code covers; 5xx: the server-error check
    domain = str(raw_operation(case).get("x-error-domain", ""))
    for code in error_codes(response, case):
        if code in documented(case) or code.startswith("RBAC_") or (domain and code.startswith(f"{domain}_DLV_")):
            continue
        op = raw_operation(case).get("operationId", "")
        raise AssertionError(
            f"Undocumented error code: HTTP {response.status_code} with {code}; {op} documents "
            f"{sorted(documented(case)) or 'none'}, plus {domain or 'its module'}_DLV_* and RBAC_*"
        )
    return None


def legacy_server_error_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    status = response.status_code
    if status < 500:
        return True
    body = body_of(response)
    codes = error_codes(response, case)
    if not codes:
        shown = response.text_lossy()[:160] if response.content else "<empty>"
        raise AssertionError(f"Server error: HTTP {status} without a legacy error envelope: {shown}")
    code = codes[0]
    reason = body.get("header", {}).get("reason") if isinstance(body, dict) else None
    if status == 501 and code == NOT_IMPLEMENTED and raw_operation(case).get("x-mock-implemented") is False:
        return None
    if status == 500 and layer(code) in SERVER_LAYERS and code in documented(case):
        return None
    op = raw_operation(case).get("operationId", "")
    allowed = sorted(c for c in documented(case) if layer(c) in SERVER_LAYERS)
    raise AssertionError(
        f"Server error: HTTP {status} with {code} ({reason!r}); {op} documents "
        f"{', '.join(allowed) or 'no'} use-case/upstream errors (the only ones answered with HTTP 500)"
    )


# --- input ---------------------------------------------------------------------------------------------------------
def legacy_positive_data_accepted(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if case.meta is None or is_negative(case) or response.status_code < 400 or response.status_code >= 500:
        return True
    codes = error_codes(response, case)
    if response.status_code == 429 or (response.status_code == 403 and all(c.startswith("RBAC_") for c in codes)):
        return None  # throttled after the retries; or a shop/warehouse id the app is not linked to
    if codes and codes[0] in documented(case):
        return None
    body = body_of(response)
    shown = codes[0] if codes else (str(body)[:160] if body is not None else "<not JSON>")
    raise AssertionError(
        f"Valid data rejected: HTTP {response.status_code} with {shown}, which the operation does not document"
    )


def legacy_negative_data_rejected(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if not is_negative(case) or response.status_code >= 400:
        return True
    if _only_empty_optional_query(case):
        return None  # `?shop_id=`: Go's r.URL.Query().Get cannot tell empty from absent (README, legacy GUESSes)
    if _only_unknown_query(case):
        return None  # `?x=1`: a Go handler reads the parameters it knows and never sees others (README, legacy GUESSes)
    from schemathesis.specs.openapi.checks import negative_data_rejection

    return negative_data_rejection(ctx, response, case)


def _only_empty_optional_query(case: Case[Any]) -> bool:
    """The case is invalid only in its query, and only because optional parameters are sent empty: with those left
    out (Go's `r.URL.Query().Get` reads `?shop_id=` as no shop_id) the query is valid. Another invalid value next to
    an empty one is still judged."""
    if not only_query_invalid(case):
        return False
    required = {p.name for p in case.operation.query if p.is_required}
    query = case.query or {}
    empty = {k for k, v in query.items() if k not in required and v in ("", [""])}
    return bool(empty) and query_is_valid(case, {k: v for k, v in query.items() if k not in empty})


def _only_unknown_query(case: Case[Any]) -> bool:
    """The case is invalid only in its query, and only because it names parameters the operation does not declare:
    with those left out the query is valid."""
    if not only_query_invalid(case):
        return False
    declared = {p.name for p in case.operation.query}
    query = case.query or {}
    unknown = set(query) - declared
    kept = {k: _as_sent(v) for k, v in query.items() if k in declared}
    return bool(unknown) and query_is_valid(case, kept)


def _as_sent(value: Any) -> Any:
    """A query value as the server reads it: text that is a whole number is that number (an id a link or a pool
    put in as text is still the integer the schema asks for)."""
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return value


def ratelimit_headers_present(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if envelope_kind(case) == "oauth":
        return True  # the accounts host: its headers are not documented
    missing = [h for h in RATE_HEADERS if h not in response.headers]
    if missing:
        raise AssertionError(f"Missing rate-limit headers: {', '.join(missing)}")
    return None


LEGACY_CHECKS: tuple[Check, ...] = (
    legacy_envelope_well_formed,
    legacy_error_code_matches_status,
    legacy_error_code_documented,
    legacy_server_error_documented,
    legacy_positive_data_accepted,
    legacy_negative_data_rejected,
    ratelimit_headers_present,
)
