from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class NestingSafeJSONParser(JSONParser):
    """DRF's JSON parser, with a 400 instead of a 500 for documents nested too deeply.

    Python's json module raises RecursionError (not a ValueError, which DRF turns into a
    400) for a body like `[[[[…]]]]` nested some thousand levels deep.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type=media_type, parser_context=parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None


# The contract is JSON in and out (multipart only for uploads); a measurement's `values` object
# could not travel in a form anyway. Anything else is answered with 415.
JSON_ONLY = [NestingSafeJSONParser]
