import pytest

from measurements.validators import (
    BAD_VALUE,
    EMPTY,
    NAME_CONTROL,
    NAME_DUPLICATE,
    NAME_EMPTY,
    NAME_TOO_LONG,
    NOT_AN_OBJECT,
    TOO_MANY,
    clean_measurement_values,
    flat_values_messages,
)


def test_valid_values_are_kept_as_given():
    cleaned, general, by_name = clean_measurement_values({"bust": 92.5, "waist": 71, "inseam": 999.99})

    assert (general, by_name) == ([], {})
    assert cleaned == {"bust": 92.5, "waist": 71, "inseam": 999.99}
    assert isinstance(cleaned["waist"], int)


def test_names_are_trimmed():
    cleaned, general, by_name = clean_measurement_values({"  waist ": 71})

    assert cleaned == {"waist": 71}
    assert (general, by_name) == ([], {})


@pytest.mark.parametrize("values", [[], ["bust", 92], "bust=92", 92, None, True])
def test_anything_but_an_object_is_refused(values):
    assert clean_measurement_values(values)[1] == [NOT_AN_OBJECT]


def test_an_empty_object_is_refused():
    assert clean_measurement_values({})[1] == [EMPTY]


def test_more_than_100_entries_are_refused_without_looking_at_them():
    _, general, by_name = clean_measurement_values({f"m{i}": -1 for i in range(101)})

    assert general == [TOO_MANY]
    assert by_name == {}


def test_exactly_100_entries_are_accepted():
    _, general, by_name = clean_measurement_values({f"m{i}": 1 for i in range(100)})

    assert (general, by_name) == ([], {})


@pytest.mark.parametrize(
    "value",
    [0, -1, 1000, 1000.0, 1e400, float("nan"), float("inf"), "92", True, False, None, [92], {"cm": 92}],
)
def test_a_bad_value_is_reported_under_its_name(value):
    _, general, by_name = clean_measurement_values({"bust": 92, "waist": value})

    assert general == []
    assert by_name == {"waist": [BAD_VALUE]}


@pytest.mark.parametrize("value", [0.001, 1, 999, 999.999])
def test_values_just_inside_the_bounds_are_accepted(value):
    assert clean_measurement_values({"waist": value})[2] == {}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", NAME_EMPTY),
        ("   ", NAME_EMPTY),
        ("x" * 51, NAME_TOO_LONG),
        ("wa\x00ist", NAME_CONTROL),
        ("\ud800", NAME_CONTROL),
    ],
)
def test_a_bad_name_is_reported_as_sent(name, message):
    _, _, by_name = clean_measurement_values({name: 71})

    assert by_name == {name: [message]}


def test_a_name_of_50_characters_is_accepted():
    assert clean_measurement_values({"x" * 50: 71})[2] == {}


def test_names_equal_once_trimmed_are_refused():
    _, _, by_name = clean_measurement_values({"waist": 71, " waist": 72})

    assert by_name == {" waist": [NAME_DUPLICATE]}


def test_flat_messages_name_the_entry():
    _, general, by_name = clean_measurement_values({"waist": -1})

    assert flat_values_messages(general, by_name) == [f"'waist': {BAD_VALUE}"]
