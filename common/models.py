from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState
from django.db.models.functions import Now

# Field specs of every stock quantity and every amount of money (DecimalField(**MONEY)): one
# precision for the database, the serializers and the schema.
QUANTITY = {"max_digits": 12, "decimal_places": 2}
MONEY = {"max_digits": 12, "decimal_places": 2}


class AuditedModel(models.Model):
    """Who created and last changed a row, and when. Set by services, read-only in the API."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        """A row read from the database, made without Model.__init__ (Django's documented hook for
        this): the columns go straight into the instance, as __init__ would leave them, without
        its per-field work (a descriptor call per foreign key, keyword handling), a third of
        reading a page of 50 rows. Models with pre_init/post_init receivers take Django's way."""
        if cls not in _plain_init:
            _plain_init[cls] = not (signals.pre_init.has_listeners(cls) or signals.post_init.has_listeners(cls))
        if not _plain_init[cls]:
            return super().from_db(db, field_names, values)
        instance = cls.__new__(cls)
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        instance.__dict__.update(zip(field_names, values, strict=True))
        return instance


# Whether a model's rows may be made without Model.__init__ (no pre_init/post_init receivers).
_plain_init: dict[type, bool] = {}


class IdempotencyRecord(models.Model):
    """The first response to a POST sent with an `Idempotency-Key`, replayed to repeats for 24 hours.

    Written by common.idempotency in the same transaction as the request's own writes, so a
    record exists exactly when those writes committed. The unique (user, key) index makes a
    concurrent repeat wait for the first request and then see its stored response.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    endpoint = models.CharField(max_length=300, help_text="Method and path the key was first used on.")
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the canonical JSON request body.")
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key_unique")]

    def __str__(self) -> str:
        return f"{self.endpoint} [{self.key}] by {self.user_id}"


class Change(models.Model):
    """One row of the sync feed's change log: "row `object_id` of `model` changed" (op says how).

    Written by common.changes.change_record inside the transaction of the change, so it commits
    or rolls back with it. It says which row changed, not what it became: the feed renders the
    row's current state when it reads the entry. `id` is handed out in insert order, but
    transactions may commit in another order; sync/cursor.py explains how the feed copes.
    """

    class Op(models.TextChoices):
        UPSERT = "upsert"
        DELETE = "delete"

    id = models.BigAutoField(primary_key=True)
    model = models.CharField(max_length=100, help_text="app_label.model_name of the changed row.")
    object_id = models.BigIntegerField()
    op = models.CharField(max_length=6, choices=Op.choices)
    # The database's clock, not the app server's: the feed compares it with the database's ids.
    created_at = models.DateTimeField(db_default=Now(), db_index=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.op} {self.model}:{self.object_id}"


class RowCount(models.Model):
    """How many rows a model's table holds, in `ROW_COUNT_SHARDS` rows whose sum is the figure:
    common.row_counts keeps it in the transaction of every create and delete of a registered
    model (+1 or -1 to the one shard of the writing thread: concurrent creates do not all queue
    on one row lock), so an unfiltered list's page count reads a few rows instead of walking an
    index of the whole table. Shard rows are made by `row_counts_rebuild` (the migrations that
    register a model and bulk loads call it); while a model has not all of them, its count is
    the table's COUNT(*)."""

    model = models.CharField(max_length=100, help_text="app_label.model_name of the counted table.")
    shard = models.PositiveSmallIntegerField()
    count = models.BigIntegerField(default=0)
    # Every create and delete of a row adds 1 to its shard's figure, and every save too for a model
    # registered `versioned`: their sum is then a version of the whole table, which results kept
    # for a filter are keyed on (common.row_counts, common.versions).
    changes = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "shard"], name="row_count_model_shard_unique")]

    def __str__(self) -> str:
        return f"{self.model} [{self.shard}]: {self.count}"
