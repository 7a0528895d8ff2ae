"""`legacy_access_enforced`: the negative side of pinning fs_id and shop_id.

Once per operation (until it passes: a failure shows again when Hypothesis replays it), a request that succeeded
is sent again with its access broken — no token, a token the API never issued, another app's fs_id, a shop not
linked to our fs_id — and each must be refused (HTTP 4xx/5xx).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from mockserver.contract.checks import raw_operation
from mockserver.contract.legacy.auth import EndpointPacer, wait_for
from mockserver.contract.signer import RateLimiter

if TYPE_CHECKING:
    from schemathesis import Case, CheckContext, Response

#: Well-formed (`c:` + 22 characters) but never issued.
FOREIGN_TOKEN = "c:" + "A" * 22


class LegacyAccessEnforced:
    def __init__(
        self,
        http: requests.Session,
        fs_id: str,
        other_shop_id: str,
        *,
        limiter: RateLimiter,
        pacer: EndpointPacer,
        timeout: float = 30.0,
    ) -> None:
        self.http = http
        self.fs_id = fs_id
        self.other_fs_id = str(int(fs_id) + 1) if fs_id.isdigit() else "1"
        self.other_shop_id = other_shop_id
        self.limiter = limiter
        self.pacer = pacer
        self.timeout = timeout
        self.done: set[str] = set()
        self.__name__ = "legacy_access_enforced"  # schemathesis names a check by its __name__

    def __call__(self, ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        op = str(raw_operation(case).get("operationId", ""))
        if op in self.done or raw_operation(case).get("x-envelope") == "oauth" or not 200 <= response.status_code < 300:
            return True
        accepted = [name for name, probe in self._variants(response.request) if self._accepted(op, probe)]
        if accepted:
            raise AssertionError(
                "Access not enforced: the API accepted the same request with " + " / with ".join(accepted)
            )
        self.done.add(op)  # only once it passed: Hypothesis replays a failing case and must see it fail again
        return None

    def _variants(self, request: requests.PreparedRequest) -> list[tuple[str, requests.PreparedRequest]]:
        parts = urlsplit(request.url or "")
        query = parse_qsl(parts.query, keep_blank_values=True)
        out = [("no token", _probe(request)), ("a token never issued", _probe(request, token=FOREIGN_TOKEN))]
        if f"/fs/{self.fs_id}/" in parts.path + "/":
            path = (parts.path + "/").replace(f"/fs/{self.fs_id}/", f"/fs/{self.other_fs_id}/", 1).rstrip("/")
            out.append(("another app's fs_id", _probe(request, url=urlunsplit(parts._replace(path=path)))))
        elif any(k == "fs_id" for k, _ in query):
            swapped = [(k, self.other_fs_id if k == "fs_id" else v) for k, v in query]
            out.append(
                ("another app's fs_id", _probe(request, url=urlunsplit(parts._replace(query=urlencode(swapped)))))
            )
        if any(k == "shop_id" for k, _ in query):
            swapped = [(k, self.other_shop_id if k == "shop_id" else v) for k, v in query]
            out.append(
                (
                    "a shop not linked to fs_id",
                    _probe(request, url=urlunsplit(parts._replace(query=urlencode(swapped)))),
                )
            )
        return out

    def _accepted(self, op: str, probe: requests.PreparedRequest) -> bool:
        for attempt in range(3):
            self.pacer.wait(op)
            self.limiter.acquire()
            answer = self.http.send(probe.copy(), timeout=self.timeout, allow_redirects=False)
            self.pacer.observe(op, answer.headers)
            if answer.status_code != 429:
                break
            self.pacer.sleep(wait_for(answer.headers, attempt))
        return 200 <= answer.status_code < 300


def _probe(
    request: requests.PreparedRequest, *, token: str | None = None, url: str | None = None
) -> requests.PreparedRequest:
    probe = request.copy()
    probe.hooks = {"response": []}
    if url is not None:
        probe.url = url
    elif token is None:
        probe.headers.pop("Authorization", None)
    else:
        probe.headers["Authorization"] = f"Bearer {token}"
    return probe
