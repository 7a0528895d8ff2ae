"""Upload Product Image's request: the multipart form (`data`, `use_case`), read with python-multipart's streaming
parser within bounds (`max_multipart_parts`, `max_multipart_part_bytes`); the image rules are the catalog's
(catalog/images.py).

The parser stops at the first part past the count bound or the first byte past the size bound, so a 10 MB body of
180,000 empty parts costs as much as its first few parts. A body that is not a well-formed form gives no fields
(the gateway's "Data is a required field").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header

from mockserver.catalog.images import USE_CASES
from mockserver.partner.errors import PartnerError


@dataclass(frozen=True)
class FormLimits:
    max_parts: int = 16
    max_part_bytes: int = 10 * 1024 * 1024


class FormTooLarge(Exception):
    def __init__(self, error: PartnerError) -> None:
        super().__init__(error.message)
        self.error = error


@dataclass
class _Part:
    headers: dict[bytes, bytes] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0


def _boundary(content_type: str) -> bytes | None:
    kind, options = parse_options_header(content_type)
    boundary = options.get(b"boundary")
    if kind != b"multipart/form-data" or not boundary or len(boundary) > 70:
        return None
    return boundary


def parse_form(raw: bytes, content_type: str, limits: FormLimits = FormLimits()) -> dict[str, tuple[bytes, str]]:
    """multipart/form-data fields: name -> (bytes, part content type); the first part of a name wins. A body that
    does not parse gives {}; past a bound, `FormTooLarge`."""
    boundary = _boundary(content_type)
    if boundary is None:
        return {}
    parts: list[_Part] = []
    header: list[bytes] = [b"", b""]

    def part_begin() -> None:
        if len(parts) >= limits.max_parts:
            raise FormTooLarge(
                PartnerError(36009022, f"Invalid request format. The form has more than {limits.max_parts} parts.")
            )
        parts.append(_Part())

    def part_data(data: bytes, start: int, end: int) -> None:
        part = parts[-1]
        part.size += end - start
        if part.size > limits.max_part_bytes:
            raise FormTooLarge(
                PartnerError(36009021, "Invalid file size. The uploaded file size exceeds the maximum limit.", 413)
            )
        part.chunks.append(data[start:end])

    def header_field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def header_value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def header_end() -> None:
        parts[-1].headers[header[0].strip().lower()] = header[1].strip()
        header[0] = header[1] = b""

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": part_begin,
            "on_part_data": part_data,
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
        },
    )
    try:
        parser.write(raw)
        parser.finalize()
    except FormParserError:
        return {}
    fields: dict[str, tuple[bytes, str]] = {}
    for part in parts:
        _, disposition = parse_options_header(part.headers.get(b"content-disposition", b""))
        name = disposition.get(b"name")
        if name is None:
            continue
        key = name.decode("utf-8", "replace")
        if key not in fields:
            kind = parse_options_header(part.headers.get(b"content-type", b"text/plain"))[0]
            fields[key] = (b"".join(part.chunks), kind.decode("latin-1"))
    return fields


def read_upload(raw: bytes, content_type: str, limits: FormLimits = FormLimits()) -> tuple[bytes, str]:
    """(image bytes, use case) of the form, or the gateway's errors for a form without `data` or a bad use case."""
    try:
        fields = parse_form(raw, content_type, limits)
    except FormTooLarge as e:
        raise e.error from None
    if "data" not in fields:
        raise PartnerError(36009004, "Data is a required field and has not been provided.", 400)
    use_case = fields.get("use_case", (b"MAIN_IMAGE", ""))[0].decode("utf-8", "replace").strip() or "MAIN_IMAGE"
    if use_case not in USE_CASES:
        raise PartnerError(11050001, "invalid param", 200)
    return fields["data"][0], use_case
