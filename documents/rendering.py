"""A receipt or an invoice as its PDF: the figures from the selectors, laid out by documents.pdf."""

from django.utils import timezone

from documents import pdf
from documents.models import Invoice
from documents.selectors import paid_until
from orders.models import Payment
from studio.models import StudioProfile
from studio.selectors import studio_profile


def _studio_lines(profile: StudioProfile) -> list[str]:
    contacts = " · ".join(value for value in (profile.phone, profile.email) if value)
    return [*profile.address.splitlines(), contacts]


def receipt_pdf(payment: Payment) -> bytes:
    """The receipt of a payment: amount, method, reference, paid so far and balance due."""
    profile = studio_profile()
    order = payment.order
    figures = paid_until(payment)
    currency = profile.currency
    rows = [
        ("Amount received", pdf.money(payment.amount, currency)),
        ("Method", payment.get_method_display()),
        ("Reference", payment.reference or "—"),
        ("Paid on", f"{timezone.localtime(payment.paid_at):%d %b %Y}"),
        ("Order total", pdf.money(order.price, currency)),
        ("Total paid so far", pdf.money(figures["paid_so_far"], currency)),
        ("Balance due", pdf.money(figures["balance_due"], currency)),
    ]
    return pdf.render(
        pdf.Document(
            title="Receipt",
            number=payment.receipt_number,
            date=f"{timezone.localtime(payment.created_at):%d %b %Y}",
            studio_name=profile.name,
            studio_lines=_studio_lines(profile),
            customer_name=order.customer.name,
            order_line=f"#{order.pk} — {order.title}",
            rows=rows,
            footer=profile.document_footer,
        )
    )


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice of an order: subtotal, tax, total as issued; paid and balance as of now."""
    profile = studio_profile()
    order = invoice.order
    currency = invoice.currency
    tax_label = f"{invoice.tax_name or 'Tax'} ({invoice.tax_rate.normalize():f}%)"
    rows = [
        ("Subtotal", pdf.money(invoice.subtotal, currency)),
        (tax_label, pdf.money(invoice.tax, currency)),
        ("Total", pdf.money(invoice.total, currency)),
        ("Paid", pdf.money(order.amount_paid, currency)),
        ("Balance due", pdf.money(invoice.total - order.amount_paid, currency)),
    ]
    return pdf.render(
        pdf.Document(
            title="Invoice",
            number=invoice.number,
            date=f"{timezone.localtime(invoice.issued_at):%d %b %Y}",
            studio_name=profile.name,
            studio_lines=_studio_lines(profile),
            customer_name=order.customer.name,
            order_line=f"#{order.pk} — {order.title}",
            rows=rows,
            footer=profile.document_footer,
        )
    )
