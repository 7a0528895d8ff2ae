"""Serves product images at the URLs Upload Product Image and Get Product return (`/img/{uri}`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response

from mockserver.catalog.images import placeholder_png, touch
from mockserver.catalog.models import UploadedImage
from mockserver.http import locked
from mockserver.partner import errors
from mockserver.partner.dispatch import render_error
from mockserver.runtime import Mock

THUMB = 300


def image_endpoint(mock: Mock) -> Callable[[Request], Awaitable[Response]]:
    async def serve(request: Request) -> Response:
        uri = request.path_params["uri"]

        def find() -> UploadedImage | None:
            touch(mock.store, uri)
            return mock.store.images.get(uri)

        image = await locked(mock.store.lock, find)
        if image is None:
            return render_error(errors.invalid_path(), mock.request_id())
        if image.data:
            return Response(image.data, media_type=image.content_type, headers={"cache-control": "max-age=86400"})
        thumb = "thumb" in request.query_params
        width, height = (THUMB, THUMB) if thumb else (image.width, image.height)
        return Response(placeholder_png(width, height, uri), media_type="image/png")

    return serve
