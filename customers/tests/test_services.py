import pytest
from django.core.exceptions import ValidationError

from customers import services
from customers.models import Customer

pytestmark = pytest.mark.django_db


def test_customer_create_records_the_author_and_the_email_key(lead):
    customer = services.customer_create(actor=lead, name="Ngozi", email="  Ngozi@Example.COM ")

    customer.refresh_from_db()
    assert customer.email == "Ngozi@Example.COM"
    assert customer.email_key == "ngozi@example.com"
    assert customer.created_by == lead
    assert customer.updated_by == lead


def test_customers_without_email_do_not_collide(lead):
    services.customer_create(actor=lead, name="A")
    services.customer_create(actor=lead, name="B", email="")

    assert Customer.objects.filter(email_key__isnull=True).count() == 2


def test_customer_create_refuses_an_email_taken_in_another_case(lead, customer):
    with pytest.raises(ValidationError) as error:
        services.customer_create(actor=lead, name="Someone else", email="ADAEZE@example.com")

    assert error.value.message_dict == {"email": [services.EMAIL_TAKEN]}
    assert Customer.objects.count() == 1


def test_customer_create_refuses_a_blank_name(lead):
    with pytest.raises(ValidationError) as error:
        services.customer_create(actor=lead, name="")

    assert "name" in error.value.message_dict
    assert not Customer.objects.exists()


def test_customer_update_keeps_own_email_in_another_case(lead, junior, customer):
    services.customer_update(actor=junior, customer=customer, email="adaeze@example.com")

    customer.refresh_from_db()
    assert customer.email == "adaeze@example.com"
    assert customer.updated_by == junior
    assert customer.created_by == lead


def test_customer_update_refuses_another_customers_email(lead, customer):
    other = services.customer_create(actor=lead, name="Bisi", email="bisi@example.com")

    with pytest.raises(ValidationError):
        services.customer_update(actor=lead, customer=other, email="adaeze@EXAMPLE.com")

    other.refresh_from_db()
    assert other.email == "bisi@example.com"


def test_customer_update_refuses_unknown_fields(lead, customer):
    with pytest.raises(TypeError):
        services.customer_update(actor=lead, customer=customer, email_key="x")
