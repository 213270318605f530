from django.urls import path

from documents import views

urlpatterns = [
    path("orders/<int:order_id>/invoice/", views.InvoiceView.as_view(), name="order-invoice"),
    path("orders/<int:order_id>/invoice.pdf", views.InvoicePDFView.as_view(), name="order-invoice-pdf"),
    path("orders/<int:order_id>/tracking-link/", views.TrackingLinkView.as_view(), name="order-tracking-link"),
    path("payments/<int:payment_id>/receipt.pdf", views.ReceiptPDFView.as_view(), name="payment-receipt-pdf"),
]

# Outside /api/v1/: the customer's page (config.urls).
tracking_urlpatterns = [
    path("track/<str:token>/", views.TrackingPageView.as_view(), name="tracking-page"),
]
