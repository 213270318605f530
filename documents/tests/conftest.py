import io
import unicodedata
from decimal import Decimal

import pytest
from pypdf import PdfReader

from customers.tests.factories import CustomerFactory
from orders import services as order_services


def pdf_text(content: bytes) -> str:
    """The text of a PDF as a reader extracts it, NFC-normalised; the page count is checked."""
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return unicodedata.normalize("NFC", reader.pages[0].extract_text())


def make_order(lead, *, name="Adébáyọ̀ Ọ̀jọ́", price="1500.00", title="Aso-oke agbada"):
    customer = CustomerFactory(name=name, phone="+234 801 555 0101", address="12 Allen Avenue, Ikeja")
    return order_services.order_create(actor=lead, customer=customer, title=title, price=Decimal(price), items=[])


@pytest.fixture
def order(lead):
    return make_order(lead)
