from django.db import models, transaction

from common.models import AuditedModel

# The fields `?search=` looks in, in the order search_ascii_for joins them.
SEARCH_FIELDS = ("name", "email", "phone")
# Between the fields in `search_ascii`: not printable, so never in a term the column answers for.
SEARCH_SEPARATOR = "\n"


def is_printable_ascii(text: str) -> bool:
    return all(" " <= char <= "~" for char in text)


# The one gram of a customer whose `search_ascii` is NULL (searched field by field): the separator,
# never in a term. A search reads these customers beside those of its term's gram (customers.filters).
SEARCH_UNINDEXED = SEARCH_SEPARATOR


def search_grams_of(text: str) -> set[str]:
    """The grams `text` is found by: each three characters in a row that hold no space (DRF splits
    `?search=` at spaces, so only a quoted term holds one, and it has grams without it too)."""
    return {text[i : i + 3] for i in range(len(text) - 2) if " " not in text[i : i + 3]}


def search_grams_for(search_ascii: str | None) -> set[str]:
    """The grams of a customer: those of each field of `search_ascii` (none spans two), or only
    SEARCH_UNINDEXED when it is NULL."""
    if search_ascii is None:
        return {SEARCH_UNINDEXED}
    return {gram for field in search_ascii.split(SEARCH_SEPARATOR) for gram in search_grams_of(field)}


def search_ascii_for(*values: str) -> str | None:
    """`search_ascii` for these field values: lower-cased and joined, or None when any holds a
    character outside printable ASCII (such rows are searched field by field, as before)."""
    if not all(is_printable_ascii(value) for value in values):
        return None
    return SEARCH_SEPARATOR.join(values).lower()


class SearchTextField(models.CharField):
    """Single-byte text compared byte by byte on MariaDB/MySQL (latin1_bin): a substring test
    over it costs less than half of one over the three utf8mb4_unicode_ci columns. It only ever
    holds printable ASCII (search_ascii_for). SQLite keeps its default."""

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "mysql":
            parameters["collation"] = "latin1_bin"
        return parameters


@SearchTextField.register_lookup
class HasText(models.Lookup):
    """`search_ascii__has_text="martins"`: the column holds this lower-cased text, compared byte
    by byte: GLOB on SQLite (its LIKE folds case, slower), LIKE BINARY elsewhere."""

    lookup_name = "has_text"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = self.rhs.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return f"{lhs} LIKE BINARY %s", [*lhs_params, f"%{pattern}%"]

    def as_sqlite(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        pattern = "".join(f"[{char}]" if char in "*?[" else char for char in self.rhs)
        return f"{lhs} GLOB %s", [*lhs_params, f"*{pattern}*"]


class NotifyBy(models.TextChoices):
    """How a customer hears from the studio automatically; `none`: no automatic message."""

    NONE = "none"
    EMAIL = "email"
    SMS = "sms"
    WHATSAPP = "whatsapp"


class Customer(AuditedModel):
    """A client of the studio."""

    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True, default="")
    # Lower-cased email, NULL when none: a plain unique column that makes emails unique
    # ignoring case on every database (MariaDB has no expression indexes). Set by the
    # customer services only (customers.services), the one write path of a customer.
    email_key = models.CharField(max_length=254, null=True, blank=True, unique=True, editable=False)
    # E.164 (+2348031234567), set by the customer services (customers.phones). Rows from before
    # the rule that did not parse are kept as they were (manage.py customers_phones_left).
    phone = models.CharField(max_length=40, blank=True, db_index=True)
    # db_default: rows written by older code (or older migrations' models) read as "none".
    notify_by = models.CharField(
        max_length=16, choices=NotifyBy.choices, default=NotifyBy.NONE, db_default=NotifyBy.NONE
    )
    address = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # name, email and phone lower-cased for `?search=` (customers.filters), set on every save;
    # NULL when one of them is not printable ASCII (then searched field by field) or when rows
    # were written without save() (bulk_create): NULL is always correct, only slower. Such a
    # bulk load writes no grams either (CustomerSearchGram): it calls search_grams_rebuild() or
    # search_grams_write() after, or the search does not find its rows.
    search_ascii = SearchTextField(max_length=500, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name"], name="customer_name_idx"),
            # `?search=` scans this index for its terms, not the table (customers.filters).
            models.Index(fields=["search_ascii"], name="customer_search_ascii_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_ascii = search_ascii_for(*(getattr(self, name) for name in SEARCH_FIELDS))
        update_fields = kwargs.get("update_fields")
        searched = update_fields is None or bool(set(SEARCH_FIELDS) & set(update_fields))
        if update_fields is not None and searched:
            kwargs["update_fields"] = [*update_fields, "search_ascii"]
        adding = self._state.adding
        super().save(*args, **kwargs)
        if searched:
            # In the caller's transaction (every customer service is atomic): the grams change
            # with the row or not at all.
            search_grams_write([self], replace=not adding)


class CustomerSearchGram(models.Model):
    """One gram of a customer (search_grams_for), kept by Customer.save: `?search=` reads the
    customers of its term's rarest gram from the (gram, customer) index instead of scanning every
    customer (customers.filters)."""

    pk = models.CompositePrimaryKey("customer_id", "gram")
    # The primary key (customer, gram) indexes the customer: no index of its own.
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="search_grams", db_index=False)
    gram = SearchTextField(max_length=3)

    class Meta:
        indexes = [models.Index(fields=["gram", "customer"], name="customer_search_gram_idx")]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.gram!r}"


def search_grams_write(customers, *, replace: bool = True, batch_size: int = 5000) -> None:
    """Write the grams of these saved customers (their `search_ascii` as set), replacing the ones
    they had unless `replace=False` (new rows, or a rebuild that deleted them first)."""
    customers = list(customers)
    if replace:
        CustomerSearchGram.objects.filter(customer__in=[c.pk for c in customers]).delete()
    CustomerSearchGram.objects.bulk_create(
        [
            CustomerSearchGram(customer_id=customer.pk, gram=gram)
            for customer in customers
            for gram in sorted(search_grams_for(customer.search_ascii))
        ],
        batch_size=batch_size,
    )


def search_grams_rebuild(*, chunk: int = 2000) -> None:
    """Write every customer's grams again, after writes that skip Customer.save (bulk_create):
    in one transaction, so a search meanwhile finds the grams there were."""
    with transaction.atomic():
        CustomerSearchGram.objects.all().delete()
        rows = Customer.objects.order_by("pk").only("pk", "search_ascii")
        batch = []
        for customer in rows.iterator(chunk_size=chunk):
            batch.append(customer)
            if len(batch) == chunk:
                search_grams_write(batch, replace=False)
                batch = []
        search_grams_write(batch, replace=False)
