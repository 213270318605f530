"""A new owner's day in the admin, in Chromium: log in as a lead the API created, see what is
overdue and due this week on the first screen, walk the worklist, move an order to completed and
take the balance without typing JSON; a junior only looks. The pictures of the three screens in
docs/screenshots/ (shown in the README) are made here."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from knox.models import AuthToken

from accounts import services as account_services
from accounts.models import Role
from accounts.tests.factories import TEST_PASSWORD
from browser_tests.conftest import screenshot_path
from customers import services as customer_services
from inventory.models import Unit
from inventory.services import inventory_item_create
from orders import services
from orders.models import Order, OrderStatus, OrderStatusChange, Payment

pytestmark = pytest.mark.django_db(transaction=True)

D = Decimal


def screenshot(page, name: str) -> None:
    page.page.screenshot(path=screenshot_path(name), full_page=True)


def member_created_through_the_api(page, *, by, username: str, role: str) -> None:
    """POST /api/v1/users/ over HTTP with the lead's token, as the studio's app would."""
    _, token = AuthToken.objects.create(user=by)
    response = page.page.request.post(
        "/api/v1/users/",
        data={"username": username, "password": TEST_PASSWORD, "role": role, "first_name": username.title()},
        headers={"Authorization": f"Token {token}"},
    )
    assert response.status == 201, response.text()


def log_in_to_admin(page, username: str) -> None:
    page.page.goto("/admin/login/")
    page.page.fill("#id_username", username)
    page.page.fill("#id_password", TEST_PASSWORD)
    page.page.click("input[type=submit]")
    page.page.wait_for_selector("#user-tools")


@pytest.fixture
def studio(db):
    """The owner's account (createsuperuser's kind) and a studio with a day's work: one order two
    days late, two due this week, one later, one without a date; a fabric running low."""
    owner = account_services.user_create(actor=None, username="owner", password=TEST_PASSWORD, role=Role.LEAD)
    today = timezone.localdate()
    ankara = inventory_item_create(
        actor=owner, name="Ankara wax print", unit=Unit.METRE, quantity=D("30.00"), reorder_level=D("5.00")
    )
    lace = inventory_item_create(
        actor=owner, name="Swiss voile lace", unit=Unit.YARD, quantity=D("6.00"), reorder_level=D("5.00")
    )
    inventory_item_create(actor=owner, name="Gold buttons", unit=Unit.PACK, quantity=D("2.00"), reorder_level=D("4.00"))
    ngozi = customer_services.customer_create(actor=owner, name="Ngozi Okafor", phone="+234 803 555 1234")
    bayo = customer_services.customer_create(actor=owner, name="Bayo Adeyemi", phone="0802 111 2222")
    kemi = customer_services.customer_create(actor=owner, name="Kemi Balogun", phone="+234 805 777 8888")

    def order(customer, title, days, price, items=(), paid=None):
        made = services.order_create(
            actor=owner,
            customer=customer,
            title=title,
            price=D(price),
            delivery_date=today + timedelta(days=days) if days is not None else None,
            items=[{"inventory_item": item, "quantity": D(quantity)} for item, quantity in items],
        )
        if paid:
            services.payment_record(actor=owner, order=made, amount=D(paid), method="cash", reference="deposit")
        return made

    late = order(ngozi, "Iro and buba for the wedding", -2, "45000.00", [(ankara, "2.50"), (lace, "1.50")], "20000.00")
    order(bayo, "Agbada, three pieces", 2, "60000.00", [(ankara, "4.00")], "30000.00")
    soon = order(kemi, "Kaftan with embroidery", 5, "25000.00")
    services.order_set_status(actor=owner, order=soon, status=OrderStatus.IN_PROGRESS)
    order(bayo, "Senator suit", 21, "38000.00")
    order(kemi, "Alterations: two blouses", None, "6000.00", paid="6000.00")
    return {"owner": owner, "late": late}


def test_a_lead_runs_the_day_from_the_admin(page, studio):
    member_created_through_the_api(page, by=studio["owner"], username="amaka", role=Role.LEAD)
    late = studio["late"]

    # The first screen: what is late and what is due this week, and the money.
    log_in_to_admin(page, "amaka")
    overdue = page.page.locator("#dashboard-overdue")
    assert "Iro and buba for the wedding" in overdue.inner_text()
    assert "2 d late" in overdue.inner_text()
    due_soon = page.page.locator("#dashboard-due-soon").inner_text()
    assert "Agbada, three pieces" in due_soon and "Kaftan with embroidery" in due_soon
    assert "NGN 118,000.00" in page.page.locator("#dashboard-outstanding").inner_text()
    assert "Gold buttons" in page.page.locator("#dashboard-low-stock").inner_text()
    screenshot(page, "admin-index.png")
    page.assert_clean()

    # The worklist: the overdue filter from the dashboard, its badge; a phone typed another way.
    page.page.click("#dashboard-overdue-count")
    page.page.wait_for_selector("#result_list")
    assert "due=overdue" in page.page.url
    rows = page.page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "2 d late" in rows.first.inner_text()

    page.page.goto("/admin/orders/order/")
    page.page.fill("#searchbar", "0803-555-1234")
    page.page.press("#searchbar", "Enter")
    page.page.wait_for_selector("#result_list")
    assert page.page.locator("#result_list tbody tr").count() == 1
    assert "Ngozi Okafor" in page.page.locator("#result_list tbody").inner_text()

    page.page.goto("/admin/orders/order/")
    table = page.page.locator("#result_list")
    assert table.locator("tbody tr").count() == 5
    # Fits 1280 px with the sidebar open: no column is cut off (the results box does not scroll)
    # and the last one ends inside the window.
    assert page.page.locator("#changelist .results").evaluate("box => box.scrollWidth <= box.clientWidth")
    last_header = table.locator("thead th").last.bounding_box()
    assert last_header["x"] + last_header["width"] <= 1280
    assert "Payment" in table.locator("thead th").last.inner_text().title()
    screenshot(page, "admin-orders.png")
    page.assert_clean()

    # The order's page: start work, complete it, take the balance; no JSON anywhere.
    page.page.click(f'#result_list a[href$="/{late.pk}/change/"]')
    page.page.wait_for_selector("#order-workflow")
    lines = page.page.locator("#items-group").inner_text()
    assert "Ankara wax print" in lines and "2.50 m" in lines and "1.50 yd" in lines
    assert page.page.locator('#order-status-form button[value="completed"]').count() == 0
    page.page.fill("#id_status_note", "Cutting started")
    page.page.click('#order-status-form button[value="in_progress"]')
    page.page.wait_for_selector("ul.messagelist .success")
    page.page.fill("#id_status_note", "Ready for fitting")
    page.page.click('#order-status-form button[value="completed"]')
    page.page.wait_for_selector("ul.messagelist .success")
    assert "in progress → completed" in page.page.locator("ul.messagelist").inner_text()

    assert page.page.input_value("#id_amount") == "25000.00"  # the balance, offered
    page.page.select_option("#id_method", "bank_transfer")
    page.page.fill("#id_reference", "GTB-0042")
    page.page.click("#order-payment-form button[type=submit]")
    page.page.wait_for_selector("ul.messagelist .success")
    assert "balance due NGN 0.00" in page.page.locator("ul.messagelist").inner_text()

    timeline = page.page.locator("#timeline-group").inner_text()
    for row in ("created as pending", "pending → in progress", "in progress → completed", "Ready for fitting"):
        assert row in timeline
    ledger = page.page.locator("#payments-group").inner_text()
    assert "NGN 25,000.00" in ledger and "GTB-0042" in ledger and "NGN 20,000.00" in ledger
    assert "Paid" in page.page.locator("#order-workflow").inner_text()
    screenshot(page, "admin-order.png")
    page.assert_clean()

    # What the services wrote.
    late = Order.objects.get(pk=late.pk)
    assert (late.status, late.amount_paid, late.balance_due) == (OrderStatus.COMPLETED, D("45000.00"), D("0.00"))
    assert late.completed_at is not None
    assert [str(row) for row in OrderStatusChange.objects.filter(order=late).order_by("id")] == [
        "created as pending",
        "pending → in progress",
        "in progress → completed",
    ]
    assert OrderStatusChange.objects.filter(order=late).last().changed_by.username == "amaka"
    payments = list(Payment.objects.filter(order=late).order_by("id").values_list("amount", "method", "reference"))
    assert payments == [(D("20000.00"), "cash", "deposit"), (D("25000.00"), "bank_transfer", "GTB-0042")]


def test_a_junior_sees_the_work_but_no_buttons_no_payment_form_and_no_money(page, studio):
    member_created_through_the_api(page, by=studio["owner"], username="tunde", role=Role.JUNIOR)

    log_in_to_admin(page, "tunde")
    assert "Iro and buba for the wedding" in page.page.locator("#dashboard-overdue").inner_text()
    assert page.page.locator("#dashboard-outstanding").count() == 0
    assert "NGN" not in page.page.locator("#studio-dashboard").inner_text()
    page.assert_clean()

    page.page.goto(f"/admin/orders/order/{studio['late'].pk}/change/")
    page.page.wait_for_selector("#order-workflow")
    assert page.page.locator("#order-status-form").count() == 0
    assert page.page.locator("#order-payment-form").count() == 0
    assert page.page.locator("#payments-group").count() == 0
    page.assert_clean()
