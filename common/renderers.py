"""JSON responses encoded by orjson: the same bytes as DRF's JSONRenderer, several times faster.

DRF's renderer goes through the standard library's encoder with its Python `default` hook.
Here compact output without `indent` (what every API client gets) is encoded by orjson, and
whatever orjson does not encode natively (date-times, decimals, lazy strings, querysets...)
goes through DRF's own encoder hook, so a value is written as DRF writes it. An indented answer
(`Accept: application/json; indent=4`, the browsable API) and anything orjson refuses (a
non-string key, an integer beyond 64 bits) are rendered by DRF as before.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_drf_default = JSONEncoder().default
# U+2028 and U+2029 are escaped as DRF does (JSON that is also valid JavaScript).
_LINE_SEPARATOR, _PARAGRAPH_SEPARATOR = "\u2028".encode(), "\u2029".encode()


class StudioJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if self.compact and not self.ensure_ascii and indent is None:
            try:
                out = orjson.dumps(data, default=_drf_default, option=orjson.OPT_PASSTHROUGH_DATETIME)
            except TypeError:  # orjson.JSONEncodeError: DRF's renderer says what it makes of it
                pass
            else:
                if _LINE_SEPARATOR in out or _PARAGRAPH_SEPARATOR in out:
                    out = out.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")
                return out
        return super().render(data, accepted_media_type, renderer_context)
