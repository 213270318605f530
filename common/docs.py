"""The API's documentation pages, with nothing loaded from another host.

ReDoc's bundle (drf-spectacular-sidecar) renders Redocly's logo from their CDN in its sidebar,
whatever its options say (`hideLogo` is about the API's own `x-logo`). Rather than commit a patched
1 MB copy that would drift from the installed sidecar, the bundle is served from here: the
sidecar's own file, read once per process with that one URL pointed at a local image, under a
URL that carries a hash of its content, so browsers may keep it for a year.
"""

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularRedocView

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_CDN_LOGO = b"https://cdn.redoc.ly/redoc/logo-mini.svg"
LOCAL_LOGO = "common/docs-logo.svg"
SOURCE_MAP = b"//# sourceMappingURL=redoc.standalone.js.map"


@cache
def redoc_bundle() -> tuple[bytes, str]:
    """The bundle with the logo served by us, and a short hash of it (the URL's version)."""
    path = finders.find(REDOC_BUNDLE)
    if path is None:
        raise RuntimeError(f"{REDOC_BUNDLE} not found: is drf_spectacular_sidecar installed?")
    with open(path, "rb") as bundle:
        content = bundle.read()
    content = content.replace(REDOC_CDN_LOGO, static(LOCAL_LOGO).encode())
    # The source map sits next to the sidecar's file, not next to this view.
    content = content.replace(SOURCE_MAP, b"//# sourceMappingURL=" + static(REDOC_BUNDLE + ".map").encode())
    return content, hashlib.sha256(content).hexdigest()[:16]


@require_safe
@gzip_page
def redoc_bundle_view(request):
    content, version = redoc_bundle()
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    response["ETag"] = f'"{version}"'
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "public, max-age=300"
    return response


class StudioRedocView(SpectacularRedocView):
    """drf-spectacular's ReDoc page, loading the bundle above (and no web fonts: see the template)."""

    def _redoc_standalone(self):
        return f"{reverse('redoc-bundle')}?v={redoc_bundle()[1]}"
