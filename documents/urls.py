from django.urls import path

from documents import views

urlpatterns = [
    path("orders/export/", views.OrderExportView.as_view(), name="order-export"),
    path("customers/export/", views.CustomerExportView.as_view(), name="customer-export"),
    path("payments/export/", views.PaymentExportView.as_view(), name="payment-export"),
    path("inventory-changes/export/", views.InventoryChangeExportView.as_view(), name="inventory-change-export"),
    path("reports/sales/", views.SalesReportView.as_view(), name="report-sales"),
    path("reports/materials/", views.MaterialsReportView.as_view(), name="report-materials"),
    path("reports/outstanding/", views.OutstandingReportView.as_view(), name="report-outstanding"),
    path("orders/<int:order_id>/invoice/", views.InvoiceView.as_view(), name="order-invoice"),
    path("orders/<int:order_id>/invoice.pdf", views.InvoicePDFView.as_view(), name="order-invoice-pdf"),
    path("orders/<int:order_id>/tracking-link/", views.TrackingLinkView.as_view(), name="order-tracking-link"),
    path("payments/<int:payment_id>/receipt/", views.ReceiptView.as_view(), name="payment-receipt"),
    path("payments/<int:payment_id>/receipt.pdf", views.ReceiptPDFView.as_view(), name="payment-receipt-pdf"),
]

# Outside /api/v1/: the customer's page (config.urls).
tracking_urlpatterns = [
    path("track/<str:token>/", views.TrackingPageView.as_view(), name="tracking-page"),
]
