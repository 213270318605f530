"""The strict input fields (common.fields), one rule a test."""

import datetime
from decimal import Decimal

import pytest
from rest_framework import serializers

from common.fields import (
    PasswordField,
    StrictCharField,
    StrictDateField,
    StrictDateTimeField,
    StrictDecimalField,
    StrictTextField,
)


def money(**kwargs):
    return StrictDecimalField(max_digits=12, decimal_places=2, **kwargs)


def refuses(field, value) -> list[str]:
    with pytest.raises(serializers.ValidationError) as raised:
        field.run_validation(value)
    return raised.value.detail


# Decimals.


@pytest.mark.parametrize(("sent", "taken"), [("1500.00", "1500.00"), ("-1.5", "-1.50"), ("0", "0.00"), ("7", "7.00")])
def test_a_decimal_string_of_ascii_digits_is_taken(sent, taken):
    assert money().run_validation(sent) == Decimal(taken)


@pytest.mark.parametrize("sent", ["١٢", "1_000", " 5 ", "5\n", "+5", "1e3", ".5", "5.", "0x10", "٥", "1,5", "Infinity"])
def test_a_decimal_in_any_other_spelling_is_refused(sent):
    assert "ASCII digits" in refuses(money(), sent)[0]


def test_a_json_number_is_still_taken_as_drf_always_did():
    assert money().run_validation(2.5) == Decimal("2.50")
    assert money().run_validation(3) == Decimal("3.00")


@pytest.mark.parametrize("sent", [True, float("inf"), float("nan"), None, [], {"a": 1}])
def test_a_decimal_that_is_no_number_at_all_is_refused(sent):
    refuses(money(), sent)


def test_a_tiny_float_is_refused_for_its_decimal_places_not_its_exponent():
    assert refuses(money(), 1e-07) == ["Ensure that there are no more than 2 decimal places."]


def test_a_minus_sign_is_refused_where_the_minimum_is_zero():
    assert refuses(money(min_value=Decimal("0")), "-0") == ["Must not be negative."]


def test_leading_zeros_count_towards_the_digits_before_the_point():
    assert money().run_validation("0000000001.50") == Decimal("1.50")
    assert refuses(money(), "00000000001.50") == [
        "Ensure that there are no more than 10 digits before the decimal point."
    ]


def test_the_decimal_pattern_is_the_rule_the_field_applies():
    assert money().pattern == r"^-?[0-9]{1,10}(\.[0-9]{1,2})?$"
    assert money(min_value=Decimal("0.01")).pattern == r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


# Dates and date-times.


def test_an_iso_date_is_taken():
    assert StrictDateField().run_validation("2026-12-24") == datetime.date(2026, 12, 24)


@pytest.mark.parametrize("sent", ["2026-2-3", "20260203", "2026-W05-2", "2026-02-30", "٢٠٢٦-٠٢-٠٣", "2026-02-03 "])
def test_any_other_date_is_refused(sent):
    assert refuses(StrictDateField(), sent) == ["Enter a date as YYYY-MM-DD, e.g. 2026-12-24."]


@pytest.mark.parametrize(
    ("sent", "utc"),
    [
        ("2026-12-24T15:30:00Z", datetime.datetime(2026, 12, 24, 15, 30, tzinfo=datetime.UTC)),
        ("2026-12-24T16:30:00.250+01:00", datetime.datetime(2026, 12, 24, 15, 30, 0, 250000, tzinfo=datetime.UTC)),
        ("2026-12-24t15:30:00z", datetime.datetime(2026, 12, 24, 15, 30, tzinfo=datetime.UTC)),
    ],
)
def test_an_rfc_3339_datetime_is_taken(sent, utc):
    assert StrictDateTimeField().run_validation(sent) == utc


@pytest.mark.parametrize(
    "sent",
    [
        "2026-12-24T15:30:00",
        "2026-12-24 15:30:00Z",
        "2026-12-24T15:30Z",
        "2026-12-24T15:30:00.1234567Z",
        "2026-12-24T15:30:00+0100",
        "2026-12-24T25:00:00Z",
        "2026-12-24",
    ],
)
def test_any_other_datetime_is_refused(sent):
    assert "YYYY-MM-DDThh:mm:ss with a UTC offset" in refuses(StrictDateTimeField(), sent)[0]


def test_a_datetime_out_of_range_once_converted_is_refused_not_an_overflow():
    refuses(StrictDateTimeField(), "0001-01-01T00:00:00+01:00")


# Text.


@pytest.mark.parametrize(
    "sent", ["Ada\nLovelace", "Ada\tLovelace", "Ada\x00", "\x1b[31m", "Ada\x85", "Ada\u2028", "x\r"]
)
def test_one_line_text_refuses_control_characters_and_line_breaks(sent):
    assert "Must be one line without control characters" in refuses(StrictCharField(), sent)[0]


def test_one_line_text_names_the_character_it_refuses():
    assert refuses(StrictCharField(), "Ada\x07") == ["Must be one line without control characters (found U+0007)."]


@pytest.mark.parametrize("sent", ["Adaeze Okafor", "👩\u200d👩\u200d👧", "می\u200cخواهم", "Zoë ✂"])
def test_one_line_text_keeps_letters_emoji_and_joiners(sent):
    assert StrictCharField().run_validation(sent) == sent


def test_multi_line_text_keeps_line_breaks_and_tabs():
    text = "First fitting:\n\tbust 92\r\n\twaist 71\u2028done"

    assert StrictCharField(multiline=True).run_validation(text) == text


@pytest.mark.parametrize("sent", ["bell\x07", "nul\x00", "lone\rreturn", "esc\x1b", "del\x7f"])
def test_multi_line_text_refuses_other_control_characters(sent):
    assert "Control characters are not allowed" in refuses(StrictCharField(multiline=True), sent)[0]


def test_long_text_is_bounded_by_default():
    assert StrictTextField().max_length == 5000
    assert "no more than 5000 characters" in refuses(StrictTextField(), "x" * 5001)[0]


def test_a_password_may_hold_any_character_but_nul():
    assert PasswordField().run_validation("\ttab and\nnewline ") == "\ttab and\nnewline "
    refuses(PasswordField(), "nul\x00")
