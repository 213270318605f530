"""The parsers every endpoint uses: DRF's, with the limits a public API needs.

Whatever they return is valid Unicode text: JSON's `\\ud800` escape (and, in a form, a charset
that decodes to one) can produce a lone surrogate, which no UTF-8 encoder accepts. Left in, it
reaches the error that echoes the input, a cache key or the database, and is a 500 there; it is
refused here, once, with a 400.
"""

import io
import re

from django.conf import settings
from django.utils.datastructures import MultiValueDict
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
SURROGATE_MESSAGE = (
    "The request holds text that is not valid Unicode: a lone surrogate ({code_point}, e.g. the JSON "
    "escape \\ud800 without its pair). Send UTF-8 text."
)


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def first_lone_surrogate(document) -> str | None:
    """The first lone surrogate in the keys and strings of a parsed document, as "U+XXXX".

    Iterative, so a document nested as deeply as the JSON parser allows is walked safely."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            found = LONE_SURROGATE.search(value)
            if found is not None:
                return f"U+{ord(found.group()):04X}"
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list | tuple):
            pending.extend(value)
    return None


def refuse_lone_surrogates(document) -> None:
    code_point = first_lone_surrogate(document)
    if code_point is not None:
        raise ParseError(SURROGATE_MESSAGE.format(code_point=code_point))


class StudioJSONParser(JSONParser):
    """DRF's JSON parser, plus:

    - bodies above DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413 (DRF reads the stream
      itself, so Django's own limit on request.body never applies to it);
    - a document nested too deeply is a 400, not the RecursionError (500) Python's json raises;
    - a lone surrogate anywhere (key or string) is a 400.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestBodyTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            document = super().parse(io.BytesIO(raw), media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
        refuse_lone_surrogates(document)
        return document


def _form_texts(data, files) -> list[str]:
    texts = [*data.keys(), *(value for _, values in data.lists() for value in values)]
    texts += [*files.keys(), *(upload.name or "" for _, uploads in files.lists() for upload in uploads)]
    return texts


class StudioMultiPartParser(MultiPartParser):
    """DRF's multipart parser; field names, values and file names must be valid Unicode."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type=media_type, parser_context=parser_context)
        refuse_lone_surrogates(_form_texts(parsed.data, parsed.files))
        return parsed


class StudioFormParser(FormParser):
    """DRF's form parser; names and values must be valid Unicode."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type=media_type, parser_context=parser_context)
        refuse_lone_surrogates(_form_texts(data, MultiValueDict()))
        return data
