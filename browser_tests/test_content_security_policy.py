"""Every HTML page works under the Content-Security-Policy: loaded in Chromium, it renders what
it is for, with no violation reported and no request to another host."""

import pytest

from accounts.tests.factories import TEST_PASSWORD, LeadFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_to_admin(page, username: str) -> None:
    page.page.goto("/admin/login/")
    page.page.fill("#id_username", username)
    page.page.fill("#id_password", TEST_PASSWORD)
    page.page.click("input[type=submit]")
    page.page.wait_for_selector("#user-tools")


def log_in_to_browsable_api(page, username: str, next_path: str) -> None:
    page.page.goto(f"/api-auth/login/?next={next_path}")
    page.page.fill("#id_username", username)
    page.page.fill("#id_password", TEST_PASSWORD)
    page.page.click("[type=submit]")
    page.page.wait_for_selector(".response-info")


def assert_clean(page) -> None:
    page.page.wait_for_load_state("networkidle")
    assert page.violations() == []
    assert page.foreign_requests == []


@pytest.fixture
def lead_user():
    return LeadFactory(username="amaka", is_staff=True, is_superuser=True)


def test_admin_login_page_renders_under_the_policy(page):
    response = page.page.goto("/admin/login/")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.page.locator("#login-form").is_visible()
    assert_clean(page)


def test_admin_index_and_change_form_render_under_the_policy(page, lead_user):
    log_in_to_admin(page, lead_user.username)
    page.page.goto("/admin/inventory/inventoryitem/add/")
    page.page.wait_for_selector("#inventoryitem_form")

    assert page.page.locator("#id_name").is_visible()
    assert_clean(page)


def test_swagger_ui_renders_every_operation_under_the_policy(page):
    page.page.goto("/api/docs/")
    page.page.wait_for_selector(".opblock", timeout=20_000)

    assert page.page.locator(".opblock").count() > 20
    assert_clean(page)


def test_redoc_renders_the_schema_under_the_policy(page):
    page.page.goto("/api/redoc/")
    page.page.wait_for_selector("[data-section-id]", timeout=20_000)

    assert page.page.get_by_text("Fashion Designer Order & Client Management API").first.is_visible()
    # The sidebar's logo, served from this server instead of Redocly's CDN (common.docs).
    logo = page.page.locator('img[alt="redocly logo"]')
    assert logo.get_attribute("src") == "/static/common/docs-logo.svg"
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert_clean(page)


def test_browsable_api_renders_after_a_session_login_under_the_policy(page, lead_user):
    log_in_to_browsable_api(page, lead_user.username, "/api/v1/inventory/")

    assert "Inventory" in page.page.title()
    assert_clean(page)


def test_browsable_api_logs_out_without_inline_script(page, lead_user):
    log_in_to_browsable_api(page, lead_user.username, "/api/v1/")

    page.page.click(".navbar .dropdown-toggle")
    page.page.click("#logoutForm button")
    page.page.wait_for_load_state()

    assert page.page.locator(".navbar .dropdown-toggle").count() == 0
    assert page.page.goto("/api/v1/inventory/", wait_until="load").status in (401, 403)
    assert_clean(page)
