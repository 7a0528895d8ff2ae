"""Secrets never reach the output: every text the kit prints or writes passes through a `Redactor`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"
#: Query/JSON keys whose values are secret whatever they hold (token responses, token endpoint queries).
SECRET_KEYS = ("app_secret", "access_token", "refresh_token", "auth_code", "x-tts-access-token", "client_secret")
_KEYED = re.compile(
    r"(?P<key>(?:" + "|".join(re.escape(k) for k in SECRET_KEYS) + r"))"
    r"(?P<sep>\"?\s*[:=]\s*\"?|'?\s*:\s*'?)(?P<value>[^\s\"'&,}]+)",
    re.IGNORECASE,
)


class Redactor:
    """Masks known secret values (and their URL/JSON-escaped forms) and values under secret keys."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self.add(*secrets)

    def add(self, *secrets: str) -> None:
        for secret in secrets:
            if secret and len(secret) >= 4:
                self._secrets |= {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}

    def __call__(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return _KEYED.sub(lambda m: m.group("key") + m.group("sep") + MASK, text)
