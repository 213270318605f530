import re

import pytest
from django.core.validators import validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from common.fields import EMAIL_OR_EMPTY_PATTERN
from customers.serializers import CustomerSerializer


@settings(max_examples=300, deadline=None)
@given(st.from_regex(EMAIL_OR_EMPTY_PATTERN, fullmatch=True).filter(lambda email: 0 < len(email) <= 254))
def test_every_address_the_schema_pattern_allows_is_accepted(email):
    # The schema's pattern must not promise more than the API takes (schemathesis relies on it).
    validate_email(email)


@pytest.mark.parametrize("email", ["", "ada@example.com", "Ada.Eze+fit@studio.example.co"])
def test_the_pattern_matches_plain_addresses_and_empty(email):
    assert re.match(EMAIL_OR_EMPTY_PATTERN, email)


@pytest.mark.parametrize("email", ["ada", "ada@", "ada@example", "a..b@example.com"])
def test_the_pattern_refuses_what_is_not_an_address(email):
    assert not re.match(EMAIL_OR_EMPTY_PATTERN, email)


@pytest.mark.parametrize(
    ("email", "valid"), [("", True), ("ada@example.com", True), ("ada@", False), ("x" * 250 + "@a.co", False)]
)
def test_the_email_field_takes_an_address_or_nothing(email, valid):
    serializer = CustomerSerializer(data={"name": "Ada", "email": email})

    assert serializer.is_valid() is valid
