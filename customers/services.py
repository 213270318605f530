"""Every write to customers goes through these functions (API, admin, shell)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.models import User
from common.changes import change_record
from common.etag import if_match_check
from common.exceptions import protected_conflict
from common.services import KEEP, Keep, model_update
from customers.models import Customer, NotifyBy
from customers.phones import phone_to_e164
from customers.serializers import CustomerSerializer
from events.services import event_record
from events.types import EventType

EMAIL_TAKEN = "A customer with this email already exists."

CUSTOMER_FIELDS = ["name", "email", "phone", "address", "notes", "notify_by"]
NO_ADDRESS = "The customer has no {address} to be notified by {channel}."
# Filled by the services; full_clean would query the users table for nothing.
_NOT_CLEANED = ["created_by", "updated_by", "email_key"]


def email_key_for(email: str) -> str | None:
    """The unique column behind "emails are unique ignoring case": lower-cased, NULL when none."""
    return email.strip().lower() or None


def _email_taken(*, email_key: str | None, exclude_pk: int | None) -> bool:
    if email_key is None:
        return False
    return Customer.objects.filter(email_key=email_key).exclude(pk=exclude_pk).exists()


def _customer_save(*, customer: Customer) -> Customer:
    """Validate and save; a customer's email is unique ignoring case when given.

    The service owns `email_key`: it is set here, from the trimmed email, on every save. The
    check first gives the usual answer a good message; the unique `email_key` column is the
    truth when two requests race with the same address: the loser's insert fails inside a
    savepoint and becomes the same 400, never a 409 or a 500.
    """
    customer.email = customer.email.strip()
    try:
        customer.phone = phone_to_e164(customer.phone)
    except ValueError as error:
        raise ValidationError({"phone": [str(error)]}) from None
    _notify_by_check(customer=customer)
    customer.full_clean(exclude=_NOT_CLEANED, validate_unique=False)
    customer.email_key = email_key_for(customer.email)
    if _email_taken(email_key=customer.email_key, exclude_pk=customer.pk):
        raise ValidationError({"email": [EMAIL_TAKEN]})
    try:
        with transaction.atomic():
            customer.save()
            change_record(customer)
    except IntegrityError:
        if _email_taken(email_key=customer.email_key, exclude_pk=customer.pk):
            raise ValidationError({"email": [EMAIL_TAKEN]}) from None
        raise
    return customer


# The customer's field each channel sends to.
ADDRESS_OF = {NotifyBy.EMAIL: "email", NotifyBy.SMS: "phone", NotifyBy.WHATSAPP: "phone"}


def _has_address_for(*, customer: Customer) -> bool:
    field = ADDRESS_OF.get(customer.notify_by)
    return field is None or bool(getattr(customer, field).strip())


def _notify_by_check(*, customer: Customer) -> None:
    """A customer is notified only through an address they have: email needs an email,
    sms and whatsapp a phone."""
    if not _has_address_for(customer=customer):
        address = ADDRESS_OF[customer.notify_by]
        raise ValidationError({"notify_by": [NO_ADDRESS.format(address=address, channel=customer.notify_by)]})


def notify_by_default(*, email: str, phone: str) -> str:
    """A new customer is notified by email when they gave one, else by SMS when they gave a
    phone, else not at all."""
    if email.strip():
        return NotifyBy.EMAIL
    if phone.strip():
        return NotifyBy.SMS
    return NotifyBy.NONE


@transaction.atomic
def customer_create(
    *,
    actor: User | None,
    name: str,
    email: str = "",
    phone: str = "",
    address: str = "",
    notes: str = "",
    notify_by: str | None = None,
) -> Customer:
    """Create a customer; `notify_by` left out is notify_by_default()."""
    if notify_by is None:
        notify_by = notify_by_default(email=email, phone=phone)
    customer = Customer(
        name=name,
        email=email,
        phone=phone,
        address=address,
        notes=notes,
        notify_by=notify_by,
        created_by=actor,
        updated_by=actor,
    )
    customer = _customer_save(customer=customer)
    _customer_event(type=EventType.CUSTOMER_CREATED, actor=actor, customer=customer)
    return customer


@transaction.atomic
def customer_update(
    *,
    actor: User | None,
    customer: Customer,
    name: str | Keep = KEEP,
    email: str | Keep = KEEP,
    phone: str | Keep = KEEP,
    address: str | Keep = KEEP,
    notes: str | Keep = KEEP,
    notify_by: str | Keep = KEEP,
    if_match: str | None = None,
) -> Customer:
    """Change the given fields of a customer; the others stay as they are. The row is locked
    first; an `if_match` naming another version than the locked row's is a 412, nothing written.

    The row is saved (and `updated_by`/`updated_at` stamped) even when nothing changed, as a
    PUT or PATCH always did: the client gets a new ETag either way.
    """
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    if_match_check(instance=customer, if_match=if_match)
    given = {"name": name, "email": email, "phone": phone, "address": address, "notes": notes, "notify_by": notify_by}
    changed = model_update(instance=customer, fields=CUSTOMER_FIELDS, data=given, save=False)
    if isinstance(notify_by, Keep) and not _has_address_for(customer=customer):
        # The address it was notified by is gone and no new choice was given: as a new
        # customer with these addresses would be. A notify_by given without its address is a 400.
        customer.notify_by = notify_by_default(email=customer.email, phone=customer.phone)
        changed = [*changed, "notify_by"]
    customer.updated_by = actor
    customer = _customer_save(customer=customer)
    if changed:
        _customer_event(type=EventType.CUSTOMER_UPDATED, actor=actor, customer=customer)
    return customer


@transaction.atomic
def customer_delete(*, actor: User | None, customer: Customer) -> None:
    """Delete a customer, and with them what their CASCADE keys take along, unless rows that
    must outlive them hold them through a PROTECT key: then the database refuses, and the app
    that holds the key says what that means (common.exceptions.register_protection; orders:
    a customer with orders is kept, their history with them), as a 409.

    The customer's row is locked first, so a row being created for them at the same time (an
    order) either commits before (and this refuses) or fails on its foreign key after.
    """
    locked = Customer.objects.select_for_update().get(pk=customer.pk)
    try:
        change_record(locked, deleted=True)
        locked.delete()
    except ProtectedError as refused:
        raise protected_conflict(refused) from refused


# Events (events.md): the customer as GET /customers/{id}/ shows it, in the change's transaction.


def _customer_event(*, type: str, actor: User | None, customer: Customer) -> None:
    event_record(type=type, data=CustomerSerializer(customer).data, actor=actor, subject=customer)
