"""Multipart uploads through the Partner API, signed as the docs say (the body is not signed)."""

from __future__ import annotations

from typing import Any

import httpx

from mockserver.testing import PartnerClient


def form(data: bytes, **fields: str) -> tuple[bytes, str]:
    files: dict[str, Any] = {"data": ("file", data, "application/octet-stream")}
    files.update({k: (None, v.encode()) for k, v in fields.items()})
    request = httpx.Request("POST", "http://x/", files=files)
    return request.read(), request.headers["content-type"]


def signed_upload(
    client: PartnerClient, path: str, data: bytes, *, cipher: Any = True, **fields: str
) -> httpx.Response:
    body, content_type = form(data, **fields)
    shop_cipher = client.shop_cipher if cipher is True else cipher
    params = client.signed_params(path, None, body, cipher=shop_cipher, multipart=True)
    headers = {"content-type": content_type, "x-tts-access-token": client.access_token or ""}
    return client.http.post(path, params=tuple(params), content=body, headers=headers)
