from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import LeadOnly
from common.filters import StudioFilterBackend, StudioSearchFilter
from common.idempotency import IDEMPOTENCY_KEY_PARAMETER, idempotent
from common.schema import component_ref, error_component
from customers.filters import CustomerSearchFilter
from customers.models import Customer
from documents import exports, pdf, rendering, reports, selectors, services
from documents.filters import PaymentExportFilter
from documents.serializers import (
    InvoiceSerializer,
    MaterialUseSerializer,
    OutstandingBalanceSerializer,
    ReceiptSerializer,
    ReportRangeSerializer,
    SalesQuerySerializer,
    SalesReportSerializer,
    TrackingLinkSerializer,
    TrackingSerializer,
)
from documents.throttles import TrackingRateThrottle
from inventory.filters import InventoryChangeFilter
from inventory.models import InventoryChange
from orders.filters import OrderFilter
from orders.models import Order, OrderStatus, Payment
from orders.selectors import order_list, payment_list
from studio.selectors import studio_profile

PDF = "application/pdf"
INVOICE_ORDER_CANCELLED = error_component(
    "InvoiceOrderCancelled", code=services.ORDER_CANCELLED_CODE, description="A cancelled order is not invoiced."
)
# The views answer more than one media type; `?format=` is not how clients choose it (the path
# or the Accept header is), so it stays out of the schema.
NO_FORMAT_PARAMETER = OpenApiParameter(name="format", location=OpenApiParameter.QUERY, exclude=True)
PDF_HEADERS = [
    NO_FORMAT_PARAMETER,
    OpenApiParameter(
        name="Content-Disposition",
        type=OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=[200],
        description='`inline; filename="<number>.pdf"`.',
    ),
]
TRACKING_HEADERS = [
    NO_FORMAT_PARAMETER,
    *(
        OpenApiParameter(
            name=name, type=OpenApiTypes.STR, location=OpenApiParameter.HEADER, response=True, description=value
        )
        for name, value in (
            ("Cache-Control", "`no-store`."),
            ("Referrer-Policy", "`no-referrer`."),
            ("X-Robots-Tag", "`noindex`."),
        )
    ),
]


class PDFRenderer(renderers.BaseRenderer):
    media_type = PDF
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class PDFViewMixin:
    """A view that answers a PDF; its errors are still JSON."""

    renderer_classes = [renderers.JSONRenderer, PDFRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


def pdf_response(content: bytes, *, number: str) -> HttpResponse:
    response = HttpResponse(content, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{number}.pdf"'
    response["Cache-Control"] = "private"
    return response


def _order(view: APIView, order_id: int) -> Order:
    order = get_object_or_404(Order.objects.select_related("customer"), pk=order_id)
    view.check_object_permissions(view.request, order)
    return order


def _invoice_or_404(order: Order):
    invoice = selectors.invoice_of(order)
    if invoice is None:
        raise NotFound("This order has no invoice yet.")
    return invoice


@extend_schema(tags=["documents"])
class InvoiceView(PDFViewMixin, APIView):
    """An order's invoice. Lead designers only."""

    permission_classes = [LeadOnly]

    @extend_schema(
        summary="An order's invoice",
        description="The invoice as issued; with `Accept: application/pdf`, its PDF (as invoice.pdf).",
        responses={
            (200, "application/json"): InvoiceSerializer,
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The invoice as a one-page A4 PDF."),
            404: OpenApiResponse(description="No such order, or it has no invoice yet."),
        },
        parameters=PDF_HEADERS,
    )
    def get(self, request, order_id: int):
        invoice = _invoice_or_404(_order(self, order_id))
        if request.accepted_media_type == PDF:
            return pdf_response(rendering.invoice_pdf(invoice), number=invoice.number)
        return Response(InvoiceSerializer(invoice).data)

    @extend_schema(
        summary="Issue an order's invoice",
        description=(
            "Issues the invoice (201), numbered `<invoice_prefix>-<year>-<6 digits>` without gaps; again → "
            "200 with the same invoice. With `prices_include_tax` the total is the price; otherwise the tax "
            "is added to it. Accepts `Idempotency-Key`."
        ),
        request=None,
        parameters=[IDEMPOTENCY_KEY_PARAMETER, NO_FORMAT_PARAMETER],
        responses={
            201: InvoiceSerializer,
            200: InvoiceSerializer,
            404: OpenApiResponse(description="No such order."),
            409: OpenApiResponse(INVOICE_ORDER_CANCELLED, description="The order is cancelled."),
        },
    )
    @idempotent
    def post(self, request, order_id: int):
        invoice, created = services.invoice_issue(actor=request.user, order=_order(self, order_id))
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(InvoiceSerializer(invoice).data, status=code)


@extend_schema(tags=["documents"])
class InvoicePDFView(PDFViewMixin, APIView):
    permission_classes = [LeadOnly]

    @extend_schema(
        summary="An order's invoice as PDF",
        responses={
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The invoice as a one-page A4 PDF."),
            404: OpenApiResponse(description="No such order, or it has no invoice yet."),
        },
        parameters=PDF_HEADERS,
    )
    def get(self, request, order_id: int):
        invoice = _invoice_or_404(_order(self, order_id))
        return pdf_response(rendering.invoice_pdf(invoice), number=invoice.number)


def _payment(payment_id: int):
    return get_object_or_404(payment_list().select_related("order__customer"), pk=payment_id)


@extend_schema(tags=["documents"])
class ReceiptView(PDFViewMixin, APIView):
    permission_classes = [LeadOnly]

    @extend_schema(
        summary="A payment's receipt",
        description="The receipt's figures; with `Accept: application/pdf`, its PDF (as receipt.pdf).",
        responses={
            (200, "application/json"): ReceiptSerializer,
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The receipt as a one-page A4 PDF."),
            404: OpenApiResponse(description="No such payment, or it was voided."),
        },
        parameters=PDF_HEADERS,
    )
    def get(self, request, payment_id: int):
        payment = _payment(payment_id)
        if request.accepted_media_type == PDF:
            return pdf_response(rendering.receipt_pdf(payment), number=payment.receipt_number)
        figures = {"payment": payment, "currency": studio_profile().currency, **selectors.paid_until(payment)}
        return Response(ReceiptSerializer(figures).data)


@extend_schema(tags=["documents"])
class ReceiptPDFView(PDFViewMixin, APIView):
    permission_classes = [LeadOnly]

    @extend_schema(
        summary="A payment's receipt as PDF",
        description="One A4 page: the studio, the receipt number, the customer, the order, the amount, "
        "method and reference, the total paid so far and the balance due.",
        responses={
            (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="The receipt as a one-page A4 PDF."),
            404: OpenApiResponse(description="No such payment, or it was voided."),
        },
        parameters=PDF_HEADERS,
    )
    def get(self, request, payment_id: int):
        payment = _payment(payment_id)
        return pdf_response(rendering.receipt_pdf(payment), number=payment.receipt_number)


@extend_schema(tags=["documents"])
class TrackingLinkView(APIView):
    """The customer's tracking link of an order. Lead designers only."""

    permission_classes = [LeadOnly]

    @extend_schema(
        summary="Make the order's tracking link",
        description="A new link (an absolute URL of /track/<token>/); any earlier link of the order stops "
        "working. Accepts `Idempotency-Key`.",
        request=None,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        responses={201: TrackingLinkSerializer, 404: OpenApiResponse(description="No such order.")},
    )
    @idempotent
    def post(self, request, order_id: int):
        order = _order(self, order_id)
        link = services.tracking_link_create(actor=request.user, order=order)
        body = {
            "url": services.tracking_link_url(link, request),
            "expires_at": selectors.tracking_link_expires_at(order),
        }
        return Response(TrackingLinkSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke the order's tracking link",
        responses={204: None, 404: OpenApiResponse(description="No such order, or it has no link.")},
    )
    def delete(self, request, order_id: int):
        if not services.tracking_link_revoke(actor=request.user, order=_order(self, order_id)):
            raise NotFound("This order has no tracking link.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def tracking_page_context(data: dict) -> dict:
    """The JSON answer, with labels and amounts as a person reads them."""
    currency = data["currency"]
    page = dict(data)
    for field in ("price", "amount_paid", "balance_due"):
        page[field] = pdf.money(Decimal(data[field]), currency)
    page["timeline"] = [
        {
            "status_label": OrderStatus(step["status"]).label,
            "at": step["at"],
            "at_display": f"{timezone.localtime(parse_datetime(step['at'])):%d %b %Y, %H:%M}",
        }
        for step in data["timeline"]
    ]
    if data["delivery_date"]:
        page["delivery_date"] = f"{parse_date(data['delivery_date']):%d %b %Y}"
    appointment = data["next_appointment"]
    if appointment:
        page["next_appointment"] = {
            "kind": appointment["kind"],
            "starts_at": f"{timezone.localtime(parse_datetime(appointment['starts_at'])):%d %b %Y, %H:%M}",
        }
    return page


class TrackingHTMLRenderer(renderers.BaseRenderer):
    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = renderer_context["response"]
        if response.status_code == status.HTTP_200_OK:
            return render_to_string("documents/tracking.html", {"order": tracking_page_context(data)})
        return render_to_string("documents/tracking_unavailable.html", {"status_code": response.status_code})


@extend_schema(tags=["tracking"])
class TrackingPageView(APIView):
    """The page the customer opens: no login, nothing personal, throttled per address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TrackingRateThrottle]
    renderer_classes = [TrackingHTMLRenderer, renderers.JSONRenderer]
    # The page is read, nothing else (an OPTIONS answer is no page to render).
    http_method_names = ["get", "head"]

    @extend_schema(
        summary="Follow an order (the customer's link)",
        description=(
            "No login. `Accept: application/json` → the JSON below; otherwise a small HTML page with the "
            "same. Unknown, revoked or expired tokens answer the same 404. Nothing about people (no email, "
            "phone, address, notes, measurements, pictures or staff names)."
        ),
        auth=[],
        responses={
            (200, "application/json"): TrackingSerializer,
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The tracking page."),
            (404, "application/json"): OpenApiResponse(
                component_ref("ErrorDetail"), description="Unknown, revoked or expired link."
            ),
            (404, "text/html"): OpenApiResponse(
                OpenApiTypes.STR, description="The page saying the link is unavailable."
            ),
            (429, "application/json"): OpenApiResponse(component_ref("ErrorDetail"), description="Too many requests."),
            (429, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The page saying to try again later."),
        },
        parameters=TRACKING_HEADERS,
    )
    def get(self, request, token: str):
        link = selectors.tracking_link_find(token)
        if link is None:
            raise NotFound("This link does not exist or has expired.")
        return Response(TrackingSerializer(selectors.tracking_view(link)).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex"
        return response


class CSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ExportView(generics.GenericAPIView):
    """A CSV of every row the list's filters select (not paginated), streamed. Lead designers only."""

    permission_classes = [LeadOnly]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]
    filter_backends = [StudioFilterBackend, StudioSearchFilter]
    pagination_class = None
    export: exports.Export

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def get(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(
            exports.csv_lines(self.export, queryset), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{stamp}-{self.export.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response


def _export_schema(what: str):
    return extend_schema(
        summary=f"Export {what} as CSV",
        description=(
            f"Every {what[:-1] if what.endswith('s') else what} the list's filters select, oldest id first, "
            "as `text/csv; charset=utf-8` (with a BOM), streamed, not paginated. Text that a spreadsheet would "
            "run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) is written with a leading `'`."
        ),
        filters=True,
        parameters=[NO_FORMAT_PARAMETER],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            400: OpenApiResponse(description="An invalid filter value."),
        },
        tags=["exports"],
    )


@_export_schema("orders")
class OrderExportView(ExportView):
    export = exports.ORDERS
    filterset_class = OrderFilter
    search_fields = ["customer__name", "title"]

    def get_queryset(self):
        return order_list().prefetch_related(None)  # with the list's aliases, for its filters


@_export_schema("customers")
class CustomerExportView(ExportView):
    export = exports.CUSTOMERS
    search_fields = ["name", "email", "phone"]
    filter_backends = [StudioFilterBackend, CustomerSearchFilter]  # the list's search (phones, ASCII)

    def get_queryset(self):
        return Customer.objects.all()


@_export_schema("payments")
class PaymentExportView(ExportView):
    export = exports.PAYMENTS
    filterset_class = PaymentExportFilter
    search_fields = ["receipt_number", "reference", "order__customer__name"]

    def get_queryset(self):
        return Payment.objects.counted()


@_export_schema("inventory changes")
class InventoryChangeExportView(ExportView):
    export = exports.INVENTORY_CHANGES
    filterset_class = InventoryChangeFilter
    search_fields = ["note", "inventory_item__name"]

    def get_queryset(self):
        return InventoryChange.objects.all()


REPORT_BAD_RANGE = OpenApiResponse(
    description="`from` after `to`, a range longer than 5 years, a malformed date or an unknown `group_by`."
)


@extend_schema(tags=["reports"])
class SalesReportView(APIView):
    """Money received, orders created and delivered, money invoiced, per period. Lead designers only."""

    permission_classes = [LeadOnly]

    @extend_schema(
        summary="Sales per period",
        description="Every period from `from` to `to` (in TIME_ZONE) is present, zeros included; default: the "
        "last 12 months by month. Money as decimal strings, orders as counts.",
        parameters=[SalesQuerySerializer],
        responses={200: SalesReportSerializer, 400: REPORT_BAD_RANGE},
    )
    def get(self, request):
        query = SalesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = reports.sales_report(
            first=query.validated_data["from"],
            last=query.validated_data["to"],
            group_by=query.validated_data["group_by"],
        )
        return Response(SalesReportSerializer(figures).data)


@extend_schema(tags=["reports"])
class MaterialsReportView(generics.GenericAPIView):
    """Materials used by orders in a range, and their cost. Lead designers only."""

    permission_classes = [LeadOnly]
    serializer_class = MaterialUseSerializer
    filter_backends = []

    @extend_schema(
        summary="Materials used and their cost",
        description="Per inventory item moved in the range (default: the last 365 days): `used` is what orders "
        "reserved minus what they released, `cost` is used × the item's price, `restocked` what came in. "
        "By item name.",
        parameters=[ReportRangeSerializer],
        responses={200: MaterialUseSerializer(many=True), 400: REPORT_BAD_RANGE},
    )
    def get(self, request):
        query = ReportRangeSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = reports.materials_report(first=query.validated_data["from"], last=query.validated_data["to"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["reports"])
class OutstandingReportView(generics.GenericAPIView):
    """Customers with a balance due, largest first. Lead designers only."""

    permission_classes = [LeadOnly]
    serializer_class = OutstandingBalanceSerializer
    filter_backends = []

    @extend_schema(
        summary="Outstanding balances",
        description="Customers owing money on orders that are not cancelled, largest balance first, with the "
        "number of such orders and their earliest delivery date.",
        responses={200: OutstandingBalanceSerializer(many=True)},
    )
    def get(self, request):
        page = self.paginate_queryset(reports.outstanding_report())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
