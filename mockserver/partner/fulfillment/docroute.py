"""Serves the files behind `doc_url` (Get Package Shipping Document): the label PDF (or PNG), for 24 hours; and the
files sellers upload (proofs of delivery, product files) at the URLs their upload answered.

Outside the Partner API (the real `doc_url` points at a CDN): no signature, no envelope on success; an unknown or
expired document answers 404 in the API host's envelope (36009009), as `/img/{uri}` does.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockserver.fulfillment import backend
from mockserver.fulfillment.models import ShippingDocument
from mockserver.http import locked
from mockserver.partner import errors
from mockserver.partner.dispatch import render_error
from mockserver.partner.fulfillment.handlers import DOC_PATH
from mockserver.runtime import Mock

#: Content types of uploaded files by format.
_TYPES = {"PDF": "application/pdf", "MP4": "video/mp4", "MOV": "video/quicktime", "WEBM": "video/webm"}


class DocumentRoute:
    def __init__(self, mock: Mock) -> None:
        self.mock = mock

    async def get(self, request: Request) -> Response:
        mock = self.mock

        def render() -> tuple[ShippingDocument, str, bytes] | Response | None:
            doc = mock.store.shipping_documents.get(request.path_params["doc_id"])
            upload = mock.store.compliance.files.get(request.path_params["doc_id"]) if doc is None else None
            if upload is not None:  # an uploaded file (proof of delivery, product file): served as it came
                disposition = {"content-disposition": f'inline; filename="{upload.name}"'}
                return Response(upload.data, 200, headers=disposition, media_type=_TYPES.get(upload.format))
            if doc is None or doc.expires_at <= mock.clock.now_s():
                return None
            return (doc, *backend.render_document(mock.store, doc))

        found = await locked(mock.store.lock, render)
        if isinstance(found, Response):
            return found
        if found is None:  # unknown or expired: answered like any unknown path of the API host
            return render_error(errors.invalid_path(), mock.request_id())
        doc, content_type, body = found
        ext = "png" if content_type == "image/png" else "pdf"
        headers = {"content-disposition": f'inline; filename="{doc.package_id}-{doc.document_type.lower()}.{ext}"'}
        return Response(body, 200, headers=headers, media_type=content_type)

    def route(self) -> Route:
        return Route(DOC_PATH + "/{doc_id}", self.get, methods=["GET"])
