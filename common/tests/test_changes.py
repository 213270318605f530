"""change_record: the sync feed's change log, one INSERT per call whatever the models."""

import pytest
from django.contrib.contenttypes.models import ContentType

from common.changes import change_record, change_record_ids
from common.models import Change

pytestmark = pytest.mark.django_db


def test_rows_of_several_models_are_logged_by_one_insert_grouped_by_model(lead, django_assert_num_queries):
    first, second = ContentType.objects.order_by("id")[:2]
    last = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0

    with django_assert_num_queries(1):
        change_record(first, lead, second, first)

    logged = Change.objects.filter(pk__gt=last).order_by("id").values_list("model", "object_id", "op")
    assert list(logged) == [
        ("contenttypes.contenttype", first.pk, "upsert"),
        ("contenttypes.contenttype", second.pk, "upsert"),
        ("accounts.user", lead.pk, "upsert"),
    ]


def test_nothing_to_log_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        change_record()


def test_ids_are_logged_after_the_instances_given_by_the_same_insert(lead, django_assert_num_queries):
    last = Change.objects.order_by("-id").values_list("id", flat=True).first() or 0

    with django_assert_num_queries(1):
        change_record_ids(model=ContentType, ids=[7, 3, 7], after=[lead])

    logged = Change.objects.filter(pk__gt=last).order_by("id").values_list("model", "object_id")
    assert list(logged) == [
        ("accounts.user", lead.pk),
        ("contenttypes.contenttype", 7),
        ("contenttypes.contenttype", 3),
    ]
