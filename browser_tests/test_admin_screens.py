"""The admin as the studio uses it, in Chromium: a lead (made through the API) sees the studio's
name, a customer's orders, balance and measurements, edits measurements as rows and sees the
low-stock mark only where stock is low; a junior edits measurements but not customers. Each page
runs under the Content-Security-Policy with no request to another host. The customer page and
the measurement form are kept as screenshots in docs/screenshots/."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD, LeadFactory
from browser_tests.conftest import screenshot_path
from browser_tests.test_content_security_policy import assert_clean, log_in_to_admin
from conftest import client_for
from customers import services as customer_services
from inventory.tests.factories import InventoryItemFactory
from measurements import services as measurement_services
from measurements.models import Measurement
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db(transaction=True)


def team_member_via_api(username: str, role: str):
    """A member of the team as a studio makes one: POST /api/v1/users/ by a lead."""
    response = client_for(LeadFactory(username="founder")).post(
        "/api/v1/users/", {"username": username, "password": TEST_PASSWORD, "role": role}
    )
    assert response.status_code == 201, response.content
    return response.data


@pytest.fixture
def studio(settings):
    settings.STUDIO_NAME = "Atelier Adaeze"
    settings.STUDIO_CURRENCY = "NGN"
    customer = customer_services.customer_create(
        actor=None, name="Adaeze Okafor", email="adaeze@example.com", phone="+234 801 555 0101"
    )
    today = date.today()
    order = OrderFactory(
        customer=customer,
        title="Aso-ebi gown",
        price=Decimal("1500.00"),
        amount_paid=Decimal("500.00"),
        delivery_date=today + timedelta(days=10),
    )
    OrderFactory(
        customer=customer, title="Bridesmaid dress", price=Decimal("800.00"), delivery_date=today + timedelta(days=24)
    )
    measurement = measurement_services.measurement_create(
        actor=None, customer=customer, type="dress", values={"bust": 92.5, "waist": 71, "hips": 98}
    )
    low = InventoryItemFactory(name="Gold lace", quantity=Decimal("1.00"), reorder_level=Decimal("5.00"))
    plenty = InventoryItemFactory(name="White satin", quantity=Decimal("40.00"), reorder_level=Decimal("5.00"))
    return {"customer": customer, "order": order, "measurement": measurement, "low": low, "plenty": plenty}


def test_a_lead_works_with_customers_measurements_and_stock(page, studio):
    team_member_via_api("amaka", Role.LEAD)
    customer, measurement = studio["customer"], studio["measurement"]
    log_in_to_admin(page, "amaka")
    browser = page.page

    assert browser.locator("#site-name").inner_text() == "Atelier Adaeze"
    assert "Today at Atelier Adaeze" in browser.locator("#content h1").inner_text()

    browser.goto(f"/admin/customers/customer/{customer.pk}/change/")
    orders = browser.locator("#orders-group")
    assert orders.get_by_role("link", name="Aso-ebi gown").get_attribute("href") == (
        f"/admin/orders/order/{studio['order'].pk}/change/"
    )
    assert "NGN 1,000.00" in orders.inner_text()
    assert browser.locator(".field-balance_due .readonly").inner_text() == "NGN 1,800.00"
    values = browser.locator("#measurements-group table.measurement-values tr")
    assert values.count() == 3
    assert values.nth(0).inner_text().split() == ["bust", "92.5", "cm"]
    assert_clean(page)
    browser.screenshot(path=screenshot_path("admin-customer.png"), full_page=True)

    browser.goto(f"/admin/measurements/measurement/{measurement.pk}/change/")
    assert browser.input_value("#id_values-name-0") == "bust"
    browser.fill("#id_values-value-0", "93")
    browser.fill("#id_values-name-3", "shoulder")
    browser.fill("#id_values-value-3", "39.5")
    browser.click("button.measurement-add-row")
    browser.select_option("#id_unit", "in")
    assert browser.locator(".measurement-unit").first.inner_text() == "in"
    browser.fill("#id_values-value-1", "")
    browser.fill("#id_values-name-1", "")
    browser.fill(f"#id_values-name-{browser.locator('tr.measurement-row').count() - 1}", "sleeve")
    browser.fill(f"#id_values-value-{browser.locator('tr.measurement-row').count() - 1}", "24")
    browser.select_option("#id_unit", "cm")
    browser.screenshot(path=screenshot_path("admin-measurement.png"), full_page=True)
    assert_clean(page)
    browser.click("input[name=_save]")
    browser.wait_for_selector(".messagelist .success")

    measurement = Measurement.objects.get(pk=measurement.pk)
    assert measurement.values == {"bust": 93, "hips": 98, "shoulder": 39.5, "sleeve": 24}
    assert measurement.updated_by.username == "amaka"
    assert "Dress measurements of Adaeze Okafor" in browser.locator(".messagelist").inner_text()

    browser.goto("/admin/inventory/inventoryitem/")
    low_row = browser.locator("#result_list tr", has_text="Gold lace")
    plenty_row = browser.locator("#result_list tr", has_text="White satin")
    assert low_row.locator(".low-stock-mark").count() == 1
    assert plenty_row.locator(".field-low_stock").inner_text().strip() == ""
    assert plenty_row.locator(".field-low_stock img").count() == 0
    assert_clean(page)


def test_a_bad_row_is_refused_in_the_browser_with_nothing_written(page, studio):
    team_member_via_api("amaka", Role.LEAD)
    measurement = studio["measurement"]
    log_in_to_admin(page, "amaka")
    browser = page.page

    browser.goto(f"/admin/measurements/measurement/{measurement.pk}/change/")
    browser.fill("#id_values-value-0", "1200")
    browser.click("input[name=_save]")
    browser.wait_for_selector(".errornote")

    assert "positive number below 1000" in browser.locator(".field-values .errorlist").inner_text()
    assert Measurement.objects.get(pk=measurement.pk).values == {"bust": 92.5, "waist": 71, "hips": 98}
    assert_clean(page)


def test_a_junior_edits_a_measurement_but_not_a_customer(page, studio):
    team_member_via_api("ngozi", Role.JUNIOR)
    customer, measurement = studio["customer"], studio["measurement"]
    log_in_to_admin(page, "ngozi")
    browser = page.page

    browser.goto(f"/admin/customers/customer/{customer.pk}/change/")
    assert browser.locator("input[name=_save]").count() == 0
    assert browser.locator("#id_name").count() == 0  # shown, not editable
    assert "Adaeze Okafor" in browser.locator("#content").inner_text()

    browser.goto(f"/admin/measurements/measurement/{measurement.pk}/change/")
    browser.fill("#id_values-value-1", "72")
    browser.click("input[name=_save]")
    browser.wait_for_selector(".messagelist .success")

    assert Measurement.objects.get(pk=measurement.pk).values["waist"] == 72
    assert_clean(page)
