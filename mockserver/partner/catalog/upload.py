"""Upload Product Image's request: the multipart form (`data`, `use_case`), read with the standard library's
email parser; the image rules are the catalog's (catalog/images.py)."""

from __future__ import annotations

from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP

from mockserver.catalog.images import USE_CASES
from mockserver.partner.errors import PartnerError


def parse_form(raw: bytes, content_type: str) -> dict[str, tuple[bytes, str]]:
    """multipart/form-data fields: name -> (bytes, part content type). Anything unparsable gives {}."""
    if not content_type.lower().startswith("multipart/form-data"):
        return {}
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart():
        return {}
    fields: dict[str, tuple[bytes, str]] = {}
    for part in message.iter_parts():
        assert isinstance(part, Message)
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str) and name not in fields:
            payload = part.get_payload(decode=True)
            fields[name] = (payload if isinstance(payload, bytes) else b"", part.get_content_type())
    return fields


def read_upload(raw: bytes, content_type: str) -> tuple[bytes, str]:
    """(image bytes, use case) of the form, or the gateway's errors for a form without `data` or a bad use case."""
    fields = parse_form(raw, content_type)
    if "data" not in fields:
        raise PartnerError(36009004, "Data is a required field and has not been provided.", 400)
    use_case = fields.get("use_case", (b"MAIN_IMAGE", ""))[0].decode("utf-8", "replace").strip() or "MAIN_IMAGE"
    if use_case not in USE_CASES:
        raise PartnerError(11050001, "invalid param", 200)
    return fields["data"][0], use_case
