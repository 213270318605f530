"""ReDoc's bundle served from this server, with its sidebar logo from here too."""

import pytest
from django.contrib.staticfiles import finders

from common.docs import REDOC_BUNDLE, REDOC_CDN_LOGO, redoc_bundle


def test_the_sidecar_bundle_still_links_the_cdn_logo_that_we_replace():
    # If an upgrade of drf-spectacular-sidecar drops or renames this URL, look again at what the
    # bundle fetches (the browser test of ReDoc fails on any request to another host).
    with open(finders.find(REDOC_BUNDLE), "rb") as bundle:
        assert REDOC_CDN_LOGO in bundle.read()


def test_served_bundle_links_no_other_host_for_images_and_its_logo_is_local(client):
    content, version = redoc_bundle()

    response = client.get(f"/api/redoc/redoc.standalone.js?v={version}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response.content == content
    assert b"cdn.redoc.ly" not in content
    assert b'src:"/static/common/docs-logo.svg"' in content
    assert finders.find("common/docs-logo.svg")


def test_versioned_bundle_may_be_cached_for_a_year_an_unversioned_one_briefly(client):
    _, version = redoc_bundle()

    assert "max-age=31536000" in client.get(f"/api/redoc/redoc.standalone.js?v={version}")["Cache-Control"]
    assert client.get("/api/redoc/redoc.standalone.js")["Cache-Control"] == "public, max-age=300"


def test_bundle_is_gzipped_for_browsers_that_accept_it(client):
    response = client.get("/api/redoc/redoc.standalone.js", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) < len(redoc_bundle()[0]) / 2


@pytest.mark.django_db
def test_redoc_page_loads_our_bundle_and_no_web_fonts(client):
    _, version = redoc_bundle()

    html = client.get("/api/redoc/").content.decode()

    assert f'<script src="/api/redoc/redoc.standalone.js?v={version}"></script>' in html
    assert "fonts.googleapis.com" not in html
    assert "https://" not in html
