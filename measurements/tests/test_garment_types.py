import pytest

from measurements import services
from measurements.models import GarmentType, Measurement, MeasurementVersion
from measurements.tests.factories import MeasurementFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/garment-types/"
MEASUREMENTS = "/api/v1/measurements/"

POINTS = [
    {"name": "waist", "label": "Waist", "min_cm": 45, "max_cm": 160, "required": True},
    {"name": "hips", "label": "Hips", "min_cm": 60, "max_cm": 170, "required": False},
]


@pytest.fixture
def skirt(lead):
    return services.garment_type_create(actor=lead, name="Skirt", points=POINTS)


def measure(client, customer, values, garment_type, unit="cm", **fields):
    body = {"customer": customer.pk, "type": "skirt", "unit": unit, "values": values, "garment_type": garment_type.pk}
    return client.post(MEASUREMENTS, {**body, **fields}, format="json")


# Garment types


def test_a_lead_creates_a_garment_type(lead_client):
    response = lead_client.post(URL, {"name": "Cape", "points": POINTS}, format="json")

    assert response.status_code == 201, response.data
    assert set(response.data) == {"id", "name", "points", "is_active", "created_at", "updated_at"}
    assert response.data["points"] == POINTS
    assert GarmentType.objects.get(name="Cape").points == POINTS


def test_a_junior_reads_but_does_not_write_garment_types(junior_client, skirt):
    assert junior_client.get(URL).status_code == 200
    assert junior_client.get(f"{URL}{skirt.pk}/").status_code == 200
    assert junior_client.post(URL, {"name": "Cape", "points": POINTS}, format="json").status_code == 403
    assert junior_client.patch(f"{URL}{skirt.pk}/", {"is_active": False}, format="json").status_code == 403
    assert junior_client.delete(f"{URL}{skirt.pk}/").status_code == 403


def test_anonymous_gets_401(api_client, skirt):
    assert api_client.get(URL).status_code == 401
    assert api_client.get(f"{URL}{skirt.pk}/").status_code == 401


def test_names_are_unique_ignoring_case(lead_client, skirt):
    response = lead_client.post(URL, {"name": "SKIRT", "points": POINTS}, format="json")

    assert response.status_code == 400
    assert response.data == {"name": [services.GARMENT_TYPE_NAME_TAKEN]}


@pytest.mark.parametrize(
    ("point", "key"),
    [
        ({"min_cm": 0}, "max_cm"),
        ({"min_cm": 90, "max_cm": 80}, "max_cm"),
        ({"max_cm": 1000}, "max_cm"),
        ({"min_cm": "45"}, "min_cm"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_points_are_a_400_naming_the_point(lead_client, point, key):
    response = lead_client.post(URL, {"name": "Cape", "points": [{**POINTS[0], **point}]}, format="json")

    assert response.status_code == 400
    assert key in response.data["points"][0]
    assert not GarmentType.objects.filter(name="Cape").exists()


def test_point_names_are_unique_within_a_type(lead_client):
    response = lead_client.post(URL, {"name": "Cape", "points": [POINTS[0], POINTS[0]]}, format="json")

    assert response.status_code == 400
    assert response.data["points"][1] == {"name": ["Another point has this name."]}


def test_an_unused_garment_type_is_deleted(lead_client, skirt):
    assert lead_client.delete(f"{URL}{skirt.pk}/").status_code == 204
    assert not GarmentType.objects.filter(pk=skirt.pk).exists()


def test_a_used_garment_type_is_archived_not_deleted(lead_client, skirt):
    MeasurementFactory(garment_type=skirt, values={"waist": 70})

    refused = lead_client.delete(f"{URL}{skirt.pk}/")
    archived = lead_client.patch(f"{URL}{skirt.pk}/", {"is_active": False}, format="json")

    assert refused.status_code == 409
    assert refused.data["measurement_count"] == 1
    assert archived.status_code == 200
    assert archived.data["is_active"] is False


def test_the_garment_type_list_takes_the_same_queries_for_1_and_30(lead_client, lead, django_assert_num_queries):
    GarmentType.objects.all().delete()
    services.garment_type_create(actor=lead, name="t0", points=POINTS)
    with django_assert_num_queries(3):
        lead_client.get(URL)
    for n in range(1, 30):
        services.garment_type_create(actor=lead, name=f"t{n}", points=POINTS)
    with django_assert_num_queries(3):
        assert lead_client.get(URL).data["count"] == 30


# Measurements against their garment type


def test_a_measurement_within_its_template_is_accepted(lead_client, customer, skirt):
    response = measure(lead_client, customer, {"waist": 71, "hips": 98, "length": 60}, skirt)

    assert response.status_code == 201, response.data
    assert response.data["garment_type"] == skirt.pk
    assert response.data["version"] == 1


def test_a_missing_required_point_is_a_400_keyed_by_point(lead_client, customer, skirt):
    response = measure(lead_client, customer, {"hips": 98}, skirt)

    assert response.status_code == 400
    assert response.data == {"values": {"waist": ["Required by the garment type."]}}
    assert not Measurement.objects.exists()


def test_a_value_out_of_range_is_checked_in_cm(lead_client, customer, skirt):
    in_inches = measure(lead_client, customer, {"waist": 28}, skirt, unit="in")  # 71.1 cm
    too_small = measure(lead_client, customer, {"waist": 10}, skirt, unit="in")  # 25.4 cm

    assert in_inches.status_code == 201
    assert too_small.status_code == 400
    assert list(too_small.data["values"]) == ["waist"]


def test_an_unknown_garment_type_is_a_400(lead_client, customer, skirt):
    response = lead_client.post(
        MEASUREMENTS,
        {"customer": customer.pk, "type": "skirt", "values": {"waist": 70}, "garment_type": 999999},
        format="json",
    )

    assert response.status_code == 400
    assert "garment_type" in response.data


def test_an_archived_garment_type_takes_no_new_measurement(lead_client, lead, customer, skirt):
    services.garment_type_update(actor=lead, garment_type=skirt, is_active=False)

    response = measure(lead_client, customer, {"waist": 70}, skirt)

    assert response.status_code == 400
    assert response.data == {"garment_type": [services.GARMENT_TYPE_ARCHIVED]}


# Units


def test_values_are_shown_converted_and_never_stored_converted(lead_client, lead, customer):
    measurement = services.measurement_create(actor=lead, customer=customer, type="dress", values={"waist": 71})

    inches = lead_client.get(f"{MEASUREMENTS}{measurement.pk}/?unit=in")
    listed = lead_client.get(f"{MEASUREMENTS}?unit=in").data["results"][0]
    same = lead_client.get(f"{MEASUREMENTS}{measurement.pk}/?unit=cm")

    assert (inches.data["values"], inches.data["unit"]) == ({"waist": 28.0}, "in")
    assert listed["values"] == {"waist": 28.0}
    assert same.data["values"] == {"waist": 71}
    measurement.refresh_from_db()
    assert (measurement.values, measurement.unit) == ({"waist": 71}, "cm")


def test_inches_are_shown_in_cm(lead_client, lead, customer):
    measurement = services.measurement_create(
        actor=lead, customer=customer, type="dress", unit="in", values={"waist": 28}
    )

    response = lead_client.get(f"{MEASUREMENTS}{measurement.pk}/", {"unit": "cm"})

    assert response.data["values"] == {"waist": 71.1}
    assert response.data["unit"] == "cm"


def test_an_unknown_unit_is_a_400(lead_client):
    response = lead_client.get(MEASUREMENTS, {"unit": "mm"})

    assert response.status_code == 400
    assert "unit" in response.data


# Versions


def test_each_change_of_values_or_unit_adds_a_version(lead_client, lead, customer):
    measurement = services.measurement_create(
        actor=lead, customer=customer, type="dress", values={"waist": 71, "bust": 90}
    )
    url = f"{MEASUREMENTS}{measurement.pk}/"

    lead_client.patch(url, {"values": {"waist": 73.5, "bust": 90, "hip": 98}}, format="json")
    lead_client.patch(url, {"notes": "no new version"}, format="json")
    changed = lead_client.patch(url, {"unit": "in", "values": {"waist": 29, "bust": 35.4, "hip": 38.6}}, format="json")

    assert changed.data["version"] == 3
    versions = lead_client.get(f"{url}versions/")
    assert versions.status_code == 200
    rows = versions.data["results"]
    assert [row["version"] for row in rows] == [3, 2, 1]
    assert set(rows[0]) == {"version", "values", "unit", "changed_at", "changed_by", "changes"}
    assert rows[2]["changes"] == {}
    assert rows[1]["changes"] == {"waist": {"from": 71.0, "to": 73.5}, "hip": {"from": None, "to": 98.0}}
    assert rows[0]["changes"] == {"waist": {"from": 73.5, "to": 73.7}, "bust": {"from": 90.0, "to": 89.9}}
    assert rows[0]["unit"] == "in"
    assert MeasurementVersion.objects.filter(measurement=measurement).count() == 3


def test_versions_are_read_by_a_junior_and_not_by_anonymous(junior_client, api_client, lead, customer):
    measurement = services.measurement_create(actor=lead, customer=customer, type="dress", values={"waist": 71})

    assert junior_client.get(f"{MEASUREMENTS}{measurement.pk}/versions/").status_code == 200
    assert api_client.get(f"{MEASUREMENTS}{measurement.pk}/versions/").status_code == 401
    assert junior_client.get(f"{MEASUREMENTS}999999/versions/").status_code == 404


def test_the_versions_list_takes_the_same_queries_for_1_and_20(lead_client, lead, customer, django_assert_num_queries):
    measurement = services.measurement_create(actor=lead, customer=customer, type="dress", values={"waist": 50})
    url = f"{MEASUREMENTS}{measurement.pk}/versions/"
    with django_assert_num_queries(5) as one:
        lead_client.get(url)
    for n in range(1, 20):
        services.measurement_update(actor=lead, measurement=measurement, values={"waist": 50 + n})
    with django_assert_num_queries(len(one.captured_queries)):
        assert lead_client.get(url).data["count"] == 20
