from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from common.docs import StudioRedocView, redoc_bundle_view
from common.views import HealthView
from config.status import SystemStatusView
from config.views import ApiRootView
from documents.urls import tracking_urlpatterns

api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("system/status/", SystemStatusView.as_view(), name="system-status"),
    path("", include("accounts.urls")),
    path("", include("studio.urls")),
    path("", include("inventory.urls")),
    path("", include("customers.urls")),
    # Before orders: its dashboard/ adds today's appointments to the orders' figures.
    path("", include("appointments.urls")),
    path("", include("orders.urls")),
    path("", include("measurements.urls")),
    path("", include("media_assets.urls")),
    path("", include("sync.urls")),
    path("", include("webhooks.urls")),
    path("", include("documents.urls")),
    path("", include("messaging.urls")),
]

urlpatterns = [
    path("healthz", HealthView.as_view(), name="healthz"),
    path("api/v1/", include(api_v1)),
    *tracking_urlpatterns,
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialiser as a script of its own (?script), so the page
    # needs no inline script under the Content-Security-Policy.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    # ReDoc's bundle with its sidebar logo served from here (common.docs), not from Redocly's CDN.
    path("api/redoc/", StudioRedocView.as_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", redoc_bundle_view, name="redoc-bundle"),
    path("api-auth/", include("accounts.session_urls")),
    path("admin/", admin.site.urls),
]

# Errors outside the API views answer JSON too, never an HTML page.
handler400 = "rest_framework.exceptions.bad_request"
handler404 = "common.views.not_found"
handler500 = "rest_framework.exceptions.server_error"
