"""One role policy for the API and the admin (accounts.roles): Django's staff flag and groups
follow `role`, kept in step by the user service and after every migrate; and the admin, used
through its own views with a real password login, lets each role do what the API does.

The studio's rows are made through the API and its models found by name, so accounts' tests
import no domain app (and a measurement may live in customers or in measurements)."""

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.test import Client
from django.urls import resolve, reverse
from knox.models import AuthToken
from PIL import Image

from accounts import roles
from accounts.models import Role, User
from accounts.tests.factories import TEST_PASSWORD, LeadFactory, UserFactory
from conftest import client_for

pytestmark = pytest.mark.django_db

# What the API lets a junior do (API.md's role table), by model name: the admin must agree.
JUNIOR_VIEWS = {
    "customer",
    "order",
    "orderitem",
    "orderstatuschange",
    "inventoryitem",
    "inventorychange",
    "messagetemplate",
    "garmenttype",
    "appointment",
    "appointmentstatuschange",
}
JUNIOR_WRITES = {"measurement", "styleimage"}


def studio_model(model_name: str):
    """A studio model by name, wherever its app is (measurements move out of customers)."""
    (model,) = [
        model
        for model in apps.get_models()
        if model._meta.model_name == model_name and model._meta.app_label in roles.STUDIO_APPS
    ]
    return model


def admin_url(model_name: str, view: str, *args) -> str:
    opts = studio_model(model_name)._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def made_through_the_api(client, path: str, body: dict):
    response = client.post(path, body, format="json")
    assert response.status_code == 201, response.content
    model_name = {
        "/api/v1/customers/": "customer",
        "/api/v1/inventory/": "inventoryitem",
        "/api/v1/orders/": "order",
    }[path]
    return studio_model(model_name).objects.get(pk=response.json()["id"])


def a_customer(lead_client, name: str = "Ada"):
    return made_through_the_api(lead_client, "/api/v1/customers/", {"name": name})


def an_item(lead_client, name: str = "Silk"):
    return made_through_the_api(
        lead_client,
        "/api/v1/inventory/",
        {"name": name, "category": "fabric", "unit": "metre", "quantity": "10.00", "price": "12.50"},
    )


def an_order(lead_client, title: str = "Gown"):
    customer = a_customer(lead_client, name=f"Client of {title}")
    body = {"customer": customer.pk, "title": title, "price": "1500.00", "delivery_date": "2030-06-01", "items": []}
    return made_through_the_api(lead_client, "/api/v1/orders/", body)


def codenames(group_name: str) -> set[str]:
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def created_through_the_api(lead_client, role: str, username: str) -> User:
    response = lead_client.post(
        "/api/v1/users/", {"username": username, "password": TEST_PASSWORD, "role": role}, format="json"
    )
    assert response.status_code == 201, response.content
    return User.objects.get(pk=response.json()["id"])


def admin_login(username: str, password: str = TEST_PASSWORD) -> Client:
    """A browser logged into the admin through its own login page, with the password."""
    browser = Client(enforce_csrf_checks=True)
    assert browser.get("/admin/login/").status_code == 200
    response = browser.post(
        "/admin/login/?next=/admin/",
        {
            "username": username,
            "password": password,
            "next": "/admin/",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert browser.get("/admin/").status_code == 200
    return browser


def post(browser: Client, url: str, data: dict):
    return browser.post(url, {**data, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value})


def form_as_shown(response) -> dict:
    """The data a browser would post back from an admin change page, unchanged: the main form
    and every inline formset, as rendered."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            widget = bound.field.widget
            if hasattr(widget, "form_data"):  # a widget of several inputs that says what they post
                data.update(widget.form_data(bound.html_name, value))
            elif hasattr(widget, "widgets"):  # a split date/time
                parts = widget.decompress(value) if not isinstance(value, list) else value
                for index, part in enumerate(parts):
                    data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                data[bound.html_name] = widget.format_value(value) or ""
    data["_save"] = "Save"
    return data


def jpeg() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "sketch.jpg"
    return buffer


# -- the groups ----------------------------------------------------------------------------------


def test_the_lead_group_holds_every_permission_of_every_studio_model():
    studio_models = [model for model in apps.get_models() if model._meta.app_label in roles.STUDIO_APPS]
    expected = Permission.objects.filter(
        content_type__app_label__in=roles.STUDIO_APPS,
        content_type__model__in=[model._meta.model_name for model in studio_models],
    )

    lead_group = Group.objects.get(name=roles.LEAD_GROUP)

    assert set(lead_group.permissions.all()) == set(expected)
    assert lead_group.permissions.count() == 4 * len(studio_models)
    assert not lead_group.permissions.exclude(content_type__app_label__in=roles.STUDIO_APPS).exists()


def test_the_junior_group_views_what_a_junior_reads_and_changes_only_measurements_and_pictures():
    assert codenames(roles.JUNIOR_GROUP) == {f"view_{name}" for name in JUNIOR_VIEWS} | {
        f"{action}_{name}" for name in JUNIOR_WRITES for action in ("add", "change", "delete", "view")
    }


def test_every_app_of_the_project_is_either_a_studio_app_or_named_as_not_one():
    project = Path(settings.BASE_DIR).resolve()
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(project) and ".venv" not in Path(config.path).parts
    }

    assert ours - set(roles.STUDIO_APPS) - set(roles.NOT_STUDIO_APPS) == set()


# Each API endpoint and the model it reads or writes; "{id}" stands for any id.
API_MODELS = [
    ("/api/v1/customers/", "customer"),
    ("/api/v1/orders/", "order"),
    ("/api/v1/orders/1/timeline/", "orderstatuschange"),
    ("/api/v1/orders/1/payments/", "payment"),
    ("/api/v1/payments/1/", "payment"),
    ("/api/v1/inventory/", "inventoryitem"),
    ("/api/v1/inventory-changes/", "inventorychange"),
    ("/api/v1/measurements/", "measurement"),
    ("/api/v1/style-images/", "styleimage"),
    ("/api/v1/users/", "user"),
]


@pytest.mark.parametrize(("path", "model_name"), API_MODELS)
def test_the_junior_group_mirrors_what_the_api_lets_a_junior_do(path, model_name, lead_client):
    junior = created_through_the_api(lead_client, Role.JUNIOR, "junior")
    match = resolve(path)
    permission_classes = match.func.initkwargs.get("permission_classes", match.func.cls.permission_classes)

    def api_allows(method: str) -> bool:
        request = SimpleNamespace(method=method, user=junior)
        return all(permission().has_permission(request, None) for permission in permission_classes)

    label = studio_model(model_name)._meta.app_label
    assert api_allows("GET") == junior.has_perm(f"{label}.view_{model_name}")
    assert api_allows("POST") == junior.has_perm(f"{label}.change_{model_name}")


def test_the_policy_sync_repairs_the_groups_and_changes_nothing_the_second_time():
    junior_group = Group.objects.get(name=roles.JUNIOR_GROUP)
    junior_group.permissions.remove(Permission.objects.get(codename="view_customer"))
    junior_group.permissions.add(Permission.objects.get(codename="change_customer"))
    Group.objects.filter(name=roles.LEAD_GROUP).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    after_first = {name: codenames(name) for name in (roles.LEAD_GROUP, roles.JUNIOR_GROUP)}
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "view_customer" in after_first[roles.JUNIOR_GROUP]
    assert "change_customer" not in after_first[roles.JUNIOR_GROUP]
    assert "change_customer" in after_first[roles.LEAD_GROUP]
    assert {name: codenames(name) for name in after_first} == after_first


def test_users_made_before_the_policy_get_their_flags_and_group_on_migrate():
    lead = LeadFactory()
    junior = UserFactory()
    gone = UserFactory(is_active=False, is_staff=True)
    escalated = UserFactory(is_staff=True, is_superuser=True)
    escalated.user_permissions.add(Permission.objects.get(codename="change_customer"))
    escalated.groups.add(Group.objects.create(name="Anything goes"))
    operator = LeadFactory(is_staff=True, is_superuser=True)

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    for user in (lead, junior, gone, escalated, operator):
        user.refresh_from_db()
    assert (lead.is_staff, lead.is_superuser, [g.name for g in lead.groups.all()]) == (True, False, [roles.LEAD_GROUP])
    assert (junior.is_staff, [g.name for g in junior.groups.all()]) == (True, [roles.JUNIOR_GROUP])
    assert (gone.is_staff, [g.name for g in gone.groups.all()]) == (False, [roles.JUNIOR_GROUP])
    assert (escalated.is_superuser, [g.name for g in escalated.groups.all()]) == (False, [roles.JUNIOR_GROUP])
    assert not escalated.user_permissions.exists()
    assert not User.objects.get(pk=escalated.pk).has_perm("customers.change_customer")
    assert (operator.is_superuser, [g.name for g in operator.groups.all()]) == (True, [roles.LEAD_GROUP])


# -- the user service keeps Django's side in step ------------------------------------------------


def test_users_created_through_the_api_are_staff_in_their_roles_group(lead_client):
    lead = created_through_the_api(lead_client, Role.LEAD, "amaka")
    junior = created_through_the_api(lead_client, Role.JUNIOR, "tobi")

    assert (lead.is_staff, lead.is_superuser, [g.name for g in lead.groups.all()]) == (True, False, [roles.LEAD_GROUP])
    assert (junior.is_staff, junior.is_superuser, [g.name for g in junior.groups.all()]) == (
        True,
        False,
        [roles.JUNIOR_GROUP],
    )


def test_a_demoted_lead_moves_to_the_junior_group_and_loses_the_superuser_flag(lead_client):
    operator = LeadFactory(is_staff=True, is_superuser=True)

    response = lead_client.patch(f"/api/v1/users/{operator.pk}/", {"role": Role.JUNIOR}, format="json")

    assert response.status_code == 200
    operator.refresh_from_db()
    assert (operator.is_staff, operator.is_superuser) == (True, False)
    assert [g.name for g in operator.groups.all()] == [roles.JUNIOR_GROUP]


def test_a_deactivated_user_is_not_staff_and_a_reactivated_one_is_again(lead_client):
    junior = created_through_the_api(lead_client, Role.JUNIOR, "tobi")

    assert lead_client.delete(f"/api/v1/users/{junior.pk}/").status_code == 204
    junior.refresh_from_db()
    assert not junior.is_staff

    assert lead_client.patch(f"/api/v1/users/{junior.pk}/", {"is_active": True}, format="json").status_code == 200
    junior.refresh_from_db()
    assert junior.is_staff


def test_an_inactive_user_cannot_log_into_the_admin(lead_client):
    junior = created_through_the_api(lead_client, Role.JUNIOR, "tobi")
    lead_client.delete(f"/api/v1/users/{junior.pk}/")
    browser = Client()

    response = browser.post("/admin/login/?next=/admin/", {"username": "tobi", "password": TEST_PASSWORD})

    assert response.status_code == 200  # the login form again, with its error
    assert "_auth_user_id" not in browser.session


def test_createsuperuser_makes_a_lead_in_the_lead_group():
    operator = User.objects.create_superuser("owner", "owner@studio.test", TEST_PASSWORD)

    assert operator.role == Role.LEAD
    assert [g.name for g in operator.groups.all()] == [roles.LEAD_GROUP]


# -- a lead in the admin --------------------------------------------------------------------------


def test_a_lead_created_through_the_api_logs_into_the_admin_and_changes_an_item_and_an_order(lead_client):
    created_through_the_api(lead_client, Role.LEAD, "amaka")
    item = an_item(lead_client)
    order = an_order(lead_client)
    browser = admin_login("amaka")

    item_page = browser.get(admin_url("inventoryitem", "change", item.pk))
    item_saved = post(
        browser, admin_url("inventoryitem", "change", item.pk), {**form_as_shown(item_page), "name": "Satin"}
    )
    order_page = browser.get(admin_url("order", "change", order.pk))
    order_saved = post(browser, admin_url("order", "change", order.pk), {**form_as_shown(order_page), "title": "Veil"})

    assert (item_page.status_code, order_page.status_code) == (200, 200)
    assert (item_saved.status_code, order_saved.status_code) == (302, 302)
    item.refresh_from_db()
    order.refresh_from_db()
    assert (item.name, order.title) == ("Satin", "Veil")


def test_a_lead_sees_a_users_devices_and_revokes_one_through_the_service(lead_client):
    created_through_the_api(lead_client, Role.LEAD, "amaka")
    junior = created_through_the_api(lead_client, Role.JUNIOR, "tobi")
    client_for(junior)
    client_for(junior)
    kept, revoked = AuthToken.objects.filter(user=junior).order_by("pk")
    browser = admin_login("amaka")
    page = browser.get(admin_url("user", "change", junior.pk))
    data = form_as_shown(page)
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    index = next(
        i for i, form in enumerate(page.context["inline_admin_formsets"][0].formset.forms) if form.instance == revoked
    )

    response = post(browser, admin_url("user", "change", junior.pk), {**data, f"{prefix}-{index}-DELETE": "on"})

    assert response.status_code == 302
    assert list(AuthToken.objects.filter(user=junior)) == [kept]


# -- a junior in the admin ------------------------------------------------------------------------


@pytest.fixture
def junior_browser(lead_client) -> Client:
    created_through_the_api(lead_client, Role.JUNIOR, "tobi")
    return admin_login("tobi")


@pytest.mark.parametrize("model_name", ["customer", "order", "inventoryitem", "inventorychange", "measurement"])
def test_a_junior_sees_the_lists_a_junior_may_read(junior_browser, model_name):
    assert junior_browser.get(admin_url(model_name, "changelist")).status_code == 200


@pytest.mark.parametrize("model_name", ["user", "payment"])
def test_a_junior_is_refused_the_users_and_the_payments(junior_browser, model_name):
    assert junior_browser.get(admin_url(model_name, "changelist")).status_code == 403


def test_a_junior_reads_an_order_but_not_its_payments(junior_browser, lead_client):
    order = an_order(lead_client)

    page = junior_browser.get(admin_url("order", "change", order.pk))

    assert page.status_code == 200
    shown = {inline.formset.model._meta.model_name for inline in page.context["inline_admin_formsets"]}
    assert "payment" not in shown
    assert {"orderitem", "orderstatuschange"} <= shown


@pytest.mark.parametrize(
    ("model_name", "make", "field", "value"),
    [
        ("customer", a_customer, "name", "Changed"),
        ("inventoryitem", an_item, "name", "Changed"),
        ("order", an_order, "title", "Changed"),
    ],
)
def test_a_junior_may_not_change_customers_stock_or_orders(junior_browser, lead_client, model_name, make, field, value):
    row = make(lead_client)
    before = getattr(row, field)
    page = junior_browser.get(admin_url(model_name, "change", row.pk))

    response = post(junior_browser, admin_url(model_name, "change", row.pk), {field: value})

    assert page.status_code == 200
    assert not page.context["has_change_permission"]
    assert response.status_code == 403
    row.refresh_from_db()
    assert getattr(row, field) == before


def test_a_junior_may_not_add_a_customer_or_an_item(junior_browser):
    assert junior_browser.get(admin_url("customer", "add")).status_code == 403
    assert junior_browser.get(admin_url("inventoryitem", "add")).status_code == 403


def test_a_junior_adds_and_changes_a_measurement_in_the_admin(junior_browser, lead_client):
    customer = a_customer(lead_client)
    Measurement = studio_model("measurement")

    added = post(
        junior_browser,
        admin_url("measurement", "add"),
        # The measurement form's name/value rows (measurements.forms), one filled and one empty.
        {
            "customer": customer.pk,
            "order": "",
            "type": "dress",
            "unit": "cm",
            **{"values-name-0": "bust", "values-value-0": "92", "values-name-1": "", "values-value-1": ""},
            "notes": "",
        },
    )
    measurement = Measurement.objects.get(customer=customer)
    page = junior_browser.get(admin_url("measurement", "change", measurement.pk))
    changed = post(
        junior_browser,
        admin_url("measurement", "change", measurement.pk),
        {**form_as_shown(page), "notes": "taken twice"},
    )

    assert added.status_code == 302, added.content.decode()[:2000]
    assert changed.status_code == 302
    measurement.refresh_from_db()
    assert (measurement.values, measurement.notes, measurement.created_by.username) == (
        {"bust": 92},
        "taken twice",
        "tobi",
    )


def test_a_junior_changes_a_style_images_description_in_the_admin(junior_browser, lead_client):
    order = an_order(lead_client)
    uploaded = lead_client.post(
        "/api/v1/style-images/", {"order": order.pk, "image_file": jpeg(), "description": "first"}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.content
    image_id = uploaded.json()["id"]
    page = junior_browser.get(admin_url("styleimage", "change", image_id))

    response = post(
        junior_browser, admin_url("styleimage", "change", image_id), {**form_as_shown(page), "description": "second"}
    )

    assert response.status_code == 302
    assert studio_model("styleimage").objects.get(pk=image_id).description == "second"


def test_a_junior_sees_no_developer_tables(junior_browser):
    assert junior_browser.get("/admin/auth/group/").status_code == 403
    assert junior_browser.get("/admin/knox/authtoken/").status_code == 403
