import pytest

from customers import services


@pytest.fixture
def customer(lead):
    return services.customer_create(
        actor=lead, name="Adaeze Okafor", email="Adaeze@Example.com", phone="+234 801 555 0101"
    )
