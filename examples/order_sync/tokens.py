"""Keeps one seller's access token fresh: refreshed ahead of `access_token_expire_in`, never after a failure."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tiktok_shop_api import TikTokShopAuth, TokenSet

#: Refresh when the access token has less than this left (seconds). Tokens live 7 days; the job runs often.
DEFAULT_MARGIN = 24 * 3600


@dataclass
class TokenKeeper:
    auth: TikTokShopAuth
    tokens: TokenSet
    margin: int = DEFAULT_MARGIN
    #: The job's clock. Injected so that tests can share the mock's clock when they move time forward.
    now: Callable[[], float] = time.time
    #: Called with each new token set, to persist it (a real job writes it to its database).
    on_refresh: Callable[[TokenSet], None] = field(default=lambda tokens: None)

    def access_token(self) -> str:
        if self.tokens.access_token_expire_in - self.now() <= self.margin:
            self.tokens = self.auth.refresh(self.tokens.refresh_token)
            self.on_refresh(self.tokens)
        return self.tokens.access_token
