"""The browsable API as a designer's console: the login lands on the API root, every page carries
the studio's name and a viewport for phones, and the dashboard reads as a page of its own."""

import pytest
from django.test import Client

from accounts.tests.factories import TEST_PASSWORD, LeadFactory

pytestmark = pytest.mark.django_db

HTML = {"HTTP_ACCEPT": "text/html"}


def test_login_without_next_lands_on_the_api_root():
    lead = LeadFactory()
    browser = Client()

    response = browser.post("/api-auth/login/", {"username": lead.username, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/"
    assert browser.get("/api/v1/", **HTML).status_code == 200


def test_login_with_next_still_goes_there():
    lead = LeadFactory()

    response = Client().post(
        "/api-auth/login/?next=/api/v1/orders/", {"username": lead.username, "password": TEST_PASSWORD}
    )

    assert response["Location"] == "/api/v1/orders/"


def test_pages_carry_the_studio_name_and_a_viewport(client, lead, settings):
    settings.STUDIO_NAME = "Adaeze Couture"
    client.force_login(lead)

    html = client.get("/api/v1/", **HTML).content.decode()

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "<title>API root – Adaeze Couture</title>" in html
    assert '<a class="navbar-brand" href="/api/v1/">Adaeze Couture</a>' in html
    assert "Django REST framework" not in html


def test_login_page_carries_the_studio_name_and_a_viewport(settings):
    settings.STUDIO_NAME = "Adaeze Couture"

    html = Client().get("/api-auth/login/").content.decode()

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "Adaeze Couture" in html
    assert "Django REST framework" not in html


def test_dashboard_renders_as_a_page_with_its_figures(client, lead):
    client.force_login(lead)

    response = client.get("/api/v1/dashboard/", **HTML)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Dashboard – " in html
    assert "outstanding_balance" in html and "low_stock_items" in html
