import pytest

from customers import services as customer_services
from measurements import services
from measurements.models import Measurement


@pytest.fixture
def customer(lead):
    return customer_services.customer_create(
        actor=lead, name="Adaeze Okafor", email="Adaeze@Example.com", phone="+234 801 555 0101"
    )


@pytest.fixture
def measurement(lead, customer) -> Measurement:
    return services.measurement_create(
        actor=lead, customer=customer, type="dress", values={"bust": 92.5, "waist": 71, "hips": 98}
    )
