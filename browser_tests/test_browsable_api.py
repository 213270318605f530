"""The browsable API as a designer's console, in Chromium: log in and land on the API root, move an
order on through its status form, read it on a phone; and the docs, served under a host name that
is not localhost (Swagger UI fetches a validator badge from another host unless it runs on
localhost), load nothing from another host."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import TEST_PASSWORD, LeadFactory
from browser_tests.conftest import PageRecorder, screenshot_path
from browser_tests.test_content_security_policy import assert_clean
from customers.tests.factories import CustomerFactory
from orders import services
from orders.models import Order, OrderStatusChange

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def lead_user():
    return LeadFactory(username="amaka", first_name="Amaka")


@pytest.fixture
def order(lead_user):
    return services.order_create(
        actor=lead_user,
        customer=CustomerFactory(name="Ngozi Eze"),
        title="Wedding gown, ivory silk",
        price=Decimal("1500.00"),
        delivery_date=timezone.localdate() + timedelta(days=21),
    )


def log_in(page, username: str) -> None:
    """The browsable API's own login, without ?next=."""
    page.goto("/api-auth/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("[type=submit]")
    page.wait_for_selector(".response-info")


def page_overflows(page) -> int:
    """How many pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"
    )


def test_login_without_next_lands_on_the_api_root(page, lead_user):
    log_in(page.page, lead_user.username)

    assert page.page.url.endswith("/api/v1/")
    assert page.page.title() == f"API root – {settings.STUDIO_NAME}"
    assert page.page.locator(".navbar-brand").inner_text() == settings.STUDIO_NAME
    assert_clean(page)


def test_status_change_posted_through_the_actions_form(page, lead_user, order):
    log_in(page.page, lead_user.username)
    page.page.goto(f"/api/v1/orders/{order.pk}/")
    page.page.click("text=Extra Actions")
    page.page.click("a:has-text('Set status')")
    page.page.wait_for_url(f"**/api/v1/orders/{order.pk}/status/")

    content = page.page.locator("textarea[name=_content]")
    assert '"status"' in content.input_value() and '"title"' not in content.input_value()
    content.fill('{"status": "in_progress", "note": "Cutting started"}')
    page.page.screenshot(path=screenshot_path("api-status-form.png"), full_page=True)
    page.page.click("button[data-method=PATCH]")
    page.page.wait_for_selector("text=HTTP 200 OK")

    assert '"status": "in_progress"' in page.page.locator(".response-info").inner_text()
    order = Order.objects.get(pk=order.pk)
    assert order.status == "in_progress"
    timeline = list(OrderStatusChange.objects.filter(order=order).values_list("from_status", "to_status", "note"))
    assert timeline == [(None, "pending", ""), ("pending", "in_progress", "Cutting started")]
    assert OrderStatusChange.objects.filter(order=order).last().changed_by == lead_user
    assert_clean(page)


@pytest.fixture
def phone_page(browser, _live_server_media_url, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    yield PageRecorder(context.new_page(), live_server.url)
    context.close()


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/orders/{id}/", "/api/v1/orders/{id}/status/"])
def test_pages_fit_a_phone_without_horizontal_scrolling(phone_page, lead_user, order, path):
    log_in(phone_page.page, lead_user.username)
    phone_page.page.goto(path.format(id=order.pk))
    phone_page.page.wait_for_selector(".response-info")

    assert phone_page.page.evaluate("window.innerWidth") == PHONE["width"]
    assert page_overflows(phone_page.page) == 0
    assert_clean(phone_page)


@pytest.fixture
def studio_host_page(browser, _live_server_media_url, live_server):
    """A page whose origin is http://studio.test:<port>/ (not localhost): its requests to that
    host are answered by the live server; any other host's are recorded and refused."""
    origin = f"http://studio.test:{live_server.url.rsplit(':', 1)[1]}"

    def serve(route):
        if route.request.url.startswith(origin + "/"):
            route.fulfill(response=route.fetch(url=live_server.url + route.request.url[len(origin) :]))
        else:
            route.abort()

    context = browser.new_context(base_url=origin, viewport={"width": 1280, "height": 900})
    context.route("**/*", serve)
    yield PageRecorder(context.new_page(), origin)
    context.close()


def test_swagger_ui_requests_nothing_from_another_host(studio_host_page):
    studio_host_page.page.goto("/api/docs/")
    studio_host_page.page.wait_for_selector(".opblock", timeout=20_000)

    assert studio_host_page.page.locator(".opblock").count() > 20
    assert studio_host_page.page.locator(".errors-wrapper").count() == 0
    assert_clean(studio_host_page)


def test_redoc_requests_nothing_from_another_host(studio_host_page):
    studio_host_page.page.goto("/api/redoc/")
    studio_host_page.page.wait_for_selector("[data-section-id]", timeout=20_000)

    assert studio_host_page.page.locator('img[alt="redocly logo"]').get_attribute("src") == (
        "/static/common/docs-logo.svg"
    )
    assert_clean(studio_host_page)
