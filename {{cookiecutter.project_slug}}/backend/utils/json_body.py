"""The media type of request bodies: JSON, or a 415."""

from email.message import Message

from fastapi import Depends, Request

from backend.error import UnsupportedMediaTypeError


async def require_json_body(request: Request) -> None:
    """Refuse a body sent without a JSON media type (``application/json`` or ``application/*+json``).

    FastAPI would otherwise not parse such a body and answer a puzzling 422.
    """
    if not await request.body():
        return  # no body at all: validation says what is missing
    header = Message()
    header["content-type"] = request.headers.get("content-type", "")
    subtype = header.get_content_subtype()
    if header.get_content_maintype() != "application" or not (subtype == "json" or subtype.endswith("+json")):
        raise UnsupportedMediaTypeError("The body must be sent as application/json.")


JSON_BODY = Depends(require_json_body)
