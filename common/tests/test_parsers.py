"""Parsed request bodies are valid Unicode: a lone surrogate is refused once, by the parser."""

import io
import json

import pytest
from django.test import RequestFactory
from rest_framework.exceptions import ParseError

from common.parsers import StudioJSONParser, StudioMultiPartParser, first_lone_surrogate


def test_a_deeply_nested_surrogate_is_found_without_recursion():
    document = "\ud800"
    for _ in range(5000):
        document = [{"k": document}]

    assert first_lone_surrogate(document) == "U+D800"


def test_the_json_parser_refuses_a_surrogate_in_a_nested_list():
    with pytest.raises(ParseError):
        StudioJSONParser().parse(io.BytesIO(json.dumps({"items": [{"size": "\udbff"}]}).encode()))


def test_the_multipart_parser_refuses_a_surrogate_decoded_from_the_body():
    # Only reachable when a charset decodes to one (the content negotiation refuses such
    # charsets first): the parser still does not hand it on.
    body = b'--B\r\nContent-Disposition: form-data; name="description"\r\n\r\n\\ud800\r\n--B--\r\n'
    request = RequestFactory().generic("POST", "/", body, content_type="multipart/form-data; boundary=B")
    context = {"request": request, "encoding": "unicode_escape"}

    with pytest.raises(ParseError):
        StudioMultiPartParser().parse(io.BytesIO(body), "multipart/form-data; boundary=B", context)
