from decimal import Decimal

import pytest

from documents.tests.conftest import pdf_text
from orders import services as order_services
from studio.services import studio_profile_update

pytestmark = pytest.mark.django_db

D = Decimal


def url(payment) -> str:
    return f"/api/v1/payments/{payment.pk}/receipt.pdf"


def test_the_receipt_shows_what_the_contract_lists(lead_client, lead, order):
    studio_profile_update(actor=lead, data={"name": "Adé Atelier", "document_footer": "Thank you — ẹ ṣé!"})
    order_services.payment_record(actor=lead, order=order, amount=D("500"))
    payment = order_services.payment_record(
        actor=lead, order=order, amount=D("250.50"), method="bank_transfer", reference="TRF-778812"
    )

    response = lead_client.get(url(payment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{payment.receipt_number}.pdf"'
    text = pdf_text(response.content)
    for expected in (
        "Adé Atelier",
        "Receipt",
        payment.receipt_number,
        "Adébáyọ̀ Ọ̀jọ́",
        f"#{order.pk} — Aso-oke agbada",
        "₦250.50 NGN",
        "Bank transfer",
        "TRF-778812",
        "₦750.50 NGN",  # paid so far
        "₦749.50 NGN",  # balance due
        "Thank you — ẹ ṣé!",
    ):
        assert expected in text, expected


def test_a_receipt_counts_only_payments_up_to_it(lead_client, lead, order):
    first = order_services.payment_record(actor=lead, order=order, amount=D("500"))
    order_services.payment_record(actor=lead, order=order, amount=D("300"))

    text = pdf_text(lead_client.get(url(first)).content)

    assert "₦500.00 NGN" in text
    assert "₦1,000.00 NGN" in text  # balance after the first payment


def test_a_voided_payment_has_no_receipt(lead_client, lead, order):
    payment = order_services.payment_record(actor=lead, order=order, amount=D("10"))
    order_services.payment_void(actor=lead, payment=payment)

    assert lead_client.get(url(payment)).status_code == 404


def test_juniors_and_anonymous_get_no_receipt(junior_client, api_client, lead, order):
    payment = order_services.payment_record(actor=lead, order=order, amount=D("10"))

    assert junior_client.get(url(payment)).status_code == 403
    assert api_client.get(url(payment)).status_code == 401


def test_an_unknown_payment_is_404(lead_client):
    assert lead_client.get("/api/v1/payments/999999/receipt.pdf").status_code == 404


def test_the_receipt_path_answers_json_or_the_pdf(lead_client, lead, order):
    payment = order_services.payment_record(actor=lead, order=order, amount=D("500"), reference="R-9")
    path = f"/api/v1/payments/{payment.pk}/receipt/"

    as_json = lead_client.get(path)
    as_pdf = lead_client.get(path, HTTP_ACCEPT="application/pdf")

    assert as_json.status_code == 200
    assert as_json.json() == {
        "number": payment.receipt_number,
        "payment": payment.pk,
        "order": order.pk,
        "paid_at": as_json.json()["paid_at"],
        "amount": "500.00",
        "method": "cash",
        "reference": "R-9",
        "paid_so_far": "500.00",
        "balance_due": "1000.00",
        "currency": "NGN",
    }
    assert as_pdf["Content-Type"] == "application/pdf"
    assert payment.receipt_number in pdf_text(as_pdf.content)


def test_the_receipt_path_is_for_lead_designers(junior_client, api_client, lead, order):
    payment = order_services.payment_record(actor=lead, order=order, amount=D("5"))

    assert junior_client.get(f"/api/v1/payments/{payment.pk}/receipt/").status_code == 403
    assert api_client.get(f"/api/v1/payments/{payment.pk}/receipt/").status_code == 401
