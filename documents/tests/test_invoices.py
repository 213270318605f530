from decimal import Decimal

import pytest
from django.utils import timezone

from documents.models import Invoice
from documents.services import invoice_figures
from documents.tests.conftest import make_order, pdf_text
from orders import services as order_services
from studio.services import studio_profile_update

pytestmark = pytest.mark.django_db

D = Decimal


def url(order) -> str:
    return f"/api/v1/orders/{order.pk}/invoice/"


@pytest.mark.parametrize(
    ("price", "rate", "included", "expected"),
    [
        ("1075.00", "7.50", True, ("1000.00", "75.00", "1075.00")),
        ("1000.00", "7.50", False, ("1000.00", "75.00", "1075.00")),
        ("100.00", "7.50", True, ("93.02", "6.98", "100.00")),  # 6.976… rounds up
        ("0.10", "5.00", False, ("0.10", "0.01", "0.11")),  # 0.005 rounds half up
        ("500.00", "0", True, ("500.00", "0.00", "500.00")),
    ],
)
def test_invoice_figures(price, rate, included, expected):
    figures = invoice_figures(price=D(price), tax_rate=D(rate), prices_include_tax=included)

    assert (figures["subtotal"], figures["tax"], figures["total"]) == tuple(D(value) for value in expected)


def test_issuing_an_invoice_numbers_it(lead_client, lead, order):
    studio_profile_update(actor=lead, data={"tax_name": "VAT", "tax_rate": D("7.50"), "currency": "NGN"})

    response = lead_client.post(url(order))

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"number", "issued_at", "subtotal", "tax", "total", "currency"}
    assert body["number"] == f"INV-{timezone.localtime().year}-000001"
    assert (body["subtotal"], body["tax"], body["total"], body["currency"]) == ("1395.35", "104.65", "1500.00", "NGN")
    assert Invoice.objects.get(order=order).number == body["number"]


def test_issuing_again_answers_the_same_invoice(lead_client, order):
    first = lead_client.post(url(order)).json()

    response = lead_client.post(url(order))

    assert response.status_code == 200
    assert response.json() == first
    assert Invoice.objects.count() == 1


def test_get_answers_the_invoice_or_404(lead_client, order):
    assert lead_client.get(url(order)).status_code == 404
    issued = lead_client.post(url(order)).json()

    response = lead_client.get(url(order))

    assert response.status_code == 200
    assert response.json() == issued


def test_a_cancelled_order_is_not_invoiced(lead_client, lead, order):
    order_services.order_set_status(actor=lead, order=order, status="cancelled")

    response = lead_client.post(url(order))

    assert response.status_code == 409
    assert response.json()["code"] == "order_cancelled"
    assert not Invoice.objects.exists()


def test_an_unknown_order_is_404(lead_client):
    assert lead_client.post("/api/v1/orders/999999/invoice/").status_code == 404


def test_juniors_and_anonymous_get_no_invoice(junior_client, api_client, order):
    assert junior_client.post(url(order)).status_code == 403
    assert junior_client.get(url(order)).status_code == 403
    assert junior_client.get(f"{url(order)[:-1]}.pdf").status_code == 403
    assert api_client.post(url(order)).status_code == 401
    assert api_client.get(f"{url(order)[:-1]}.pdf").status_code == 401
    assert not Invoice.objects.exists()


def test_the_invoice_pdf_shows_the_figures(lead_client, lead):
    studio_profile_update(
        actor=lead,
        data={
            "name": "Ọ̀jọ́ Couture",
            "address": "3 Adeola Odeku Street, Victoria Island",
            "phone": "+234 802 000 1111",
            "email": "hello@ojo.example",
            "tax_name": "VAT",
            "tax_rate": D("7.50"),
            "prices_include_tax": False,
        },
    )
    order = make_order(lead, name="Ngozi Nwankwọ", price="1000.00")
    order_services.payment_record(actor=lead, order=order, amount=D("400"))
    number = lead_client.post(url(order)).json()["number"]

    response = lead_client.get(f"/api/v1/orders/{order.pk}/invoice.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{number}.pdf"'
    text = pdf_text(response.content)
    for expected in (
        "Ọ̀jọ́ Couture",
        "3 Adeola Odeku Street, Victoria Island",
        "+234 802 000 1111",
        "hello@ojo.example",
        "Invoice",
        number,
        "Ngozi Nwankwọ",
        f"#{order.pk} — Aso-oke agbada",
        "₦1,000.00 NGN",  # subtotal
        "VAT (7.5%)",
        "₦75.00 NGN",
        "₦1,075.00 NGN",  # total
        "₦400.00 NGN",  # paid
        "₦675.00 NGN",  # balance
    ):
        assert expected in text, expected


def test_the_invoice_pdf_by_accept_header(lead_client, order):
    lead_client.post(url(order))

    response = lead_client.get(url(order), HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_invoice_pdf_of_an_order_without_invoice_is_404_json(lead_client, order):
    response = lead_client.get(f"/api/v1/orders/{order.pk}/invoice.pdf")

    assert response.status_code == 404
    assert response.json()["detail"]
