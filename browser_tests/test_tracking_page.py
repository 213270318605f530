"""The customer's tracking page in Chromium, on a phone: readable without scrolling sideways,
no script, nothing fetched from another host, and nothing about the customer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import LeadFactory
from browser_tests.conftest import screenshot_path
from customers.tests.factories import CustomerFactory
from documents.services import tracking_link_create, tracking_path
from orders import services
from studio.services import studio_profile_update

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def tracked_order():
    lead = LeadFactory(username="amaka", first_name="Amaka")
    studio_profile_update(actor=lead, data={"name": "Ọ̀jọ́ Couture", "currency": "NGN"})
    customer = CustomerFactory(name="Adébáyọ̀ Ọ̀jọ́", phone="+234 801 555 0101", address="12 Allen Avenue")
    order = services.order_create(
        actor=lead,
        customer=customer,
        title="Aso-oke agbada, indigo",
        price=Decimal("185000.00"),
        delivery_date=timezone.localdate() + timedelta(days=12),
    )
    services.order_set_status(actor=lead, order=order, status="in_progress", note="Cutting the fabric")
    services.payment_record(actor=lead, order=order, amount=Decimal("100000.00"))
    return order, tracking_path(tracking_link_create(actor=lead, order=order))


def test_the_tracking_page_reads_on_a_phone_and_shows_nothing_personal(page, tracked_order):
    _order, path = tracked_order
    page.page.set_viewport_size(PHONE)

    response = page.page.goto(path)

    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    text = page.page.text_content("body")
    for shown in ("Ọ̀jọ́ Couture", "Aso-oke agbada, indigo", "In progress", "₦185,000.00 NGN", "₦85,000.00 NGN"):
        assert shown in text
    for hidden in ("Adébáyọ̀", "+234 801 555 0101", "12 Allen Avenue", "amaka", "Cutting the fabric"):
        assert hidden not in text
    assert page.page.evaluate("document.scripts.length") == 0
    overflow = page.page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"
    )
    assert overflow <= 0
    page.assert_clean()
    page.page.screenshot(path=screenshot_path("tracking-page-phone.png"), full_page=True)


def test_an_unknown_link_shows_a_plain_page(page, tracked_order):
    response = page.page.goto("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")

    assert response.status == 404
    assert "This link is not available" in page.page.inner_text("body")
    page.assert_clean()
