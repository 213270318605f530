import pytest

from customers.selectors import phone_search_digits


@pytest.mark.parametrize(
    ("term", "digits"),
    [
        ("0801 555 0101", "8015550101"),
        ("+234 (801) 555-0101", "2348015550101"),
        ("Adaeze", None),
        ("12", None),
        ("0801 Adaeze", None),
    ],
)
def test_phone_search_digits(term, digits):
    assert phone_search_digits(term) == digits
