"""The JSON parser every endpoint uses: DRF's, with two limits a public API needs."""

import io

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class RequestBodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class StudioJSONParser(JSONParser):
    """DRF's JSON parser, plus:

    - bodies above DATA_UPLOAD_MAX_MEMORY_SIZE are refused with 413 (DRF reads the stream
      itself, so Django's own limit on request.body never applies to it);
    - a document nested too deeply is a 400, not the RecursionError (500) Python's json raises.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestBodyTooLarge(f"The request body is larger than {limit} bytes.")
        try:
            return super().parse(io.BytesIO(raw), media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
