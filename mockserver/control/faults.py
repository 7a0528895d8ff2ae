"""`/_mock/faults`: list, add and clear fault rules (mockserver/faults). Not part of the public API.

- `GET /_mock/faults` -> `{rules: [...]}` with each rule's `seen` (requests it matched) and `fired` counts;
- `POST /_mock/faults` with a rule object, or `{"rules": [...]}` -> the rules added (ids given or `rule-<n>`);
  an unknown key, a bad value or an undocumented error code is refused (36009004) and adds nothing;
- `DELETE /_mock/faults` -> `{cleared: n}`; `DELETE /_mock/faults/{id}` -> `{removed: true}` (40401 if unknown).
A reset (`POST /_mock/reset`) drops the rules added here and restores those configured (`--faults`, [[faults]]).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.control import answers
from mockserver.faults import codes
from mockserver.faults.rules import MAX_RULES, Rule, build
from mockserver.http import BodyTooLarge, read_body
from mockserver.partner import errors
from mockserver.runtime import Mock


def check_codes(rule: Rule, mock: Mock) -> None:
    if rule.error is not None and not codes.known(rule.dialect, rule.error, mock.registry):
        where = f"the {rule.dialect} dialect" if rule.dialect else "any dialect"
        raise ValueError(f"error {rule.error} is not a documented error code of {where}")


class FaultControl:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    def _ok(self, request: Request, data: Any) -> Response:
        return answers.ok(request, self.mock.request_id(), data)

    def _refuse(self, request: Request, err: errors.PartnerError) -> Response:
        return answers.refuse(request, self.mock.request_id(), err)

    async def faults(self, request: Request) -> Response:
        faults = self.mock.faults
        if request.method == "GET":
            return self._ok(request, {"rules": [r.describe() for r in faults.rules]})
        if request.method == "DELETE":
            return self._ok(request, {"cleared": faults.clear()})
        try:
            body = orjson.loads(await read_body(request, 256 * 1024) or b"{}")
            specs = body.get("rules") if isinstance(body, dict) and "rules" in body else [body]
            if not isinstance(specs, list) or not specs or len(specs) > MAX_RULES:
                raise ValueError(f'the body must be a rule object or {{"rules": [1 to {MAX_RULES} rules]}}')
            rules = []
            for spec in specs:
                if not isinstance(spec, dict):
                    raise ValueError("each rule must be a JSON object")
                faults.added += 1
                rule = build(spec, f"rule-{len(faults.rules) + faults.added}", self.mock.settings.seed)
                check_codes(rule, self.mock)
                rules.append(rule)
            known = {r.id for r in faults.rules}
            if len(known | {r.id for r in rules}) != len(known) + len(rules):
                raise ValueError("fault rule ids must be unique")
            if len(faults.rules) + len(rules) > MAX_RULES:
                raise ValueError(f"at most {MAX_RULES} fault rules")
            for rule in rules:
                faults.add(rule)
        except (ValueError, TypeError, BodyTooLarge, orjson.JSONDecodeError) as e:
            return self._refuse(request, errors.invalid_param(f"Fault rule refused: {e}"))
        return self._ok(request, {"added": [r.describe() for r in rules]})

    async def fault(self, request: Request) -> Response:
        if not self.mock.faults.remove(str(request.path_params["rule_id"])):
            return self._refuse(request, errors.PartnerError(40401, "no fault rule with that id", 404))
        return self._ok(request, {"removed": True})

    def routes(self) -> list[Route]:
        return [
            Route("/faults", self.faults, methods=["GET", "POST", "DELETE"]),
            Route("/faults/{rule_id}", self.fault, methods=["DELETE"]),
        ]
