"""Every error of the legacy Seller API dialect, as data.

Codes and reasons come from the reference (../shared/reference/tokopedia-seller-api.md §3.4): the format is
`<DOMAIN>_<LAYER>_<NNN>`. HTTP statuses: 403 for RBAC_MDLW_001 is confirmed; 400 for input validation (`*_DLV_*`)
and 500 for use-case/upstream errors (`*_USC_*`, `*_API_*`, `*_GRPC_*`) are the reference's GUESSes. Where the
reference gives no code at all (unknown path, bad token, rate limit), the mock uses its own `MOCK_*` codes so that
nobody mistakes them for real ones. Reasons with `%d`/`%s` are the real templates, filled in by `error()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# --- header.messages (confirmed strings) -----------------------------------------------------------------------------
SUCCESS = "Your request has been processed successfully"
MALFORMED = "We could not process your request due to malformed request, please check again"
SERVER = "Our server encounters an error, please try again later"
SERVER_PROBLEM = "We had a problem with our server. Try again later."
UNAUTHORIZED = "Unauthorized"  # GUESS: the 22-Oct-2021 news only says calls return an "unauthorized" error
TOO_MANY = "Too Many Requests"  # GUESS


@dataclass
class LegacyError(Exception):
    code: str
    reason: str
    http_status: int
    messages: str
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.reason}"


class Spec(NamedTuple):
    reason: str
    http_status: int
    messages: str


def _dlv(reason: str) -> Spec:
    return Spec(reason, 400, MALFORMED)


def _usc(reason: str) -> Spec:
    return Spec(reason, 500, MALFORMED)


def _api(reason: str) -> Spec:
    return Spec(reason, 500, SERVER)


CODES: dict[str, Spec] = {
    # --- orders -------------------------------------------------------------------------------------------------
    "ORD_DLV_001": _dlv("fs_id cannot be empty"),
    "ORD_DLV_002": _dlv("invalid fs_id format"),
    "ORD_DLV_003": _dlv("error order id and invoice no is empty"),
    "ORD_DLV_004": _dlv("must choose either order id or invoice no"),
    "ORD_DLV_005": _dlv("invalid order_id format"),
    "ORD_DLV_006": _dlv("invalid shop_id format"),
    "ORD_DLV_007": _dlv("invalid warehouse_id format"),
    "ORD_DLV_008": _dlv("please choose one between shop id or warehouse id"),
    "ORD_DLV_009": _dlv("from_date cannot be empty"),
    "ORD_DLV_010": _dlv("invalid from_date format"),
    "ORD_DLV_011": _dlv("to_date cannot be empty"),
    "ORD_DLV_012": _dlv("invalid to_date format"),
    "ORD_DLV_013": _dlv("Date Range must be less than %d days"),
    # 014..018: the reference lists "page/per_page empty or invalid; invalid status format" (order GUESS).
    "ORD_DLV_014": _dlv("page cannot be empty"),
    "ORD_DLV_015": _dlv("invalid page format"),
    "ORD_DLV_016": _dlv("per_page cannot be empty"),
    "ORD_DLV_017": _dlv("invalid per_page format"),
    "ORD_DLV_018": _dlv("invalid status format"),
    "ORD_DLV_019": _dlv("failed read body request"),
    "ORD_DLV_020": _dlv("wrong json format"),
    "ORD_DLV_021": _dlv("shipping ref number cannot be empty for confirm shipping"),
    "ORD_DLV_022": _dlv("Shop ID cannot be empty for set delivered"),
    "ORD_DLV_023": _dlv("order status is not supported"),
    "ORD_API_006": _api("There Are Error From Ext Service"),
    "ORD_API_008": _api("Data Not Found"),
    "ORD_API_009": _api("Error Data Order Too Big, Must Reduce Time Interval"),
    "ORD_API_016": _api("FS ID not authorized to reject cancel request"),
    "ORD_USC_001": _usc("Order Status not eligible to accept"),
    "ORD_USC_005": _usc("Order ID from shop id is not authenticate"),
    "ORD_USC_007": _usc("Error When Request Accept Order To Ext Service"),
    "ORD_USC_008": _usc("Order Status not eligible to reject"),
    "ORD_USC_009": _usc("Mandatory To Fill Reason"),
    "ORD_USC_011": _usc("No Matching product id"),
    "ORD_USC_012": _usc("Mandatory To Fill Shop Close End Date and Note"),
    "ORD_USC_013": _usc("Shop Close End Date Present But Invalid"),
    "ORD_USC_014": _usc("Error When Request Reject Order To Ext Service"),
    "ORD_USC_016": _usc("Order ID Status Must Be 500 (In Shipping Process) to Update Into Set Delivered"),
    "ORD_USC_019": _usc("need buyer cancellation request first"),
    "ORD_USC_020": _usc("not allowed to reject"),
    "ORD_USC_024": _usc("FS ID not associated with Shop ID"),
    # --- logistics ------------------------------------------------------------------------------------------------
    # LGS_DLV_*: no code is published; numbering GUESS, shaped like the other modules.
    "LGS_DLV_001": _dlv("fs_id cannot be empty"),
    "LGS_DLV_002": _dlv("invalid fs_id format"),
    "LGS_DLV_003": _dlv("invalid shop_id format"),
    "LGS_DLV_004": _dlv("shop_id cannot be empty"),
    "LGS_DLV_005": _dlv("invalid order_id format"),
    "LGS_DLV_006": _dlv("invalid request body"),
    "LGS_USC_006": _usc("Error When Request Confirm Shipping To Ext Service"),
    "LGS_USC_012": _usc("You have no permission to access this feature"),
    # --- products -------------------------------------------------------------------------------------------------
    "PRD_DLV_001": _dlv("fs_id cannot be empty"),
    "PRD_DLV_002": _dlv("invalid fs_id format"),
    "PRD_DLV_003": _dlv("invalid shop_id format"),
    "PRD_DLV_016": _dlv("shop_id cannot be empty"),
    "PRD_DLV_019": _dlv("invalid warehouse_id format"),
    "PRD_DLV_018": _dlv("Max allowed products per-update are %d products"),
    "PRD_DLV_038": _dlv("field %s is not allowed"),
    "PRD_DLV_042": _dlv("invalid %s format"),
    "PRD_DLV_043": _dlv("invalid request body"),
    "PRD_DLV_045": _dlv("%s should not be empty"),
    "PRD_DLV_049": _dlv("Invalid category id format"),
    "PRD_USC_001": _usc("fs_id Is Not Associated With Shop ID or Warehouse ID"),
    "PRD_USC_028": _usc("Product Status Not In Active or Warehouse. Edit Process Canceled"),
    "PRD_GRPC_003": _api("Data Not Found"),
    # --- shop (SHP_DLV numbering GUESS: the reference lists SHP_DLV_001..014 without texts) -----------------------
    "SHP_DLV_001": _dlv("fs_id cannot be empty"),
    "SHP_DLV_002": _dlv("invalid fs_id format"),
    "SHP_DLV_003": _dlv("invalid shop_id format"),
    "SHP_DLV_004": _dlv("invalid page format"),
    "SHP_DLV_005": _dlv("invalid per_page format"),
    "SHP_USC_001": _usc("FS ID not connected with Shop ID"),
    "SHP_USC_002": _usc("shop owner not found"),
    "SHP_USC_004": _usc("shop info empty"),
    # --- webhooks (registration; no code is published: GUESS) -----------------------------------------------------
    "WHK_DLV_001": _dlv("fs_id cannot be empty"),
    "WHK_DLV_002": _dlv("invalid fs_id format"),
    "WHK_DLV_003": _dlv("invalid request body"),
    "WHK_DLV_004": _dlv("invalid %s format"),
    # --- auth middleware (403 confirmed for RBAC_MDLW_001; the others' HTTP status GUESS) --------------------------
    "RBAC_MDLW_001": Spec("fs_id Is Not Associated With Shop ID or Warehouse ID", 403, MALFORMED),
    "RBAC_MDLW_002": Spec(
        "This shop owner has not given permission for your app to use this API on the shop", 403, MALFORMED
    ),
    # --- the mock's own: situations the reference gives no code for --------------------------------------------
    "MOCK_AUTH_001": Spec("access token is missing", 401, UNAUTHORIZED),
    "MOCK_AUTH_002": Spec("access token is invalid", 401, UNAUTHORIZED),
    "MOCK_AUTH_003": Spec("access token has expired", 401, UNAUTHORIZED),
    "MOCK_AUTH_004": Spec("access token was not issued for fs_id %s", 401, UNAUTHORIZED),
    "MOCK_ROUTE_404": Spec("no Seller API endpoint matches %s", 404, MALFORMED),
    "MOCK_ROUTE_405": Spec("method %s is not allowed on %s; allowed: %s", 405, MALFORMED),
    "MOCK_RATE_429": Spec("rate limit exceeded for this endpoint: %s", 429, TOO_MANY),
    "MOCK_BODY_413": Spec("request body is larger than %d bytes", 413, MALFORMED),
    "MOCK_TIMEOUT_408": Spec("request body was not received within %s s", 408, MALFORMED),
    "MOCK_PREFER_400": Spec("Prefer: code=%s is not a documented error of the Seller API", 400, MALFORMED),
    "MOCK_NOT_IMPLEMENTED": Spec(
        "tokopedia-mock does not implement %s %s yet; no state was changed", 501, SERVER_PROBLEM
    ),
    "MOCK_SERVER_500": Spec("tokopedia-mock failed to handle the request; no state was changed", 500, SERVER),
}

#: Per-module codes for the common parameter problems, so one parser serves every module.
FIELD_CODES: dict[str, dict[str, str]] = {
    "ORD": {
        "fs_id:empty": "ORD_DLV_001",
        "fs_id:invalid": "ORD_DLV_002",
        "order_id:invalid": "ORD_DLV_005",
        "shop_id:invalid": "ORD_DLV_006",
        "warehouse_id:invalid": "ORD_DLV_007",
        "body:unreadable": "ORD_DLV_019",
        "body:invalid": "ORD_DLV_020",
    },
    "PRD": {
        "fs_id:empty": "PRD_DLV_001",
        "fs_id:invalid": "PRD_DLV_002",
        "shop_id:invalid": "PRD_DLV_003",
        "shop_id:empty": "PRD_DLV_016",
        "warehouse_id:invalid": "PRD_DLV_019",
        "order_id:invalid": "PRD_DLV_042",
        "body:unreadable": "PRD_DLV_043",
        "body:invalid": "PRD_DLV_043",
    },
    "SHP": {
        "fs_id:empty": "SHP_DLV_001",
        "fs_id:invalid": "SHP_DLV_002",
        "shop_id:invalid": "SHP_DLV_003",
        "page:invalid": "SHP_DLV_004",
        "per_page:invalid": "SHP_DLV_005",
    },
    "LGS": {
        "fs_id:empty": "LGS_DLV_001",
        "fs_id:invalid": "LGS_DLV_002",
        "shop_id:invalid": "LGS_DLV_003",
        "shop_id:empty": "LGS_DLV_004",
        "order_id:invalid": "LGS_DLV_005",
        "body:unreadable": "LGS_DLV_006",
        "body:invalid": "LGS_DLV_006",
    },
    "WHK": {
        "fs_id:empty": "WHK_DLV_001",
        "fs_id:invalid": "WHK_DLV_002",
        "body:unreadable": "WHK_DLV_003",
        "body:invalid": "WHK_DLV_003",
    },
}


def error(code: str, *args: object) -> LegacyError:
    spec = CODES[code]
    reason = spec.reason % args if args else spec.reason
    return LegacyError(code, reason, spec.http_status, spec.messages)


def field_error(domain: str, problem: str) -> LegacyError:
    """The module's code for a common parameter problem, e.g. `field_error("ORD", "shop_id:invalid")`."""
    return error(FIELD_CODES[domain][problem])


def has_field_code(domain: str, problem: str) -> bool:
    return problem in FIELD_CODES.get(domain, {})


# --- row-level messages of bulk endpoints (confirmed texts) --------------------------------------------------------
INVALID_PRODUCT_ID = "Invalid Product ID."
INVALID_SKU = "Invalid SKU."


def product_row_error(product_id: int, problem: str) -> str:
    """Set active / inactive / delete report failed rows as strings (confirmed format)."""
    return f"Error Product ID [{product_id}] : {problem}"


RETRIEVE_PROBLEM = "There are some problem when retrieve product info"


# --- the token endpoint speaks OAuth 2.0, not the envelope (shape GUESS from the TS SDK's expectations) ---------
@dataclass
class OAuthError(Exception):
    error: str
    description: str
    http_status: int
    headers: dict[str, str] = field(default_factory=dict)


def invalid_client(description: str = "client authentication failed") -> OAuthError:
    return OAuthError("invalid_client", description, 401, {"WWW-Authenticate": 'Basic realm="tokopedia"'})


def unsupported_grant_type(given: str) -> OAuthError:
    return OAuthError("unsupported_grant_type", f"grant_type {given!r} is not supported; use client_credentials", 400)


def invalid_request(description: str) -> OAuthError:
    return OAuthError("invalid_request", description, 400)
