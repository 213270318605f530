from decimal import Decimal

import pytest
from django.test import Client

from accounts.tests.factories import LeadFactory
from inventory.models import ChangeReason, InventoryChange, InventoryItem
from inventory.tests.assertions import assert_change_chain
from inventory.tests.factories import InventoryItemFactory

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/inventory/inventoryitem/add/"


@pytest.fixture
def admin_client_for_lead():
    user = LeadFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def form_data(**overrides):
    data = {
        "name": "Velvet",
        "description": "",
        "sku": "",
        "category": "fabric",
        "unit": "metre",
        "price": "20.00",
        "reorder_level": "1.00",
        "is_active": "on",
        "adjust_by": "",
        "adjust_reason": "adjustment",
        "adjust_note": "",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "0",
    }
    data.update(overrides)
    return data


def change_url(item) -> str:
    return f"/admin/inventory/inventoryitem/{item.pk}/change/"


def test_admin_add_goes_through_the_service_and_logs_the_initial_stock(admin_client_for_lead):
    response = admin_client_for_lead.post(ADD_URL, form_data(quantity="4.00"))

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    item = InventoryItem.objects.get(name="Velvet")
    assert (item.quantity, item.sku, item.created_by) == (Decimal("4.00"), None, admin_client_for_lead.user)
    assert list(InventoryChange.objects.filter(inventory_item=item).values_list("reason", flat=True)) == ["initial"]


def test_admin_change_form_shows_quantity_read_only(admin_client_for_lead, item):
    response = admin_client_for_lead.get(change_url(item))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "quantity" not in form.fields
    assert "adjust_by" in form.fields


def test_admin_adjust_goes_through_the_service(admin_client_for_lead, item):
    response = admin_client_for_lead.post(
        change_url(item), form_data(name="Silk", adjust_by="-2.50", adjust_reason="damage", adjust_note="stain")
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("Silk", Decimal("7.50"))
    latest = InventoryChange.objects.filter(inventory_item=item).latest("id")
    assert (latest.reason, latest.delta, latest.note) == (ChangeReason.DAMAGE, Decimal("-2.50"), "stain")
    assert_change_chain(item)


def test_admin_posted_quantity_is_ignored_on_change(admin_client_for_lead, item):
    admin_client_for_lead.post(change_url(item), form_data(name="Silk", quantity="999"))

    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_admin_adjust_below_zero_is_a_form_error(admin_client_for_lead, item):
    response = admin_client_for_lead.post(change_url(item), form_data(adjust_by="-11"))

    assert response.status_code == 200
    assert "adjust_by" in response.context["adminform"].form.errors
    item.refresh_from_db()
    assert item.quantity == Decimal("10.00")


def test_admin_duplicate_sku_in_another_case_is_a_form_error(admin_client_for_lead, item):
    response = admin_client_for_lead.post(ADD_URL, form_data(sku="silk-001", quantity="1"))

    assert response.status_code == 200
    assert "sku" in response.context["adminform"].form.errors
    assert InventoryItem.objects.count() == 1


def test_admin_delete_removes_an_unused_item(admin_client_for_lead, item):
    response = admin_client_for_lead.post(f"/admin/inventory/inventoryitem/{item.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not InventoryItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("params", ["", "?low_stock=yes", "?low_stock=no&unit__exact=metre", "?q=silk"])
def test_admin_item_list_renders(admin_client_for_lead, item, params):
    response = admin_client_for_lead.get(f"/admin/inventory/inventoryitem/{params}")

    assert response.status_code == 200


def test_admin_change_log_is_read_only(admin_client_for_lead, item):
    change = InventoryChange.objects.get(inventory_item=item)

    listing = admin_client_for_lead.get("/admin/inventory/inventorychange/")
    add = admin_client_for_lead.get("/admin/inventory/inventorychange/add/")
    delete = admin_client_for_lead.post(f"/admin/inventory/inventorychange/{change.pk}/delete/", {"post": "yes"})
    edit = admin_client_for_lead.post(
        f"/admin/inventory/inventorychange/{change.pk}/change/", {"note": "rewritten", "reason": "damage"}
    )

    assert listing.status_code == 200
    assert add.status_code == 403
    assert delete.status_code == 403
    assert edit.status_code == 403
    change.refresh_from_db()
    assert (change.note, change.reason) == ("", ChangeReason.INITIAL)


def test_admin_adjust_below_zero_is_refused_by_the_service_and_writes_nothing(admin_client_for_lead, item):
    response = admin_client_for_lead.post(change_url(item), form_data(name="Renamed", adjust_by="-10.01"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["adjust_by"] == ["Not enough stock of Silk charmeuse: 10.01 requested, 10.00 available."]
    item.refresh_from_db()
    assert (item.name, item.quantity) == ("Silk charmeuse", Decimal("10.00"))
    assert InventoryChange.objects.filter(inventory_item=item).count() == 1


def test_the_low_stock_mark_shows_only_on_low_items(admin_client_for_lead):
    InventoryItemFactory(name="Low silk", quantity=Decimal("1"), reorder_level=Decimal("5"))
    InventoryItemFactory(name="Plenty of lace", quantity=Decimal("50"), reorder_level=Decimal("5"))

    page = admin_client_for_lead.get("/admin/inventory/inventoryitem/").content.decode()

    rows = page.split("<tr")
    low_row = next(row for row in rows if "Low silk" in row)
    fine_row = next(row for row in rows if "Plenty of lace" in row)
    assert "low-stock-mark" in low_row
    assert "low-stock-mark" not in fine_row and "icon-no" not in fine_row


def test_the_item_list_speaks_the_studios_words(admin_client_for_lead):
    InventoryItemFactory(name="Archived tulle", is_active=False)

    page = admin_client_for_lead.get("/admin/inventory/inventoryitem/").content.decode()

    assert ">SKU<" in page and "Sku" not in page
    assert "By status" in page and ">Archived</a>" in page and "By is active" not in page
    assert ">Low stock<" in page


def test_the_archived_filter(admin_client_for_lead):
    InventoryItemFactory(name="Velvet")
    archived = InventoryItemFactory(name="Tulle", is_active=False)

    response = admin_client_for_lead.get("/admin/inventory/inventoryitem/", {"status": "archived"})

    assert list(response.context["cl"].result_list) == [archived]
