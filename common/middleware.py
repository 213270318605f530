"""Requests are read as UTF-8, whatever charset their Content-Type names."""

import codecs

UTF_8 = "utf-8"


class Utf8RequestMiddleware:
    """Django decodes the query string and form bodies in the charset of the Content-Type
    header, on any method: `GET /?category=%5Cud800` with `Content-Type: text/plain;
    charset=unicode_escape` hands a lone surrogate to the filters (a 500 once it reaches the
    database). URLs are UTF-8 (RFC 3986), and so is every body the API reads (a body naming
    another charset is a 415, see common.negotiation), so the request is decoded as UTF-8."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.encoding is not None and codecs.lookup(request.encoding).name != UTF_8:
            request.encoding = UTF_8
        return self.get_response(request)
