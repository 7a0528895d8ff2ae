"""Serves the files behind `doc_url` (Get Package Shipping Document): the label PDF (or PNG), for 24 hours.

Outside the Partner API (the real `doc_url` points at a CDN): no signature, no envelope; an unknown or expired
document answers 404 like a CDN would.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.fulfillment import backend
from mockserver.partner.fulfillment.handlers import DOC_PATH
from mockserver.runtime import Mock


class DocumentRoute:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    async def get(self, request: Request) -> Response:
        mock = self.mock
        with mock.store.lock:
            doc = mock.store.shipping_documents.get(request.path_params["doc_id"])
            if doc is None or doc.expires_at <= mock.clock.now_s():
                return Response(b"document not found or expired\n", 404, media_type="text/plain")
            content_type, body = backend.render_document(mock.store, doc)
        ext = "png" if content_type == "image/png" else "pdf"
        headers = {"content-disposition": f'inline; filename="{doc.package_id}-{doc.document_type.lower()}.{ext}"'}
        return Response(body, 200, headers=headers, media_type=content_type)

    def route(self) -> Route:
        return Route(DOC_PATH + "/{doc_id}", self.get, methods=["GET"])
