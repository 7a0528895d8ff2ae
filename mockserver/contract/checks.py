"""Partner API checks beyond status codes, as schemathesis checks `(ctx, response, case) -> bool | None`.

- `envelope_well_formed`: `{code, message, request_id, data}` is there, with the right types.
- `request_id_present`: every answer carries a request_id (YYYYMMDDHHMMSS + hex).
- `code_matches_status`: an HTTP error never carries `code: 0`, a success never a non-zero code with no reason.
- `error_code_documented`: a non-zero `code` is one the operation (or its area) documents (x-error-codes) or a
  gateway error; in an HTTP 200 a non-zero code is a failure unless documented (or the input was invalid).
- `positive_data_accepted`: valid input is accepted; an integer sent as `5.0` may be refused (Go's JSON decoding).
- `negative_data_rejected`: invalid input is rejected (an error envelope counts as a rejection); a list whose
  only fault is empty pieces (`ids=a,,b`) is read without them.
- `response_data_conformance`: the success `data` matches the operation's schema, with the exact path.
- `credentials_enforced`: once per operation (until it passes), the same request re-sent with a wrong / missing
  sign and without the token is refused.
- `not_a_server_error`: no 5xx, except the mock's 501 (36009003) for an operation its document marks
  `x-mock-implemented: false` (in place of the built-in check, which knows no such exception).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import jsonschema_rs
import requests

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

    from mockserver.contract.signer import RateLimiter

Check = Callable[["CheckContext", "Response", "Case[Any]"], "bool | None"]

#: Errors the gateway may answer for any operation (common-errors guide, reference §3.2).
GATEWAY_CODES = frozenset(
    {
        36009002,  # too many requests
        36009003,  # internal error
        36009004,  # credentials / timestamp / parameter validation
        36009007,  # timeout
        36009009,  # invalid path
        36009010,  # invalid method
        36009014,  # invalid version
        36009021,  # body too large
        36009022,  # body format
        36009023,  # multipart expected
        101000,  # token / cipher mismatch
        105002,  # expired token
        105005,  # scope
        106001,  # invalid sign
        106013,  # missing shop_cipher
    }
)
#: The parameter-validation error (HTTP 400 on the open-api host; HTTP 200 on the auth host in the mock).
PARAM_ERROR = 36009004
REQUEST_ID = re.compile(r"^[0-9]{14}[0-9A-Fa-f]{8,}$")


# --- reading a response ----------------------------------------------------------------------------------------------
def body_of(response: Response) -> Any:
    try:
        return response.json()
    except Exception:
        return None


def envelope(response: Response) -> dict[str, Any] | None:
    """The body if it looks like an envelope (a JSON object with a `code`), else None."""
    body = body_of(response)
    return body if isinstance(body, dict) and "code" in body else None


def raw_operation(case: Case[Any]) -> dict[str, Any]:
    raw: dict[str, Any] = case.operation.definition.raw
    return raw


def host_of(case: Case[Any]) -> str:
    return str(raw_operation(case).get("x-host", "open-api"))


def documented_codes(case: Case[Any]) -> set[int]:
    return _codes(raw_operation(case))


def area_codes(case: Case[Any]) -> set[int]:
    """Codes documented by any operation of the same area (tag): the official error lists are per operation and
    incomplete, and an area shares its validation (e.g. `category_version` -> 12052217 across the product APIs)."""
    document = case.operation.schema.raw_schema
    tags = set(raw_operation(case).get("tags", ()))
    key = (id(document), tuple(sorted(tags)))
    cached = _AREA_CODES.get(key)
    if cached is None or cached[0] is not document:  # an id is reused once its object is gone
        codes = {
            code
            for item in document.get("paths", {}).values()
            for op in item.values()
            if isinstance(op, dict) and tags & set(op.get("tags", ()))
            for code in _codes(op)
        }
        cached = _AREA_CODES[key] = (document, codes)
    return cached[1]


def _codes(op: dict[str, Any]) -> set[int]:
    return {int(e["code"]) for e in op.get("x-error-codes", []) if isinstance(e, dict) and "code" in e}


#: Keyed by id(), holding the object too: it stays alive, so its id cannot be reused by another document.
_AREA_CODES: dict[tuple[int, tuple[str, ...]], tuple[Any, set[int]]] = {}


def is_negative(case: Case[Any]) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_negative


# --- checks ------------------------------------------------------------------------------------------------------
def envelope_well_formed(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    body = body_of(response)
    if not isinstance(body, dict):
        shown = response.text_lossy()[:120] if response.content else "<empty>"
        raise AssertionError(f"Missing envelope: the body is not a JSON object: {shown}")
    missing = [k for k in ("code", "message", "request_id") if k not in body]
    code = body.get("code")
    if code == 0 or host_of(case) == "open-api":
        missing += [] if "data" in body else ["data"]
    if missing:
        raise AssertionError(f"Malformed envelope: missing {', '.join(missing)} (keys: {sorted(body)})")
    if not isinstance(code, int) or isinstance(code, bool):
        raise AssertionError(f"Malformed envelope: `code` must be an integer, got {code!r}")
    if not isinstance(body["message"], str):
        raise AssertionError(f"Malformed envelope: `message` must be a string, got {body['message']!r}")
    if code == 0 and not isinstance(body["data"], dict):
        raise AssertionError(f"Malformed envelope: success `data` must be an object, got {type(body['data']).__name__}")
    if code != 0 and body.get("data") is not None:
        raise AssertionError("Malformed envelope: an error must carry `data: null`")
    return None


def request_id_present(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    body = envelope(response)
    if body is None:
        return True  # no envelope: envelope_well_formed reports it
    value = body.get("request_id")
    if not isinstance(value, str) or not value:
        raise AssertionError(f"request_id is not set (got {value!r})")
    if not REQUEST_ID.match(value):
        raise AssertionError(f"request_id {value!r} is not YYYYMMDDHHMMSS followed by hex digits")
    return None


def code_matches_status(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    body = envelope(response)
    if body is None:
        return True
    if response.status_code >= 400 and body.get("code") == 0:
        raise AssertionError(f"Success code on an error: HTTP {response.status_code} with `code: 0`")
    if 200 <= response.status_code < 300 and body.get("code") == 0 and "data" not in body:
        raise AssertionError("Success without data: `code: 0` and no `data`")
    return None


def error_code_documented(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    body = envelope(response)
    if body is None or body.get("code") in (0, None):
        return True
    code = body["code"]
    documented = documented_codes(case)
    op = raw_operation(case).get("operationId", "")
    if response.status_code == 200:
        allowed = documented | area_codes(case) | ({PARAM_ERROR} if is_negative(case) else set())
        if code not in allowed:
            raise AssertionError(
                f"Undocumented error in HTTP 200: code {code} ({body.get('message')!r}) is not in the error codes "
                f"that {op} (or its area) documents for this input ({sorted(documented) or 'none'})"
            )
        return None
    if code not in documented | area_codes(case) | GATEWAY_CODES:
        raise AssertionError(
            f"Undocumented error code: HTTP {response.status_code} with code {code} ({body.get('message')!r}); "
            f"{op} documents {sorted(documented) or 'none'}, plus the gateway errors"
        )
    return None


def negative_data_rejected(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Invalid input must be refused. The Partner API refuses in the envelope: a non-zero code is a rejection,
    whatever the HTTP status; otherwise the built-in check decides (it knows which mutations stay valid on the wire).
    """
    if not is_negative(case):
        return True
    body = envelope(response)
    if body is not None and body.get("code") != 0:
        return None
    if _valid_without_empty_list_items(case):
        return None  # `ids=a,,b` is two ids (README, GUESS choices)
    from schemathesis.specs.openapi.checks import negative_data_rejection

    return negative_data_rejection(ctx, response, case)


#: The mock's code for an operation it knows but does not implement (HTTP 501).
NOT_IMPLEMENTED = 36009003


def not_a_server_error(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if response.status_code < 500:
        return True
    body = envelope(response)
    code = body.get("code") if body is not None else None
    if (
        response.status_code == 501
        and code == NOT_IMPLEMENTED
        and raw_operation(case).get("x-mock-implemented") is False
    ):
        return None
    shown = response.text_lossy()[:160] if response.content else "<empty>"
    raise AssertionError(f"Server error: HTTP {response.status_code}: {shown}")


def _valid_without_empty_list_items(case: Case[Any]) -> bool:
    """The case is invalid only in its query, and with the empty pieces of its comma-separated lists left out (as
    the mock reads them) the query is valid: 61 ids of which 11 are empty are 50 ids, within maxItems."""
    query = dict(case.query or {})
    for name, value in list(query.items()):
        encoded = getattr(value, "encoded", None)  # schemathesis' DelimitedValue: a list sent joined by commas
        pieces = unquote(encoded).split(",") if isinstance(encoded, str) else value
        if isinstance(pieces, list) and "" in pieces:
            kept = [item for item in pieces if item != ""]
            if kept:
                query[name] = kept
            else:
                del query[name]
    return query != (case.query or {}) and only_query_invalid(case) and query_is_valid(case, query)


def only_query_invalid(case: Case[Any]) -> bool:
    """The case was generated invalid in its query and nowhere else."""
    from schemathesis.core.parameters import ParameterLocation

    meta = case.meta
    if meta is None:
        return False
    return {loc for loc, info in meta.components.items() if info.mode.is_negative} == {ParameterLocation.QUERY}


def query_is_valid(case: Case[Any], query: dict[str, Any]) -> bool:
    """`query` is valid for the operation's query schema (False when its schema cannot be compiled)."""
    from schemathesis.core.parameters import ParameterLocation

    try:
        return bool(case.operation.get_parameter_set(ParameterLocation.QUERY).get_strict_validator().is_valid(query))
    except Exception:  # a pattern jsonschema-rs cannot compile: no way to tell, so the case is judged as it is
        return False


def positive_data_accepted(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """Valid input must be accepted (the built-in check), except an integer field sent as a whole float (`5.0`):
    JSON Schema calls it an integer and schemathesis draws it in JSON bodies, but Go's encoding/json does not put it
    into an int64, and the gateway refuses it with 36009004 (README, GUESS choices)."""
    body = envelope(response)
    if not is_negative(case) and body is not None and body.get("code") == PARAM_ERROR and _whole_float_int(case):
        return None
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    return positive_data_acceptance(ctx, response, case)


def _whole_float_int(case: Case[Any]) -> bool:
    """Whether the body holds a float where the operation's body schema declares an integer."""
    content = raw_operation(case).get("requestBody", {}).get("content", {})
    schema = next((media.get("schema") for media in content.values() if isinstance(media, dict)), None)
    stack: list[tuple[Any, Any]] = [(case.body, schema)]
    while stack:
        value, node = stack.pop()
        if not isinstance(node, dict) or isinstance(value, bool):
            continue
        kind = node.get("type")
        if isinstance(value, float) and (kind == "integer" or (isinstance(kind, list) and "integer" in kind)):
            return True
        if isinstance(value, dict):
            declared = node.get("properties", {})
            stack.extend((item, declared.get(key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, node.get("items")) for item in value)
    return False


def response_data_conformance(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    body = envelope(response)
    if body is None or body.get("code") != 0 or response.status_code != 200:
        return True
    validator = _data_validator(case)
    if validator is None:
        return True
    errors = sorted(validator.iter_errors(body.get("data")), key=lambda e: list(map(str, e.instance_path)))
    if errors:
        lines = [f"data/{'/'.join(map(str, e.instance_path))}: {e.message}" for e in errors[:5]]
        raise AssertionError("Response data does not match the schema:\n" + "\n".join(lines))
    return None


#: Keyed by id(), holding the operation too (see _AREA_CODES).
_VALIDATORS: dict[int, tuple[Any, Any]] = {}


def _data_validator(case: Case[Any]) -> Any:
    raw = raw_operation(case)
    cached = _VALIDATORS.get(id(raw))
    if cached is None or cached[0] is not raw:
        try:
            schema = raw["responses"]["200"]["content"]["application/json"]["schema"]["oneOf"][0]["properties"]["data"]
        except (KeyError, IndexError, TypeError):
            schema = None
        cached = _VALIDATORS[id(raw)] = (raw, jsonschema_rs.validator_for(schema) if isinstance(schema, dict) else None)
    return cached[1]


class CredentialsEnforced:
    """Re-sends a request that succeeded with its credentials broken; each must be refused. Once per operation, until
    it passes."""

    VARIANTS = ("wrong sign", "no sign", "no access token")

    def __init__(self, http: requests.Session, limiter: RateLimiter, timeout: float = 30.0) -> None:
        self.http = http
        self.limiter = limiter
        self.timeout = timeout
        self.done: set[str] = set()
        self.__name__ = "credentials_enforced"  # schemathesis names a check by its __name__

    def __call__(self, ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        label = case.operation.label
        body = envelope(response)
        if host_of(case) != "open-api" or label in self.done or body is None or body.get("code") != 0:
            return True
        request = response.request
        if "sign=" not in (request.url or ""):
            return True
        accepted = [v for v in self.VARIANTS if self._accepted(self._variant(request, v))]
        if accepted:
            raise AssertionError(
                "Credentials not enforced: the API accepted the same request with " + " / with ".join(accepted)
            )
        self.done.add(label)  # only once it passed: Hypothesis replays a failing case and must see it fail again
        return None

    @staticmethod
    def _variant(request: requests.PreparedRequest, variant: str) -> requests.PreparedRequest:
        probe = request.copy()
        probe.hooks = {"response": []}
        parts = urlsplit(probe.url or "")
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        if variant == "wrong sign":
            pairs = [(k, _flip(v)) if k == "sign" else (k, v) for k, v in pairs]
        elif variant == "no sign":
            pairs = [(k, v) for k, v in pairs if k != "sign"]
        else:
            probe.headers.pop("x-tts-access-token", None)
        probe.url = urlunsplit(parts._replace(query=urlencode(pairs)))
        return probe

    def _accepted(self, probe: requests.PreparedRequest) -> bool:
        self.limiter.acquire()
        answer = self.http.send(probe, timeout=self.timeout, allow_redirects=False)
        try:
            body = answer.json()
        except ValueError:
            return 200 <= answer.status_code < 300
        code = body.get("code") if isinstance(body, dict) else None
        return 200 <= answer.status_code < 300 and code in (0, None)


def _flip(sign: str) -> str:
    """The same signature with its first hex digit changed: still well-formed, no longer right."""
    return ("1" if sign[:1] != "1" else "2") + sign[1:]


def partner_checks(credentials: CredentialsEnforced | None) -> list[Check]:
    checks: list[Check] = [
        not_a_server_error,
        envelope_well_formed,
        request_id_present,
        code_matches_status,
        error_code_documented,
        positive_data_accepted,
        negative_data_rejected,
        response_data_conformance,
    ]
    if credentials is not None:
        checks.append(credentials)
    return checks
