import pytest

from studio.models import StudioProfile

pytestmark = pytest.mark.django_db

URL = "/api/v1/studio/"


def test_staff_read_the_profile(junior_client):
    response = junior_client.get(URL)

    assert response.status_code == 200
    assert set(response.json()) == {
        "name",
        "address",
        "phone",
        "email",
        "currency",
        "tax_name",
        "tax_rate",
        "prices_include_tax",
        "invoice_prefix",
        "receipt_prefix",
        "document_footer",
        "updated_at",
        "updated_by",
    }


def test_anonymous_cannot_read_the_profile(api_client):
    assert api_client.get(URL).status_code == 401


def test_a_junior_cannot_change_the_profile(junior_client):
    response = junior_client.patch(URL, {"name": "Mine"}, format="json")

    assert response.status_code == 403
    assert not StudioProfile.objects.filter(name="Mine").exists()


def test_a_lead_changes_the_profile(lead_client, lead):
    response = lead_client.patch(
        URL, {"name": "Ọ̀jọ́ Atelier", "currency": "usd", "tax_name": "VAT", "tax_rate": "7.50"}, format="json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["currency"], body["tax_rate"], body["updated_by"]) == ("USD", "7.50", lead.pk)
    assert StudioProfile.objects.get().name == "Ọ̀jọ́ Atelier"


def test_an_unknown_currency_is_refused(lead_client):
    response = lead_client.patch(URL, {"currency": "XYZ"}, format="json")

    assert response.status_code == 400
    assert "currency" in response.json()


@pytest.mark.parametrize("rate", ["-1", "100.01", "250"])
def test_a_tax_rate_outside_0_to_100_is_refused(lead_client, rate):
    response = lead_client.patch(URL, {"tax_rate": rate}, format="json")

    assert response.status_code == 400
    assert "tax_rate" in response.json()


def test_a_prefix_must_be_capitals_and_digits(lead_client):
    response = lead_client.patch(URL, {"receipt_prefix": "rc t"}, format="json")

    assert response.status_code == 400
    assert "receipt_prefix" in response.json()
