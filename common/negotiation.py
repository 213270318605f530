"""Which parser reads a request body: only the one whose media type the request names exactly.

DRF matches `Content-Type` loosely: `*/*`, `application/*` and malformed values such as
`application/json;;;` select the JSON parser, and a `charset` parameter other than UTF-8 makes
it decode the body in that charset (even `unicode_escape`). Here the header must be a
well-formed, concrete media type (RFC 9110 syntax, without empty parameters) equal to one a
parser of the view reads; its only parameters may be `charset=utf-8` and, for multipart, the
`boundary`. Anything else is a 415 that says what is accepted.
"""

import re

from rest_framework.exceptions import UnsupportedMediaType
from rest_framework.negotiation import DefaultContentNegotiation

_TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_QUOTED = r'"(?:[^"\\\x00-\x08\x0a-\x1f\x7f]|\\[\t\x20-\x7e\x80-\xff])*"'
_PARAMETER = re.compile(rf"[ \t]*;[ \t]*({_TOKEN})=({_TOKEN}|{_QUOTED})")
_MEDIA_TYPE = re.compile(rf"({_TOKEN})/({_TOKEN})((?:{_PARAMETER.pattern})*)[ \t]*")

UTF_8 = "utf-8"
# Parameters a body's media type may carry, by media type (charset is allowed for all).
EXTRA_PARAMETERS = {"multipart/form-data": {"boundary"}}


def parse_media_type(header: str) -> tuple[str, dict[str, str]] | None:
    """`type/subtype` (lower case) and its parameters (names lower case, values unquoted), or
    None if the header is not one well-formed media type with distinct parameters."""
    match = _MEDIA_TYPE.fullmatch(header or "")
    if match is None:
        return None
    parameters: dict[str, str] = {}
    for name, value in _PARAMETER.findall(match.group(3)):
        name = name.lower()
        if name in parameters:
            return None
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        parameters[name] = value
    return f"{match.group(1)}/{match.group(2)}".lower(), parameters


def accepted_parameters(media_type: str, parameters: dict[str, str]) -> bool:
    allowed = {"charset"} | EXTRA_PARAMETERS.get(media_type, set())
    if not set(parameters) <= allowed:
        return False
    return parameters.get("charset", UTF_8).lower() == UTF_8


class StudioContentNegotiation(DefaultContentNegotiation):
    def select_parser(self, request, parsers):
        parsed = parse_media_type(request.content_type)
        if parsed is not None:
            media_type, parameters = parsed
            for parser in parsers:
                if parser.media_type == media_type and accepted_parameters(media_type, parameters):
                    return parser
        accepted = " or ".join(parser.media_type for parser in parsers)
        raise UnsupportedMediaType(
            request.content_type,
            detail=(
                f'Unsupported media type "{request.content_type}" in request. Send {accepted} '
                f"(the only parameter allowed is charset=utf-8"
                f"{', and boundary for multipart' if any(p.media_type in EXTRA_PARAMETERS for p in parsers) else ''})."
            ),
        )
